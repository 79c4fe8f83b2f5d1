import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FiledDocument } from '../checklist/document-checklists';

export type AcceptanceResult = 'PASSED' | 'FAILED' | 'CANCELLED';

/**
 * One round of completion acceptance: the customer's request with its documents and the
 * departments that must countersign it: in the first round the category's set in force
 * when it was requested, in a re-inspection only the departments that failed the round
 * before (the others' PASS carries over).
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

  @Column({ name: 'document_items', type: 'jsonb' })
  documents: FiledDocument[];

  @Column({ name: 'required_departments', type: 'text', array: true })
  requiredDepartments: string[];

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  /** CANCELLED: the case was withdrawn while the round awaited countersignatures. */
  @Column({ type: 'text', nullable: true })
  result: AcceptanceResult | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
