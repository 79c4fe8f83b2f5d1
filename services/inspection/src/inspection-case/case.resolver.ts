import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CaseCopyResolver, CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from './case.type';
import { INSPECTION_ROLES } from './inspection-roles';
import { InspectionCaseService } from './inspection-case.service';
import { InspectionStatusEnum } from '../enums';

/** Resolves `Case` references from the gateway and adds inspection's status and audit to it. */
@Resolver(() => Case)
export class CaseResolver extends CaseCopyResolver(Case, 'inspection', INSPECTION_ROLES.readAudit) {
  constructor(private readonly cases: InspectionCaseService) {
    super(cases);
  }

  @ResolveField(() => InspectionStatusEnum, {
    nullable: true,
    description: 'Where the case stands in inspection; null before the scheme is confirmed or when you may not see the case',
  })
  @Roles(...ROLES)
  async inspectionStatus(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<string | null> {
    return (await this.cases.findVisible(principal, parent.id))?.status ?? null;
  }
}
