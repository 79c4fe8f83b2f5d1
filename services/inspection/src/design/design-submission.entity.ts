import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DesignDecision = 'APPROVED' | 'RETURNED';

/** One round of design review: the drawings a design unit submitted and the reviewer's decision. */
@Entity({ name: 'design_submission' })
@Index('design_submission_case_round', ['caseId', 'round'], { unique: true })
export class DesignSubmission {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  round: number;

  @Column({ name: 'design_unit', type: 'text' })
  designUnit: string;

  @Column({ type: 'text', array: true })
  documents: string[];

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'text', nullable: true })
  decision: DesignDecision | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  comments: string[];

  @Column({ name: 'reviewed_by', type: 'text', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;
}
