import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type IntermediateResult = 'PASSED' | 'FAILED' | 'CANCELLED';
export type ItemResult = 'PASS' | 'FAIL';

/** One inspected item and its result. */
export interface InspectedItem {
  item: string;
  result: ItemResult;
  note: string | null;
}

/**
 * One intermediate inspection of concealed works: the customer's request, the items the
 * inspector recorded and the round's result. A re-inspection's scope is the rectification
 * items open when it was requested.
 */
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

  /** The items to re-inspect (open rectification items at the request); empty for a first, full inspection. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scope: string[];

  /** What the customer says was rectified, with the request for re-inspection. */
  @Column({ name: 'rectification_note', type: 'text', nullable: true })
  rectificationNote: string | null;

  /** CANCELLED: the case was withdrawn while the inspection awaited its result. */
  @Column({ type: 'text', nullable: true })
  result: IntermediateResult | null;

  @Column({ name: 'item_results', type: 'jsonb', default: () => "'[]'" })
  items: InspectedItem[];

  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;
}
