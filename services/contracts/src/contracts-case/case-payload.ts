import type { Actor } from '@yekuo/events';

/**
 * Who acts when contracts itself drafts the contract and invoices the fees on the
 * customer's confirmation of the scheme: the service, in the contract officer's
 * stead (the confirmation that triggered it is in the audit chain).
 */
export const CONTRACTS_SYSTEM_ACTOR: Actor = { id: 'system:contracts', role: 'contract-officer' };
