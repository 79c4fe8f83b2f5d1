import type { Actor, CasePayload, CustomerCategory, NextAction } from './payload';

/** What every service keeps of a case to speak about it on the bus. */
export interface CaseCopy {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  policyVersion: string;
  /** Null on a copy opened before events carried the region (filled by `intake.case.facts.v1`). */
  regionCode?: string | null;
  businessType?: string | null;
}

/** The fields every event of the catalog carries, from a service's copy of the case. */
export function casePayloadOf(copy: CaseCopy, actor: Actor, nextAction?: NextAction): CasePayload {
  return {
    caseId: copy.caseId,
    caseNumber: copy.caseNumber,
    customerId: copy.customerId,
    category: copy.category,
    policyVersion: copy.policyVersion,
    ...(copy.regionCode ? { regionCode: copy.regionCode } : {}),
    ...(copy.businessType ? { businessType: copy.businessType } : {}),
    actor,
    ...(nextAction ? { nextAction } : {}),
  };
}
