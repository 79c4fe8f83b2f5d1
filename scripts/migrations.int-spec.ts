import { Client } from 'pg';
import { DEFAULT_PG } from '@yekuo/testing';
import {
  loadServiceDefinition,
  pendingSchemaChanges,
  SchemaDiff,
  schemaDriftOf,
  SERVICE_NAMES,
  withMigratedScratchDatabase,
} from './lib/migrations';

jest.setTimeout(120_000);

const adminUrl = `${process.env.TEST_PG_URL ?? DEFAULT_PG}/postgres`;
const upQueries = (diff: SchemaDiff) => diff.up.map((q) => q.query.trim());

/**
 * Each service's entities against its migrations, as TypeORM's schema builder (the one behind
 * `npm run migration:generate`) sees them on a fresh database migrated to the end. A failure
 * lists the SQL the entities still need: add it as a new migration (`npm run migration:generate
 * -- <service> <name>`), never by editing a committed one.
 */
describe('migrations against entities (real PostgreSQL)', () => {
  it.each(SERVICE_NAMES)('%s: a fresh database migrated to the end needs no schema change', async (service) => {
    const drift = await schemaDriftOf(service, adminUrl);
    expect({ service, pending: upQueries(drift) }).toEqual({ service, pending: [] });
    expect(drift.down).toEqual([]);
  });

  it('reports a column the entities need, a nullability they disagree on, an index they declare and an unmapped column that breaks inserts', async () => {
    const drift = await withMigratedScratchDatabase(
      await loadServiceDefinition('contracts'),
      async (dataSource) => {
        await dataSource.query('ALTER TABLE fee_payment DROP COLUMN reference');
        await dataSource.query('ALTER TABLE fee_refund ALTER COLUMN reason DROP NOT NULL');
        await dataSource.query('DROP INDEX fee_payment_invoice');
        await dataSource.query('ALTER TABLE fee_refund ADD COLUMN legacy_note text NOT NULL');
        // Not reported: a column the entity does not map but can insert around (nullable), like
        // the checks, foreign keys and partial indexes only the migrations create.
        await dataSource.query('ALTER TABLE fee_refund ADD COLUMN legacy_memo text');
        return pendingSchemaChanges(dataSource);
      },
      adminUrl,
    );
    const up = upQueries(drift);
    expect(up).toEqual(
      expect.arrayContaining([
        'ALTER TABLE "fee_payment" ADD "reference" text',
        'ALTER TABLE "fee_refund" ALTER COLUMN "reason" SET NOT NULL',
        'ALTER TABLE "fee_refund" DROP COLUMN "legacy_note"',
        expect.stringMatching(/^CREATE INDEX "fee_payment_invoice" ON "fee_payment"\s+\("invoice_id", "received_at"\)$/),
      ]),
    );
    expect(up).toHaveLength(4);
    expect(drift.down).toHaveLength(4);
  });

  it('drops its scratch database afterwards, also when the work on it fails', async () => {
    let scratch = '';
    const failing = withMigratedScratchDatabase(
      await loadServiceDefinition('metering'),
      async (dataSource) => {
        scratch = (await dataSource.query<{ name: string }[]>('SELECT current_database() AS name'))[0].name;
        throw new Error('the work failed');
      },
      adminUrl,
    );
    await expect(failing).rejects.toThrow('the work failed');
    expect(scratch).toMatch(/^yekuo_scratch_metering_[0-9a-f]{8}$/);
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [scratch])).rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
