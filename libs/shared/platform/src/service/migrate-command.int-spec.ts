import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { TestRun } from '@yekuo/testing';
import { loadConfig, serviceConfigSchema } from '../config';
import { serviceRoles, urlAs } from '../database/role-names';
import { migrateServiceDatabase, provisionServiceDatabase } from './bootstrap';
import { ServiceDefinition } from './service-definition';

class ProbeLedger1764500000001 implements MigrationInterface {
  name = 'ProbeLedger1764500000001';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE probe_ledger (id int PRIMARY KEY, entry text NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE probe_ledger');
  }
}

// Roles of its own, so that no real service's roles are touched.
const SERVICE = 'migrateprobe';
const ROLES = serviceRoles(SERVICE);
const definition: ServiceDefinition = { name: SERVICE, defaultPort: 0, entities: [], migrations: [ProbeLedger1764500000001] };

async function query<T>(url: string, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows as T[];
  } finally {
    await client.end();
  }
}

// The two steps of the migrate Job of deploy/k8s, in its order: `node . provision-database` as the superuser,
// then `node . migrate` as the owner, before any instance of the service starts.
describe('the provision-database and migrate commands (real PostgreSQL)', () => {
  const run = new TestRun();
  const adminDatabase = run.databaseUrl(SERVICE);
  const config = loadConfig(serviceConfigSchema(SERVICE, 0), {
    DATABASE_ADMIN_URL: `${run.pgUrl}/postgres`,
    DATABASE_URL: urlAs(adminDatabase, ROLES.runtime),
    DATABASE_OWNER_URL: urlAs(adminDatabase, ROLES.owner),
    WITNESS_DATABASE_URL: run.witnessUrl(SERVICE),
  });
  const database = new URL(adminDatabase).pathname.slice(1);
  const migrated = `database ${new URL(adminDatabase).host}/${database} migrated as ${ROLES.owner}`;

  afterAll(() => run.cleanUp(), 30_000);

  it('refuses to migrate a database the bootstrap has not made, and says to run it', async () => {
    await expect(migrateServiceDatabase(definition, config)).rejects.toThrow(/run the database bootstrap as a superuser/);
  });

  it('migrates as the owner after the bootstrap, grants the runtime role its rows, and finds nothing to do the second time', async () => {
    await expect(provisionServiceDatabase(definition, config)).resolves.toMatch(new RegExp(`^database ${database} created`));
    await expect(migrateServiceDatabase(definition, config)).resolves.toBe(migrated);

    const applied = await query<{ name: string }>(adminDatabase, 'SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toContain('ProbeLedger1764500000001');
    expect(await query(adminDatabase, "SELECT tableowner FROM pg_tables WHERE tablename = 'probe_ledger'")).toEqual([
      { tableowner: ROLES.owner },
    ]);
    const rights = await query<Record<string, boolean>>(
      adminDatabase,
      `SELECT has_table_privilege($1, 'probe_ledger', 'INSERT') AS insert_ledger,
              has_table_privilege($1, 'audit_record', 'UPDATE') AS update_audit,
              has_table_privilege($1, 'migrations', 'SELECT') AS read_migrations`,
      [ROLES.runtime],
    );
    expect(rights).toEqual([{ insert_ledger: true, update_audit: false, read_migrations: false }]);

    await expect(migrateServiceDatabase(definition, config)).resolves.toBe(migrated);
    expect(await query(adminDatabase, 'SELECT name FROM migrations ORDER BY id')).toEqual(applied);
  });
});
