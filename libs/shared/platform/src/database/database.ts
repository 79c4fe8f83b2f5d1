import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, MixedList, EntitySchema } from 'typeorm';
import { AuditRecord } from '../audit/audit-record.entity';
import { InboxMessage } from '../messaging/inbox-message.entity';
import { OutboxMessage } from '../messaging/outbox-message.entity';
import { MessagingAndAudit1764201600000 } from './migrations/1764201600000-messaging-and-audit';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Constructor = Function;

export interface DatabaseOptions {
  url: string;
  /** The service's own entities; the shared outbox, inbox and audit entities are added. */
  entities: Constructor[];
  /** The service's own migrations, run after the shared ones. */
  migrations: Constructor[];
  /** Pool size per process. */
  poolSize?: number;
}

/** Entities and migrations every service database carries. */
export const SHARED_ENTITIES = [OutboxMessage, InboxMessage, AuditRecord];
export const SHARED_MIGRATIONS = [MessagingAndAudit1764201600000];

const MIGRATION_LOCK = 'yekuo:migrations';

/** Creates the database named in `url` when it does not exist yet (safe when two processes race). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and underscores`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
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

/** Runs pending migrations while holding a session advisory lock, so instances that start together take turns. */
export async function runMigrations(dataSource: DataSource, logger = new Logger('database')): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Creates the database if missing, connects, and migrates. */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  await ensureDatabase(options.url);
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}
