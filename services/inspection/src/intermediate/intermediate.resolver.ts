import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { StageClock } from '@yekuo/timelimits';
import type { CustomerTime } from '../customer-time/customer-wait.model';
import { Case } from '../inspection-case/case.type';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { IntermediateInspection, IntermediateInspectionView, IntermediateRectificationItem } from './intermediate-inspection.model';
import { RecordIntermediateInspectionInput, RequestIntermediateInspectionInput } from './intermediate.inputs';
import { IntermediateService } from './intermediate.service';

/** `Case.inspections` and the intermediate inspection mutations. */
@Resolver(() => Case)
export class IntermediateResolver {
  constructor(
    private readonly intermediate: IntermediateService,
    private readonly cases: InspectionCaseService,
  ) {}

  @ResolveField(() => [IntermediateInspection], {
    description:
      'Every intermediate inspection of the case, oldest first, with its items and the rectification items each raised (OPEN or RESOLVED); empty when there is none or you may not see the case',
  })
  @Roles(...ROLES)
  async inspections(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<IntermediateInspectionView[]> {
    if (!(await this.cases.findVisible(principal, parent.id))) return [];
    return this.intermediate.inspectionsOf(parent.id, principal);
  }

  @Mutation(() => Case, {
    description:
      'Request the intermediate inspection of concealed works during construction; after a failure, report the rectification done and request the re-inspection of the open items (the customer, or an agent acting for them)',
  })
  @Roles(...INSPECTION_ROLES.requestIntermediateInspection)
  async requestIntermediateInspection(
    @Args('input') input: RequestIntermediateInspectionInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.intermediate.request(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Record the requested intermediate inspection item by item, PASS or FAIL; a re-inspection records exactly the open rectification items and passes when all of them pass (inspector)',
  })
  @Roles(...INSPECTION_ROLES.recordIntermediateInspection)
  async recordIntermediateInspection(
    @Args('input') input: RecordIntermediateInspectionInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.intermediate.record(principal, input);
    return { id: input.caseId };
  }
}

/**
 * The fields of `IntermediateInspection` that read beyond its record, each only when asked (their types
 * and descriptions are the model's). Open to whoever may read `Case.inspections`, which checked the case.
 */
@Resolver(() => IntermediateInspection)
export class IntermediateInspectionFieldsResolver {
  constructor(private readonly intermediate: IntermediateService) {}

  @ResolveField()
  @Roles(...ROLES)
  rectificationItems(
    @Parent() inspection: IntermediateInspectionView,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IntermediateRectificationItem[]> {
    return this.intermediate.rectificationItemsOf(inspection, principal);
  }

  @ResolveField()
  @Roles(...ROLES)
  customerTime(@Parent() inspection: IntermediateInspectionView, @CurrentPrincipal() principal: Principal): Promise<CustomerTime | null> {
    return this.intermediate.customerTimeOf(inspection, principal);
  }

  @ResolveField()
  @Roles(...ROLES)
  clock(@Parent() inspection: IntermediateInspectionView, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    return this.intermediate.clockOf(inspection, principal);
  }
}
