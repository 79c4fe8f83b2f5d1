import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CustomerCategory } from '@yekuo/events';
import type { ClockState } from './clock-schedule';
import type { ClockStage } from './time-limit-policy';

const bigintNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A time-limit clock of one step of a case (table stage_clock, migration
 * TimeLimitClocks1765200000000). Written only through ClockService; mapped here so a service
 * may read clocks with TypeORM (reports, on-time rates).
 */
@Entity({ name: 'stage_clock' })
@Index('stage_clock_case_stage_round', ['caseId', 'stage', 'round'], { unique: true })
export class TimeLimitClock {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column('text')
  category: CustomerCategory;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Column('text')
  stage: ClockStage;

  @Column('int')
  round: number;

  @Column({ type: 'text', nullable: true })
  team: string | null;

  @Column({ name: 'limit_days', type: 'int', nullable: true })
  limitDays: number | null;

  @Column({ name: 'target_days', type: 'int', nullable: true })
  targetDays: number | null;

  @Column({ name: 'day_unit', type: 'text', default: 'WORKING_DAYS' })
  dayUnit: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deadline: Date | null;

  @Column({ name: 'target_deadline', type: 'timestamptz', nullable: true })
  targetDeadline: Date | null;

  @Column('boolean')
  provisional: boolean;

  @Column('text')
  state: ClockState;

  @Column({ name: 'paused_since', type: 'timestamptz', nullable: true })
  pausedSince: Date | null;

  @Column({ name: 'paused_ms', type: 'bigint', transformer: bigintNumber })
  pausedMs: number;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  @Column({ name: 'utility_ms', type: 'bigint', nullable: true, transformer: bigintNumber })
  utilityMs: number | null;

  @Column({ name: 'customer_ms', type: 'bigint', nullable: true, transformer: bigintNumber })
  customerMs: number | null;

  @Column({ name: 'target_warned_at', type: 'timestamptz', nullable: true })
  targetWarnedAt: Date | null;

  @Column({ name: 'target_breached_at', type: 'timestamptz', nullable: true })
  targetBreachedAt: Date | null;

  @Column({ name: 'limit_warned_at', type: 'timestamptz', nullable: true })
  limitWarnedAt: Date | null;

  @Column({ name: 'limit_breached_at', type: 'timestamptz', nullable: true })
  limitBreachedAt: Date | null;

  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @Column({ name: 'started_by_id', type: 'text' })
  startedById: string;

  @Column({ name: 'started_by_role', type: 'text' })
  startedByRole: string;
}

/** A pause of a clock: who paused it, why, from and to (table stage_clock_pause). */
@Entity({ name: 'stage_clock_pause' })
export class TimeLimitClockPause {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'clock_id', type: 'uuid' })
  clockId: string;

  @Column({ name: 'paused_from', type: 'timestamptz' })
  from: Date;

  @Column({ name: 'paused_to', type: 'timestamptz', nullable: true })
  to: Date | null;

  @Column({ name: 'by_id', type: 'text' })
  byId: string;

  @Column({ name: 'by_role', type: 'text' })
  byRole: string;

  @Column('text')
  reason: string;

  @Column({ name: 'resumed_by_id', type: 'text', nullable: true })
  resumedById: string | null;

  @Column({ name: 'resumed_by_role', type: 'text', nullable: true })
  resumedByRole: string | null;

  /** Working time the pause took off the clock; set when it ends. */
  @Column({ name: 'paused_ms', type: 'bigint', nullable: true, transformer: bigintNumber })
  pausedMs: number | null;
}
