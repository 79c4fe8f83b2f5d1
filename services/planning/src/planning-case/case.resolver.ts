import { Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AuditVerification, CurrentPrincipal, Principal, ROLES, Roles } from '@yekuo/shared';
import { Case } from './case.type';
import { PlanningCaseService } from './planning-case.service';

/** Resolves `Case` references from the gateway and adds planning's status and audit to it. */
@Resolver(() => Case)
export class CaseResolver {
  constructor(private readonly cases: PlanningCaseService) {}

  /** Any id resolves to the stub; each field decides what the caller may see. */
  @ResolveReference()
  @Roles(...ROLES)
  resolveReference(reference: { __typename: 'Case'; id: string }): Case {
    return { id: reference.id };
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Where the case stands in planning: AWAITING_SURVEY, SURVEY_SCHEDULED, SURVEYED, SCHEME_DRAFTED, SCHEME_APPROVED, SCHEME_REJECTED, SCHEME_REPLIED or SCHEME_CONFIRMED; null before planning opened the case or when you may not see it',
  })
  @Roles(...ROLES)
  async planningStatus(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<string | null> {
    return (await this.cases.findVisible(principal, parent.id))?.status ?? null;
  }

  @ResolveField(() => AuditVerification, {
    nullable: true,
    description:
      "Verification of the case's planning audit chain (auditors, supervisors, admins); null when planning does not know the case",
  })
  @Roles('auditor', 'supervisor', 'admin')
  async planningAudit(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<AuditVerification | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.cases.verifyAudit(parent.id);
  }
}
