import { casePayload } from './payload';
import { casePayloadOf } from './case-payload';

describe('casePayloadOf', () => {
  const planningCase = {
    caseId: '6f1c1b7e-3c55-4b0e-9a57-0d7c1c9b1a11',
    caseNumber: 'YK-2026-000042',
    customerId: '0b9f0e2a-7c1d-4f7e-8a53-1d2c3b4a5e6f',
    category: 'HV_SINGLE_SOURCE' as const,
    policyVersion: '2020-01',
  };

  it('carries what every catalog payload needs', () => {
    const payload = casePayloadOf(planningCase, { id: 'staff-1', role: 'planner' });
    expect(payload).toEqual({ ...planningCase, actor: { id: 'staff-1', role: 'planner' } });
    expect(casePayload.safeParse(payload).success).toBe(true);
  });

  it('adds the next action when given', () => {
    const next = { role: 'approver' as const, team: 'planning', description: 'approve' };
    expect(casePayloadOf(planningCase, { id: 'staff-1', role: 'planner' }, next).nextAction).toEqual(next);
  });

  it('carries the region and business type the copy knows, and leaves them out where it does not', () => {
    const payload = casePayloadOf(
      { ...planningCase, regionCode: '310104', businessType: 'NEW_CONNECTION' },
      { id: 'staff-1', role: 'planner' },
    );
    expect(payload).toMatchObject({ regionCode: '310104', businessType: 'NEW_CONNECTION' });
    expect(casePayload.safeParse(payload).success).toBe(true);
    const old = casePayloadOf({ ...planningCase, regionCode: null, businessType: null }, { id: 'staff-1', role: 'planner' });
    expect(old).not.toHaveProperty('regionCode');
    expect(old).not.toHaveProperty('businessType');
  });

  it('accepts a payload published before v1 carried the region (old events still validate)', () => {
    const before = { ...planningCase, actor: { id: 'staff-1', role: 'planner' } };
    expect(casePayload.safeParse(before).success).toBe(true);
    expect(casePayload.safeParse({ ...before, regionCode: '' }).success).toBe(false);
  });
});
