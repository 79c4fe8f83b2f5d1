import { Actor, CasePayload, ForbiddenError, NextAction, Principal, Role } from '@yekuo/shared';
import type { OpenMeteringCase } from './metering-case.entity';

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

/** The fields every event of the catalog carries, from metering's copy of an open case. */
export function casePayloadOf(
  meteringCase: Pick<OpenMeteringCase, 'caseId' | 'caseNumber' | 'customerId' | 'category' | 'policyVersion'>,
  actor: Actor,
  nextAction?: NextAction,
): CasePayload {
  return {
    caseId: meteringCase.caseId,
    caseNumber: meteringCase.caseNumber,
    customerId: meteringCase.customerId,
    category: meteringCase.category,
    policyVersion: meteringCase.policyVersion,
    actor,
    ...(nextAction ? { nextAction } : {}),
  };
}
