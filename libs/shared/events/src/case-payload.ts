import type { Actor, CasePayload, CustomerCategory, NextAction } from './payload';

/** What every service keeps of a case to speak about it on the bus. */
export interface CaseCopy {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  policyVersion: string;
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
