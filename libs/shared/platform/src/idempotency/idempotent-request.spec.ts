import { fingerprintOf, idempotencyKeyOf } from './idempotent-request';

describe('idempotent requests', () => {
  it('takes 1 to 200 printable ASCII characters as a key and refuses anything else with VALIDATION_FAILED', () => {
    expect(idempotencyKeyOf(undefined)).toBeUndefined();
    expect(idempotencyKeyOf('0f8c3a2e-5b7d-4c1a-9e2f-1a2b3c4d5e6f')).toBe('0f8c3a2e-5b7d-4c1a-9e2f-1a2b3c4d5e6f');
    expect(idempotencyKeyOf('x'.repeat(200))).toHaveLength(200);
    for (const bad of ['', 'x'.repeat(201), 'tab\there', '密钥', 'nul\u0000']) {
      expect(() => idempotencyKeyOf(bad)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'VALIDATION_FAILED' }) }),
      );
    }
  });

  it('fingerprints arguments whatever their key order, dates by their instant, and tells other arguments apart', () => {
    const at = new Date('2026-03-01T08:00:00Z');
    const one = fingerprintOf({ input: { caseId: 'c1', amount: '10.00', at } });
    expect(fingerprintOf({ input: { at: '2026-03-01T08:00:00.000Z', amount: '10.00', caseId: 'c1' } })).toBe(one);
    expect(fingerprintOf({ input: { caseId: 'c1', amount: '10.01', at } })).not.toBe(one);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
  });
});
