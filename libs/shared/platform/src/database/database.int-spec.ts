import { Client } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { TestRun } from '@yekuo/testing';
import { openDatabase } from './database';

/** A deliberately slow migration: two instances that did not take turns would both run it and collide. */
class SlowTable1764400000000 implements MigrationInterface {
  name = 'SlowTable1764400000000';
  async up(q: QueryRunner) {
    await q.query('SELECT pg_sleep(0.5)');
    await q.query('CREATE TABLE slow_table (id int PRIMARY KEY)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE slow_table');
  }
}

describe('openDatabase', () => {
  const run = new TestRun();
  const opened: DataSource[] = [];

  afterAll(async () => {
    await Promise.all(opened.map((d) => d.destroy()));
    await run.cleanUp();
  });

  it('creates a missing database and migrates it once when two instances start together', async () => {
    const url = run.databaseUrl('race');
    const options = { url, entities: [], migrations: [SlowTable1764400000000] };
    opened.push(...(await Promise.all([openDatabase(options), openDatabase(options)])));

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const applied = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
      // TypeORM runs migrations in timestamp order, shared and service ones alike.
      expect(applied.rows.map((r) => r.name)).toEqual([
        'MessagingAndAudit1764201600000',
        'SlowTable1764400000000',
        'IdempotencyKeys1769000000000',
        'AuditAnchors1769100000000',
      ]);
      const tables = await client.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name IN ('slow_table', 'outbox_message', 'inbox_message', 'audit_record')",
      );
      expect(tables.rowCount).toBe(4);
    } finally {
      await client.end();
    }
  }, 30_000);
});
