import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { enumFromValues } from '@yekuo/platform';

/** What a customer pause stopped the utility's clock for. */
export const PAUSE_KINDS = ['SURVEY_MOVED_BY_CUSTOMER', 'SCHEME_AWAITING_CUSTOMER'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];

export const PauseKindEnum = enumFromValues(PAUSE_KINDS, 'PlanningPauseKind', 'What a customer pause in planning stopped the clock for');

/** The planning stages a customer pause can stop. */
export const PAUSE_STAGES = ['SURVEY', 'SUPPLY_SCHEME'] as const;
export type PauseStage = (typeof PAUSE_STAGES)[number];

export const PauseStageEnum = enumFromValues(PAUSE_STAGES, 'PlanningPauseStage', 'The planning stage a customer pause stopped');

/**
 * An interval that counts as customer time, not utility time: the customer moved the
 * survey appointment (the extension they asked for, old to new appointment), or the
 * replied scheme waited for the customer's answer (no clock runs then). The running
 * SUPPLY_SCHEME clock keeps its own pauses (the engine's `stage_clock_pause`), fed at the
 * same steps: from the move until the new appointment.
 */
@Entity({ name: 'customer_pause' })
@Index('customer_pause_case', ['caseId', 'fromAt'])
export class CustomerPause {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('text')
  stage: string;

  @Column('text')
  kind: PauseKind;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column('text')
  reason: string;

  @Column({ name: 'from_at', type: 'timestamptz' })
  fromAt: Date;

  @Column({ name: 'to_at', type: 'timestamptz' })
  toAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
