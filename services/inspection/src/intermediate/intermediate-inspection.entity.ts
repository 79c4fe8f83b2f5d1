import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type IntermediateResult = 'PASSED' | 'FAILED';

/** One intermediate inspection of concealed works: the customer's request and the inspector's result. */
@Entity({ name: 'intermediate_inspection' })
@Index('intermediate_inspection_case_round', ['caseId', 'round'], { unique: true })
export class IntermediateInspectionRecord {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  round: number;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'text', nullable: true })
  result: IntermediateResult | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  items: string[];

  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;
}
