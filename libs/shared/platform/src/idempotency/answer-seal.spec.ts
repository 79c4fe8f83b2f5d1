import { keyHashOf, openAnswer, sealAnswer } from './answer-seal';

describe('kept answers sealed under the idempotency key', () => {
  const request = { key: '0f8c3a2e-5b7d-4c1a-9e2f-1a2b3c4d5e6f', principal: 'clerk-1', operation: 'submitApplication', fingerprint: 'f' };
  const answer = { data: { submitApplication: { id: 'c1', customer: { name: '钱七' } } } };

  it('opens for the same key, caller and operation, and holds none of the answer in the clear', () => {
    const sealed = sealAnswer(request, answer);
    expect(openAnswer(request, sealed)).toEqual(answer);
    expect(sealed.includes(Buffer.from('钱七'))).toBe(false);
    expect(sealAnswer(request, answer).equals(sealed)).toBe(false);
  });

  it('does not open under another key, caller or operation, nor once altered', () => {
    const sealed = sealAnswer(request, answer);
    for (const other of [{ key: `${request.key}x` }, { principal: 'clerk-2' }, { operation: 'recordPayment' }]) {
      expect(() => openAnswer({ ...request, ...other }, sealed)).toThrow();
    }
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => openAnswer(request, altered)).toThrow();
  });

  it('stores the key only as its SHA-256', () => {
    expect(keyHashOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
