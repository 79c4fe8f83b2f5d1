import { contractsStatusOf } from './contracts-status';

describe('contractsStatusOf', () => {
  it('is CANCELLED once the customer withdrew, whatever the contract and invoice say', () => {
    expect(contractsStatusOf({ cancelled: true, invoicesFees: true, contract: null, invoice: null })).toBe('CANCELLED');
    expect(contractsStatusOf({ cancelled: true, invoicesFees: true, contract: 'FULLY_SIGNED', invoice: 'SETTLED' })).toBe('CANCELLED');
    expect(contractsStatusOf({ cancelled: true, invoicesFees: true, contract: 'CANCELLED', invoice: 'CANCELLED' })).toBe('CANCELLED');
  });

  it('waits for signatures, then payment, then is completed', () => {
    expect(contractsStatusOf({ cancelled: false, invoicesFees: true, contract: 'DRAFTED', invoice: 'SETTLED' })).toBe(
      'AWAITING_SIGNATURES',
    );
    expect(contractsStatusOf({ cancelled: false, invoicesFees: true, contract: 'PARTIALLY_SIGNED', invoice: 'ISSUED' })).toBe(
      'AWAITING_SIGNATURES',
    );
    expect(contractsStatusOf({ cancelled: false, invoicesFees: true, contract: 'FULLY_SIGNED', invoice: 'PARTIALLY_PAID' })).toBe(
      'AWAITING_PAYMENT',
    );
    expect(contractsStatusOf({ cancelled: false, invoicesFees: true, contract: 'FULLY_SIGNED', invoice: 'SETTLED' })).toBe('COMPLETED');
  });

  it('is completed on full signature when the case’s process charges no fees (三零)', () => {
    expect(contractsStatusOf({ cancelled: false, invoicesFees: false, contract: 'PARTIALLY_SIGNED', invoice: null })).toBe(
      'AWAITING_SIGNATURES',
    );
    expect(contractsStatusOf({ cancelled: false, invoicesFees: false, contract: 'FULLY_SIGNED', invoice: null })).toBe('COMPLETED');
    expect(contractsStatusOf({ cancelled: false, invoicesFees: true, contract: 'FULLY_SIGNED', invoice: null })).toBe('AWAITING_PAYMENT');
  });

  it('is null before anything was drafted', () => {
    expect(contractsStatusOf({ cancelled: false, invoicesFees: true, contract: null, invoice: null })).toBeNull();
  });
});
