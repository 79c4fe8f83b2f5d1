import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ErrorCode } from '@yekuo/platform';
import { parseEvent } from '@yekuo/events';
import { EventTap, expectData, graphql, InProcessService, startServiceInProcess, TestRun, waitFor } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { intakeService } from '../intake.service-definition';

jest.setTimeout(90_000);

const REPUBLISH = 'mutation { republishCaseFacts }';

describe("intake republishes every case's facts on demand (in process, real PostgreSQL and RabbitMQ)", () => {
  const run = new TestRun();
  let intake: InProcessService;
  let tap: EventTap;
  const base = Math.floor(Math.random() * 900_000);
  const cases = [
    { id: randomUUID(), number: `YK-2026-${String(base).padStart(6, '0')}`, region: '310104', businessType: 'NEW_CONNECTION' },
    { id: randomUUID(), number: `YK-2026-${String(base + 1).padStart(6, '0')}`, region: '310115', businessType: 'TEMPORARY_SUPPLY' },
  ];

  const SIGN_SINCE = '2026-11-30T02:00:00.000Z';
  const SIGN_DUE = '2026-12-03T16:00:00.000Z';

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, 'intake.case.facts.v1');
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    const db = intake.app.get(DataSource);
    for (const c of cases) {
      const customerId = randomUUID();
      await db.query(`INSERT INTO customer (id, name, id_type) VALUES ($1, '王五', 'RESIDENT_ID')`, [customerId]);
      await db.query(
        `INSERT INTO connection_case (id, number, customer_id, category, business_type, status, policy_version, application, region_code)
         VALUES ($1, $2, $3, 'LV_NON_RESIDENTIAL', $4, 'ACCEPTED', '2020-01', '{}', $5)`,
        [c.id, c.number, customerId, c.businessType, c.region],
      );
      // The first case waits on the customer's signature; the second has no open work.
      if (c === cases[0]) {
        await db.query(
          `INSERT INTO journey_open_action (case_id, code, role, region_code, customer_id, case_number, category, description, since, due, due_order)
           VALUES ($1, 'SIGN_CONTRACT', 'customer', $2, $3, $4, 'LV_NON_RESIDENTIAL', 'Sign the contract', $5, $6, $6)`,
          [c.id, c.region, customerId, c.number, SIGN_SINCE, SIGN_DUE],
        );
      }
    }
  });

  afterAll(async () => {
    await intake?.stop();
    await tap?.close();
    await run.cleanUp(['intake']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('is for administrators only', async () => {
    for (const roles of [['intake-clerk'], ['supervisor'], ['customer']] as const) {
      const token = await run.token({ sub: randomUUID(), roles: [...roles] });
      const refused = await graphql(intake.url, REPUBLISH, {}, token);
      expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.FORBIDDEN);
    }
    expect(tap.messages).toHaveLength(0);
  });

  it('publishes one valid intake.case.facts.v1 per case with its region, business type and open work', async () => {
    const admin = await run.token({ sub: 'admin-1', roles: ['admin'] });
    expect(expectData(await graphql<{ republishCaseFacts: number }>(intake.url, REPUBLISH, {}, admin)).republishCaseFacts).toBe(2);
    await waitFor('both facts published', () => tap.messages.length >= 2);
    const events = tap.messages.map((m) => parseEvent(m.body));
    expect(events.map((e) => e.type)).toEqual(['intake.case.facts.v1', 'intake.case.facts.v1']);
    for (const c of cases) {
      const event = events.find((e) => e.subject === c.id);
      expect(event?.data).toMatchObject({
        caseId: c.id,
        caseNumber: c.number,
        category: 'LV_NON_RESIDENTIAL',
        regionCode: c.region,
        businessType: c.businessType,
        actor: { id: 'admin-1', role: 'admin' },
        openActions: c === cases[0] ? [{ code: 'SIGN_CONTRACT', since: SIGN_SINCE, due: SIGN_DUE }] : [],
      });
    }
  });
});
