import { Principal, hasRole, isStaff, mayActFor } from './principal';
import { ROLES, STAFF_ROLES, isRole } from '@yekuo/events';

const principal = (roles: Principal['roles'], extra: Partial<Principal> = {}): Principal => ({
  sub: 'p1',
  roles,
  regions: [],
  actsFor: [],
  ...extra,
});

describe('roles', () => {
  it('staff are all roles but customer and agent', () => {
    expect(STAFF_ROLES).toHaveLength(ROLES.length - 2);
    expect(STAFF_ROLES).not.toContain('customer');
    expect(STAFF_ROLES).not.toContain('agent');
    expect(STAFF_ROLES).toContain('admin');
  });

  it('isRole knows only the listed roles', () => {
    expect(isRole('department-signer')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe('principal helpers', () => {
  it('hasRole matches any of the given roles', () => {
    expect(hasRole(principal(['planner']), 'surveyor', 'planner')).toBe(true);
    expect(hasRole(principal(['planner']), 'surveyor')).toBe(false);
  });

  it('isStaff is false for customers and agents', () => {
    expect(isStaff(principal(['customer']))).toBe(false);
    expect(isStaff(principal(['agent']))).toBe(false);
    expect(isStaff(principal(['auditor']))).toBe(true);
  });

  it('a customer acts only for themself', () => {
    const customer = principal(['customer'], { sub: 'c1' });
    expect(mayActFor(customer, 'c1')).toBe(true);
    expect(mayActFor(customer, 'c2')).toBe(false);
  });

  it('an agent acts only for the customers listed in actsFor', () => {
    const agent = principal(['agent'], { sub: 'a1', actsFor: ['c1'] });
    expect(mayActFor(agent, 'c1')).toBe(true);
    expect(mayActFor(agent, 'c2')).toBe(false);
    expect(mayActFor(agent, 'a1')).toBe(false);
  });

  it('staff act for any customer', () => {
    expect(mayActFor(principal(['intake-clerk']), 'c9')).toBe(true);
  });
});
