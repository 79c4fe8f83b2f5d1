import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ClockStageEnum, enumFromValues, RoleEnum } from '@yekuo/platform';
import { CLOCK_STATES, CLOCK_STATUSES } from './clock-schedule';
import { DAY_UNITS } from './time-limit-policy';

export const DayUnitEnum = enumFromValues(DAY_UNITS, 'DayUnit', 'How the days of a time limit count', {
  valueDescriptions: {
    WORKING_DAYS: 'Working days of the working calendar (weekends and public holidays do not count; make-up working days do)',
    CALENDAR_DAYS: "Every day counts, as the figure is stated in days (e.g. Shanghai's whole-process limit)",
  },
});

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
    'The time-limit clock of one step, or of the whole case from acceptance to power-on (END_TO_END) (时限): utility time against the regulatory limit and the internal target, in working days (or calendar days where the figure says so, see dayUnit). Time counts 24 h per counted day from 00:00 of the first counted day after the step started, minus pauses',
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

  @Field(() => Int, {
    nullable: true,
    description:
      "Regulatory limit, in dayUnit days; null when the case's policy states none (e.g. the END_TO_END clock of a case accepted under the pre-reform version 2020-01): the clock shows its elapsed time and never warns nor breaches",
  })
  limitDays: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Internal target, in dayUnit days (never longer than the limit); null when the clock has none (its warning is the limit's)",
  })
  targetDays: number | null;

  @Field(() => DayUnitEnum, { description: 'How the days of the limit and target count: working days, or every day' })
  dayUnit: string;

  @Field(() => GraphQLISODateTime, { description: 'When the step started' })
  startedAt: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When utility time reaches the limit; a running pause pushes it on, shown as it stands now; null without a limit',
  })
  deadline: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When utility time reaches the internal target, as it stands now; null without a target',
  })
  targetDeadline: Date | null;

  @Field({
    description: 'True when a deadline depends on days the calendar data does not cover yet; recomputed (and audited) when it arrives',
  })
  provisional: boolean;

  @Field(() => Int, { description: 'Utility working time counted so far (or in all, once stopped), in seconds' })
  utilityTimeSeconds: number;

  @Field(() => Int, { description: 'Working time spent waiting on the customer (paused), in seconds' })
  customerTimeSeconds: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Utility time left before the regulatory limit, in seconds; negative when late; null without a limit',
  })
  remainingSeconds: number | null;

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
