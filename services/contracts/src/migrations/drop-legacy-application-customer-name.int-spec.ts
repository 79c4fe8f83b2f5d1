import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase } from '@yekuo/platform';
import { TestRun } from '@yekuo/testing';
import { contractsService } from '../contracts.service-definition';
import { ContractsTables1764500000000 } from './1764500000000-contracts-tables';
import { ContractDocumentsAndWithdrawal1765000000000 } from './1765000000000-contract-documents-and-withdrawal';
import { DropLegacyApplicationCustomerName1766000000000 } from './1766000000000-drop-legacy-application-customer-name';

jest.setTimeout(60_000);

const BEFORE = [ContractsTables1764500000000, ContractDocumentsAndWithdrawal1765000000000];

/** A database migrated before the customer's name was taken out of contracts_application loses the column, and only it. */
describe('contracts migration DropLegacyApplicationCustomerName (real PostgreSQL)', () => {
  const run = new TestRun();
  const sources: DataSource[] = [];

  const open = async (url: string, migrations: (typeof ContractsTables1764500000000)[]) => {
    const dataSource = createDataSource({ url, entities: [], migrations });
    sources.push(dataSource);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  };

  const columnsOf = async (dataSource: DataSource, table: string) =>
    (
      await dataSource.query<{ column_name: string }[]>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [table],
      )
    ).map((c) => c.column_name);

  afterAll(async () => {
    for (const dataSource of sources) if (dataSource.isInitialized) await dataSource.destroy();
    await run.cleanUp();
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('is among the migrations contracts boots with, after the one that once created the column', () => {
    const names = contractsService.migrations.map((m) => m.name);
    expect(names).toContain('ContractDocumentsAndWithdrawal1765000000000');
    expect(names.indexOf('DropLegacyApplicationCustomerName1766000000000')).toBeGreaterThan(
      names.indexOf('ContractDocumentsAndWithdrawal1765000000000'),
    );
  });

  it('drops the customer_name an old database still holds and keeps every other fact', async () => {
    const url = run.databaseUrl('contracts_legacy_name');
    await ensureDatabase(url);
    const old = await open(url, BEFORE);
    // As the first version of ContractDocumentsAndWithdrawal1765000000000 created it.
    await old.query('ALTER TABLE contracts_application ADD COLUMN customer_name text');
    const caseId = randomUUID();
    await old.query(
      `INSERT INTO contracts_application (case_id, business_type, region_code, customer_name, event_id, recorded_at)
       VALUES ($1, 'NEW_CONNECTION', '310104', '陈一', 'event-1', '2026-03-02T09:00:00Z')`,
      [caseId],
    );
    expect(await columnsOf(old, 'contracts_application')).toContain('customer_name');
    await old.destroy();

    const migrated = await open(url, [...BEFORE, DropLegacyApplicationCustomerName1766000000000]);
    expect(await columnsOf(migrated, 'contracts_application')).toEqual([
      'business_type',
      'case_id',
      'event_id',
      'recorded_at',
      'region_code',
    ]);
    expect(await migrated.query('SELECT case_id, business_type, region_code, event_id FROM contracts_application')).toEqual([
      { case_id: caseId, business_type: 'NEW_CONNECTION', region_code: '310104', event_id: 'event-1' },
    ]);
    expect(await migrated.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1')).toEqual([
      { name: 'DropLegacyApplicationCustomerName1766000000000' },
    ]);

    // Reverting it does not bring the personal data back.
    await migrated.undoLastMigration({ transaction: 'each' });
    expect(await columnsOf(migrated, 'contracts_application')).not.toContain('customer_name');
  });

  it('runs on a database that never had the column', async () => {
    const url = run.databaseUrl('contracts_fresh_name');
    await ensureDatabase(url);
    const fresh = await open(url, [...BEFORE, DropLegacyApplicationCustomerName1766000000000]);
    expect(await columnsOf(fresh, 'contracts_application')).toEqual(['business_type', 'case_id', 'event_id', 'recorded_at', 'region_code']);
    const applied = await fresh.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY "timestamp"');
    // Both ran, in this order; the shared migrations with later timestamps follow them.
    const ours = ['ContractDocumentsAndWithdrawal1765000000000', 'DropLegacyApplicationCustomerName1766000000000'];
    expect(applied.map((m) => m.name).filter((name) => ours.includes(name))).toEqual(ours);
  });
});
