import { Actor, CasePayload, ForbiddenError, NextAction, Principal, Role } from '@yekuo/shared';
import type { InspectionCase } from './inspection-case.entity';

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

/** The fields every event of the catalog carries, from inspection's copy of the case. */
export function casePayloadOf(
  inspectionCase: Pick<InspectionCase, 'caseId' | 'caseNumber' | 'customerId' | 'category' | 'policyVersion'>,
  actor: Actor,
  nextAction?: NextAction,
): CasePayload {
  return {
    caseId: inspectionCase.caseId,
    caseNumber: inspectionCase.caseNumber,
    customerId: inspectionCase.customerId,
    category: inspectionCase.category,
    policyVersion: inspectionCase.policyVersion,
    actor,
    ...(nextAction ? { nextAction } : {}),
  };
}
