import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from '../contracts-case/case.type';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { Fees } from './fees.model';
import { RecordPaymentInput } from './fees.inputs';
import { FEES_ROLES, FeesService } from './fees.service';

/** `Case.fees` and `recordPayment`. */
@Resolver(() => Case)
export class FeesResolver {
  constructor(
    private readonly feesService: FeesService,
    private readonly cases: ContractsCaseService,
  ) {}

  @ResolveField(() => Fees, {
    nullable: true,
    description:
      'The business fees: invoice items, total, paid, outstanding and payments; null before they are invoiced or when you may not see the case',
  })
  @Roles(...ROLES)
  async fees(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<Fees | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.feesService.view(parent.id, principal);
  }

  @Mutation(() => Case, {
    description:
      'Record a payment of business fees received from the customer (contract officer). Partial payments add up; an amount above what is outstanding is refused (VALIDATION_FAILED); paying settled fees is an INVALID_TRANSITION',
  })
  @Roles(...FEES_ROLES.recordPayment)
  async recordPayment(@Args('input') input: RecordPaymentInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.feesService.recordPayment(principal, input);
    return { id: input.caseId };
  }
}
