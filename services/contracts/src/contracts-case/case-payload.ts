import { Actor, CasePayload, ForbiddenError, NextAction, Principal, Role } from '@yekuo/shared';
import type { ContractsCase } from './contracts-case.entity';

/**
 * Who acts when contracts itself drafts the contract and invoices the fees on the
 * customer's confirmation of the scheme: the service, in the contract officer's
 * stead (the confirmation that triggered it is in the audit chain).
 */
export const CONTRACTS_SYSTEM_ACTOR: Actor = { id: 'system:contracts', role: 'contract-officer' };

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

/** The fields every event of the catalog carries, from contracts' copy of the case. */
export function casePayloadOf(
  contractsCase: Pick<ContractsCase, 'caseId' | 'caseNumber' | 'customerId' | 'category' | 'policyVersion'>,
  actor: Actor,
  nextAction?: NextAction,
): CasePayload {
  return {
    caseId: contractsCase.caseId,
    caseNumber: contractsCase.caseNumber,
    customerId: contractsCase.customerId,
    category: contractsCase.category,
    policyVersion: contractsCase.policyVersion,
    actor,
    ...(nextAction ? { nextAction } : {}),
  };
}
