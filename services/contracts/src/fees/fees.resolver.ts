import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { ClockService, StageClock } from '@yekuo/timelimits';
import { Case } from '../contracts-case/case.type';
import { INVOICING_CLOCK } from '../contracts-case/clocks';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { FeeInvoice, FeeInvoiceParent, FeeItem, FeePayment, FeeRefund, Fees, FeesParent } from './fees.model';
import { RecordPaymentInput } from './fees.inputs';
import { FEES_ROLES, FeesService } from './fees.service';

/** `Case.fees`, `Case.invoicingClock` and `recordPayment`. */
@Resolver(() => Case)
export class FeesResolver {
  constructor(
    private readonly feesService: FeesService,
    private readonly cases: ContractsCaseService,
    private readonly clocks: ClockService,
  ) {}

  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      'The time-limit clock of invoicing the business fees (INVOICING): from the confirmation of the supply scheme (the terms the fees are computed from) to the invoice issued; contracts invoices as it hears of the confirmation, so the clock shows any delay in between. Null before the scheme is confirmed, when the policy sets no limit or when you may not see the case',
  })
  @Roles(...ROLES)
  async invoicingClock(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    return (await this.cases.findVisible(principal, parent.id)) ? this.clocks.view(parent.id, INVOICING_CLOCK) : null;
  }

  @ResolveField(() => Fees, {
    nullable: true,
    description:
      'The business fees: invoice items, total, paid, outstanding and payments; null before they are invoiced or when you may not see the case',
  })
  @Roles(...ROLES)
  async fees(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<FeesParent | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    // The invoice row answers the fees; items, payments and refund are read by `FeesFieldsResolver` when asked.
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

/**
 * Fields of `Fees` read apart from the invoice row, each only when it is asked (declared, with
 * their types and descriptions, on `Fees`). Whoever may see the case's `fees` may see them (the
 * parent is only served to them); the principal names the request, whose loaders read each table
 * once for every case asked.
 */
@Resolver(() => Fees)
export class FeesFieldsResolver {
  constructor(private readonly feesService: FeesService) {}

  @ResolveField('items')
  @Roles(...ROLES)
  items(@Parent() fees: FeesParent, @CurrentPrincipal() principal: Principal): Promise<FeeItem[]> {
    return this.feesService.itemsOf(fees.invoiceId, principal);
  }

  @ResolveField('payments')
  @Roles(...ROLES)
  payments(@Parent() fees: FeesParent, @CurrentPrincipal() principal: Principal): Promise<FeePayment[]> {
    return this.feesService.paymentsOf(fees.invoiceId, principal);
  }

  @ResolveField('refund')
  @Roles(...ROLES)
  refund(@Parent() fees: FeesParent, @CurrentPrincipal() principal: Principal): Promise<FeeRefund | null> {
    return this.feesService.refundViewOf(fees.caseId, principal);
  }
}

/** `FeeInvoice.items`, read when asked (declared on `FeeInvoice`). */
@Resolver(() => FeeInvoice)
export class FeeInvoiceResolver {
  constructor(private readonly feesService: FeesService) {}

  @ResolveField('items')
  @Roles(...ROLES)
  items(@Parent() invoice: FeeInvoiceParent, @CurrentPrincipal() principal: Principal): Promise<FeeItem[]> {
    return this.feesService.itemsOf(invoice.id, principal);
  }
}
