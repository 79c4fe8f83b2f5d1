import { Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AuditVerification, CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from './case.type';
import { MeteringCaseService } from './metering-case.service';
import { METERING_ROLES } from './metering-roles';
import { Metering } from './metering.model';
import { MeteringViewService } from './metering-view.service';

/** Resolves `Case` references from the gateway and adds metering's view and audit to it. */
@Resolver(() => Case)
export class CaseResolver {
  constructor(
    private readonly cases: MeteringCaseService,
    private readonly views: MeteringViewService,
  ) {}

  /** Any id resolves to the stub; each field decides what the caller may see. */
  @ResolveReference()
  @Roles(...ROLES)
  resolveReference(reference: { __typename: 'Case'; id: string }): Case {
    return { id: reference.id };
  }

  @ResolveField(() => Metering, {
    nullable: true,
    description:
      'Meter, installation, energization gate and energization of the case; null before the scheme is confirmed or when you may not see the case',
  })
  @Roles(...ROLES)
  async metering(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<Metering | null> {
    const meteringCase = await this.cases.findVisible(principal, parent.id);
    return meteringCase ? this.views.of(meteringCase) : null;
  }

  @ResolveField(() => AuditVerification, {
    nullable: true,
    description:
      "Verification of the case's metering audit chain (auditors, supervisors, admins); null when metering does not know the case",
  })
  @Roles(...METERING_ROLES.audit)
  async meteringAudit(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<AuditVerification | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.cases.verifyAudit(parent.id);
  }
}
