import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { CUSTOMER_CATEGORIES, STAGES } from '@yekuo/events';
import { IsDate, IsIn, IsOptional, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { PageInfo } from '../case/dtos/case-connection';

export const CLOCK_GROUPINGS = ['STAGE', 'CATEGORY', 'TEAM'] as const;
export type ClockGrouping = (typeof CLOCK_GROUPINGS)[number];

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

  @Field({ description: 'Customer category of the case' })
  category: string;

  @Field({ description: 'Service that runs the clock: intake, planning, inspection, contracts or metering' })
  service: string;

  @Field({ description: 'Stage measured: SUPPLY_SCHEME, DESIGN_REVIEW, INTERMEDIATE_INSPECTION, COMPLETION_ACCEPTANCE or ENERGIZATION' })
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

  @Field(() => Int, { description: 'Seconds until the deadline now; negative once it has passed' })
  remainingSeconds: number;
}

@ObjectType({ description: 'One clock in a list, with its cursor' })
export class ClockOverviewEdge {
  @Field(() => ClockOverview, { description: 'The clock' })
  node: ClockOverview;

  @Field({ description: 'Opaque position to pass as `after`' })
  cursor: string;
}

@ObjectType({ description: 'A page of clocks, earliest deadline first' })
export class ClockOverviewConnection {
  @Field(() => [ClockOverviewEdge], { description: 'The clocks of this page' })
  edges: ClockOverviewEdge[];

  @Field(() => PageInfo, { description: 'Where this page ends' })
  pageInfo: PageInfo;
}

@InputType({ description: 'Narrows a list of running clocks' })
export class ClockFilter {
  @Field(() => String, { nullable: true, description: 'A clock stage' })
  @IsOptional()
  @IsIn(STAGES)
  stage?: string;

  @Field(() => String, { nullable: true, description: 'A customer category' })
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

  @Field(() => String, { defaultValue: 'STAGE', description: 'STAGE, CATEGORY or TEAM' })
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
