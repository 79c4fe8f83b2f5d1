import { Args, Int, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AuditLog, AuditVerification, CurrentPrincipal, IdArg, OptionalInputArg, Principal, Roles } from '@yekuo/platform';
import { ProcessVariantName, ROLES, STAFF_ROLES } from '@yekuo/events';
import { reveal } from '@yekuo/policy';
import { DataSource } from 'typeorm';
import { StageClock } from '@yekuo/timelimits';
import { ChecklistSlot } from '../document/checklist-slot.model';
import { DocumentService } from '../document/document.service';
import { Application, ConnectionCase } from './case.entity';
import { CaseService } from './case.service';
import { CaseConnection, CaseFilter } from './dtos/case-connection';
import { CaseCount } from './dtos/case-count.model';
import { CaseIdInput } from './dtos/case-id.input';
import { CompletenessReport } from './dtos/completeness.model';
import { OverrideCategoryInput } from './dtos/override-category.input';
import { RejectDocumentInput } from './dtos/reject-document.input';
import { ReturnApplicationInput } from './dtos/return-application.input';
import { SubmitApplicationInput } from './dtos/submit-application.input';
import { WithdrawApplicationInput } from './dtos/withdraw-application.input';
import { CustomerModel } from '../customer/customer.model';
import { CaseModel } from './case.model';
import { CaseCountDimension, CaseCountDimensionEnum } from '../enums';

@Resolver(() => CaseModel)
export class CaseResolver {
  constructor(
    private readonly caseService: CaseService,
    private readonly documentService: DocumentService,
    private readonly auditLog: AuditLog,
    private readonly dataSource: DataSource,
  ) {}

  @Roles(...ROLES)
  @Query(() => CaseModel, { description: 'A case by id. Customers and agents see only their own (others are NOT_FOUND).' })
  case(@CurrentPrincipal() principal: Principal, @IdArg('id') id: string) {
    return this.caseService.findVisible(principal, id);
  }

  @Roles(...ROLES)
  @Query(() => CaseModel, { description: 'A case by its number, e.g. YK-2026-000001' })
  caseByNumber(@CurrentPrincipal() principal: Principal, @Args('number') number: string) {
    return this.caseService.findVisibleByNumber(principal, number);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => CaseConnection, {
    description:
      'Staff search: cases most recently submitted first, narrowed by number, customer name, ID number, status, stage, category, region or submitted time; `first` 1..100, `after` a cursor from the previous page',
  })
  cases(
    @OptionalInputArg('filter', () => CaseFilter) filter: CaseFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ) {
    return this.caseService.list(filter, first, after);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => [CaseCount], {
    description:
      'Staff counts: how many cases `cases` would list under the same filter, per stage, customer category or both (`groupBy` names each dimension once, at least one); only groups with cases, in the declared order of the values',
  })
  caseCounts(
    @OptionalInputArg('filter', () => CaseFilter) filter: CaseFilter | undefined,
    @Args('groupBy', {
      type: () => [CaseCountDimensionEnum],
      description: 'The dimensions to count by, in the order the groups are sorted by',
    })
    groupBy: CaseCountDimension[],
  ) {
    return this.caseService.counts(filter, groupBy);
  }

  @Roles('customer', 'agent')
  @Query(() => CaseConnection, { description: "The caller's own cases (an agent: the customers it acts for)" })
  myCases(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ) {
    return this.caseService.mine(principal, first, after);
  }

  @Roles('customer', 'agent', 'intake-clerk')
  @Mutation(() => CaseModel, {
    description: 'Apply for a connection: a customer, an agent for a customer, or a clerk for a walk-in customer',
  })
  submitApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: SubmitApplicationInput) {
    return this.caseService.submit(principal, input);
  }

  @Roles('intake-clerk')
  @Mutation(() => CaseModel, { description: 'Return an incomplete application with one notice listing everything missing' })
  returnApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: ReturnApplicationInput) {
    return this.caseService.return(principal, input);
  }

  @Roles('customer', 'agent', 'intake-clerk')
  @Mutation(() => CaseModel, { description: 'Resubmit a returned application on the same case' })
  resubmitApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: CaseIdInput) {
    return this.caseService.resubmit(principal, input.caseId);
  }

  @Roles('intake-clerk')
  @Mutation(() => CaseModel, {
    description:
      'Accept a complete application; the case moves on to survey. Refused with VALIDATION_FAILED listing every missing or rejected document and field at fault.',
  })
  acceptApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: CaseIdInput) {
    return this.caseService.accept(principal, input.caseId);
  }

  @Roles('customer', 'agent')
  @Mutation(() => CaseModel, {
    description:
      'Withdraw the application at any stage before energization; every service closes its open work for the case. A second withdrawal is INVALID_TRANSITION.',
  })
  withdrawApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: WithdrawApplicationInput) {
    return this.caseService.withdraw(principal, input.caseId, input.reason);
  }

  @Roles('intake-clerk')
  @Mutation(() => CaseModel, {
    description: 'Set the customer category by hand while the front desk has the application; the reason is recorded and audited',
  })
  overrideCategory(@CurrentPrincipal() principal: Principal, @Args('input') input: OverrideCategoryInput) {
    return this.caseService.overrideCategory(principal, input);
  }

  @Roles('intake-clerk')
  @Mutation(() => CaseModel, {
    description:
      'Reject the current document of a checklist slot with a reason; the slot shows REJECTED and the one notice asks for it again',
  })
  rejectDocument(@CurrentPrincipal() principal: Principal, @Args('input') input: RejectDocumentInput) {
    return this.documentService.reject(principal, input.documentId, input.reason);
  }

  @Roles(...ROLES)
  @Query(() => CompletenessReport, {
    description: 'Everything still missing or invalid on a case, all at once: the items the next one notice will list',
  })
  async completenessCheck(@CurrentPrincipal() principal: Principal, @IdArg('caseId') caseId: string) {
    const items = await this.caseService.completeness(principal, caseId);
    return { complete: items.length === 0, items };
  }

  @Roles(...ROLES)
  @ResolveField(() => Application, {
    description: 'What the customer applied for; the site address is masked for staff whose work does not need it',
  })
  application(@Parent() found: ConnectionCase, @CurrentPrincipal() principal: Principal): Application {
    return {
      ...found.application,
      loads: found.application.loads ?? [],
      agent: found.application.agent ?? null,
      derivedCategory: found.application.derivedCategory ?? found.category,
      categoryOverride: found.application.categoryOverride ?? null,
      siteAddress: reveal(principal, 'siteAddress', found.customerId, found.application.siteAddress),
    };
  }

  /** A case accepted before variants were walked has none stored: it walks the pre-reform process. */
  @Roles(...ROLES)
  @ResolveField()
  processVariant(@Parent() found: ConnectionCase): ProcessVariantName | null {
    return found.processVariant ?? (found.acceptedAt ? 'PRE_REFORM' : null);
  }

  @Roles(...ROLES)
  @ResolveField(() => [ChecklistSlot], {
    description:
      'The document checklist of the case (by category and business type): each slot with its status, current document and history',
  })
  documents(@Parent() found: ConnectionCase) {
    return this.documentService.checklist(found);
  }

  @Roles(...ROLES)
  @ResolveField(() => CustomerModel, { nullable: true, description: 'The customer the case is for' })
  customer(@Parent() found: ConnectionCase, @CurrentPrincipal() principal: Principal) {
    return this.caseService.customer(found.customerId, principal);
  }

  @Roles(...ROLES)
  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      "The time-limit clock of accepting the application (ACCEPTANCE): from its submission to its acceptance, paused while a return's one notice waits on the customer's resubmission; its limit is the jurisdiction's acceptance figure in its unit where the policy states one (Shanghai: one calendar day), else Yekuo's internal target in working days. Null when the case's policy version sets no limit for the step",
  })
  acceptanceClock(@Parent() found: ConnectionCase): Promise<StageClock | null> {
    return this.caseService.acceptanceClock(found.id);
  }

  @Roles('auditor', 'supervisor', 'admin')
  @ResolveField(() => AuditVerification, { description: "Verification of intake's hash-chained audit trail of the case" })
  intakeAudit(@Parent() found: ConnectionCase) {
    return this.auditLog.verify(this.dataSource.manager, found.id);
  }

  /** Another subgraph handed out this Case: resolve it only for a caller who may see it. */
  @Roles(...ROLES)
  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @CurrentPrincipal() principal: Principal) {
    return this.caseService.findForReference(principal, reference.id);
  }
}
