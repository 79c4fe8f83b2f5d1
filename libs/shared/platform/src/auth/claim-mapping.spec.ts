import { ConfigError, loadConfig, serviceConfigSchema } from '../config';
import { mapClaims } from './claim-mapping';

describe('mapClaims', () => {
  const base = { sub: 'p-1', iss: 'https://login.example.test', exp: 1 };

  it('leaves a token as it is without a mapping (Yekuo claim names)', () => {
    const payload = { ...base, roles: ['planner'], team: 'planning' };
    expect(mapClaims(payload, undefined)).toBe(payload);
  });

  it('reads each mapped claim from its dot path, and the others under their own names', () => {
    const payload = {
      ...base,
      realm_access: { roles: ['planner'] },
      org: { unit: { team: 'planning' } },
      regions: ['310104'],
      preferred_username: 'li.wei',
    };
    expect(mapClaims(payload, { roles: 'realm_access.roles', team: 'org.unit.team', name: 'preferred_username' })).toEqual({
      ...payload,
      roles: ['planner'],
      team: 'planning',
      name: 'li.wei',
    });
  });

  it('takes a claim whose own name holds dots (a namespaced URL) before a dot path', () => {
    const payload = { ...base, 'https://yekuo.example/roles': ['surveyor'], https: { roles: ['admin'] } };
    expect(mapClaims(payload, { roles: 'https://yekuo.example/roles' }).roles).toEqual(['surveyor']);
  });

  it('finds nothing where the path leads nowhere, and never reads inherited properties', () => {
    const payload = { ...base, roles: ['planner'], realm_access: { roles: 'planner' } };
    expect(mapClaims(payload, { roles: 'realm_access.roles.0' }).roles).toBeUndefined();
    expect(mapClaims(payload, { team: 'realm_access.missing' }).team).toBeUndefined();
    expect(mapClaims(payload, { team: 'constructor.name' }).team).toBeUndefined();
    expect(mapClaims(payload, { team: '__proto__' }).team).toBeUndefined();
  });

  it("keeps only the provider's roles roleNames names, as Yekuo's, once each", () => {
    const payload = { ...base, groups: ['yk-clerk', 'yk-front-desk-clerk', 'admin', 'offline_access', 7] };
    const mapping = { roles: 'groups', roleNames: { 'yk-clerk': 'intake-clerk', 'yk-front-desk-clerk': 'intake-clerk' } } as const;
    expect(mapClaims(payload, mapping).roles).toEqual(['intake-clerk']);
    expect(mapClaims({ ...base, groups: ['admin'] }, mapping).roles).toEqual([]);
  });
});

describe('JWT_CLAIMS', () => {
  const schema = serviceConfigSchema('intake', 4001);
  const problemsOf = (value: string) => {
    try {
      loadConfig(schema, { JWT_CLAIMS: value });
    } catch (error) {
      return (error as ConfigError).problems;
    }
    throw new Error(`JWT_CLAIMS=${value} was accepted`);
  };

  it('is read as JSON into the mapping, and is absent by default', () => {
    expect(loadConfig(schema, {}).JWT_CLAIMS).toBeUndefined();
    const value = '{"roles": "realm_access.roles", "actsFor": "yekuo.acts_for", "roleNames": {"yk-clerk": "intake-clerk"}}';
    expect(loadConfig(schema, { JWT_CLAIMS: value }).JWT_CLAIMS).toEqual({
      roles: 'realm_access.roles',
      actsFor: 'yekuo.acts_for',
      roleNames: { 'yk-clerk': 'intake-clerk' },
    });
  });

  it('fails the boot on text that is not JSON, naming the variable', () => {
    expect(problemsOf('roles=realm_access.roles')).toEqual([
      { variable: 'JWT_CLAIMS', message: expect.stringMatching(/^is not JSON/) as unknown },
    ]);
  });

  it('fails the boot on a key that is no Yekuo claim, an empty path segment, or a role that is not Yekuo’s', () => {
    expect(problemsOf('{"role": "groups", "team": "org..team", "roleNames": {"yk-root": "root"}}')).toEqual([
      { variable: 'JWT_CLAIMS', message: 'team: expected a claim name or a dot path, e.g. realm_access.roles' },
      {
        variable: 'JWT_CLAIMS',
        message: expect.stringMatching(/^roleNames\.yk-root: Invalid option: expected one of "customer"/) as unknown,
      },
      {
        variable: 'JWT_CLAIMS',
        message: '"role" is no Yekuo claim (mappable: roles, name, team, regions, department, actsFor, and roleNames)',
      },
    ]);
  });
});
