import { Actor, CasePayload, ForbiddenError, NextAction, Principal, Role } from '@yekuo/shared';
import type { PlanningCase } from './planning-case.entity';

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

/** The fields every event of the catalog carries, from planning's copy of the case. */
export function casePayloadOf(
  planningCase: Pick<PlanningCase, 'caseId' | 'caseNumber' | 'customerId' | 'category' | 'policyVersion'>,
  actor: Actor,
  nextAction?: NextAction,
): CasePayload {
  return {
    caseId: planningCase.caseId,
    caseNumber: planningCase.caseNumber,
    customerId: planningCase.customerId,
    category: planningCase.category,
    policyVersion: planningCase.policyVersion,
    actor,
    ...(nextAction ? { nextAction } : {}),
  };
}
