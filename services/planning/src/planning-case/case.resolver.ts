import { Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AuditVerification, CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from './case.type';
import { PlanningCancellation } from './planning-cancellation.type';
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
      'Where the case stands in planning: AWAITING_SURVEY, SURVEY_SCHEDULED, SURVEYED, SCHEME_DRAFTED (in approval), SCHEME_APPROVED, SCHEME_REJECTED, SCHEME_REPLIED, SCHEME_CHANGE_REQUESTED, SCHEME_CONFIRMED or CANCELLED (the application was withdrawn); null before planning opened the case or when you may not see it',
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
      cancelledBy: planningCase.cancelledBy ?? '',
      reason: planningCase.cancellationReason ?? '',
      cancelledWork: planningCase.cancelledWork ?? [],
    };
  }
}
