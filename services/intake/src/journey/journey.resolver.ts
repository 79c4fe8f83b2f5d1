import { Args, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo, Kind, SelectionNode } from 'graphql';
import { CurrentPrincipal, mayActFor, NotFoundError, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { ConnectionCase } from '../case/case.entity';
import { CaseJourney, CaseJourneyHead, JourneyDetail, WorkItem, WorkItemConnection } from './journey.model';
import { JourneyService, WORK_ROLES } from './journey.service';
import { StageClock } from '@yekuo/timelimits';
import { EndToEndClockService } from './end-to-end-clock.service';
import { CaseModel } from '../case/case.model';

/** The fields of `CaseJourney` read from the case's events (JourneyDetailResolver). */
const DETAIL_FIELDS: ReadonlySet<string> = new Set(['steps', 'outstandingFromCustomer', 'fees', 'cancellations']);

/** Whether the field `info` resolves asks for any of `names` directly beneath it, through fragments too. */
function asksFor(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  const within = (selections: readonly SelectionNode[]): boolean =>
    selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet.selections);
      const fragment = info.fragments[selection.name.value];
      return fragment !== undefined && within(fragment.selectionSet.selections);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet?.selections ?? []));
}

@Resolver(() => CaseModel)
export class JourneyResolver {
  constructor(
    private readonly journeys: JourneyService,
    private readonly endToEnd: EndToEndClockService,
  ) {}

  @Roles(...ROLES)
  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      "The END_TO_END clock of the case, from acceptance to power-on (metering's energization): utility time only — it runs while any utility action is open and pauses only while every open action waits on the customer — against the whole-process limit of the case's category in its jurisdiction, without external works until a confirmed scheme or a works order says they are needed, then with them (the deadline is recomputed and audited). Calendar-day figures count every day. Without a limit (elapsed time only, never warned nor breached) where the policy states none, as for every case accepted under the pre-reform 2020-01. Null before acceptance",
  })
  endToEndClock(@Parent() found: ConnectionCase): Promise<StageClock | null> {
    return this.endToEnd.view(found.id);
  }

  @Roles(...ROLES)
  @ResolveField(() => CaseJourney, {
    description:
      'The journey of the case across every service: current stage, next action, every step, what waits on the customer, fees, utility and customer time, the running step clock and cancellations. Customers and agents see their own cases only. A read that asks for the steps, waits, fees or cancellations takes the stage, next action and times from the same events, so they agree.',
  })
  journey(
    @Parent() found: ConnectionCase,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseJourneyHead> {
    if (!mayActFor(principal, found.customerId)) throw new NotFoundError('Case', found.id);
    return this.journeys.journeyOf(found.id, found.category, principal, { fromEvents: asksFor(info, DETAIL_FIELDS) });
  }
}

@Resolver(() => WorkItem)
export class WorkResolver {
  constructor(private readonly journeys: JourneyService) {}

  @Roles(...WORK_ROLES)
  @Query(() => WorkItemConnection, {
    description:
      "The open actions the caller holds across cases, earliest due first (those without a due time last). Staff: the actions of their roles, of their team and regions when the token names them; a supervisor: every utility action of their team and regions; a customer: the customer's actions on their own cases; an agent: on the cases of the customers it acts for. Auditors and admins hold no actions (FORBIDDEN).",
  })
  myWork(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 100' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'Cursor to continue after' }) after: string | undefined,
  ): Promise<WorkItemConnection> {
    return this.journeys.myWork(principal, first, after);
  }
}

/**
 * The parts of the journey read from the case's events, replayed once per read and only when asked.
 * Who may see them was settled by `Case.journey`, the parent.
 */
@Resolver(() => CaseJourney)
export class JourneyDetailResolver {
  constructor(private readonly endToEnd: EndToEndClockService) {}

  @Roles(...ROLES)
  @ResolveField()
  endToEndClock(@Parent() journey: CaseJourneyHead): Promise<StageClock | null> {
    return this.endToEnd.view(journey.caseId);
  }
  @Roles(...ROLES)
  @ResolveField()
  async steps(@Parent() journey: CaseJourneyHead): Promise<JourneyDetail['steps']> {
    return (await journey.detail()).steps;
  }

  @Roles(...ROLES)
  @ResolveField()
  async outstandingFromCustomer(@Parent() journey: CaseJourneyHead): Promise<JourneyDetail['outstandingFromCustomer']> {
    return (await journey.detail()).outstandingFromCustomer;
  }

  @Roles(...ROLES)
  @ResolveField()
  async fees(@Parent() journey: CaseJourneyHead): Promise<JourneyDetail['fees']> {
    return (await journey.detail()).fees;
  }

  @Roles(...ROLES)
  @ResolveField()
  async cancellations(@Parent() journey: CaseJourneyHead): Promise<JourneyDetail['cancellations']> {
    return (await journey.detail()).cancellations;
  }
}
