// Least privilege in PostgreSQL (decision 0015). Each service's database has two roles: the
// owner, which owns the database, its schema and every object in it and runs the migrations,
// and the runtime role the service connects as, which may only read and write rows (and of
// the append-only tables, only read and add them). Roles are cluster-wide: a superuser
// creates them once, idempotently, with `provisionDatabase` (npm start, the test kit, the
// image's `provision-database` command) or the psql script made by `provisionScript`
// (docker-compose.yml). The service itself, as the owner, grants the runtime role its rights
// after each migration run (`runtimeGrantStatements`) and refuses to start when the runtime
// role can do more (`assertRuntimeRole`).
//
// Free of NestJS and TypeORM: scripts run by tsx (npm start) use it through
// `@yekuo/platform/database-roles`.
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { credentialsOf, databaseOf, serviceRoles, urlAs } from './role-names';

export * from './role-names';
export * from './witness';

/** Tables whose rows the runtime role may read and add but never change or remove: every service's audit chain. */
export const APPEND_ONLY_TABLES: readonly string[] = ['audit_record'];

/** TypeORM's record of the migrations run: the owner's alone. */
const MIGRATIONS_TABLE = 'migrations';

/** Serialises the cluster-wide role changes of every provisioning (two sessions altering one role collide). */
const ROLES_LOCK = 'yekuo:database-roles';

/** What one service database is made of. */
export interface DatabaseRolesSpec {
  database: string;
  owner: string;
  runtime: string;
  /** Set as the role's password when given (production); development trusts local connections. */
  ownerPassword?: string;
  runtimePassword?: string;
  /** The service's own append-only tables, besides APPEND_ONLY_TABLES. */
  appendOnlyTables?: readonly string[];
}

/** A database's roles are missing or wrong; the message says what is wrong and what to run. */
export class DatabaseRolesError extends Error {
  override name = 'DatabaseRolesError';
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkName(kind: string, name: string): string {
  if (!NAME.test(name)) throw new DatabaseRolesError(`${kind} "${name}" must be lower-case letters, digits and underscores`);
  return name;
}

function checkSpec(spec: DatabaseRolesSpec): void {
  checkName('database', spec.database);
  checkName('owner role', spec.owner);
  checkName('runtime role', spec.runtime);
  for (const table of spec.appendOnlyTables ?? []) checkName('append-only table', table);
  if (spec.owner === spec.runtime) throw new DatabaseRolesError(`the owner and the runtime role are both ${spec.owner}`);
}

/**
 * Cluster-wide, as a superuser: both roles exist with LOGIN and no other attribute (not
 * superuser, no BYPASSRLS, CREATEDB, CREATEROLE or REPLICATION), their passwords are set when
 * given, and the runtime role is a member of no role, so it can never act as the owner.
 */
export function clusterStatements(spec: DatabaseRolesSpec): string[] {
  checkSpec(spec);
  const owner = escapeIdentifier(spec.owner);
  const runtime = escapeIdentifier(spec.runtime);
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
  return [
    `DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${escapeLiteral(spec.owner)}) THEN
    CREATE ROLE ${owner};
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${escapeLiteral(spec.runtime)}) THEN
    CREATE ROLE ${runtime};
  END IF;
END $$`,
    `ALTER ROLE ${owner} WITH ${attributes} INHERIT`,
    `ALTER ROLE ${runtime} WITH ${attributes} NOINHERIT`,
    ...(spec.ownerPassword === undefined ? [] : [`ALTER ROLE ${owner} WITH PASSWORD ${escapeLiteral(spec.ownerPassword)}`]),
    ...(spec.runtimePassword === undefined ? [] : [`ALTER ROLE ${runtime} WITH PASSWORD ${escapeLiteral(spec.runtimePassword)}`]),
    `DO $$
DECLARE
  m record;
BEGIN
  FOR m IN
    SELECT g.rolname AS granted, w.rolname AS grantor
    FROM pg_auth_members a
    JOIN pg_roles g ON g.oid = a.roleid
    LEFT JOIN pg_roles w ON w.oid = a.grantor
    WHERE a.member = (SELECT oid FROM pg_roles WHERE rolname = ${escapeLiteral(spec.runtime)})
  LOOP
    IF m.grantor IS NULL THEN
      EXECUTE format('REVOKE %I FROM %I', m.granted, ${escapeLiteral(spec.runtime)});
    ELSE
      EXECUTE format('REVOKE %I FROM %I GRANTED BY %I', m.granted, ${escapeLiteral(spec.runtime)}, m.grantor);
    END IF;
  END LOOP;
END $$`,
  ];
}

/** As a superuser, from any database: the owner owns the database; only the two roles (and superusers) may connect. */
export function databaseStatements(spec: DatabaseRolesSpec): string[] {
  checkSpec(spec);
  const database = escapeIdentifier(spec.database);
  const runtime = escapeIdentifier(spec.runtime);
  return [
    `ALTER DATABASE ${database} OWNER TO ${escapeIdentifier(spec.owner)}`,
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC`,
    `REVOKE ALL ON DATABASE ${database} FROM ${runtime}`,
    `GRANT CONNECT ON DATABASE ${database} TO ${runtime}`,
  ];
}

/**
 * As a superuser, inside the database: the owner owns the schema and every object in it
 * (tables, views, sequences, functions and types made earlier by another role move to it),
 * the runtime role owns nothing, may use the schema but not create in it, gets rights on what
 * the owner creates from now on, and has its rights on what exists.
 */
export function schemaStatements(spec: DatabaseRolesSpec): string[] {
  checkSpec(spec);
  const owner = escapeIdentifier(spec.owner);
  const runtime = escapeIdentifier(spec.runtime);
  const ownerName = escapeLiteral(spec.owner);
  return [
    `ALTER SCHEMA public OWNER TO ${owner}`,
    `REVOKE ALL ON SCHEMA public FROM PUBLIC`,
    `REVOKE ALL ON SCHEMA public FROM ${runtime}`,
    `REASSIGN OWNED BY ${runtime} TO ${owner}`,
    `DO $$
DECLARE
  owner_oid oid := (SELECT oid FROM pg_roles WHERE rolname = ${ownerName});
  o record;
BEGIN
  FOR o IN
    SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> owner_oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      o.name, ${ownerName});
  END LOOP;
  -- The sequences of identity and serial columns follow their table.
  FOR o IN
    SELECT c.oid::regclass AS name FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> owner_oid AND c.relkind = 'S'
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
  LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', o.name, ${ownerName});
  END LOOP;
  FOR o IN
    SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> owner_oid
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE o.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, o.name, ${ownerName});
  END LOOP;
  FOR o IN
    SELECT t.oid::regtype AS name FROM pg_type t
    WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> owner_oid
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', o.name, ${ownerName});
  END LOOP;
END $$`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${runtime}`,
    ...runtimeGrantStatements(spec.runtime, spec.appendOnlyTables),
  ];
}

/**
 * Exactly the rights the runtime role works with, on every table and sequence there is: rows
 * read, added, changed and removed; of the append-only tables only read and added; nothing on
 * the migrations table; no TRUNCATE, REFERENCES or TRIGGER; sequences used, never set. Run by
 * the owner after each migration run (new tables included) or by a superuser.
 */
export function runtimeGrantStatements(runtimeRole: string, appendOnlyTables: readonly string[] = []): string[] {
  const runtime = escapeIdentifier(checkName('runtime role', runtimeRole));
  const appendOnly = [...new Set([...APPEND_ONLY_TABLES, ...appendOnlyTables])].map((t) => checkName('append-only table', t));
  const revoke = (table: string, rights: string) =>
    `  IF to_regclass(${escapeLiteral(`public.${table}`)}) IS NOT NULL THEN
    REVOKE ${rights} ON TABLE public.${escapeIdentifier(table)} FROM ${runtime};
  END IF;`;
  return [
    `GRANT USAGE ON SCHEMA public TO ${runtime}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${runtime}`,
    `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${runtime}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${runtime}`,
    `REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA public FROM ${runtime}`,
    `DO $$
BEGIN
${[revoke(MIGRATIONS_TABLE, 'ALL'), ...appendOnly.map((t) => revoke(t, 'UPDATE, DELETE'))].join('\n')}
END $$`,
  ];
}

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Before migrating, as the owner: it owns the schema and every table, view and sequence in it.
 * Objects another role made (a database the services once used as `postgres`) move to the
 * owner only by the bootstrap, which is what the error says to run.
 */
export async function assertOwnsSchema(query: Query): Promise<void> {
  const foreign = (await query(
    `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
     ORDER BY c.relname`,
  )) as { name: string; owner: string }[];
  const [schema] = (await query(`SELECT has_schema_privilege('public', 'CREATE') AS can, current_user AS me`)) as {
    can: boolean;
    me: string;
  }[];
  const problems = [
    ...(schema.can ? [] : [`it may not create in schema public`]),
    ...(foreign.length > 0 ? [`it does not own ${foreign.map((f) => `${f.name} (${f.owner})`).join(', ')}`] : []),
  ];
  if (problems.length > 0) {
    throw new DatabaseRolesError(
      `${schema.me} cannot migrate this database: ${problems.join('; ')}. Run the database bootstrap as a superuser ` +
        '(npm start, or the image: node . provision-database with DATABASE_ADMIN_URL; README "Database roles").',
    );
  }
}

/**
 * After the grants, as the owner: the runtime role is no superuser, cannot bypass row security,
 * is not a member of the owner (directly or not) and owns nothing in this database or of the
 * cluster's databases. A service refuses to start otherwise.
 */
export async function assertRuntimeRole(query: Query, runtimeRole: string): Promise<void> {
  const [row] = (await query(
    `SELECT r.rolsuper AS super, r.rolbypassrls AS bypassrls,
       pg_has_role(r.oid, (SELECT oid FROM pg_roles WHERE rolname = current_user), 'MEMBER') AS member,
       current_user AS owner,
       (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
         + (SELECT count(*) FROM pg_type WHERE typowner = r.oid) + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
         + (SELECT count(*) FROM pg_database WHERE datdba = r.oid) AS owned
     FROM pg_roles r WHERE r.rolname = $1`,
    [runtimeRole],
  )) as { super: boolean; bypassrls: boolean; member: boolean; owner: string; owned: string }[];
  if (!row)
    throw new DatabaseRolesError(`the runtime role ${runtimeRole} does not exist; run the database bootstrap (README "Database roles")`);
  const problems = [
    ...(row.super ? ['is a superuser'] : []),
    ...(row.bypassrls ? ['bypasses row-level security'] : []),
    ...(!row.super && row.member ? [`is a member of ${row.owner}`] : []),
    ...(Number(row.owned) > 0 ? [`owns ${row.owned} objects`] : []),
  ];
  if (problems.length > 0) {
    throw new DatabaseRolesError(
      `the runtime role ${runtimeRole} ${problems.join(', ')}; a service connects only as a role that can read and write rows ` +
        '(run the database bootstrap; README "Database roles")',
    );
  }
}

/** `url` on another database of the same server, as the same role. */
export function urlOnDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function inTransaction(client: Client, statements: string[], lock: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The bootstrap, as a superuser (`adminUrl`, any database of the server): the roles, the
 * database (created when missing, owned by the owner) and its schema, rights and ownership as
 * the statements above say. Idempotent; safe when several run at once.
 */
export async function provisionDatabase(adminUrl: string, spec: DatabaseRolesSpec): Promise<{ created: boolean }> {
  checkSpec(spec);
  let created = false;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await inTransaction(admin, clusterStatements(spec), ROLES_LOCK);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [spec.database]);
    if (exists.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE ${escapeIdentifier(spec.database)} OWNER ${escapeIdentifier(spec.owner)}`);
        created = true;
      } catch (error) {
        // 42P04: created meanwhile; 23505: the same race seen on the catalog's unique index.
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
    await inTransaction(admin, databaseStatements(spec), ROLES_LOCK);
  } finally {
    await admin.end();
  }
  const inside = new Client({ connectionString: urlOnDatabase(adminUrl, spec.database) });
  await inside.connect();
  try {
    await inTransaction(inside, schemaStatements(spec), ROLES_LOCK);
  } finally {
    await inside.end();
  }
  return { created };
}

/** The bootstrap for a service that will connect with `url` and migrate with `ownerUrl` (their roles and passwords). */
export async function provisionForUrls(
  adminUrl: string,
  urls: { url: string; ownerUrl: string; appendOnlyTables?: readonly string[] },
): Promise<{ created: boolean; spec: DatabaseRolesSpec }> {
  const runtime = credentialsOf(urls.url);
  const owner = credentialsOf(urls.ownerUrl);
  if (!runtime.role || !owner.role) throw new DatabaseRolesError('DATABASE_URL and DATABASE_OWNER_URL must each name their role');
  if (databaseOf(urls.url) !== databaseOf(urls.ownerUrl)) {
    throw new DatabaseRolesError(
      `DATABASE_URL and DATABASE_OWNER_URL name different databases (${databaseOf(urls.url)}, ${databaseOf(urls.ownerUrl)})`,
    );
  }
  const spec: DatabaseRolesSpec = {
    database: decodeURIComponent(new URL(urls.url).pathname.slice(1)),
    owner: owner.role,
    runtime: runtime.role,
    ownerPassword: owner.password,
    runtimePassword: runtime.password,
    appendOnlyTables: urls.appendOnlyTables,
  };
  return { ...(await provisionDatabase(adminUrl, spec)), spec };
}

/** A service database made by `prepareServiceDatabase`: the URLs its service connects and migrates with. */
export interface PreparedDatabase {
  database: string;
  /** DATABASE_URL: the runtime role `yekuo_<service>_app`. */
  url: string;
  /** DATABASE_OWNER_URL: the owner role `yekuo_<service>_owner`. */
  ownerUrl: string;
  created: boolean;
}

/**
 * The bootstrap of one service's database on a development server reached with `adminUrl`:
 * its roles, the database (`yekuo_<service>` unless named), and the URLs to use, on the same
 * server without passwords (trust authentication). Used by npm start and the test kit.
 */
export async function prepareServiceDatabase(adminUrl: string, service: string, database = `yekuo_${service}`): Promise<PreparedDatabase> {
  const roles = serviceRoles(service);
  const { created } = await provisionDatabase(adminUrl, { database, owner: roles.owner, runtime: roles.runtime });
  const on = urlOnDatabase(adminUrl, database);
  return { database, url: urlAs(on, roles.runtime), ownerUrl: urlAs(on, roles.owner), created };
}

/**
 * The bootstrap as one psql script (`psql -v ON_ERROR_STOP=1 -f ...` as a superuser, connected
 * to `adminDatabase`): the same statements as `provisionDatabase`, for docker-compose.yml.
 */
export function provisionScript(specs: DatabaseRolesSpec[], adminDatabase = 'postgres'): string {
  const block = (statements: string[]) => statements.map((s) => `${s};`).join('\n');
  const parts = specs.map((spec) => {
    const created = `SELECT format('CREATE DATABASE %I OWNER %I', ${escapeLiteral(spec.database)}, ${escapeLiteral(spec.owner)})
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = ${escapeLiteral(spec.database)}) \\gexec`;
    return [
      `-- ${spec.database}: owned by ${spec.owner}, used by ${spec.runtime}`,
      'BEGIN;',
      block(clusterStatements(spec)),
      'COMMIT;',
      created,
      'BEGIN;',
      block(databaseStatements(spec)),
      'COMMIT;',
      `\\connect ${spec.database}`,
      'BEGIN;',
      block(schemaStatements(spec)),
      'COMMIT;',
      `\\connect ${adminDatabase}`,
    ].join('\n');
  });
  return `${['\\set ON_ERROR_STOP on', ...parts].join('\n\n')}\n`;
}
