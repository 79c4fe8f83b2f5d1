import type { ContractStatus } from '../contract/contract.state-machine';
import type { InvoiceStatus } from '../fees/invoice.state-machine';

/**
 * Where the case stands in the contract-and-fees stage, as one word for front ends:
 * CANCELLED once the customer withdrew; AWAITING_SIGNATURES until the contract is
 * fully signed; AWAITING_PAYMENT until the fees are settled; COMPLETED then (at once
 * on signature when the case's process charges no fees, as 三零).
 */
export const CONTRACTS_STATUSES = ['AWAITING_SIGNATURES', 'AWAITING_PAYMENT', 'COMPLETED', 'CANCELLED'] as const;
export type ContractsStatus = (typeof CONTRACTS_STATUSES)[number];

export function contractsStatusOf(facts: {
  cancelled: boolean;
  contract: ContractStatus | null;
  invoice: InvoiceStatus | null;
  /** Whether the process the case walks charges fees (variantOf(...).invoicesFees). */
  invoicesFees: boolean;
}): ContractsStatus | null {
  if (facts.cancelled) return 'CANCELLED';
  if (!facts.contract) return null;
  if (facts.contract !== 'FULLY_SIGNED') return 'AWAITING_SIGNATURES';
  if (!facts.invoicesFees) return 'COMPLETED';
  return facts.invoice === 'SETTLED' ? 'COMPLETED' : 'AWAITING_PAYMENT';
}
