import { EventPayload, parseEvent } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { graphql, InProcessService, readCaseEntity, ServiceHarness } from '@yekuo/testing';
import {
  acceptancePassed,
  contractSigned,
  feesSettled,
  meterNumber,
  newCase,
  schemeConfirmed,
  startMetering,
  TestCase,
} from '../testing/metering.fixtures';

jest.setTimeout(180_000);

/**
 * The meter installation time limit (装表) on the real database and broker: the clock starts when the
 * installed meter is all the gate still waits for, pauses while the installation waits on the
 * customer, stops when the meter is installed, and each warning and breach is announced once while
 * two instances sweep every 200 ms by a hand-set clock the test moves on.
 */

type TimeLimitData = EventPayload<'metering.timelimit.started.v2'>;

const CLOCK_FIELDS = `metering { status recordedConditions meterInstallationClock {
  stage round team limitDays targetDays startedAt deadline utilityTimeSeconds customerTimeSeconds
  paused state status stoppedAt onTime pauses { from to by { id role } reason }
} }`;

const MUTATIONS = {
  registerMeter: `mutation($input: RegisterMeterInput!) { registerMeter(input: $input) { number } }`,
  assignMeter: `mutation($input: AssignMeterInput!) { assignMeter(input: $input) { id } }`,
  scheduleInstallation: `mutation($input: ScheduleInstallationInput!) { scheduleInstallation(input: $input) { id } }`,
  recordMeterInstallation: `mutation($input: RecordMeterInstallationInput!) { recordMeterInstallation(input: $input) { id } }`,
  postponeMeterInstallation: `mutation($input: PostponeMeterInstallationInput!) { postponeMeterInstallation(input: $input) { id } }`,
  resumeMeterInstallation: `mutation($input: ResumeMeterInstallationInput!) { resumeMeterInstallation(input: $input) { id } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;

const HOUR = 3600;
const iso = (at: string) => new Date(at).toISOString();
const hv = (c: TestCase) => c.category.startsWith('HV');
const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the meter installation time limit (two instances, hand-set clock, real PostgreSQL and RabbitMQ)', () => {
  const time = new ManualTimeSource('2026-10-12T10:00:00+08:00');
  let h: ServiceHarness;
  let a: InProcessService;
  let b: InProcessService;
  const tokens: Record<string, string> = {};

  const call = (service: InProcessService, name: MutationName, input: Record<string, unknown>) =>
    graphql(service.url, MUTATIONS[name], { input }, tokens.tech);
  const ok = async (service: InProcessService, name: MutationName, input: Record<string, unknown>) => {
    const response = await call(service, name, input);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };
  const failure = async (service: InProcessService, name: MutationName, input: Record<string, unknown>) => {
    const response = await call(service, name, input);
    expect(response.errors).toHaveLength(1);
    return response.errors![0];
  };
  const read = async (service: InProcessService, caseId: string) =>
    (
      await readCaseEntity<{ metering: { status: string; recordedConditions: string[]; meterInstallationClock: any } | null }>(
        service.url,
        tokens.tech,
        caseId,
        CLOCK_FIELDS,
      )
    ).metering;
  const clockEvents = (kind: string, caseIds: Set<string>): TimeLimitData[] =>
    h.tap
      .ofType(`metering.timelimit.${kind}.v2`)
      .map((m) => parseEvent(m.body).data as TimeLimitData)
      .filter((d) => caseIds.has(d.caseId) && d.stage === 'METER_INSTALLATION');
  const factsRecorded = (c: TestCase, n: number) =>
    h.waitFor(`${n} facts of ${c.caseNumber}`, async () => (await read(a, c.caseId))?.recordedConditions.length === n);
  const assignMeter = async (c: TestCase) => {
    const number = meterNumber('I');
    await ok(
      a,
      'registerMeter',
      hv(c)
        ? { number, type: 'HV_CT_PT', accuracyClass: 'CLASS_0_2S', ctRatio: '200/5', ptRatio: '10000/100' }
        : { number, type: 'SINGLE_PHASE', accuracyClass: 'CLASS_2' },
    );
    await ok(b, 'assignMeter', { caseId: c.caseId, meterNumber: number });
  };
  const install = async (service: InProcessService, c: TestCase) => {
    await ok(service, 'scheduleInstallation', {
      caseId: c.caseId,
      technicianId: 'tech-a',
      scheduledAt: new Date(time.now().getTime() + HOUR * 1000).toISOString(),
    });
    await ok(service, 'recordMeterInstallation', {
      caseId: c.caseId,
      installedAt: new Date(time.now().getTime() - 60_000).toISOString(),
      reading: 0.5,
      sealNumbers: [`S-${c.caseNumber}`],
    });
  };

  beforeAll(async () => {
    h = await startMetering({ timeSource: time, env: { TIME_LIMIT_SWEEP_MS: '200', OUTBOX_POLL_MS: '200' } });
    [a, b] = h.instances;
    tokens.tech = await h.token('metering-technician', { sub: 'tech-a' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('starts when the meter is all the gate waits for, pauses while the customer holds it up, stops at the installation', async () => {
    // Monday 10:00: the scheme, the contract and the fees are in; completion acceptance is not.
    time.set('2026-10-12T10:00:00+08:00');
    const c = newCase('HV_SINGLE_SOURCE');
    await h.publish(schemeConfirmed(c), contractSigned(c), feesSettled(c));
    await factsRecorded(c, 2);
    await assignMeter(c);
    expect((await read(a, c.caseId))!.meterInstallationClock).toBeNull();
    const early = await failure(b, 'postponeMeterInstallation', { caseId: c.caseId, reason: 'Customer away' });
    expect(early.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(early.message).toContain('COMPLETION_ACCEPTED');

    // Tuesday 10:00 the completion acceptance passes: the meter is all that is missing.
    time.set('2026-10-13T10:00:00+08:00');
    await h.publish(acceptancePassed(c));
    const started = await h.waitFor('the clock to start', async () => (await read(b, c.caseId))?.meterInstallationClock);
    expect(started).toMatchObject({
      stage: 'METER_INSTALLATION',
      round: 1,
      team: 'metering',
      limitDays: 5,
      targetDays: 3,
      startedAt: iso('2026-10-13T10:00:00+08:00'),
      deadline: iso('2026-10-21T00:00:00+08:00'),
      state: 'RUNNING',
    });

    // Wednesday 10:00 the customer asks for Friday: their time from now.
    time.set('2026-10-14T10:00:00+08:00');
    await ok(a, 'postponeMeterInstallation', { caseId: c.caseId, reason: 'The customer asked for Friday' });
    expect((await read(b, c.caseId))!.meterInstallationClock).toMatchObject({ state: 'PAUSED', utilityTimeSeconds: 10 * HOUR });
    const twice = await failure(b, 'postponeMeterInstallation', { caseId: c.caseId, reason: 'Again' });
    expect(twice.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'PAUSED' });

    // Friday 10:00 the technician is let in; the meter is on site at 11:59.
    time.set('2026-10-16T10:00:00+08:00');
    await ok(b, 'resumeMeterInstallation', { caseId: c.caseId });
    time.set('2026-10-16T12:00:00+08:00');
    await install(a, c);
    const stopped = (await read(b, c.caseId))!.meterInstallationClock;
    expect(stopped).toMatchObject({
      state: 'STOPPED',
      onTime: true,
      stoppedAt: iso('2026-10-16T11:59:00+08:00'),
      utilityTimeSeconds: 10 * HOUR + 2 * HOUR - 60,
      customerTimeSeconds: 48 * HOUR,
      deadline: iso('2026-10-23T00:00:00+08:00'),
    });
    expect(stopped.pauses).toEqual([
      {
        from: iso('2026-10-14T10:00:00+08:00'),
        to: iso('2026-10-16T10:00:00+08:00'),
        by: { id: 'tech-a', role: 'METERING_TECHNICIAN' },
        reason: 'The customer asked for Friday',
      },
    ]);
    const after = await failure(a, 'postponeMeterInstallation', { caseId: c.caseId, reason: 'Too late' });
    expect(after.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'METER_INSTALLED' });

    const one = new Set([c.caseId]);
    await h.waitFor('the stopped event', () => clockEvents('stopped', one).length > 0);
    await settle();
    expect(clockEvents('started', one)).toEqual([
      expect.objectContaining({ round: 1, limitDays: 5, targetDays: 3, at: iso('2026-10-13T10:00:00+08:00') }),
    ]);
    expect(clockEvents('stopped', one)).toEqual([
      expect.objectContaining({ onTime: true, utilitySeconds: 12 * HOUR - 60, customerSeconds: 48 * HOUR }),
    ]);
  });

  it('leaves a meter installed before the other conditions untimed', async () => {
    time.set('2026-10-19T10:00:00+08:00');
    const c = newCase('LV_RESIDENTIAL');
    await h.publish(schemeConfirmed(c), contractSigned(c));
    await factsRecorded(c, 1);
    await assignMeter(c);
    await install(b, c);
    await h.publish(feesSettled(c));
    await factsRecorded(c, 3);
    expect((await read(a, c.caseId))!.meterInstallationClock).toBeNull();
    await settle();
    expect(clockEvents('started', new Set([c.caseId]))).toEqual([]);
  });

  it('announces every warning and breach once while two instances sweep', async () => {
    time.set('2026-10-20T10:00:00+08:00');
    const cases = Array.from({ length: 4 }, () => newCase('LV_RESIDENTIAL'));
    const all = new Set(cases.map((c) => c.caseId));
    await h.publish(...cases.flatMap((c) => [schemeConfirmed(c), contractSigned(c), feesSettled(c)]));
    await h.waitFor('four started events', () => clockEvents('started', all).length >= 4);
    for (const d of clockEvents('started', all)) expect([d.limitDays, d.targetDays]).toEqual([2, 1]);

    // A week on, no meter is installed: target and limit warned and breached on every clock.
    time.set('2026-10-27T12:00:00+08:00');
    await h.waitFor('every breach', () => clockEvents('breached', all).length >= 8);
    await settle();
    const warned = clockEvents('warned', all);
    const breached = clockEvents('breached', all);
    expect(warned).toHaveLength(8);
    expect(breached).toHaveLength(8);
    expect(new Set(breached.map((d) => `${d.clockId}:${d.measure}`)).size).toBe(8);
    // Limit 2 working days from Wednesday 00:00.
    expect(new Set(breached.filter((d) => d.measure === 'LIMIT').map((d) => d.at))).toEqual(new Set([iso('2026-10-23T00:00:00+08:00')]));
    expect((await read(b, cases[0].caseId))!.meterInstallationClock).toMatchObject({ state: 'RUNNING', status: 'BREACHED' });
  });
});
