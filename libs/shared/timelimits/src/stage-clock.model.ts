import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ClockStageEnum, enumFromValues, RoleEnum } from '@yekuo/platform';
import { CLOCK_STATES, CLOCK_STATUSES } from './clock-schedule';

export const ClockStateEnum = enumFromValues(CLOCK_STATES, 'ClockState', 'Whether a clock runs', {
  valueDescriptions: {
    RUNNING: 'The step is open and utility time counts',
    PAUSED: 'The step waits on the customer; customer time counts',
    STOPPED: 'The step finished',
    CANCELLED: 'The application was withdrawn',
  },
});

export const ClockStatusEnum = enumFromValues(CLOCK_STATUSES, 'ClockStatus', 'How a clock stands against its target and limit', {
  valueDescriptions: {
    ON_TIME: 'Within the warning share of the target',
    AT_RISK: 'Utility time passed the warning share of the target',
    TARGET_MISSED: 'Past the internal target',
    BREACHED: 'Past the regulatory limit',
  },
});

// Every service that times a step exposes these shapes on its own stage objects, hence shareable.

@Directive('@shareable')
@ObjectType({ description: 'Who paused or resumed a time-limit clock' })
export class StageClockActor {
  @Field({ description: 'Staff id, or the customer id for a customer' })
  id: string;

  @Field(() => RoleEnum, { description: 'The role the person acted in' })
  role: string;
}

@Directive('@shareable')
@ObjectType({ description: 'A pause of a time-limit clock while the step waited on the customer; recorded, never edited' })
export class StageClockPause {
  @Field(() => GraphQLISODateTime, { description: 'When the clock was paused' })
  from: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it ran again; null while the pause lasts' })
  to: Date | null;

  @Field(() => StageClockActor, { description: 'Who paused the clock' })
  by: StageClockActor;

  @Field({ description: 'Why the step waits on the customer' })
  reason: string;
}

@Directive('@shareable')
@ObjectType({
  description:
    'The time-limit clock of one step (时限): utility working time against the regulatory limit and the internal target, both in working days. Working time counts 24 h per working day from 00:00 of the first working day after the step started, minus pauses',
})
export class StageClock {
  @Field(() => ID, { description: 'Clock id, as carried by the time-limit events (clockId)' })
  id: string;

  @Field(() => ClockStageEnum, { description: 'The step measured' })
  stage: string;

  @Field(() => Int, { description: 'Which round of the step this clock measures (design review is timed per round); 1 otherwise' })
  round: number;

  @Field({ description: 'The time-limit policy version the case was accepted under; its days never change for a running clock' })
  policyVersion: string;

  @Field(() => String, { nullable: true, description: 'The team that holds the step, when known' })
  team: string | null;

  @Field(() => Int, { description: 'Regulatory limit, in working days' })
  limitDays: number;

  @Field(() => Int, { description: 'Internal target, in working days (never longer than the limit)' })
  targetDays: number;

  @Field(() => GraphQLISODateTime, { description: 'When the step started' })
  startedAt: Date;

  @Field(() => GraphQLISODateTime, {
    description: 'When utility time reaches the limit; a running pause pushes it on, shown as it stands now',
  })
  deadline: Date;

  @Field(() => GraphQLISODateTime, { description: 'When utility time reaches the internal target, as it stands now' })
  targetDeadline: Date;

  @Field({
    description: 'True when a deadline depends on days the calendar data does not cover yet; recomputed (and audited) when it arrives',
  })
  provisional: boolean;

  @Field(() => Int, { description: 'Utility working time counted so far (or in all, once stopped), in seconds' })
  utilityTimeSeconds: number;

  @Field(() => Int, { description: 'Working time spent waiting on the customer (paused), in seconds' })
  customerTimeSeconds: number;

  @Field(() => Int, { description: 'Utility working time left before the regulatory limit, in seconds; negative when late' })
  remainingSeconds: number;

  @Field({ description: 'True while the clock is paused for the customer' })
  paused: boolean;

  @Field(() => ClockStateEnum, { description: 'Whether the clock runs, waits on the customer, stopped or was cancelled' })
  state: string;

  @Field(() => ClockStatusEnum, { description: 'How the clock stands against its target and limit' })
  status: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the step finished or was cancelled; null while open' })
  stoppedAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Once stopped: whether the step finished within the regulatory limit' })
  onTime: boolean | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the target warning was reached and announced' })
  targetWarnedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the internal target was missed and announced' })
  targetBreachedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the limit warning was reached and announced' })
  limitWarnedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the regulatory limit was breached and announced' })
  limitBreachedAt: Date | null;

  @Field(() => [StageClockPause], { description: 'Every pause, oldest first' })
  pauses: StageClockPause[];
}
