import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AcceptanceResult = 'PASSED' | 'FAILED';

/**
 * One round of completion acceptance: the customer's request with its documents and the
 * departments that must countersign it (the policy in force when it was requested).
 */
@Entity({ name: 'acceptance_round' })
@Index('acceptance_round_case_round', ['caseId', 'round'], { unique: true })
export class AcceptanceRound {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  round: number;

  @Column({ type: 'text', array: true })
  documents: string[];

  @Column({ name: 'required_departments', type: 'text', array: true })
  requiredDepartments: string[];

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'text', nullable: true })
  result: AcceptanceResult | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
