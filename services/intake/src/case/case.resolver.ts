import { Args, ID, Int, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AuditLog, AuditVerification, CurrentPrincipal, Principal, ROLES, Roles, STAFF_ROLES } from '@yekuo/shared';
import { DataSource } from 'typeorm';
import { Customer } from '../customer/customer.entity';
import { ConnectionCase } from './case.entity';
import { CaseService } from './case.service';
import { CaseConnection, CaseFilter } from './dtos/case-connection';
import { CaseIdInput } from './dtos/case-id.input';
import { ReturnApplicationInput } from './dtos/return-application.input';
import { SubmitApplicationInput } from './dtos/submit-application.input';

@Resolver(() => ConnectionCase)
export class CaseResolver {
  constructor(
    private readonly caseService: CaseService,
    private readonly auditLog: AuditLog,
    private readonly dataSource: DataSource,
  ) {}

  @Roles(...ROLES)
  @Query(() => ConnectionCase, { description: 'A case by id. Customers and agents see only their own (others are NOT_FOUND).' })
  case(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.caseService.findVisible(principal, id);
  }

  @Roles(...ROLES)
  @Query(() => ConnectionCase, { description: 'A case by its number, e.g. YK-2026-000001' })
  caseByNumber(@CurrentPrincipal() principal: Principal, @Args('number') number: string) {
    return this.caseService.findVisibleByNumber(principal, number);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => CaseConnection, { description: 'Staff: all cases, oldest number first' })
  cases(
    @Args('filter', { type: () => CaseFilter, nullable: true }) filter: CaseFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ) {
    return this.caseService.list(filter, first, after);
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
  @Mutation(() => ConnectionCase, {
    description: 'Apply for a connection: a customer, an agent for a customer, or a clerk for a walk-in customer',
  })
  submitApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: SubmitApplicationInput) {
    return this.caseService.submit(principal, input);
  }

  @Roles('intake-clerk')
  @Mutation(() => ConnectionCase, { description: 'Return an incomplete application with one notice listing everything missing' })
  returnApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: ReturnApplicationInput) {
    return this.caseService.return(principal, input);
  }

  @Roles('customer', 'agent', 'intake-clerk')
  @Mutation(() => ConnectionCase, { description: 'Resubmit a returned application on the same case' })
  resubmitApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: CaseIdInput) {
    return this.caseService.resubmit(principal, input.caseId);
  }

  @Roles('intake-clerk')
  @Mutation(() => ConnectionCase, { description: 'Accept a complete application; the case moves on to survey' })
  acceptApplication(@CurrentPrincipal() principal: Principal, @Args('input') input: CaseIdInput) {
    return this.caseService.accept(principal, input.caseId);
  }

  @Roles(...ROLES)
  @ResolveField(() => Customer, { nullable: true, description: 'The customer the case is for' })
  customer(@Parent() found: ConnectionCase) {
    return this.caseService.customer(found.customerId);
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
