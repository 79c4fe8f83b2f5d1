import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, mayActFor, NotFoundError, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { ConnectionCase } from '../case/case.entity';
import { CaseJourney, CaseJourneyHead, JourneyDetail } from './journey.model';
import { JourneyService } from './journey.service';
import { CaseModel } from '../case/case.model';

@Resolver(() => CaseModel)
export class JourneyResolver {
  constructor(private readonly journeys: JourneyService) {}

  @Roles(...ROLES)
  @ResolveField(() => CaseJourney, {
    description:
      'The journey of the case across every service: current stage, next action, every step, what waits on the customer, fees, utility and customer time, the running step clock and cancellations. Customers and agents see their own cases only.',
  })
  journey(@Parent() found: ConnectionCase, @CurrentPrincipal() principal: Principal): Promise<CaseJourneyHead> {
    if (!mayActFor(principal, found.customerId)) throw new NotFoundError('Case', found.id);
    return this.journeys.journeyOf(found.id, found.category);
  }
}

/**
 * The parts of the journey read from the case's events, replayed once per read and only when asked.
 * Who may see them was settled by `Case.journey`, the parent.
 */
@Resolver(() => CaseJourney)
export class JourneyDetailResolver {
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
