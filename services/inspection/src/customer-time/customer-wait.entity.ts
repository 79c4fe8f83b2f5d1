import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const CUSTOMER_WAIT_STAGES = ['DESIGN_REVIEW', 'INTERMEDIATE_INSPECTION', 'COMPLETION_ACCEPTANCE'] as const;
export type CustomerWaitStage = (typeof CUSTOMER_WAIT_STAGES)[number];

/**
 * Customer time (客户原因): from a return or a failure, which hands the case to the
 * customer, until the customer submits or requests again. Time-limit clocks read these
 * rows as pauses of the utility's time; recorded times are never edited, only closed.
 */
@Entity({ name: 'customer_wait' })
@Index('customer_wait_once_per_round', ['caseId', 'stage', 'round'], { unique: true })
export class CustomerWait {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('text')
  stage: CustomerWaitStage;

  /** The round whose return or failure started the wait. */
  @Column('int')
  round: number;

  /** Why the case waits on the customer (the return or failure, in words). */
  @Column('text')
  reason: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** Who ended it: the customer or agent who submitted again, or the withdrawal's actor. */
  @Column({ name: 'ended_by', type: 'text', nullable: true })
  endedBy: string | null;
}
