import type { NextAction, Role } from '@yekuo/events';
import type { Party } from '../contract/contract.state-machine';
import { Fen, formatYuan } from '../fees/money';

/**
 * Who holds the case after each contracts step (data). Teams are not named: the
 * confirmation event carries no region to look the team up by.
 */
const ACT = {
  signForCustomer: { role: 'customer', description: 'Sign the supply-use contract' },
  signForUtility: { role: 'contract-officer', description: 'Sign the supply-use contract for the utility' },
  pay: { role: 'customer', description: 'Pay the business fees' },
  energize: { role: 'metering-technician', description: 'Energize once every gate condition holds' },
  refund: { role: 'contract-officer', description: 'Refund the business fees paid' },
} as const satisfies Record<string, { role: Role; description: string }>;

/** Who signs for each party. */
const SIGNS_FOR: Record<Party, NextAction> = { CUSTOMER: ACT.signForCustomer, UTILITY: ACT.signForUtility };

export const CONTRACTS_NEXT_ACTIONS = {
  /** The customer signs first. */
  contractDrafted: (): NextAction => ({ ...ACT.signForCustomer }),
  /** The customer pays; an invoice of zero hands nothing on. */
  feesInvoiced: (total: Fen): NextAction | undefined => (total > 0n ? { ...ACT.pay } : undefined),
  /** The party still to sign, or metering once both have signed. */
  contractSigned: (remaining: readonly Party[]): NextAction =>
    remaining.length === 0 ? { ...ACT.energize } : { ...SIGNS_FOR[remaining[0]] },
  /** What is left to pay, while something is. */
  paymentReceived: (outstanding: Fen): NextAction | undefined =>
    outstanding > 0n ? { role: ACT.pay.role, description: `Pay the outstanding business fees: ${formatYuan(outstanding)} CNY` } : undefined,
  /** Settled fees hand on to metering when the contract is signed too; otherwise signing is still pending. */
  feesSettled: (contractFullySigned: boolean): NextAction | undefined => (contractFullySigned ? { ...ACT.energize } : undefined),
  /** A withdrawn case: a contract officer refunds what was paid; nothing is handed on when nothing was. */
  caseCancelled: (refundDue: Fen): NextAction | undefined =>
    refundDue > 0n ? { role: ACT.refund.role, description: `${ACT.refund.description}: ${formatYuan(refundDue)} CNY` } : undefined,
} as const;
