import { casePayload, ErrorCode, ForbiddenError, Principal } from '@yekuo/shared';
import { actorOf, casePayloadOf } from './case-payload';

const principal = (roles: Principal['roles']): Principal => ({
  sub: 'staff-1',
  roles,
  regions: [],
  actsFor: [],
});

describe('actorOf', () => {
  it('takes the first allowed role the caller holds', () => {
    expect(actorOf(principal(['supervisor', 'metering-technician']), ['metering-technician', 'supervisor'])).toEqual({
      id: 'staff-1',
      role: 'metering-technician',
    });
    expect(actorOf(principal(['supervisor']), ['metering-technician', 'supervisor'])).toEqual({ id: 'staff-1', role: 'supervisor' });
  });

  it('fails closed when the caller holds none', () => {
    let error: unknown;
    try {
      actorOf(principal(['auditor']), ['metering-technician']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).extensions.code).toBe(ErrorCode.FORBIDDEN);
  });
});

describe('casePayloadOf', () => {
  const meteringCase = {
    caseId: '6f1c1b7e-3c55-4b0e-9a57-0d7c1c9b1a11',
    caseNumber: 'YK-2026-000042',
    customerId: '0b9f0e2a-7c1d-4f7e-8a53-1d2c3b4a5e6f',
    category: 'LV_RESIDENTIAL' as const,
    policyVersion: '2020-01',
  };

  it('carries what every catalog payload needs', () => {
    const payload = casePayloadOf(meteringCase, {
      id: 'tech-1',
      role: 'metering-technician',
    });
    expect(payload).toEqual({
      ...meteringCase,
      actor: { id: 'tech-1', role: 'metering-technician' },
    });
    expect(casePayload.safeParse(payload).success).toBe(true);
  });

  it('adds the next action when given', () => {
    const next = {
      role: 'metering-technician' as const,
      team: 'metering',
      description: 'Energize the supply',
    };
    expect(casePayloadOf(meteringCase, { id: 'tech-1', role: 'metering-technician' }, next).nextAction).toEqual(next);
  });
});
