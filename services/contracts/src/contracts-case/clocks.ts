/**
 * The clock of drafting the contract: from the scheme confirmation (under 三零, the acceptance of
 * the application, whose terms the contract is drafted from) to the contract drafted for signature.
 */
export const CONTRACT_DRAFTING_CLOCK = 'CONTRACT_DRAFTING' as const;
/** The clock of invoicing: from the scheme confirmation (the fees can be computed) to the invoice issued. */
export const INVOICING_CLOCK = 'INVOICING' as const;
