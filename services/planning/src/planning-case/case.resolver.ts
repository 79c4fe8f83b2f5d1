import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CaseCopyResolver, CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from './case.type';
import { PlanningCancellation } from './planning-cancellation.type';
import { PlanningCaseService } from './planning-case.service';
import { PlanningStatusEnum } from '../enums';

/** Resolves `Case` references from the gateway and adds planning's status, cancellation and audit to it. */
@Resolver(() => Case)
export class CaseResolver extends CaseCopyResolver(Case, 'planning') {
  constructor(private readonly cases: PlanningCaseService) {
    super(cases);
  }

  @ResolveField(() => PlanningStatusEnum, {
    nullable: true,
    description: 'Where the case stands in planning; null before planning opened the case or when you may not see it',
  })
  @Roles(...ROLES)
  async planningStatus(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<string | null> {
    return (await this.cases.findVisible(principal, parent.id))?.status ?? null;
  }

  @ResolveField(() => PlanningCancellation, {
    nullable: true,
    description:
      'Set once the withdrawal of the application cancelled the case in planning; null otherwise or when you may not see the case',
  })
  @Roles(...ROLES)
  async planningCancellation(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<PlanningCancellation | null> {
    const planningCase = await this.cases.findVisible(principal, parent.id);
    if (!planningCase?.cancelledAt) return null;
    return {
      cancelledAt: planningCase.cancelledAt,
      cancelledBy: planningCase.cancelledById ?? '',
      reason: planningCase.cancellationReason ?? '',
      cancelledWork: planningCase.cancelledWork ?? [],
    };
  }
}
