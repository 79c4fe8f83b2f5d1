import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FiledDocument } from '../checklist/document-checklists';

export type DesignDecision = 'APPROVED' | 'RETURNED' | 'CANCELLED';

/** One itemised review comment: the checklist slot it is about (null: the design as a whole) and the text. */
export interface DesignComment {
  item: string | null;
  text: string;
}

/** One round of design review: the documents a design unit submitted and the reviewer's decision. */
@Entity({ name: 'design_submission' })
@Index('design_submission_case_round', ['caseId', 'round'], { unique: true })
export class DesignSubmission {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  round: number;

  /** The design unit's name. */
  @Column({ name: 'design_unit', type: 'text' })
  designUnit: string;

  /** Its design qualification class (e.g. 电力行业(送变电工程)专业乙级); null on rounds recorded before it was asked. */
  @Column({ name: 'design_unit_qualification', type: 'text', nullable: true })
  designUnitQualification: string | null;

  @Column({ name: 'design_unit_certificate', type: 'text', nullable: true })
  designUnitCertificate: string | null;

  @Column({ name: 'document_items', type: 'jsonb' })
  documents: FiledDocument[];

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  /** CANCELLED: the case was withdrawn while the round awaited review. */
  @Column({ type: 'text', nullable: true })
  decision: DesignDecision | null;

  @Column({ name: 'comment_items', type: 'jsonb', default: () => "'[]'" })
  comments: DesignComment[];

  @Column({ name: 'reviewed_by', type: 'text', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;
}
