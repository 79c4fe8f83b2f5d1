import { ForbiddenError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { actorOf } from './actor';
import type { Principal } from './principal';

const principal = (roles: Principal['roles']): Principal => ({ sub: 'staff-1', roles, regions: [], actsFor: [] });

describe('actorOf', () => {
  it('takes the first allowed role the caller holds', () => {
    expect(actorOf(principal(['planner', 'surveyor']), ['surveyor', 'planner'])).toEqual({ id: 'staff-1', role: 'surveyor' });
    expect(actorOf(principal(['planner']), ['surveyor', 'planner'])).toEqual({ id: 'staff-1', role: 'planner' });
  });

  it('fails closed when the caller holds none', () => {
    expect(() => actorOf(principal(['auditor']), ['approver'])).toThrow(ForbiddenError);
    try {
      actorOf(principal(['auditor']), ['approver']);
    } catch (e) {
      expect((e as ForbiddenError).extensions.code).toBe(ErrorCode.FORBIDDEN);
    }
  });
});
