import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase } from '@yekuo/platform';
import { TestRun } from '@yekuo/testing';
import { MeteringTables1764600000000 } from './1764600000000-metering-tables';
import { MeterInventoryOrdersWithdrawal1765000000000 } from './1765000000000-meter-inventory-orders-withdrawal';

jest.setTimeout(60_000);

/** Meters assigned and installed before the inventory existed keep their ids and become assets with an active assignment. */
describe('migration to the meter inventory, installation orders and withdrawal (real PostgreSQL)', () => {
  const run = new TestRun();
  let before: DataSource;
  let after: DataSource;
  const installedCase = randomUUID();
  const assignedCase = randomUUID();
  const installedMeter = randomUUID();
  const assignedMeter = randomUUID();

  const openCase = (caseId: string, n: number, status: string) =>
    before.query(
      `INSERT INTO metering_case (case_id, case_number, customer_id, category, policy_version, scheme_id, scheme_version, metering_method,
         required_conditions, status, scheme_confirmed_at)
       VALUES ($1, $2, $3, 'HV_SINGLE_SOURCE', '2020-01', $4, 1, 'HIGH_SUPPLY_HIGH_METERING', '{CONTRACT_SIGNED}', $5, now())`,
      [caseId, `YK-2026-00000${n}`, randomUUID(), randomUUID(), status],
    );

  beforeAll(async () => {
    const url = run.databaseUrl('metering');
    await ensureDatabase(url);
    before = createDataSource({ url, entities: [], migrations: [MeteringTables1764600000000] });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    await openCase(installedCase, 1, 'METER_INSTALLED');
    await openCase(assignedCase, 2, 'METER_ASSIGNED');
    await before.query(
      `INSERT INTO meter (id, case_id, meter_number, meter_type, accuracy_class, ct_ratio, pt_ratio, assigned_by, assigned_at)
       VALUES ($1, $2, 'HV-1', 'THREE_PHASE_SMART', '0.2S', '50/5', '10000/100', 'tech-1', now() - interval '1 day'),
              ($3, $4, 'LV-2', 'SINGLE_PHASE_SMART', '2', NULL, NULL, 'tech-2', now())`,
      [installedMeter, installedCase, assignedMeter, assignedCase],
    );
    await before.query(
      `INSERT INTO meter_installation (meter_id, case_id, installed_at, reading, seal_numbers, technician_id, recorded_at)
       VALUES ($1, $2, now(), 1.5, '{S-1,S-2}', 'tech-1', now())`,
      [installedMeter, installedCase],
    );
    await before.destroy();
    after = createDataSource({ url, entities: [], migrations: [MeteringTables1764600000000, MeterInventoryOrdersWithdrawal1765000000000] });
    await after.initialize();
    await after.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    if (after?.isInitialized) await after.destroy();
    await run.cleanUp();
  });

  it('turns assigned meters into assets with an active assignment to their case', async () => {
    const meters = await after.query<Record<string, unknown>[]>(
      'SELECT id, meter_number, meter_type, status, ct_ratio, pt_ratio, registered_by FROM meter ORDER BY meter_number',
    );
    expect(meters).toEqual([
      {
        id: installedMeter,
        meter_number: 'HV-1',
        meter_type: 'HV_CT_PT',
        status: 'INSTALLED',
        ct_ratio: '50/5',
        pt_ratio: '10000/100',
        registered_by: 'tech-1',
      },
      {
        id: assignedMeter,
        meter_number: 'LV-2',
        meter_type: 'SINGLE_PHASE',
        status: 'ASSIGNED',
        ct_ratio: null,
        pt_ratio: null,
        registered_by: 'tech-2',
      },
    ]);
    const assignments = await after.query<Record<string, unknown>[]>(
      'SELECT meter_id, case_id, assigned_by, released_at FROM meter_assignment ORDER BY assigned_by',
    );
    expect(assignments).toEqual([
      { meter_id: installedMeter, case_id: installedCase, assigned_by: 'tech-1', released_at: null },
      { meter_id: assignedMeter, case_id: assignedCase, assigned_by: 'tech-2', released_at: null },
    ]);
    expect(await after.query('SELECT seal_number, case_id FROM meter_seal ORDER BY seal_number')).toEqual([
      { seal_number: 'S-1', case_id: installedCase },
      { seal_number: 'S-2', case_id: installedCase },
    ]);
  });

  it('keeps one active assignment per meter and refuses a seal fitted twice', async () => {
    await expect(
      after.query(`INSERT INTO meter_assignment (id, meter_id, case_id, assigned_by, assigned_at) VALUES ($1, $2, $3, 'tech-3', now())`, [
        randomUUID(),
        assignedMeter,
        installedCase,
      ]),
    ).rejects.toThrow(/meter_assignment_active_meter/);
    await expect(
      after.query(`INSERT INTO meter_seal (seal_number, case_id, meter_id, recorded_at) VALUES ('S-1', $1, $2, now())`, [
        assignedCase,
        assignedMeter,
      ]),
    ).rejects.toThrow(/meter_seal_pkey/);
  });

  it('lets a withdrawal make a case known without a scheme, and goes down and up again', async () => {
    await after.query(
      `INSERT INTO metering_case (case_id, case_number, customer_id, category, policy_version, status, cancelled_at, cancelled_by,
         cancelled_by_role, cancel_reason, cancelled_work, cancelled_from)
       VALUES ($1, 'YK-2026-000009', $2, 'LV_RESIDENTIAL', '2020-01', 'CANCELLED', now(), 'c-1', 'customer', 'moved away', '{}', 'AWAITING_SCHEME')`,
      [randomUUID(), randomUUID()],
    );
    await expect(
      after.query(
        `INSERT INTO metering_case (case_id, case_number, customer_id, category, policy_version, status) VALUES ($1, 'YK-2026-000010', $2, 'LV_RESIDENTIAL', '2020-01', 'OPEN')`,
        [randomUUID(), randomUUID()],
      ),
    ).rejects.toThrow(/metering_case_scheme/);
    await after.undoLastMigration({ transaction: 'each' });
    expect(await after.query(`SELECT case_id, meter_number FROM meter ORDER BY meter_number`)).toEqual([
      { case_id: installedCase, meter_number: 'HV-1' },
      { case_id: assignedCase, meter_number: 'LV-2' },
    ]);
    await after.runMigrations({ transaction: 'each' });
    expect(await after.query(`SELECT count(*)::int AS n FROM meter_assignment WHERE released_at IS NULL`)).toEqual([{ n: 2 }]);
  });
});
