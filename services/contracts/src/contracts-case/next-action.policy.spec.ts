import { nextAction } from '@yekuo/events';
import { CONTRACTS_NEXT_ACTIONS } from './next-action.policy';

describe('contracts next actions', () => {
  it('asks the customer to sign a drafted contract', () => {
    expect(CONTRACTS_NEXT_ACTIONS.contractDrafted()).toEqual({ role: 'customer', description: 'Sign the supply-use contract' });
  });

  it('asks the customer to pay a non-zero invoice, and hands nothing on for an invoice of zero', () => {
    expect(CONTRACTS_NEXT_ACTIONS.feesInvoiced(16_800_000n)).toEqual({ role: 'customer', description: 'Pay the business fees' });
    expect(CONTRACTS_NEXT_ACTIONS.feesInvoiced(0n)).toBeUndefined();
  });

  it('names the party still to sign, then metering once both have', () => {
    expect(CONTRACTS_NEXT_ACTIONS.contractSigned(['UTILITY'])).toEqual({
      role: 'contract-officer',
      description: 'Sign the supply-use contract for the utility',
    });
    expect(CONTRACTS_NEXT_ACTIONS.contractSigned(['CUSTOMER'])).toEqual({ role: 'customer', description: 'Sign the supply-use contract' });
    expect(CONTRACTS_NEXT_ACTIONS.contractSigned([])).toEqual({
      role: 'metering-technician',
      description: 'Energize once every gate condition holds',
    });
  });

  it('states what is still outstanding after a partial payment', () => {
    expect(CONTRACTS_NEXT_ACTIONS.paymentReceived(6_800_000n)).toEqual({
      role: 'customer',
      description: 'Pay the outstanding business fees: 68000.00 CNY',
    });
    expect(CONTRACTS_NEXT_ACTIONS.paymentReceived(0n)).toBeUndefined();
  });

  it('hands settled fees on to metering only when the contract is fully signed', () => {
    expect(CONTRACTS_NEXT_ACTIONS.feesSettled(true)).toEqual({
      role: 'metering-technician',
      description: 'Energize once every gate condition holds',
    });
    expect(CONTRACTS_NEXT_ACTIONS.feesSettled(false)).toBeUndefined();
  });

  it('asks a contract officer to refund what a withdrawn customer paid, and hands nothing on when nothing was paid', () => {
    expect(CONTRACTS_NEXT_ACTIONS.caseCancelled(5_000_000n)).toEqual({
      role: 'contract-officer',
      description: 'Refund the business fees paid: 50000.00 CNY',
    });
    expect(CONTRACTS_NEXT_ACTIONS.caseCancelled(0n)).toBeUndefined();
  });

  it('returns fresh objects that satisfy the catalog', () => {
    const a = CONTRACTS_NEXT_ACTIONS.contractDrafted();
    a.description = 'changed';
    expect(CONTRACTS_NEXT_ACTIONS.contractDrafted().description).toBe('Sign the supply-use contract');
    for (const action of [
      CONTRACTS_NEXT_ACTIONS.contractDrafted(),
      CONTRACTS_NEXT_ACTIONS.feesInvoiced(1n),
      CONTRACTS_NEXT_ACTIONS.contractSigned([]),
      CONTRACTS_NEXT_ACTIONS.paymentReceived(1n),
    ]) {
      expect(nextAction.safeParse(action).success).toBe(true);
    }
  });
});
