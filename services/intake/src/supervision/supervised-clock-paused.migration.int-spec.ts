import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase } from '@yekuo/platform';
import { TestRun } from '@yekuo/testing';
import { intakeService } from '../intake.service-definition';
import { SupervisedClockPaused1770110000000 } from '../migrations/1770110000000-supervised-clock-paused';

jest.setTimeout(60_000);

/** An END_TO_END clock paused when the projection learns of pauses shows its pause at once, from intake's own clock. */
describe('migration marking paused clocks in the supervisor projection (real PostgreSQL)', () => {
  const run = new TestRun();
  let db: DataSource;
  const pausedSince = new Date('2026-03-10T02:00:00.000Z');

  /** A clock in intake's engine and its projection, as both stood before the migration. */
  const seed = async (stage: string, state: 'RUNNING' | 'PAUSED') => {
    const c = { id: randomUUID(), caseId: randomUUID(), customerId: randomUUID() };
    await db.query(
      `INSERT INTO stage_clock (id, case_id, case_number, customer_id, category, policy_version, stage, limit_days, target_days,
         started_at, deadline, target_deadline, provisional, state, paused_since, started_by_id, started_by_role)
       VALUES ($1, $2, 'YK-2026-000900', $3, 'LV_RESIDENTIAL', '2024-12', $4, 10, 10, '2026-03-02T00:00:00Z', '2026-03-16T00:00:00Z',
         '2026-03-16T00:00:00Z', false, $5, $6, 'clerk-1', 'intake-clerk')`,
      [c.id, c.caseId, c.customerId, stage, state, state === 'PAUSED' ? pausedSince : null],
    );
    await db.query(
      `INSERT INTO supervised_clock (clock_id, case_id, case_number, customer_id, category, service, stage, limit_days, target_days,
         deadline, target_deadline, provisional, terms_at, started_at)
       VALUES ($1, $2, 'YK-2026-000900', $3, 'LV_RESIDENTIAL', 'intake', $4, 10, 10, '2026-03-16T00:00:00Z', '2026-03-16T00:00:00Z',
         false, '2026-03-10T02:00:00Z', '2026-03-02T00:00:00Z')`,
      [c.id, c.caseId, c.customerId, stage],
    );
    return c.id;
  };

  beforeAll(async () => {
    const url = run.databaseUrl('intake');
    await ensureDatabase(url);
    const earlier = intakeService.migrations.filter((m) => m !== SupervisedClockPaused1770110000000);
    db = createDataSource({ url, entities: [], migrations: earlier });
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await run.cleanUp();
  });

  it('takes the pause of each END_TO_END clock paused now; a step clock, whose pauses are not announced, stays unmarked', async () => {
    const paused = await seed('END_TO_END', 'PAUSED');
    const running = await seed('END_TO_END', 'RUNNING');
    const pausedStep = await seed('ACCEPTANCE', 'PAUSED');
    await db.destroy();
    db = createDataSource({ url: run.databaseUrl('intake'), entities: [], migrations: intakeService.migrations });
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });

    const rows = await db.query<{ clock_id: string; paused_at: Date | null; resumed_at: Date | null }[]>(
      'SELECT clock_id, paused_at, resumed_at FROM supervised_clock',
    );
    const pausedAt = new Map(rows.map((row) => [row.clock_id, row.paused_at?.toISOString() ?? null]));
    expect(Object.fromEntries([paused, running, pausedStep].map((id) => [id, pausedAt.get(id)]))).toEqual({
      [paused]: pausedSince.toISOString(),
      [running]: null,
      [pausedStep]: null,
    });
    expect(rows.every((row) => row.resumed_at === null)).toBe(true);

    await db.undoLastMigration({ transaction: 'each' });
    const columns = await db.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'supervised_clock' AND column_name IN ('paused_at', 'resumed_at')`,
    );
    expect(columns).toEqual([]);
  });
});
