import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, EventPayload } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { SHARED_DATA_DIR } from '@yekuo/timelimits';
import { InProcessService, readCaseEntity, startServiceInProcess, TestPublisher, TestRun, waitFor } from '@yekuo/testing';
import { AppModule } from './app.module';
import { planningService } from './planning.service-definition';

jest.setTimeout(120_000);

const CLOCKS = 'planningClocks { policyVersion limitDays targetDays startedAt deadline targetDeadline state }';

const accepted = (policyVersion: string, acceptedAt: string): EventPayload<'intake.application.accepted.v1'> => ({
  caseId: randomUUID(),
  caseNumber: `YK-2026-${String(600_000 + Math.floor(Math.random() * 99_999)).padStart(6, '0')}`,
  customerId: randomUUID(),
  category: 'LV_NON_RESIDENTIAL',
  policyVersion,
  actor: { id: 'clerk-1', role: 'intake-clerk' },
  businessType: 'NEW_CONNECTION',
  capacityKva: 50,
  voltageLevel: 'AC380V',
  supplySources: 1,
  regionCode: '310101',
  acceptedAt: new Date(acceptedAt).toISOString(),
});

describe('a time-limit policy change (real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  const time = new ManualTimeSource('2026-12-28T10:00:00+08:00');
  const dir = mkdtempSync(join(tmpdir(), 'yekuo-policy-'));
  let planning: InProcessService | undefined;
  let bus: TestPublisher;
  let planner: string;

  const start = (env: Record<string, string> = {}) =>
    startServiceInProcess(
      run,
      { ...planningService, timeSource: time },
      (config) => AppModule.forRoot(config, { ...planningService, timeSource: time }),
      { TIME_LIMIT_SWEEP_MS: '0', ...env },
    );
  const clocksOf = async (caseId: string) =>
    (await readCaseEntity<{ planningClocks: Array<Record<string, unknown>> }>(planning!.url, planner, caseId, CLOCKS)).planningClocks;

  beforeAll(async () => {
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    planner = await run.token({ sub: 'planner-1', roles: ['planner'] });
  });

  afterAll(async () => {
    await planning?.stop();
    await bus?.close();
    await run.cleanUp(['planning']);
    rmSync(run.keyDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves a running clock on the version its case was accepted under, while new cases take the new version', async () => {
    planning = await start();
    const before = accepted('2020-01', '2026-12-28T10:00:00+08:00');
    await bus.publish(createEvent('intake.application.accepted.v1', before, { source: '/yekuo/intake' }));
    await waitFor('the scheme clock to start', async () => (await clocksOf(before.caseId)).length === 1);
    const [running] = await clocksOf(before.caseId);
    expect(running).toMatchObject({ policyVersion: '2020-01', limitDays: 8, targetDays: 7, state: 'RUNNING' });

    // The utility ships a new version that shortens the LV non-residential scheme to 4 / 3 working days.
    const shipped = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as {
      versions: Array<{ id: string; effectiveFrom: string; stages: Record<string, Record<string, unknown>> }>;
    };
    const current = shipped.versions[shipped.versions.length - 1];
    shipped.versions.push({
      id: '2027-01',
      effectiveFrom: '2027-01-01',
      stages: { ...current.stages, SUPPLY_SCHEME: { ...current.stages.SUPPLY_SCHEME, LV_NON_RESIDENTIAL: { limit: 4, target: 3 } } },
    });
    const file = join(dir, 'time-limits.json');
    writeFileSync(file, JSON.stringify(shipped));
    await planning.stop();
    time.set('2027-01-04T10:00:00+08:00');
    planning = await start({ TIME_LIMIT_POLICY_FILE: file });

    // The running clock keeps its days and its deadlines.
    expect(await clocksOf(before.caseId)).toEqual([running]);

    const after = accepted('2027-01', '2027-01-04T10:00:00+08:00');
    await bus.publish(createEvent('intake.application.accepted.v1', after, { source: '/yekuo/intake' }));
    await waitFor('the new case’s clock to start', async () => (await clocksOf(after.caseId)).length === 1);
    expect((await clocksOf(after.caseId))[0]).toMatchObject({ policyVersion: '2027-01', limitDays: 4, targetDays: 3, state: 'RUNNING' });
  });
});
