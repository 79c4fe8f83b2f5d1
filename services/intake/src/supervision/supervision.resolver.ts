import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { OptionalInputArg, Roles } from '@yekuo/platform';
import {
  AverageTimesRow,
  ClockFilter,
  ClockOverview,
  ClockOverviewConnection,
  ClockStatisticsFilter,
  OnTimeRateRow,
} from './supervision.model';
import { SUPERVISION_ROLES, SupervisionService } from './supervision.service';

@Resolver(() => ClockOverview)
export class SupervisionResolver {
  constructor(private readonly supervision: SupervisionService) {}

  @Roles(...SUPERVISION_ROLES)
  @Query(() => ClockOverviewConnection, {
    description:
      'Supervisors, auditors, admins: running stage clocks past their regulatory deadline (or announced breached), earliest deadline first. ' +
      'A clock paused waiting on the customer (pausedSince) is listed only when its breach was announced at or before the pause began',
  })
  overdueClocks(
    @OptionalInputArg('filter', () => ClockFilter) filter: ClockFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ) {
    return this.supervision.overdue(filter, first, after);
  }

  @Roles(...SUPERVISION_ROLES)
  @Query(() => ClockOverviewConnection, {
    description:
      'Supervisors, auditors, admins: running stage clocks not yet overdue but warned or past their internal target, earliest deadline first. ' +
      'A clock paused waiting on the customer (pausedSince) is never at risk: its time does not run',
  })
  atRiskClocks(
    @OptionalInputArg('filter', () => ClockFilter) filter: ClockFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ) {
    return this.supervision.atRisk(filter, first, after);
  }

  @Roles(...SUPERVISION_ROLES)
  @Query(() => [OnTimeRateRow], {
    description:
      'Supervisors, auditors, admins: share of clocks stopped in [from, to) that finished within the regulatory limit, per stage, category or team',
  })
  onTimeRate(@Args('filter', { type: () => ClockStatisticsFilter }) filter: ClockStatisticsFilter) {
    return this.supervision.onTimeRate(filter);
  }

  @Roles(...SUPERVISION_ROLES)
  @Query(() => [AverageTimesRow], {
    description:
      'Supervisors, auditors, admins: average utility and customer seconds of clocks stopped in [from, to), per stage, category or team',
  })
  averageTimes(@Args('filter', { type: () => ClockStatisticsFilter }) filter: ClockStatisticsFilter) {
    return this.supervision.averageTimes(filter);
  }
}
