import { clusterStatements, provisionScript, runtimeGrantStatements, schemaStatements } from './roles';
import { credentialsOf, databaseOf, serviceRoles, urlAs } from './role-names';

describe('database roles', () => {
  const spec = { database: 'yekuo_contracts', ...serviceRoles('contracts') };

  it('names a service’s roles yekuo_<service>_owner and yekuo_<service>_app', () => {
    expect(serviceRoles('contracts')).toEqual({ owner: 'yekuo_contracts_owner', runtime: 'yekuo_contracts_app' });
    expect(() => serviceRoles('Contracts; DROP')).toThrow(/not a service name/);
  });

  it('reads and replaces the role of a URL, keeping its server, database and options', () => {
    const url = 'postgres://yekuo_contracts_app:p%40ss@db:6432/yekuo_contracts?sslmode=require';
    expect(credentialsOf(url)).toEqual({ role: 'yekuo_contracts_app', password: 'p@ss' });
    expect(urlAs(url, 'yekuo_contracts_owner')).toBe('postgres://yekuo_contracts_owner@db:6432/yekuo_contracts?sslmode=require');
    expect(urlAs(url, 'yekuo_contracts_owner', "it's")).toBe(
      "postgres://yekuo_contracts_owner:it's@db:6432/yekuo_contracts?sslmode=require",
    );
    expect(databaseOf(url)).toBe('db:6432/yekuo_contracts');
    expect(databaseOf('postgres://127.0.0.1/yekuo_intake')).toBe('127.0.0.1:5432/yekuo_intake');
  });

  it('creates the roles as plain logins and sets a password only when given, quoted', () => {
    const [create, owner, runtime, ...rest] = clusterStatements(spec);
    expect(create).toContain('CREATE ROLE "yekuo_contracts_owner"');
    expect(owner).toBe(
      'ALTER ROLE "yekuo_contracts_owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT',
    );
    expect(runtime).toBe(
      'ALTER ROLE "yekuo_contracts_app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT',
    );
    expect(rest.filter((s) => s.includes('PASSWORD'))).toEqual([]);
    const withPasswords = clusterStatements({ ...spec, ownerPassword: "o'wner", runtimePassword: 'app' });
    expect(withPasswords.filter((s) => s.includes('PASSWORD'))).toEqual([
      `ALTER ROLE "yekuo_contracts_owner" WITH PASSWORD 'o''wner'`,
      `ALTER ROLE "yekuo_contracts_app" WITH PASSWORD 'app'`,
    ]);
  });

  it('refuses names it would have to quote, and one role for both', () => {
    expect(() => clusterStatements({ ...spec, runtime: 'App"; DROP ROLE postgres; --' })).toThrow(/runtime role .* must be lower-case/);
    expect(() => schemaStatements({ ...spec, runtime: spec.owner })).toThrow(/both yekuo_contracts_owner/);
    expect(() => runtimeGrantStatements('yekuo_contracts_app', ['contract document'])).toThrow(/append-only table/);
  });

  it('grants the runtime role rows only, and of the audit chain and the service’s append-only tables only reading and adding', () => {
    const statements = runtimeGrantStatements('yekuo_contracts_app', ['contract_document']).join('\n');
    expect(statements).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "yekuo_contracts_app"');
    expect(statements).toContain('REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM "yekuo_contracts_app"');
    expect(statements).toContain('REVOKE ALL ON TABLE public."migrations" FROM "yekuo_contracts_app"');
    expect(statements).toContain('REVOKE UPDATE, DELETE ON TABLE public."audit_record" FROM "yekuo_contracts_app"');
    expect(statements).toContain('REVOKE UPDATE, DELETE ON TABLE public."contract_document" FROM "yekuo_contracts_app"');
  });

  it('writes the bootstrap as one psql script: roles, the database when missing, then inside it', () => {
    const script = provisionScript([spec]);
    expect(script.startsWith('\\set ON_ERROR_STOP on\n')).toBe(true);
    expect(script).toContain(
      "SELECT format('CREATE DATABASE %I OWNER %I', 'yekuo_contracts', 'yekuo_contracts_owner')\nWHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'yekuo_contracts') \\gexec",
    );
    expect(script.indexOf('CREATE ROLE')).toBeLessThan(script.indexOf('CREATE DATABASE'));
    expect(script.indexOf('\\connect yekuo_contracts')).toBeLessThan(
      script.indexOf('ALTER SCHEMA public OWNER TO "yekuo_contracts_owner";'),
    );
    expect(script.trimEnd().endsWith('\\connect postgres')).toBe(true);
  });
});
