import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, mayActFor, NotFoundError, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { ConnectionCase } from '../case/case.entity';
import { CaseJourney } from './journey.model';
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
  journey(@Parent() found: ConnectionCase, @CurrentPrincipal() principal: Principal): Promise<CaseJourney> {
    if (!mayActFor(principal, found.customerId)) throw new NotFoundError('Case', found.id);
    return this.journeys.journeyOf(found.id, found.category);
  }
}
