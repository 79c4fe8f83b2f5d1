import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { StageClock } from '@yekuo/timelimits';
import { Case } from '../inspection-case/case.type';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { EndCustomerDelayInput, RecordCustomerDelayInput } from './customer-delay.inputs';
import { CustomerDelayService } from './customer-delay.service';
import { InspectionClocks } from './inspection-clocks';

/** `Case.inspectionClocks` and the customer's delays of on-site steps. */
@Resolver(() => Case)
export class TimeLimitsResolver {
  constructor(
    private readonly clocks: InspectionClocks,
    private readonly delays: CustomerDelayService,
    private readonly cases: InspectionCaseService,
  ) {}

  @ResolveField(() => [StageClock], {
    description:
      "Every time-limit clock of the case's inspection steps, in the order they started: each design review round, each intermediate inspection and each completion acceptance round; empty before any started or when you may not see the case",
  })
  @Roles(...ROLES)
  async inspectionClocks(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<StageClock[]> {
    if (!(await this.cases.findVisible(principal, parent.id))) return [];
    return this.clocks.ofCase(parent.id, principal);
  }

  @Mutation(() => Case, {
    description:
      "Record that the customer puts off the requested intermediate inspection or completion acceptance (an appointment they moved, a site not ready): the step's time-limit clock pauses from now, with who and why (the customer, an agent acting for them, or the inspector they told)",
  })
  @Roles(...INSPECTION_ROLES.recordCustomerDelay)
  async recordCustomerDelay(@Args('input') input: RecordCustomerDelayInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.delays.record(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      "End the customer's delay of the requested on-site step: its time-limit clock runs again from now, its deadlines moved on by the working time the delay took (the customer, an agent acting for them, or the inspector)",
  })
  @Roles(...INSPECTION_ROLES.endCustomerDelay)
  async endCustomerDelay(@Args('input') input: EndCustomerDelayInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.delays.end(principal, input);
    return { id: input.caseId };
  }
}
