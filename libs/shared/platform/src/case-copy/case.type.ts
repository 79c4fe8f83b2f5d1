import type { Type } from '@nestjs/common';
import { Directive, Field, ID, ObjectType, Parent, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { ROLES, type Role } from '@yekuo/events';
import { AuditVerification } from '../audit/audit-verification.model';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';

/** The federated `Case` as a service other than intake knows it: its key, extended with the service's fields. */
export interface CaseRef {
  id: string;
}

/**
 * The `Case` entity type of a subgraph that extends intake's `Case`: only the key, with
 * the description of what the service adds.
 */
export function caseType(description: string): Type<CaseRef> {
  @ObjectType('Case', { description })
  @Directive('@key(fields: "id")')
  class Case implements CaseRef {
    @Field(() => ID, { description: 'Case id' })
    id: string;
  }
  return Case;
}

/** What the base resolver needs of the service's case copy store. */
export interface AuditedCopies {
  auditFor(principal: Principal, caseId: string): Promise<AuditVerification | null>;
}

/** The roles that may verify a service's audit chain of a case. */
export const AUDIT_READERS: Role[] = ['auditor', 'supervisor', 'admin'];

/**
 * The base of a service's `Case` resolver: resolves the gateway's references to the stub
 * (each field decides what the caller may see) and adds `<service>Audit`, the verification
 * of the service's audit chain of the case, batched per request.
 */
export function CaseCopyResolver(caseClass: Type<CaseRef>, service: string, auditRoles: readonly Role[] = AUDIT_READERS): Type<object> {
  @Resolver(() => caseClass, { isAbstract: true })
  abstract class CaseCopyResolverHost {
    constructor(protected readonly auditedCopies: AuditedCopies) {}

    /** Any id resolves to the stub; each field decides what the caller may see. */
    @ResolveReference()
    @Roles(...ROLES)
    resolveReference(reference: { __typename: 'Case'; id: string }): CaseRef {
      return { id: reference.id };
    }

    @ResolveField(`${service}Audit`, () => AuditVerification, {
      nullable: true,
      description: `Verification of the case's ${service} audit chain (auditors, supervisors, admins); null when ${service} does not know the case`,
    })
    @Roles(...auditRoles)
    audit(@Parent() parent: CaseRef, @CurrentPrincipal() principal: Principal): Promise<AuditVerification | null> {
      return this.auditedCopies.auditFor(principal, parent.id);
    }
  }
  return CaseCopyResolverHost as unknown as Type<object>;
}
