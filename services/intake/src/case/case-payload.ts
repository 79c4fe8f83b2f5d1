import { Actor, CasePayload, casePayloadOf } from '@yekuo/events';
import type { ConnectionCase } from './case.entity';

/** What names the case to its events and its clocks: id, number, customer, category, policy version, region, business type. */
export function caseFieldsOf(found: ConnectionCase) {
  return {
    caseId: found.id,
    caseNumber: found.number,
    customerId: found.customerId,
    category: found.category,
    policyVersion: found.policyVersion,
    regionCode: found.regionCode,
    businessType: found.businessType,
  };
}

/** The fields every intake event carries about its case (the shared case payload of the Case root). */
export function payloadOfCase(found: ConnectionCase, actor: Actor): CasePayload {
  return casePayloadOf(caseFieldsOf(found), actor);
}
