import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a customer pause stopped the utility's clock for. */
export const PAUSE_KINDS = ['SURVEY_MOVED_BY_CUSTOMER', 'SCHEME_AWAITING_CUSTOMER'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];

/**
 * An interval that counts as customer time, not utility time: the customer moved the
 * survey appointment (the extension they asked for, old to new appointment), or the
 * replied scheme waited for the customer's answer (no clock runs then). The running
 * SUPPLY_SCHEME clock keeps its own pauses (the engine's `stage_clock_pause`), fed at the
 * same steps: from the move until the new appointment.
 */
@ObjectType({ description: "An interval counted as the customer's time (the utility's time limit does not run): who, why, from, to" })
@Entity({ name: 'customer_pause' })
@Index('customer_pause_case', ['caseId', 'fromAt'])
export class CustomerPause {
  @Field(() => ID, { description: 'Id of the pause' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The case' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field({ description: 'The stage paused: SURVEY or SUPPLY_SCHEME' })
  @Column('text')
  stage: string;

  @Field(() => String, { description: 'SURVEY_MOVED_BY_CUSTOMER or SCHEME_AWAITING_CUSTOMER' })
  @Column('text')
  kind: PauseKind;

  @Field({ description: 'Who caused the pause (a customer id, or the staff id that recorded the customer’s request)' })
  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Field({ description: 'Role of the actor' })
  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Field({ description: 'Why' })
  @Column('text')
  reason: string;

  @Field(() => GraphQLISODateTime, { description: 'Start of the customer time' })
  @Column({ name: 'from_at', type: 'timestamptz' })
  fromAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'End of the customer time' })
  @Column({ name: 'to_at', type: 'timestamptz' })
  toAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the pause was recorded' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
