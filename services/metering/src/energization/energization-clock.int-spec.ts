import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventPayload, parseEvent } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { graphql, InProcessService, readCaseEntity, ServiceHarness } from '@yekuo/testing';
import {
  acceptancePassed,
  contractSigned,
  feesSettled,
  meterNumber,
  newCase,
  restartInstance,
  schemeConfirmed,
  startMetering,
  TestCase,
  withdrawn,
} from '../testing/metering.fixtures';

jest.setTimeout(180_000);

/**
 * The energization time limit (装表接电时限) on the real database and broker: the clock starts
 * when the gate opens, pauses while the power-on waits on the customer, stops at energization
 * and is cancelled by a withdrawal. Both instances sweep every 200 ms by a hand-set clock that
 * the test moves on.
 */

type TimeLimitData = EventPayload<'metering.timelimit.warned.v1'>;

interface ClockView {
  id: string;
  stage: string;
  round: number;
  team: string | null;
  limitDays: number;
  targetDays: number;
  startedAt: string;
  deadline: string;
  targetDeadline: string;
  provisional: boolean;
  utilityTimeSeconds: number;
  customerTimeSeconds: number;
  remainingSeconds: number;
  paused: boolean;
  state: string;
  status: string;
  stoppedAt: string | null;
  onTime: boolean | null;
  targetWarnedAt: string | null;
  targetBreachedAt: string | null;
  limitWarnedAt: string | null;
  limitBreachedAt: string | null;
  pauses: { from: string; to: string | null; by: { id: string; role: string }; reason: string }[];
}

const CLOCK_FIELDS = `metering { status gateOpenedAt energizedAt clock {
  id stage round team limitDays targetDays startedAt deadline targetDeadline provisional
  utilityTimeSeconds customerTimeSeconds remainingSeconds paused state status stoppedAt onTime
  targetWarnedAt targetBreachedAt limitWarnedAt limitBreachedAt
  pauses { from to by { id role } reason }
} }`;

const MUTATIONS = {
  registerMeter: `mutation($input: RegisterMeterInput!) { registerMeter(input: $input) { number } }`,
  assignMeter: `mutation($input: AssignMeterInput!) { assignMeter(input: $input) { id } }`,
  scheduleInstallation: `mutation($input: ScheduleInstallationInput!) { scheduleInstallation(input: $input) { id } }`,
  recordMeterInstallation: `mutation($input: RecordMeterInstallationInput!) { recordMeterInstallation(input: $input) { id } }`,
  energize: `mutation($input: EnergizeInput!) { energize(input: $input) { id metering { status } } }`,
  postponeEnergization: `mutation($input: PostponeEnergizationInput!) { postponeEnergization(input: $input) { id ${CLOCK_FIELDS} } }`,
  resumeEnergization: `mutation($input: ResumeEnergizationInput!) { resumeEnergization(input: $input) { id ${CLOCK_FIELDS} } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;

const HOUR = 3600;
const iso = (at: string) => new Date(at).toISOString();
const hv = (c: TestCase) => c.category.startsWith('HV');

describe('the energization time limit (two instances, hand-set clocks, real PostgreSQL and RabbitMQ)', () => {
  // Monday 2026-10-12 10:00 in Beijing: utility time counts from Tuesday 00:00.
  const T0 = '2026-10-12T10:00:00+08:00';
  /** The time both instances (and any restarted in their place) read. */
  const time = new ManualTimeSource(T0);
  let h: ServiceHarness;
  let a: InProcessService;
  let b: InProcessService;
  const tokens: Record<string, string> = {};

  /** Moves the instances' clock to an instant, as the wall clock would. */
  const setTime = (at: string) => time.set(at);
  const instance = (i: number) => (i % 2 === 0 ? a : b);
  const techOf = (i: number) => (i % 2 === 0 ? tokens.techA : tokens.techB);

  const call = (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>) =>
    graphql(service.url, MUTATIONS[name], { input }, token);
  const ok = async (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await call(service, name, token, input);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };
  const failure = async (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await call(service, name, token, input);
    expect(response.errors).toHaveLength(1);
    return response.errors![0];
  };
  const readClock = async (service: InProcessService, token: string, caseId: string) =>
    (await readCaseEntity<{ metering: { status: string; clock: ClockView | null } | null }>(service.url, token, caseId, CLOCK_FIELDS))
      .metering;

  const clockEvents = (kind: string, caseIds: Set<string>): TimeLimitData[] =>
    h.tap
      .ofType(`metering.timelimit.${kind}.v1`)
      .map((m) => parseEvent(m.body).data as TimeLimitData)
      .filter((d) => caseIds.has(d.caseId));
  const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Walks a case to an open gate: the confirmation and the upstream facts from the bus, the
   * meter registered, assigned, ordered and installed through the graph. With `feesLast`, the
   * fees settlement is the last fact (the gate opens in the consumer), otherwise the installation.
   */
  const walkToGate = async (c: TestCase, i: number, feesLast: boolean) => {
    const facts = [contractSigned(c), ...(hv(c) ? [acceptancePassed(c)] : [])];
    await h.publish(schemeConfirmed(c), ...facts, ...(feesLast ? [] : [feesSettled(c)]));
    const expected = facts.length + (feesLast ? 0 : 1);
    await h.waitFor(`case ${c.caseNumber} to open with its facts`, async () => {
      const view = await readCaseEntity<{ metering: { recordedConditions: string[] } | null }>(
        instance(i).url,
        techOf(i),
        c.caseId,
        'metering { recordedConditions }',
      );
      return view.metering && view.metering.recordedConditions.length === expected;
    });
    const number = meterNumber('M');
    await ok(a, 'registerMeter', tokens.techA, {
      number,
      ...(hv(c)
        ? { type: 'HV_CT_PT', accuracyClass: 'CLASS_0_2S', ctRatio: '200/5', ptRatio: '10000/100' }
        : { type: 'SINGLE_PHASE', accuracyClass: 'CLASS_2' }),
    });
    await ok(instance(i), 'assignMeter', techOf(i), { caseId: c.caseId, meterNumber: number });
    await ok(instance(i + 1), 'scheduleInstallation', techOf(i + 1), {
      caseId: c.caseId,
      technicianId: 'tech-a',
      // Times as the instances' hand-set clock sees them: the service judges inputs by its time source.
      scheduledAt: new Date(time.now().getTime() + HOUR * 1000).toISOString(),
    });
    await ok(instance(i), 'recordMeterInstallation', techOf(i), {
      caseId: c.caseId,
      installedAt: new Date(time.now().getTime() - 60_000).toISOString(),
      reading: 0.5,
      sealNumbers: [`S-${c.caseNumber}`],
    });
    if (feesLast) await h.publish(feesSettled(c));
    await h.waitFor(`the gate of ${c.caseNumber} to open`, async () => (await readClock(instance(i + 1), techOf(i + 1), c.caseId))?.clock);
  };

  beforeAll(async () => {
    h = await startMetering({ timeSource: time, env: { TIME_LIMIT_SWEEP_MS: '200', OUTBOX_POLL_MS: '200' } });
    [a, b] = h.instances;
    Object.assign(tokens, {
      techA: await h.token('metering-technician', { sub: 'tech-a' }),
      techB: await h.token('metering-technician', { sub: 'tech-b' }),
      supervisor: await h.token('supervisor', { sub: 'supervisor-1' }),
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('announces every warning and breach of ten clocks exactly once while two instances sweep, also across a restart', async () => {
    expect(a.config.DATABASE_URL).toBe(b.config.DATABASE_URL);
    setTime(T0);
    // Five residential clocks (3 / 3 working days) and five HV single-source clocks (7 / 5).
    const cases = Array.from({ length: 10 }, (_, i) => newCase(i % 2 === 0 ? 'LV_RESIDENTIAL' : 'HV_SINGLE_SOURCE'));
    const residential = new Set(cases.filter((c) => !hv(c)).map((c) => c.caseId));
    const highVoltage = new Set(cases.filter(hv).map((c) => c.caseId));
    const all = new Set(cases.map((c) => c.caseId));
    await Promise.all(cases.map((c, i) => walkToGate(c, i, i % 4 < 2)));

    await h.waitFor('ten started events', () => clockEvents('started', all).length >= 10);
    const started = clockEvents('started', all);
    expect(started).toHaveLength(10);
    expect(new Set(started.map((d) => d.clockId)).size).toBe(10);
    for (const d of started) {
      expect(d).toMatchObject({ stage: 'ENERGIZATION', round: 1, team: 'metering', at: iso(T0), provisional: false });
      expect([d.limitDays, d.targetDays]).toEqual(residential.has(d.caseId) ? [3, 3] : [7, 5]);
    }

    // Thursday noon: residential clocks passed 80 % of 3 days at 09:36 (both measures); HV ones are at 60 h of 120.
    setTime('2026-10-15T12:00:00+08:00');
    await h.waitFor('two warnings per residential clock', () => clockEvents('warned', all).length >= 10);
    const [lv] = cases;
    const atRisk = (await readClock(b, tokens.supervisor, lv.caseId))!.clock!;
    expect(atRisk).toMatchObject({
      state: 'RUNNING',
      paused: false,
      status: 'AT_RISK',
      utilityTimeSeconds: 60 * HOUR,
      remainingSeconds: 12 * HOUR,
      deadline: iso('2026-10-16T00:00:00+08:00'),
      targetDeadline: iso('2026-10-16T00:00:00+08:00'),
      targetWarnedAt: iso('2026-10-15T09:36:00+08:00'),
      limitWarnedAt: iso('2026-10-15T09:36:00+08:00'),
      limitBreachedAt: null,
    });

    // One instance restarts (at the same instant): nothing is announced again.
    b = await restartInstance(h, b);
    await settle();
    expect(clockEvents('warned', all)).toHaveLength(10);
    expect(clockEvents('breached', all)).toHaveLength(0);

    // Tuesday noon a week on: residential limits passed; HV targets warned (Sat 00:00) and missed (Tue 00:00).
    setTime('2026-10-20T12:00:00+08:00');
    await h.waitFor('residential breaches and HV target milestones', () => clockEvents('breached', all).length >= 15);
    // Friday: the HV limits are warned (Tue 14:24) and breached (Thu 24:00) too.
    setTime('2026-10-23T00:00:00+08:00');
    await h.waitFor('every milestone', () => clockEvents('warned', all).length >= 20 && clockEvents('breached', all).length >= 20);
    await settle();

    const warned = clockEvents('warned', all);
    const breached = clockEvents('breached', all);
    expect(warned).toHaveLength(20);
    expect(breached).toHaveLength(20);
    expect(new Set(warned.map((d) => `${d.clockId}:${d.measure}`)).size).toBe(20);
    expect(new Set(breached.map((d) => `${d.clockId}:${d.measure}`)).size).toBe(20);
    const at = (list: TimeLimitData[], caseIds: Set<string>, measure: string) =>
      new Set(list.filter((d) => caseIds.has(d.caseId) && d.measure === measure).map((d) => d.at));
    expect(at(breached, residential, 'LIMIT')).toEqual(new Set([iso('2026-10-16T00:00:00+08:00')]));
    expect(at(warned, highVoltage, 'TARGET')).toEqual(new Set([iso('2026-10-17T00:00:00+08:00')]));
    expect(at(breached, highVoltage, 'TARGET')).toEqual(new Set([iso('2026-10-20T00:00:00+08:00')]));
    expect(at(warned, highVoltage, 'LIMIT')).toEqual(new Set([iso('2026-10-20T14:24:00+08:00')]));
    expect(at(breached, highVoltage, 'LIMIT')).toEqual(new Set([iso('2026-10-22T00:00:00+08:00')]));
    expect(breached[0].actor).toEqual({ id: 'time-limit-monitor', role: 'supervisor' });

    // Energized late, each once (both instances at once for half of them).
    setTime('2026-10-23T10:00:00+08:00');
    await Promise.all(
      cases.map(async (c, i) => {
        if (i < 5) {
          const both = await Promise.all([
            call(a, 'energize', tokens.techA, { caseId: c.caseId }),
            call(b, 'energize', tokens.techB, { caseId: c.caseId }),
          ]);
          expect(both.filter((r) => !r.errors)).toHaveLength(1);
        } else {
          await ok(instance(i), 'energize', techOf(i), { caseId: c.caseId });
        }
      }),
    );
    await h.waitFor('ten stopped events', () => clockEvents('stopped', all).length >= 10);

    // Another restart, and time runs on: nothing more is announced.
    a = await restartInstance(h, a);
    setTime('2026-10-31T00:00:00+08:00');
    await settle(2000);
    expect(clockEvents('started', all)).toHaveLength(10);
    expect(clockEvents('warned', all)).toHaveLength(20);
    expect(clockEvents('breached', all)).toHaveLength(20);
    const stopped = clockEvents('stopped', all);
    expect(stopped).toHaveLength(10);
    expect(new Set(stopped.map((d) => d.clockId))).toEqual(new Set(started.map((d) => d.clockId)));
    for (const d of stopped) {
      expect(d).toMatchObject({ onTime: false, customerSeconds: 0, at: iso('2026-10-23T10:00:00+08:00') });
      // Counted from Tuesday 00:00: eight working days to Thursday night, and ten hours on Friday.
      expect(d.utilitySeconds).toBe(8 * 24 * HOUR + 10 * HOUR);
    }
    const [{ due }] = await a.app.get(DataSource).query<{ due: number }[]>(
      `SELECT count(*)::int AS due FROM stage_clock
         WHERE case_id = ANY($1::uuid[]) AND (next_due_at IS NOT NULL OR state IN ('RUNNING', 'PAUSED'))`,
      [[...all]],
    );
    expect(due).toBe(0);
  });

  describe('a customer wait during the power-on', () => {
    /** A high-voltage case of its own, with its customer's token and another customer's. */
    const hvCase = async () => {
      const c = newCase('HV_SINGLE_SOURCE');
      return {
        c,
        customer: await h.token('customer', { sub: c.customerId }),
        otherCustomer: await h.token('customer', { sub: randomUUID() }),
      };
    };

    it('refuses a wait before the gate opens, to the wrong roles and with bad input, naming every field', async () => {
      const { c, customer } = await hvCase();
      setTime('2026-11-02T09:00:00+08:00');
      await h.publish(schemeConfirmed(c));
      await h.waitFor('the case to open', () => readClock(a, tokens.techA, c.caseId));
      const closed = await failure(a, 'postponeEnergization', tokens.techA, { caseId: c.caseId, reason: 'Switch room not ready' });
      expect(closed.extensions).toMatchObject({
        code: 'GATE_CLOSED',
        requires: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED'],
      });
      expect((await failure(a, 'postponeEnergization', customer, { caseId: c.caseId, reason: 'later' })).extensions?.code).toBe(
        'FORBIDDEN',
      );
      expect((await failure(b, 'resumeEnergization', customer, { caseId: c.caseId })).extensions?.code).toBe('FORBIDDEN');
      const invalid = await failure(a, 'postponeEnergization', tokens.techA, { caseId: 'not-a-case', reason: '  ' });
      expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');
      expect(invalid.extensions?.fields?.map((f) => f.field).sort()).toEqual(['input.caseId', 'input.reason']);
      const unknown = await failure(a, 'postponeEnergization', tokens.techA, { caseId: randomUUID(), reason: 'later' });
      expect(unknown.extensions?.code).toBe('NOT_FOUND');
    });

    it('pauses the clock for the wait and counts utility and customer time to the second', async () => {
      const { c, customer, otherCustomer } = await hvCase();
      setTime('2026-11-02T10:00:00+08:00');
      await walkToGate(c, 0, false);
      expect((await failure(b, 'resumeEnergization', tokens.techB, { caseId: c.caseId })).extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'RUNNING',
        requires: ['PAUSED'],
      });

      setTime('2026-11-04T15:30:15+08:00');
      const paused = await ok(a, 'postponeEnergization', tokens.techA, { caseId: c.caseId, reason: ' Switch room not ready ' });
      expect(paused.metering.clock).toMatchObject({ state: 'PAUSED', paused: true });
      const twice = await failure(b, 'postponeEnergization', tokens.supervisor, { caseId: c.caseId, reason: 'again' });
      expect(twice.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'PAUSED', requires: ['RUNNING'] });

      // Thursday noon, still waiting: the deadlines move on by the wait so far (20 h 29 min 45 s of working time).
      setTime('2026-11-05T12:00:00+08:00');
      const view = await readClock(b, customer, c.caseId);
      expect(view?.clock).toEqual({
        id: expect.any(String),
        stage: 'ENERGIZATION',
        round: 1,
        team: 'metering',
        limitDays: 7,
        targetDays: 5,
        startedAt: iso('2026-11-02T10:00:00+08:00'),
        deadline: iso('2026-11-12T20:29:45+08:00'),
        targetDeadline: iso('2026-11-10T20:29:45+08:00'),
        provisional: false,
        utilityTimeSeconds: 39 * HOUR + 30 * 60 + 15,
        customerTimeSeconds: 20 * HOUR + 29 * 60 + 45,
        remainingSeconds: 7 * 24 * HOUR - (39 * HOUR + 30 * 60 + 15),
        paused: true,
        state: 'PAUSED',
        status: 'ON_TIME',
        stoppedAt: null,
        onTime: null,
        targetWarnedAt: null,
        targetBreachedAt: null,
        limitWarnedAt: null,
        limitBreachedAt: null,
        pauses: [
          {
            from: iso('2026-11-04T15:30:15+08:00'),
            to: null,
            by: { id: 'tech-a', role: 'METERING_TECHNICIAN' },
            reason: 'Switch room not ready',
          },
        ],
      });
      // Same visibility as `metering`: another customer sees neither.
      expect(await readClock(a, otherCustomer, c.caseId)).toBeNull();

      setTime('2026-11-09T09:00:00+08:00');
      const resumed = await ok(b, 'resumeEnergization', tokens.supervisor, { caseId: c.caseId });
      expect(resumed.metering.clock).toMatchObject({
        state: 'RUNNING',
        paused: false,
        // Nov 4 15:30:15 to Nov 9 09:00, the weekend not counted.
        customerTimeSeconds: 65 * HOUR + 29 * 60 + 45,
        deadline: iso('2026-11-16T17:29:45+08:00'),
        pauses: [{ to: iso('2026-11-09T09:00:00+08:00'), by: { id: 'tech-a' } }],
      });

      setTime('2026-11-10T12:00:00+08:00');
      await ok(a, 'energize', tokens.techA, { caseId: c.caseId });
      const ids = new Set([c.caseId]);
      await h.waitFor('the stopped event', () => clockEvents('stopped', ids).length === 1);
      await settle(1000);
      expect(clockEvents('started', ids)).toHaveLength(1);
      expect(clockEvents('warned', ids)).toHaveLength(0);
      expect(clockEvents('stopped', ids)).toHaveLength(1);
      expect(clockEvents('stopped', ids)[0]).toMatchObject({
        stage: 'ENERGIZATION',
        // Nov 3 00:00 to Nov 10 12:00 is 132 h of working time, 65:29:45 of it waiting on the customer.
        utilitySeconds: 66 * HOUR + 30 * 60 + 15,
        customerSeconds: 65 * HOUR + 29 * 60 + 45,
        onTime: true,
        at: iso('2026-11-10T12:00:00+08:00'),
        deadline: iso('2026-11-16T17:29:45+08:00'),
        actor: { id: 'tech-a', role: 'metering-technician' },
      });
      const done = (await readClock(b, tokens.supervisor, c.caseId))!;
      expect(done).toMatchObject({
        status: 'ENERGIZED',
        clock: { state: 'STOPPED', onTime: true, stoppedAt: iso('2026-11-10T12:00:00+08:00') },
      });
      expect((await failure(a, 'postponeEnergization', tokens.techA, { caseId: c.caseId, reason: 'late' })).extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'ENERGIZED',
      });
    });
  });

  it('cancels the running clock of a withdrawn case: no warning, breach or stop after it', async () => {
    const c = newCase('LV_RESIDENTIAL');
    setTime('2026-11-16T10:00:00+08:00');
    await walkToGate(c, 1, true);
    setTime('2026-11-17T10:00:00+08:00');
    await h.publish(withdrawn(c, 'The customer sold the property'));
    const ids = new Set([c.caseId]);
    const cancelled = await h.waitFor('the cancellation', () =>
      h.tap
        .ofType('metering.case.cancelled.v1')
        .map((m) => parseEvent(m.body))
        .find((e) => e.subject === c.caseId),
    );
    expect(cancelled.data).toMatchObject({
      reason: 'The customer sold the property',
      cancelledWork: ['ENERGIZATION', 'ENERGIZATION_CLOCK'],
      actor: { id: c.customerId, role: 'customer' },
    });

    // Far past both deadlines, with both instances sweeping: the cancelled clock stays silent.
    setTime('2026-12-31T00:00:00+08:00');
    await settle(2000);
    expect(clockEvents('started', ids)).toHaveLength(1);
    expect(clockEvents('warned', ids)).toHaveLength(0);
    expect(clockEvents('breached', ids)).toHaveLength(0);
    expect(clockEvents('stopped', ids)).toHaveLength(0);
    const view = (await readClock(a, tokens.supervisor, c.caseId))!;
    expect(view).toMatchObject({
      status: 'CANCELLED',
      clock: {
        state: 'CANCELLED',
        stoppedAt: iso('2026-11-17T10:00:00+08:00'),
        utilityTimeSeconds: 10 * HOUR,
        status: 'ON_TIME',
        onTime: null,
        limitWarnedAt: null,
      },
    });
    const refused = await failure(b, 'postponeEnergization', tokens.techB, { caseId: c.caseId, reason: 'later' });
    expect(refused.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
  });
});
