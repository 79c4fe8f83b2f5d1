import { ErrorCode, InvalidTransitionError, ValidationFailedError } from '@yekuo/platform';
import {
  decideIssue,
  decidePayment,
  INVOICE_ACTIONS,
  INVOICE_STATUSES,
  InvoiceAction,
  InvoiceStatus,
  invoiceStateMachine,
} from './invoice.state-machine';

const EXPECTED: Record<InvoiceStatus, Partial<Record<InvoiceAction, InvoiceStatus>>> = {
  ISSUED: { recordPayment: 'PARTIALLY_PAID', settle: 'SETTLED', cancel: 'CANCELLED' },
  PARTIALLY_PAID: { recordPayment: 'PARTIALLY_PAID', settle: 'SETTLED', cancel: 'CANCELLED' },
  SETTLED: {},
  CANCELLED: {},
};
const REQUIRES: Record<InvoiceAction, InvoiceStatus[]> = {
  recordPayment: ['ISSUED', 'PARTIALLY_PAID'],
  settle: ['ISSUED', 'PARTIALLY_PAID'],
  cancel: ['ISSUED', 'PARTIALLY_PAID'],
};

const pairs = INVOICE_STATUSES.flatMap((state) => INVOICE_ACTIONS.map((action) => [state, action] as const));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('invoice state machine', () => {
  it('covers 4 states and 3 actions (12 pairs)', () => {
    expect(pairs).toHaveLength(12);
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] !== undefined))('%s --%s--> allowed', (state, action) => {
    expect(invoiceStateMachine.allows(state, action)).toBe(true);
    expect(invoiceStateMachine.next(state, action)).toBe(EXPECTED[state][action]);
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s][a] === undefined))('%s --%s--> INVALID_TRANSITION', (state, action) => {
    const error = thrown(() => invoiceStateMachine.next(state, action));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).extensions).toEqual({
      code: ErrorCode.INVALID_TRANSITION,
      currentState: state,
      requires: REQUIRES[action],
    });
  });
});

describe('decideIssue', () => {
  it('settles an invoice of zero at once and leaves any other issued', () => {
    expect(decideIssue(0n)).toEqual({ status: 'SETTLED', settled: true });
    expect(decideIssue(1n)).toEqual({ status: 'ISSUED', settled: false });
    expect(decideIssue(16_800_000n)).toEqual({ status: 'ISSUED', settled: false });
  });

  it('refuses a negative total', () => {
    expect(() => decideIssue(-1n)).toThrow(RangeError);
  });
});

describe('decidePayment', () => {
  const total = 16_800_000n;

  it('records a partial payment', () => {
    expect(decidePayment({ status: 'ISSUED', total, paid: 0n }, 10_000_000n)).toEqual({
      next: 'PARTIALLY_PAID',
      paid: 10_000_000n,
      outstanding: 6_800_000n,
      settles: false,
    });
    expect(decidePayment({ status: 'PARTIALLY_PAID', total, paid: 10_000_000n }, 1n)).toMatchObject({
      next: 'PARTIALLY_PAID',
      settles: false,
    });
  });

  it('settles when paid reaches the total exactly, from either open status', () => {
    expect(decidePayment({ status: 'PARTIALLY_PAID', total, paid: 10_000_000n }, 6_800_000n)).toEqual({
      next: 'SETTLED',
      paid: total,
      outstanding: 0n,
      settles: true,
    });
    expect(decidePayment({ status: 'ISSUED', total, paid: 0n }, total)).toMatchObject({ next: 'SETTLED', settles: true });
  });

  it('refuses an amount above the outstanding one, naming it', () => {
    const error = thrown(() => decidePayment({ status: 'PARTIALLY_PAID', total, paid: 10_000_000n }, 6_800_001n));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).extensions).toEqual({
      code: ErrorCode.VALIDATION_FAILED,
      fields: [{ field: 'input.amount', message: 'amount 68000.01 exceeds the outstanding 68000.00 CNY' }],
    });
  });

  it('refuses an amount that is not positive', () => {
    for (const amount of [0n, -100n]) {
      const error = thrown(() => decidePayment({ status: 'ISSUED', total, paid: 0n }, amount));
      expect((error as ValidationFailedError).extensions.fields).toEqual([
        { field: 'input.amount', message: 'amount must be greater than 0.00' },
      ]);
    }
  });

  it('refuses any payment on a settled invoice as INVALID_TRANSITION, before looking at the amount', () => {
    for (const amount of [1n, total, total + 1n, 0n]) {
      const error = thrown(() => decidePayment({ status: 'SETTLED', total, paid: total }, amount));
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect((error as InvalidTransitionError).extensions).toMatchObject({
        currentState: 'SETTLED',
        requires: ['ISSUED', 'PARTIALLY_PAID'],
      });
    }
    // An invoice of zero is settled from the start.
    expect(thrown(() => decidePayment({ status: 'SETTLED', total: 0n, paid: 0n }, 1n))).toBeInstanceOf(InvalidTransitionError);
  });
});
