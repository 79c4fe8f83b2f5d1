import type { Role } from '@yekuo/events';

/** Who may do what in inspection (the guard checks these; the actor of an event is the caller in the first role they hold). */
export const INSPECTION_ROLES = {
  submitDesign: ['customer', 'agent'],
  reviewDesign: ['inspector'],
  recordConstructionStart: ['customer', 'agent', 'inspector'],
  requestIntermediateInspection: ['customer', 'agent'],
  recordIntermediateInspection: ['inspector'],
  requestCompletionAcceptance: ['customer', 'agent'],
  countersign: ['department-signer'],
  // The customer puts off an on-site step, or the inspector records that they did; either ends it.
  recordCustomerDelay: ['customer', 'agent', 'inspector'],
  endCustomerDelay: ['customer', 'agent', 'inspector'],
  readAudit: ['auditor', 'supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
