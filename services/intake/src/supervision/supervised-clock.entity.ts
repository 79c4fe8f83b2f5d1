import type { CustomerCategory } from '@yekuo/events';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Intake's projection of one stage clock another service runs, from its
 * `<service>.timelimit.started|warned|breached|stopped.v1` events (and `.v2`, with the END_TO_END
 * clock's paused, resumed and relimited). Each fact has its own column, so events arriving in any
 * order leave the same row.
 */
@Entity({ name: 'supervised_clock' })
@Index('supervised_clock_stopped', ['stoppedAt'])
export class SupervisedClock {
  @PrimaryColumn({ name: 'clock_id', type: 'uuid' })
  clockId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column('text')
  category: CustomerCategory;

  /** The producing service (the first part of the event type). */
  @Column('text')
  service: string;

  @Column('text')
  stage: string;

  @Column({ type: 'int', nullable: true })
  round: number | null;

  @Column({ type: 'text', nullable: true })
  team: string | null;

  @Column({ name: 'limit_days', type: 'int' })
  limitDays: number;

  @Column({ name: 'target_days', type: 'int' })
  targetDays: number;

  @Column({ type: 'timestamptz' })
  deadline: Date;

  @Column({ name: 'target_deadline', type: 'timestamptz' })
  targetDeadline: Date;

  @Column('boolean')
  provisional: boolean;

  /** `at` of the event the deadlines were last taken from: a later-dated event wins, whatever the arrival order. */
  @Column({ name: 'terms_at', type: 'timestamptz' })
  termsAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'warned_at', type: 'timestamptz', nullable: true })
  warnedAt: Date | null;

  @Column({ name: 'target_breached_at', type: 'timestamptz', nullable: true })
  targetBreachedAt: Date | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  /** Since when the clock waits on the customer (its latest announced pause); null while it counts. */
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** `at` of its latest announced resume, so a pause arriving after a later resume stays over. */
  @Column({ name: 'resumed_at', type: 'timestamptz', nullable: true })
  resumedAt: Date | null;

  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime: boolean | null;

  @Column({ name: 'utility_seconds', type: 'int', nullable: true })
  utilitySeconds: number | null;

  @Column({ name: 'customer_seconds', type: 'int', nullable: true })
  customerSeconds: number | null;
}
