import { casePayload, ErrorCode, ForbiddenError, Principal } from '@yekuo/shared';
import { actorOf, casePayloadOf } from './case-payload';

const principal = (roles: Principal['roles']): Principal => ({ sub: 'staff-1', roles, regions: [], actsFor: [] });

describe('actorOf', () => {
  it('takes the first allowed role the caller holds', () => {
    expect(actorOf(principal(['inspector', 'agent']), ['customer', 'agent', 'inspector'])).toEqual({ id: 'staff-1', role: 'agent' });
    expect(actorOf(principal(['inspector']), ['customer', 'agent', 'inspector'])).toEqual({ id: 'staff-1', role: 'inspector' });
  });

  it('fails closed when the caller holds none', () => {
    let error: unknown;
    try {
      actorOf(principal(['auditor']), ['department-signer']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).extensions.code).toBe(ErrorCode.FORBIDDEN);
  });
});

describe('casePayloadOf', () => {
  const inspectionCase = {
    caseId: '6f1c1b7e-3c55-4b0e-9a57-0d7c1c9b1a11',
    caseNumber: 'YK-2026-000042',
    customerId: '0b9f0e2a-7c1d-4f7e-8a53-1d2c3b4a5e6f',
    category: 'HV_DUAL_SOURCE' as const,
    policyVersion: '2020-01',
  };

  it('carries what every catalog payload needs, and the next action when given', () => {
    const payload = casePayloadOf(inspectionCase, { id: 'insp-1', role: 'inspector' });
    expect(payload).toEqual({ ...inspectionCase, actor: { id: 'insp-1', role: 'inspector' } });
    expect(casePayload.safeParse(payload).success).toBe(true);
    const next = { role: 'customer' as const, description: 'build' };
    expect(casePayloadOf(inspectionCase, { id: 'insp-1', role: 'inspector' }, next).nextAction).toEqual(next);
  });
});
