import type { Principal } from '../auth/principal';
import type { Role } from '../auth/role';
import { ForbiddenError } from '../errors';
import type { Actor, CasePayload, CustomerCategory, NextAction } from './payload';

/** What every service keeps of a case to speak about it on the bus. */
export interface CaseCopy {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  policyVersion: string;
}

/**
 * The actor of a change: the caller with the first of `allowed` roles they hold
 * (the role the operation was granted for). The guard has checked already; this
 * only fails closed if it was bypassed.
 */
export function actorOf(principal: Principal, allowed: readonly Role[]): Actor {
  const role = allowed.find((r) => principal.roles.includes(r));
  if (!role) throw new ForbiddenError(`This operation requires one of the roles: ${allowed.join(', ')}`);
  return { id: principal.sub, role };
}

/** The fields every event of the catalog carries, from a service's copy of the case. */
export function casePayloadOf(copy: CaseCopy, actor: Actor, nextAction?: NextAction): CasePayload {
  return {
    caseId: copy.caseId,
    caseNumber: copy.caseNumber,
    customerId: copy.customerId,
    category: copy.category,
    policyVersion: copy.policyVersion,
    actor,
    ...(nextAction ? { nextAction } : {}),
  };
}
