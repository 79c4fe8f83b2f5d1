import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, MixedList, EntitySchema } from 'typeorm';
import { AuditRecord } from '../audit/audit-record.entity';
import { InboxMessage } from '../messaging/inbox-message.entity';
import { OutboxMessage } from '../messaging/outbox-message.entity';
import { MessagingAndAudit1764201600000 } from './migrations/1764201600000-messaging-and-audit';
import { IdempotencyKeys1769000000000 } from './migrations/1769000000000-idempotency-keys';
import { AuditAnchors1769100000000 } from './migrations/1769100000000-audit-anchors';
import { assertOwnsSchema, assertRuntimeRole, DatabaseRolesError, runtimeGrantStatements } from './roles';
import { credentialsOf } from './role-names';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Constructor = Function;

export interface DatabaseOptions {
  /** What the service connects as: its runtime role (decision 0015). */
  url: string;
  /**
   * The owner role that runs the migrations and then grants the runtime role its rights;
   * when absent or the same role as `url`, `url` migrates (one role, as scratch databases do).
   */
  ownerUrl?: string;
  /** The service's own append-only tables (the audit chain's always is): the runtime role may only read and add rows. */
  appendOnlyTables?: readonly string[];
  /** The service's own entities; the shared outbox, inbox and audit entities are added. */
  entities: Constructor[];
  /** The service's own migrations, run after the shared ones. */
  migrations: Constructor[];
  /** Pool size per process. */
  poolSize?: number;
}

/** Entities and migrations every service database carries. */
export const SHARED_ENTITIES = [OutboxMessage, InboxMessage, AuditRecord];
export const SHARED_MIGRATIONS = [MessagingAndAudit1764201600000, IdempotencyKeys1769000000000, AuditAnchors1769100000000];

const MIGRATION_LOCK = 'yekuo:migrations';

/** Creates the database named in `url` when it does not exist yet (safe when two processes race). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and underscores`);
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    // 3D000: no such database; 28000: no such role (or not allowed in); anything else is for the caller to hear.
    const code = (error as { code?: string }).code;
    if (code === '28000') {
      throw new DatabaseRolesError(
        `${(error as Error).message}: run the database bootstrap as a superuser (npm start, or the image: node . provision-database; README "Database roles")`,
      );
    }
    if (code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // 42501: a role that may not create databases (an owner role: the bootstrap creates its database).
        if (error.code === '42501') {
          throw new DatabaseRolesError(
            `database "${name}" does not exist and ${credentialsOf(url).role ?? 'this role'} may not create it; ` +
              'run the database bootstrap as a superuser (npm start, or the image: node . provision-database; README "Database roles")',
          );
        }
        // 42P04: created meanwhile by another instance; 23505: the same race seen on the catalog's unique index.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: [...SHARED_ENTITIES, ...options.entities] as MixedList<Constructor | string | EntitySchema>,
    migrations: [...SHARED_MIGRATIONS, ...options.migrations] as MixedList<Constructor | string>,
    synchronize: false,
    migrationsRun: false,
    extra: { max: options.poolSize ?? 10 },
  });
}

/** Who may do what once the owner has migrated (decision 0015). */
export interface RuntimeGrants {
  runtimeRole: string;
  appendOnlyTables?: readonly string[];
}

/**
 * Runs pending migrations while holding a session advisory lock, so instances that start together
 * take turns. With `grants`, the data source is the owner's: it must own the schema, and after
 * migrating it grants the runtime role its rights on every table (new ones included) and checks
 * the runtime role can do no more.
 */
export async function runMigrations(dataSource: DataSource, logger = new Logger('database'), grants?: RuntimeGrants): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATION_LOCK]);
    const query = (sql: string, parameters?: unknown[]) => runner.query(sql, parameters) as Promise<unknown>;
    if (grants) await assertOwnsSchema(query);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    if (grants) {
      for (const statement of runtimeGrantStatements(grants.runtimeRole, grants.appendOnlyTables)) await runner.query(statement);
      await assertRuntimeRole(query, grants.runtimeRole);
    }
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Creates the database if missing (as the role migrating, if it may), migrates it and connects.
 * With an owner role other than `url`'s, the owner migrates and grants over a connection of its
 * own, closed before the service's pool (its runtime role) opens.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const runtimeRole = credentialsOf(options.url).role;
  const ownerRole = options.ownerUrl ? credentialsOf(options.ownerUrl).role : undefined;
  if (!options.ownerUrl || ownerRole === runtimeRole) {
    await ensureDatabase(options.url);
    const dataSource = createDataSource(options);
    await dataSource.initialize();
    await runMigrations(dataSource);
    return dataSource;
  }
  if (!runtimeRole) throw new DatabaseRolesError('the database URL must name the runtime role the service connects as');
  await ensureDatabase(options.ownerUrl);
  // Two connections: the migration lock is held on one while TypeORM migrates on the other.
  const owner = createDataSource({ ...options, url: options.ownerUrl, poolSize: 2 });
  await owner.initialize();
  try {
    await runMigrations(owner, undefined, { runtimeRole, appendOnlyTables: options.appendOnlyTables });
  } finally {
    await owner.destroy();
  }
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  return dataSource;
}
