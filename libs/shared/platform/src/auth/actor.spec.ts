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
    const act = () => actorOf(principal(['auditor']), ['approver']);
    expect(act).toThrow(ForbiddenError);
    expect(act).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: ErrorCode.FORBIDDEN }) }));
  });
});
