import { StateMachine, Transitions } from '@yekuo/policy';
import { ValidationFailedError } from '@yekuo/platform';
import { Fen, formatYuan } from './money';

/** Where an invoice of business fees stands; CANCELLED: closed unpaid or part-paid on the customer's withdrawal. */
export const INVOICE_STATUSES = ['ISSUED', 'PARTIALLY_PAID', 'SETTLED', 'CANCELLED'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * `recordPayment` is any payment; `settle` follows it in the same change when the
 * paid amount reaches the total (or at once, for an invoice of zero). `cancel`
 * closes an open invoice when the customer withdraws; what was paid is refunded.
 */
export const INVOICE_ACTIONS = ['recordPayment', 'settle', 'cancel'] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

export const INVOICE_TRANSITIONS: Transitions<InvoiceStatus, InvoiceAction> = {
  recordPayment: { from: ['ISSUED', 'PARTIALLY_PAID'], to: 'PARTIALLY_PAID' },
  settle: { from: ['ISSUED', 'PARTIALLY_PAID'], to: 'SETTLED' },
  cancel: { from: ['ISSUED', 'PARTIALLY_PAID'], to: 'CANCELLED' },
};

export const invoiceStateMachine = new StateMachine<InvoiceStatus, InvoiceAction>(INVOICE_TRANSITIONS);

/** The status a new invoice of `total` starts in: an invoice of zero is settled at once. */
export function decideIssue(total: Fen): { status: InvoiceStatus; settled: boolean } {
  if (total < 0n) throw new RangeError('an invoice total cannot be negative');
  return total === 0n ? { status: invoiceStateMachine.next('ISSUED', 'settle'), settled: true } : { status: 'ISSUED', settled: false };
}

export interface PaymentDecision {
  next: InvoiceStatus;
  paid: Fen;
  outstanding: Fen;
  /** True when this payment makes paid equal the total exactly. */
  settles: boolean;
}

/**
 * The outcome of a payment of `amount` on an invoice: INVALID_TRANSITION once
 * settled (whatever the amount), VALIDATION_FAILED on `input.amount` when it is not
 * positive or would exceed what is outstanding (the message gives the outstanding
 * amount).
 */
export function decidePayment(invoice: { status: InvoiceStatus; total: Fen; paid: Fen }, amount: Fen): PaymentDecision {
  let next = invoiceStateMachine.next(invoice.status, 'recordPayment');
  const outstanding = invoice.total - invoice.paid;
  if (amount <= 0n) {
    throw new ValidationFailedError([{ field: 'input.amount', message: 'amount must be greater than 0.00' }]);
  }
  if (amount > outstanding) {
    throw new ValidationFailedError([
      {
        field: 'input.amount',
        message: `amount ${formatYuan(amount)} exceeds the outstanding ${formatYuan(outstanding)} CNY`,
      },
    ]);
  }
  const paid = invoice.paid + amount;
  const settles = paid === invoice.total;
  if (settles) next = invoiceStateMachine.next(next, 'settle');
  return { next, paid, outstanding: invoice.total - paid, settles };
}
