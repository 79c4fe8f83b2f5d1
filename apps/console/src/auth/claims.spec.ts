import { yekuoClaims } from './claims';

describe('yekuoClaims (the console reads a provider token as the services do)', () => {
  const base = { sub: 'p-1', exp: 1 };

  it('leaves a token as it is without a mapping', () => {
    const payload = { ...base, roles: ['planner'] };
    expect(yekuoClaims(payload, undefined)).toBe(payload);
  });

  it('reads mapped claims from their dot paths, a claim named with dots first, and the others under their own names', () => {
    const payload = {
      ...base,
      realm_access: { roles: ['yk-clerk', 'offline_access'] },
      'https://yekuo.example/team': 'front-desk',
      preferred_username: 'li.na',
      regions: ['310104'],
    };
    const mapping = {
      roles: 'realm_access.roles',
      team: 'https://yekuo.example/team',
      name: 'preferred_username',
      roleNames: { 'yk-clerk': 'intake-clerk' },
    };
    expect(yekuoClaims(payload, mapping)).toMatchObject({
      roles: ['intake-clerk'],
      team: 'front-desk',
      name: 'li.na',
      regions: ['310104'],
    });
  });

  it('finds nothing where a path leads nowhere, and never an inherited property', () => {
    const payload = { ...base, org: { team: 'planning' } };
    expect(yekuoClaims(payload, { team: 'org.unit' }).team).toBeUndefined();
    expect(yekuoClaims(payload, { team: 'org.team.length' }).team).toBeUndefined();
    expect(yekuoClaims(payload, { name: 'constructor.name' }).name).toBeUndefined();
  });

  it("drops the provider's roles that roleNames does not name", () => {
    expect(yekuoClaims({ ...base, roles: ['admin', 'yk-clerk'] }, { roleNames: { 'yk-clerk': 'intake-clerk' } }).roles).toEqual([
      'intake-clerk',
    ]);
  });
});
