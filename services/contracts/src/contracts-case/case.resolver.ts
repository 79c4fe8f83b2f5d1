import { Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AuditVerification, CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from './case.type';
import { ContractsCaseService } from './contracts-case.service';

/** Resolves `Case` references from the gateway and adds contracts' audit to it. */
@Resolver(() => Case)
export class CaseResolver {
  constructor(private readonly cases: ContractsCaseService) {}

  /** Any id resolves to the stub; each field decides what the caller may see. */
  @ResolveReference()
  @Roles(...ROLES)
  resolveReference(reference: { __typename: 'Case'; id: string }): Case {
    return { id: reference.id };
  }

  @ResolveField(() => AuditVerification, {
    nullable: true,
    description:
      "Verification of the case's contracts audit chain (auditors, supervisors, admins); null when contracts does not know the case",
  })
  @Roles('auditor', 'supervisor', 'admin')
  async contractsAudit(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<AuditVerification | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.cases.verifyAudit(parent.id);
  }
}
