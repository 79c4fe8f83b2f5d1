import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase } from '@yekuo/platform';
import { TestRun } from '@yekuo/testing';
import { InspectionTables1764500000000 } from './1764500000000-inspection-tables';
import { ChecklistsRectificationWithdrawal1765000000000 } from './1765000000000-checklists-rectification-withdrawal';

jest.setTimeout(60_000);

/** Upgrading a database with rounds recorded before checklists, itemised comments and item results keeps every recorded fact. */
describe('inspection migrations (real PostgreSQL)', () => {
  const run = new TestRun();
  const url = run.databaseUrl('inspection_migrations');
  let dataSource: DataSource;
  const CASE_ID = randomUUID();

  const open = async (migrations: (typeof InspectionTables1764500000000)[]) => {
    await dataSource?.destroy();
    dataSource = createDataSource({ url, entities: [], migrations });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  };

  beforeAll(async () => {
    await ensureDatabase(url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await run.cleanUp();
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('moves legacy documents, comments and failed items into their new shape, and back on revert', async () => {
    await open([InspectionTables1764500000000]);
    await dataSource.query(
      `INSERT INTO inspection_case (case_id, case_number, customer_id, category, policy_version, scheme_id, scheme_version,
         capacity_kva, voltage_level, status)
       VALUES ($1, 'YK-2026-000777', $2, 'HV_SINGLE_SOURCE', '2020-01', $3, 1, 800, 'AC10KV', 'UNDER_CONSTRUCTION')`,
      [CASE_ID, randomUUID(), randomUUID()],
    );
    await dataSource.query(
      `INSERT INTO design_submission (id, case_id, round, design_unit, documents, submitted_by, submitted_at, decision, comments,
         reviewed_by, reviewed_at)
       VALUES ($1, $2, 1, 'Old Institute', '{drawing-1.pdf,drawing-2.pdf}', 'c', now(), 'RETURNED', '{too small,no earthing}', 'i', now()),
              ($3, $2, 2, 'Old Institute', '{drawing-3.pdf}', 'c', now(), 'APPROVED', '{}', 'i', now())`,
      [randomUUID(), CASE_ID, randomUUID()],
    );
    await dataSource.query(
      `INSERT INTO intermediate_inspection (id, case_id, round, requested_by, requested_at, result, items, recorded_by, recorded_at)
       VALUES ($1, $2, 1, 'c', now(), 'FAILED', '{Cable trench too shallow}', 'i', now())`,
      [randomUUID(), CASE_ID],
    );
    await dataSource.query(
      `INSERT INTO acceptance_round (id, case_id, round, documents, required_departments, requested_by, requested_at)
       VALUES ($1, $2, 1, '{completion-report.pdf}', '{marketing,safety}', 'c', now())`,
      [randomUUID(), CASE_ID],
    );

    await open([InspectionTables1764500000000, ChecklistsRectificationWithdrawal1765000000000]);
    expect(await dataSource.query('SELECT round, document_items, comment_items FROM design_submission ORDER BY round')).toEqual([
      {
        round: 1,
        document_items: [
          { item: null, documentId: 'drawing-1.pdf' },
          { item: null, documentId: 'drawing-2.pdf' },
        ],
        comment_items: [
          { item: null, text: 'too small' },
          { item: null, text: 'no earthing' },
        ],
      },
      { round: 2, document_items: [{ item: null, documentId: 'drawing-3.pdf' }], comment_items: [] },
    ]);
    expect(await dataSource.query('SELECT result, scope, item_results FROM intermediate_inspection')).toEqual([
      { result: 'FAILED', scope: [], item_results: [{ item: 'Cable trench too shallow', result: 'FAIL', note: null }] },
    ]);
    expect(await dataSource.query('SELECT document_items FROM acceptance_round')).toEqual([
      { document_items: [{ item: null, documentId: 'completion-report.pdf' }] },
    ]);
    // The new rules hold on the upgraded tables.
    await expect(dataSource.query(`UPDATE inspection_case SET status = 'CANCELLED' WHERE case_id = $1`, [CASE_ID])).rejects.toThrow(
      /inspection_case_cancellation/,
    );

    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await dataSource.query('SELECT round, documents, comments FROM design_submission ORDER BY round')).toEqual([
      { round: 1, documents: ['drawing-1.pdf', 'drawing-2.pdf'], comments: ['too small', 'no earthing'] },
      { round: 2, documents: ['drawing-3.pdf'], comments: [] },
    ]);
    expect(await dataSource.query('SELECT items FROM intermediate_inspection')).toEqual([{ items: ['Cable trench too shallow'] }]);
    expect(await dataSource.query('SELECT documents FROM acceptance_round')).toEqual([{ documents: ['completion-report.pdf'] }]);
  });
});
