// The audit witness (decision 0016): a database of its own, apart from every service's, where each
// service keeps the signed heads of its audit chains. It is owned by `yekuo_witness_owner` (no
// login); each service writes through its own login `yekuo_witness_<service>`, which may add and
// read its own service's anchors only (row-level security) and never change or remove one (no
// grant, and a trigger as well). A service's own database roles cannot even connect to it. Made
// idempotently by a superuser with `provisionWitness` (npm start, the test kit, the image's
// `provision-database`) or the psql script of `witnessScript` (docker-compose.yml).
//
// Free of NestJS and TypeORM, like roles.ts.
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { credentialsOf, WITNESS_OWNER } from './role-names';

/** One service's writer: its login and, in production, the password its URL carries. */
export interface WitnessWriter {
  service: string;
  role: string;
  password?: string;
}

export interface WitnessSpec {
  database: string;
  writers: WitnessWriter[];
}

const WITNESS_LOCK = 'yekuo:witness';

/** Cluster-wide, as a superuser: the owner (no login) and each writer (a plain login, member of no role). */
export function witnessClusterStatements(spec: WitnessSpec): string[] {
  const roles = [WITNESS_OWNER, ...spec.writers.map((w) => w.role)];
  return [
    `DO $$
BEGIN
${roles.map((role) => `  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${escapeLiteral(role)}) THEN CREATE ROLE ${escapeIdentifier(role)}; END IF;`).join('\n')}
END $$`,
    `ALTER ROLE ${escapeIdentifier(WITNESS_OWNER)} WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
    ...spec.writers.flatMap((w) => [
      `ALTER ROLE ${escapeIdentifier(w.role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT`,
      ...(w.password === undefined ? [] : [`ALTER ROLE ${escapeIdentifier(w.role)} WITH PASSWORD ${escapeLiteral(w.password)}`]),
    ]),
  ];
}

/** As a superuser: the witness owner owns the database; only the writers (and superusers) may connect. */
export function witnessDatabaseStatements(spec: WitnessSpec): string[] {
  const database = escapeIdentifier(spec.database);
  return [
    `ALTER DATABASE ${database} OWNER TO ${escapeIdentifier(WITNESS_OWNER)}`,
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC`,
    ...spec.writers.map((w) => `GRANT CONNECT ON DATABASE ${database} TO ${escapeIdentifier(w.role)}`),
  ];
}

/**
 * As a superuser, inside the witness database: the `audit_anchor` table (one row per anchored
 * chain head), owned by the witness owner, append-only by trigger, each writer seeing and adding
 * only the rows of its own service (`yekuo_witness_<service>` writes `service = '<service>'`).
 */
export function witnessSchemaStatements(spec: WitnessSpec): string[] {
  const owner = escapeIdentifier(WITNESS_OWNER);
  return [
    `ALTER SCHEMA public OWNER TO ${owner}`,
    `REVOKE ALL ON SCHEMA public FROM PUBLIC`,
    `CREATE TABLE IF NOT EXISTS audit_anchor (
  service text NOT NULL,
  anchor_no bigint NOT NULL,
  anchored_at timestamptz NOT NULL,
  case_id uuid NOT NULL,
  seq int NOT NULL,
  hash text NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL,
  written_by name NOT NULL DEFAULT current_user,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service, anchor_no, case_id)
)`,
    `CREATE INDEX IF NOT EXISTS audit_anchor_case ON audit_anchor (service, case_id, seq)`,
    `CREATE OR REPLACE FUNCTION audit_anchor_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_anchor is append-only (% refused)', TG_OP;
END $$`,
    `CREATE OR REPLACE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON audit_anchor
FOR EACH ROW EXECUTE FUNCTION audit_anchor_is_append_only()`,
    `CREATE OR REPLACE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
FOR EACH STATEMENT EXECUTE FUNCTION audit_anchor_is_append_only()`,
    `ALTER TABLE audit_anchor OWNER TO ${owner}`,
    `ALTER FUNCTION audit_anchor_is_append_only() OWNER TO ${owner}`,
    `ALTER TABLE audit_anchor ENABLE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS own_service ON audit_anchor`,
    `CREATE POLICY own_service ON audit_anchor USING (current_user = 'yekuo_witness_' || service) WITH CHECK (current_user = 'yekuo_witness_' || service AND written_by = current_user)`,
    `REVOKE ALL ON TABLE audit_anchor FROM PUBLIC`,
    ...spec.writers.flatMap((w) => [
      `GRANT USAGE ON SCHEMA public TO ${escapeIdentifier(w.role)}`,
      `REVOKE ALL ON TABLE audit_anchor FROM ${escapeIdentifier(w.role)}`,
      `GRANT SELECT, INSERT ON TABLE audit_anchor TO ${escapeIdentifier(w.role)}`,
    ]),
  ];
}

async function inTransaction(client: Client, statements: string[]): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [WITNESS_LOCK]);
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** `url` on another database of the same server, as the same role. */
function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * The witness bootstrap, as a superuser (`adminUrl`, any database of the server): the owner, the
 * writers (passwords set when given), the database (created when missing) and its table, rights
 * and policy. Idempotent; safe when several run at once.
 */
export async function provisionWitness(adminUrl: string, spec: WitnessSpec): Promise<{ created: boolean }> {
  let created = false;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await inTransaction(admin, witnessClusterStatements(spec));
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [spec.database]);
    if (exists.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE ${escapeIdentifier(spec.database)} OWNER ${escapeIdentifier(WITNESS_OWNER)}`);
        created = true;
      } catch (error) {
        // 42P04: created meanwhile; 23505: the same race seen on the catalog's unique index.
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
    await inTransaction(admin, witnessDatabaseStatements(spec));
  } finally {
    await admin.end();
  }
  const inside = new Client({ connectionString: onDatabase(adminUrl, spec.database) });
  await inside.connect();
  try {
    await inTransaction(inside, witnessSchemaStatements(spec));
  } finally {
    await inside.end();
  }
  return { created };
}

/** The witness bootstrap for the service that writes through `witnessUrl` (its role, password and database). */
export function provisionWitnessForUrl(adminUrl: string, service: string, witnessUrl: string): Promise<{ created: boolean }> {
  const { role, password } = credentialsOf(witnessUrl);
  if (!role) throw new Error('WITNESS_DATABASE_URL must name the role the service writes its anchors as');
  const database = decodeURIComponent(new URL(witnessUrl).pathname.slice(1));
  return provisionWitness(adminUrl, { database, writers: [{ service, role, password }] });
}

/** The witness bootstrap as a psql block (after the services' blocks of `provisionScript`), for docker-compose.yml. */
export function witnessScript(spec: WitnessSpec, adminDatabase = 'postgres'): string {
  const block = (statements: string[]) => statements.map((s) => `${s};`).join('\n');
  return `${[
    `-- ${spec.database}: the audit witness, owned by ${WITNESS_OWNER}, written by ${spec.writers.map((w) => w.role).join(', ')}`,
    'BEGIN;',
    block(witnessClusterStatements(spec)),
    'COMMIT;',
    `SELECT format('CREATE DATABASE %I OWNER %I', ${escapeLiteral(spec.database)}, ${escapeLiteral(WITNESS_OWNER)})
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = ${escapeLiteral(spec.database)}) \\gexec`,
    'BEGIN;',
    block(witnessDatabaseStatements(spec)),
    'COMMIT;',
    `\\connect ${spec.database}`,
    'BEGIN;',
    block(witnessSchemaStatements(spec)),
    'COMMIT;',
    `\\connect ${adminDatabase}`,
  ].join('\n')}\n`;
}
