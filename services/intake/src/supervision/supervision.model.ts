import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { CUSTOMER_CATEGORIES, STAGES } from '@yekuo/events';
import { IsDate, IsIn, IsOptional, Matches, ValidateBy, ValidationArguments } from 'class-validator';

import { CLOCK_GROUPINGS, ClockGroupingEnum, type ClockGrouping } from '../enums';
import { ClockStageEnum, Connection, CustomerCategoryEnum, ServiceNameEnum } from '@yekuo/platform';

export { CLOCK_GROUPINGS };
export type { ClockGrouping };

/** `to` must come after `from`; checked with the other fields so every fault is reported at once. */
const IsAfterFrom = () =>
  ValidateBy({
    name: 'isAfterFrom',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = (args?.object as { from?: unknown } | undefined)?.from;
        return !(value instanceof Date) || !(from instanceof Date) || value.getTime() > from.getTime();
      },
      defaultMessage: () => 'must be after from',
    },
  });

@ObjectType({ description: 'A stage clock (time limit) another service runs on a case, as supervisors watch it' })
export class ClockOverview {
  @Field(() => ID, { description: 'Clock id' })
  clockId: string;

  @Field(() => ID, { description: 'Case id' })
  caseId: string;

  @Field({ description: 'Case number' })
  caseNumber: string;

  @Field(() => CustomerCategoryEnum, { description: 'Customer category of the case' })
  category: string;

  @Field(() => ServiceNameEnum, { description: 'Service that runs the clock' })
  service: string;

  @Field(() => ClockStageEnum, { description: 'Stage measured' })
  stage: string;

  @Field(() => Int, { nullable: true, description: 'Round of a per-round stage (design review)' })
  round: number | null;

  @Field(() => String, { nullable: true, description: 'Team holding the step' })
  team: string | null;

  @Field(() => Int, { description: 'Regulatory limit in working days' })
  limitDays: number;

  @Field(() => Int, { description: 'Internal target in working days' })
  targetDays: number;

  @Field({ description: 'Regulatory deadline' })
  deadline: Date;

  @Field({ description: 'Internal target deadline' })
  targetDeadline: Date;

  @Field({ description: 'True when the deadline lies beyond the published holiday calendar and may still move' })
  provisional: boolean;

  @Field(() => Date, { nullable: true, description: 'When the clock started' })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the owning service warned the deadline was near' })
  warnedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the regulatory limit was breached' })
  breachedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the clock stopped (the step finished)' })
  stoppedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'The clock waits on the customer since then; null while it counts. Only END_TO_END clocks announce their pauses ' +
      '(a step clock shows null); the deadline stands still while paused and moves on by the paused time when the clock resumes',
  })
  pausedSince: Date | null;

  @Field(() => Int, { description: 'Seconds until the deadline now; negative once it has passed' })
  remainingSeconds: number;
}

@ObjectType({ description: 'A page of clocks, earliest deadline first' })
export class ClockOverviewConnection extends Connection(ClockOverview, {
  name: 'ClockOverview',
  edgeDescription: 'One clock in a list, with its cursor',
  edgesDescription: 'The clocks of this page',
}) {}

@InputType({ description: 'Narrows a list of running clocks' })
export class ClockFilter {
  @Field(() => ClockStageEnum, { nullable: true, description: 'A clock stage' })
  @IsOptional()
  @IsIn(STAGES)
  stage?: string;

  @Field(() => CustomerCategoryEnum, { nullable: true, description: 'A customer category' })
  @IsOptional()
  @IsIn(CUSTOMER_CATEGORIES)
  category?: string;

  @Field({ nullable: true, description: 'A team id' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'must be a team id' })
  team?: string;
}

@InputType({ description: 'Which stopped clocks to measure and how to group them' })
export class ClockStatisticsFilter extends ClockFilter {
  @Field({ description: 'Clocks stopped at or after this instant' })
  @IsDate()
  from: Date;

  @Field({ description: 'Clocks stopped before this instant (after `from`)' })
  @IsDate()
  @IsAfterFrom()
  to: Date;

  @Field(() => ClockGroupingEnum, { defaultValue: 'STAGE', description: 'How the rows are grouped' })
  @IsIn(CLOCK_GROUPINGS)
  groupBy: ClockGrouping;
}

@ObjectType({ description: 'On-time rate of one group of stopped clocks' })
export class OnTimeRateRow {
  @Field({ description: 'The stage, category or team (UNASSIGNED for clocks without a team)' })
  key: string;

  @Field(() => Int, { description: 'Clocks stopped in the period' })
  stopped: number;

  @Field(() => Int, { description: 'Of those, finished within the regulatory limit' })
  onTime: number;

  @Field(() => Float, { description: 'onTime / stopped, from 0 to 1' })
  rate: number;
}

@ObjectType({ description: 'Average utility and customer time of one group of stopped clocks' })
export class AverageTimesRow {
  @Field({ description: 'The stage, category or team (UNASSIGNED for clocks without a team)' })
  key: string;

  @Field(() => Int, { description: 'Average seconds the utility held the step' })
  utilitySeconds: number;

  @Field(() => Int, { description: 'Average seconds the step waited on the customer (clock paused)' })
  customerSeconds: number;

  @Field(() => Int, { description: 'Stopped clocks that reported their times' })
  count: number;
}
