import { Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AuditVerification, CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from './case.type';
import { INSPECTION_ROLES } from './inspection-roles';
import { InspectionCaseService } from './inspection-case.service';

/** Resolves `Case` references from the gateway and adds inspection's status and audit to it. */
@Resolver(() => Case)
export class CaseResolver {
  constructor(private readonly cases: InspectionCaseService) {}

  /** Any id resolves to the stub; each field decides what the caller may see. */
  @ResolveReference()
  @Roles(...ROLES)
  resolveReference(reference: { __typename: 'Case'; id: string }): Case {
    return { id: reference.id };
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Where the case stands in inspection: NOT_REQUIRED (its process variant has no inspection stage), AWAITING_DESIGN, DESIGN_SUBMITTED, DESIGN_RETURNED, DESIGN_APPROVED, AWAITING_CONSTRUCTION, UNDER_CONSTRUCTION, INTERMEDIATE_REQUESTED, INTERMEDIATE_FAILED (rectify the failed items, then request the re-inspection), INTERMEDIATE_PASSED, ACCEPTANCE_REQUESTED, ACCEPTANCE_PASSED, ACCEPTANCE_FAILED or CANCELLED (the application was withdrawn); null before the scheme is confirmed or when you may not see the case',
  })
  @Roles(...ROLES)
  async inspectionStatus(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<string | null> {
    return (await this.cases.findVisible(principal, parent.id))?.status ?? null;
  }

  @ResolveField(() => AuditVerification, {
    nullable: true,
    description:
      "Verification of the case's inspection audit chain (auditors, supervisors, admins); null when inspection does not know the case",
  })
  @Roles(...INSPECTION_ROLES.readAudit)
  async inspectionAudit(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<AuditVerification | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.cases.verifyAudit(parent.id);
  }
}
