import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer } from '@yekuo/platform';
import { createEvent, EventPayload } from '@yekuo/events';
import { InProcessService, startServiceInProcess, TestPublisher, TestRun, waitFor } from '@yekuo/testing';
import { AppModule } from './app.module';
import { planningService } from './planning.service-definition';

jest.setTimeout(90_000);

/**
 * Copies opened before events carried the region get it from intake's republished case facts;
 * applying them again (a second republish: new events, same facts) changes nothing.
 */
describe("planning fills its copy's region and business type from intake's case facts (in process, real PostgreSQL and RabbitMQ)", () => {
  const run = new TestRun();
  let service: InProcessService;
  let bus: TestPublisher;
  let dataSource: DataSource;
  const base = Math.floor(Math.random() * 900_000);
  const number = (i: number) => `YK-2026-${String(base + i).padStart(6, '0')}`;
  const OLD = { caseId: randomUUID(), customerId: randomUUID(), caseNumber: number(0) };
  const KNOWN = { caseId: randomUUID(), customerId: randomUUID(), caseNumber: number(1) };

  const accepted = (c: typeof OLD): EventPayload<'intake.application.accepted.v1'> => ({
    ...c,
    category: 'LV_NON_RESIDENTIAL',
    policyVersion: '2020-01',
    actor: { id: 'clerk-1', role: 'intake-clerk' },
    businessType: 'NEW_CONNECTION',
    capacityKva: 100,
    voltageLevel: 'AC380V',
    supplySources: 1,
    regionCode: '310101',
    acceptedAt: new Date().toISOString(),
  });
  const facts = (c: typeof OLD, regionCode: string, businessType: string) =>
    createEvent(
      'intake.case.facts.v1',
      { ...c, category: 'LV_NON_RESIDENTIAL', policyVersion: '2020-01', actor: { id: 'admin-1', role: 'admin' }, regionCode, businessType },
      { source: '/yekuo/intake' },
    );
  const copy = async (caseId: string) =>
    (
      await dataSource.query<{ region_code: string | null; business_type: string | null; updated_at: Date }[]>(
        'SELECT region_code, business_type, updated_at FROM planning_case WHERE case_id = $1',
        [caseId],
      )
    )[0];

  beforeAll(async () => {
    service = await startServiceInProcess(run, planningService, (config) => AppModule.forRoot(config));
    dataSource = service.app.get(DataSource);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    await bus.publish(createEvent('intake.application.accepted.v1', accepted(KNOWN), { source: '/yekuo/intake' }));
    // A withdrawal published before events carried the case's facts opens the copy cancelled, without them.
    const withdrawn: EventPayload<'intake.application.withdrawn.v1'> = {
      ...OLD,
      category: 'LV_NON_RESIDENTIAL',
      policyVersion: '2020-01',
      actor: { id: OLD.customerId, role: 'customer' },
      reason: 'Changed plans',
    };
    await bus.publish(createEvent('intake.application.withdrawn.v1', withdrawn, { source: '/yekuo/intake' }));
    await waitFor('both copies', async () => (await copy(OLD.caseId)) && (await copy(KNOWN.caseId)));
    expect(await copy(OLD.caseId)).toMatchObject({ region_code: null, business_type: null });
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await run.cleanUp(['planning']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('fills what is missing once, never overwrites what the copy knows, and ignores cases it never heard of', async () => {
    const consumer = service.app.get(AmqpEventsServer);
    const handled = consumer.stats.handled;
    await bus.publish(facts(OLD, '310104', 'CAPACITY_INCREASE'));
    await bus.publish(facts(KNOWN, '310115', 'TEMPORARY_SUPPLY'));
    await bus.publish(facts({ caseId: randomUUID(), customerId: randomUUID(), caseNumber: number(2) }, '310104', 'NEW_CONNECTION'));
    await waitFor('three facts handled', () => consumer.stats.handled >= handled + 3);
    expect(consumer.stats.deadLettered).toBe(0);

    const filled = await copy(OLD.caseId);
    expect(filled).toMatchObject({ region_code: '310104', business_type: 'CAPACITY_INCREASE' });
    expect(await copy(KNOWN.caseId)).toMatchObject({ region_code: '310101', business_type: 'NEW_CONNECTION' });
    const [{ n }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM planning_case');
    expect(n).toBe(2);

    // The command run a second time: new events, same facts; nothing changes.
    await bus.publish(facts(OLD, '310104', 'CAPACITY_INCREASE'));
    await bus.publish(facts(OLD, '310199', 'NEW_CONNECTION'));
    await waitFor('the second run handled', () => consumer.stats.handled >= handled + 5);
    expect(await copy(OLD.caseId)).toEqual(filled);
  });
});
