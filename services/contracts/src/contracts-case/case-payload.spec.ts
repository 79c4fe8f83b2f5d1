import { actor, casePayload, ErrorCode, ForbiddenError, Principal } from '@yekuo/shared';
import { actorOf, casePayloadOf, CONTRACTS_SYSTEM_ACTOR } from './case-payload';

const principal = (roles: Principal['roles']): Principal => ({ sub: 'staff-1', roles, regions: [], actsFor: [] });

describe('actorOf', () => {
  it('takes the first allowed role the caller holds', () => {
    expect(actorOf(principal(['agent', 'customer']), ['customer', 'agent', 'contract-officer'])).toEqual({
      id: 'staff-1',
      role: 'customer',
    });
    expect(actorOf(principal(['contract-officer']), ['customer', 'agent', 'contract-officer'])).toEqual({
      id: 'staff-1',
      role: 'contract-officer',
    });
  });

  it('fails closed when the caller holds none', () => {
    let error: unknown;
    try {
      actorOf(principal(['auditor']), ['contract-officer']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).extensions.code).toBe(ErrorCode.FORBIDDEN);
  });
});

describe('casePayloadOf', () => {
  const contractsCase = {
    caseId: '6f1c1b7e-3c55-4b0e-9a57-0d7c1c9b1a11',
    caseNumber: 'YK-2026-000042',
    customerId: '0b9f0e2a-7c1d-4f7e-8a53-1d2c3b4a5e6f',
    category: 'HV_DUAL_SOURCE' as const,
    policyVersion: '2020-01',
  };

  it('carries what every catalog payload needs, and the system actor is a valid actor', () => {
    const payload = casePayloadOf(contractsCase, CONTRACTS_SYSTEM_ACTOR);
    expect(payload).toEqual({ ...contractsCase, actor: { id: 'system:contracts', role: 'contract-officer' } });
    expect(payload).not.toHaveProperty('nextAction');
    expect(casePayload.safeParse(payload).success).toBe(true);
    expect(actor.safeParse(CONTRACTS_SYSTEM_ACTOR).success).toBe(true);
  });

  it('adds the next action when given', () => {
    const next = { role: 'customer' as const, description: 'Sign the supply-use contract' };
    expect(casePayloadOf(contractsCase, CONTRACTS_SYSTEM_ACTOR, next).nextAction).toEqual(next);
  });
});
