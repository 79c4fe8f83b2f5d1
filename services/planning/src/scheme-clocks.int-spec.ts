import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ClockService } from '@yekuo/timelimits';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, parseEvent } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import {
  EventTap,
  graphql,
  InProcessService,
  readCaseEntity,
  startServiceInProcess,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from './app.module';
import { planningService } from './planning.service-definition';
import { SurveyPauseTicker } from './scheme-clock/survey-pause.ticker';

jest.setTimeout(180_000);

type Role = Parameters<TestRun['token']>[0]['roles'][number];
type TimeLimitData = EventPayload<'planning.timelimit.warned.v1'> & { utilitySeconds?: number; customerSeconds?: number; onTime?: boolean };

interface TestCase {
  id: string;
  number: string;
  customerId: string;
  category: CustomerCategory;
  voltageLevel: string;
  capacityKva: number;
}

let sequence = 0;
const newCase = (category: CustomerCategory): TestCase => ({
  id: randomUUID(),
  number: `YK-2026-${String(700_000 + Math.floor(Math.random() * 200_000) + ++sequence).padStart(6, '0')}`,
  customerId: randomUUID(),
  category,
  voltageLevel: category === 'LV_RESIDENTIAL' ? 'AC220V' : 'AC380V',
  capacityKva: category === 'LV_RESIDENTIAL' ? 8 : 50,
});

const acceptedOf = (c: TestCase, acceptedAt: string): EventPayload<'intake.application.accepted.v1'> => ({
  caseId: c.id,
  caseNumber: c.number,
  customerId: c.customerId,
  category: c.category,
  policyVersion: '2020-01',
  actor: { id: 'clerk-1', role: 'intake-clerk' },
  businessType: 'NEW_CONNECTION',
  capacityKva: c.capacityKva,
  voltageLevel: c.voltageLevel,
  supplySources: 1,
  regionCode: '310101',
  acceptedAt: new Date(acceptedAt).toISOString(),
});

const SURVEY = (caseId: string) => ({
  caseId,
  siteConditions: 'Overhead 0.4 kV line at the gate; meter box room in the stairwell',
  supplyPointOptions: ['0.4 kV branch box 3 of pole 17'],
});
const DRAFT = (caseId: string) => ({
  caseId,
  voltageLevel: 'AC380V',
  capacityKva: 50,
  supplySources: 1,
  supplyPoints: ['0.4 kV branch box 3 of pole 17'],
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
  propertyBoundary: 'Outgoing terminal of the meter box',
});

const MUTATIONS = {
  scheduleSurvey: `mutation($input: ScheduleSurveyInput!) { scheduleSurvey(input: $input) { id planningStatus } }`,
  rescheduleSurvey: `mutation($input: RescheduleSurveyInput!) { rescheduleSurvey(input: $input) { id planningStatus } }`,
  recordSurvey: `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id planningStatus } }`,
  completeFastPath: `mutation($input: CompleteFastPathInput!) { completeFastPath(input: $input) { id planningStatus } }`,
  draftScheme: `mutation($input: DraftSchemeInput!) { draftScheme(input: $input) { id planningStatus } }`,
  approveScheme: `mutation($input: ApproveSchemeInput!) { approveScheme(input: $input) { id planningStatus } }`,
  replyScheme: `mutation($input: ReplySchemeInput!) { replyScheme(input: $input) { id planningStatus } }`,
  requestSchemeChange: `mutation($input: RequestSchemeChangeInput!) { requestSchemeChange(input: $input) { id planningStatus } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;

const CLOCK_FIELDS = `id stage round policyVersion team limitDays targetDays startedAt deadline targetDeadline provisional
  utilityTimeSeconds customerTimeSeconds remainingSeconds paused state status stoppedAt onTime
  targetWarnedAt targetBreachedAt limitWarnedAt limitBreachedAt pauses { from to by { id role } reason }`;
const CASE_FIELDS = `id planningStatus planningClocks { ${CLOCK_FIELDS} } scheme { version status clock { ${CLOCK_FIELDS} } }
  schemeVersions { version status clock { id round state } }`;

const HOUR = 3600;

describe('planning time limits: the supply scheme clock on two instances (real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  // Each instance reads its own hand-set time; the test keeps them at the same instant.
  const timeA = new ManualTimeSource('2026-10-12T10:00:00+08:00');
  let timeB = new ManualTimeSource('2026-10-12T10:00:00+08:00');
  let a: InProcessService;
  let b: InProcessService;
  let tap: EventTap;
  let bus: TestPublisher;
  const tokens: Record<string, string> = {};
  const env = { TIME_LIMIT_SWEEP_MS: '200', OUTBOX_POLL_MS: '200' };

  const start = (time: ManualTimeSource) =>
    startServiceInProcess(
      run,
      { ...planningService, timeSource: time },
      (config) => AppModule.forRoot(config, { ...planningService, timeSource: time }),
      env,
    );
  const setTime = (iso: string) => {
    timeA.set(iso);
    timeB.set(iso);
  };
  const ok = async (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await graphql<Record<string, any>>(service.url, MUTATIONS[name], { input }, token);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };
  const readCase = (service: InProcessService, token: string, id: string) => readCaseEntity(service.url, token, id, CASE_FIELDS);

  const clockEvents = (kind: string, caseIds: Set<string>): TimeLimitData[] =>
    tap
      .ofType(`planning.timelimit.${kind}.v1`)
      .map((m) => parseEvent(m.body) as CloudEvent<'planning.timelimit.warned.v1'>)
      .map((e) => e.data as TimeLimitData)
      .filter((d) => caseIds.has(d.caseId));
  const planningEvents = (type: string, caseId: string) =>
    tap
      .ofType(type)
      .map((m) => parseEvent(m.body))
      .filter((e) => e.subject === caseId);
  const keys = (events: TimeLimitData[]) => events.map((d) => `${d.clockId}:${d.measure ?? ''}`);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

  const accept = async (c: TestCase, acceptedAt: string) => {
    await bus.publish(createEvent('intake.application.accepted.v1', acceptedOf(c, acceptedAt), { source: '/yekuo/intake' }));
  };
  const waitOpened = (ids: string[]) =>
    waitFor(`${ids.length} planning case(s) opened`, async () => {
      const [row] = await a.app
        .get(DataSource)
        .query<{ n: number }[]>('SELECT count(*)::int AS n FROM planning_case WHERE case_id = ANY($1)', [ids]);
      return row.n === ids.length;
    });

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, 'planning.#');
    a = await start(timeA);
    b = await start(timeB);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    const mint = (sub: string, role: Role) => run.token({ sub, roles: [role] });
    Object.assign(tokens, {
      surveyor: await mint('surveyor-west-1', 'surveyor'),
      planner: await mint('planner-1', 'planner'),
      approver: await mint('approver-1', 'approver'),
      supervisor: await mint('supervisor-1', 'supervisor'),
    });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await tap?.close();
    await bus?.close();
    await run.cleanUp(['planning']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('two instances announce every start, warning, breach and stop of ten clocks exactly once, across a restart', async () => {
    setTime('2026-10-12T10:00:00+08:00');
    // Residential (3 / 3 working days) replied by the fast path; non-residential (8 / 7) through approval and reply.
    const cases = [
      ...Array.from({ length: 5 }, () => newCase('LV_RESIDENTIAL')),
      ...Array.from({ length: 5 }, () => newCase('LV_NON_RESIDENTIAL')),
    ];
    const ids = new Set(cases.map((c) => c.id));
    for (const c of cases) await accept(c, '2026-10-12T10:00:00+08:00');
    await waitOpened([...ids]);
    const started = await waitFor('ten started events', () => {
      const events = clockEvents('started', ids);
      return events.length === 10 ? events : undefined;
    });
    expect(started[0]).toMatchObject({
      stage: 'SUPPLY_SCHEME',
      round: 1,
      team: 'planning',
      at: '2026-10-12T02:00:00.000Z',
      actor: { id: 'clerk-1', role: 'intake-clerk' },
    });
    const residential = started.find((d) => d.category === 'LV_RESIDENTIAL')!;
    // Counted from Oct 13 00:00 (the first working day after the start): three working days end Oct 16 00:00.
    expect(residential).toMatchObject({ limitDays: 3, targetDays: 3, deadline: '2026-10-15T16:00:00.000Z', provisional: false });
    const nonResidential = started.find((d) => d.category === 'LV_NON_RESIDENTIAL')!;
    expect(nonResidential).toMatchObject({
      limitDays: 8,
      targetDays: 7,
      deadline: '2026-10-22T16:00:00.000Z',
      targetDeadline: '2026-10-21T16:00:00.000Z',
    });

    // Oct 15 noon: the residential clocks passed 80 % of their three days (Oct 15 09:36), both measures.
    setTime('2026-10-15T12:00:00+08:00');
    await waitFor('ten residential warnings', () => clockEvents('warned', ids).length >= 10, 30_000);

    // One instance restarts (its new time source at the same instant); nothing already announced repeats.
    await b.stop();
    timeB = new ManualTimeSource(timeA.now());
    b = await start(timeB);

    // Oct 21 noon: residential breached; non-residential warned on the target (Oct 20 14:24) and the limit (Oct 21 09:36).
    setTime('2026-10-21T12:00:00+08:00');
    await waitFor(
      'breaches and warnings',
      () => clockEvents('breached', ids).length >= 10 && clockEvents('warned', ids).length >= 20,
      30_000,
    );
    // Oct 26: the non-residential target (Oct 22) and limit (Oct 23) are missed too.
    setTime('2026-10-26T12:00:00+08:00');
    await waitFor('every breach', () => clockEvents('breached', ids).length >= 20, 30_000);

    // The steps are done late, on either instance: the reply stops each clock.
    setTime('2026-10-27T10:00:00+08:00');
    for (const [i, c] of cases.entries()) {
      const on = i % 2 === 0 ? a : b;
      if (c.category === 'LV_RESIDENTIAL') {
        await ok(on, 'completeFastPath', tokens.surveyor, SURVEY(c.id));
      } else {
        await ok(on, 'scheduleSurvey', tokens.planner, { caseId: c.id, appointmentAt: '2026-10-27T03:00:00Z' });
        await ok(on, 'recordSurvey', tokens.surveyor, SURVEY(c.id));
        await ok(on, 'draftScheme', tokens.planner, DRAFT(c.id));
        await ok(on, 'approveScheme', tokens.approver, { caseId: c.id });
        await ok(on, 'replyScheme', tokens.planner, { caseId: c.id });
      }
    }
    await waitFor('ten stopped events', () => clockEvents('stopped', ids).length >= 10, 30_000);
    // Both instances sweep again, at once and far later: nothing is left to announce.
    setTime('2027-03-01T00:00:00+08:00');
    const again = await Promise.all([a.app.get(ClockService).sweep(), b.app.get(ClockService).sweep()]);
    expect(again.map((r) => r.announced)).toEqual([0, 0]);
    await settle();

    const warned = clockEvents('warned', ids);
    const breached = clockEvents('breached', ids);
    const stopped = clockEvents('stopped', ids);
    const startedAll = clockEvents('started', ids);
    expect(startedAll).toHaveLength(10);
    expect(new Set(startedAll.map((d) => d.clockId)).size).toBe(10);
    expect(warned).toHaveLength(20);
    expect(new Set(keys(warned)).size).toBe(20);
    expect(breached).toHaveLength(20);
    expect(new Set(keys(breached)).size).toBe(20);
    expect(stopped).toHaveLength(10);
    expect(new Set(stopped.map((d) => d.clockId))).toEqual(new Set(startedAll.map((d) => d.clockId)));
    // Each clock: one warning and one breach per measure (LIMIT and TARGET).
    for (const { clockId } of startedAll) {
      expect(
        warned
          .filter((d) => d.clockId === clockId)
          .map((d) => d.measure)
          .sort(),
      ).toEqual(['LIMIT', 'TARGET']);
      expect(
        breached
          .filter((d) => d.clockId === clockId)
          .map((d) => d.measure)
          .sort(),
      ).toEqual(['LIMIT', 'TARGET']);
    }
    const residentialBreach = breached.find((d) => d.category === 'LV_RESIDENTIAL' && d.measure === 'LIMIT')!;
    expect(residentialBreach).toMatchObject({ at: '2026-10-15T16:00:00.000Z', actor: { id: 'time-limit-monitor', role: 'supervisor' } });
    const residentialStop = stopped.find((d) => d.category === 'LV_RESIDENTIAL')!;
    // Oct 13 00:00 to Oct 27 10:00: ten working days and ten hours, no customer time; late.
    expect(residentialStop).toMatchObject({
      onTime: false,
      utilitySeconds: 10 * 24 * HOUR + 10 * HOUR,
      customerSeconds: 0,
      at: '2026-10-27T02:00:00.000Z',
      actor: { id: 'surveyor-west-1', role: 'surveyor' },
    });
    expect(stopped.find((d) => d.category === 'LV_NON_RESIDENTIAL')).toMatchObject({ actor: { id: 'planner-1', role: 'planner' } });
  });

  it('pauses while the customer moves the survey, resumes at the new appointment, and counts every round to the second', async () => {
    const c = newCase('LV_NON_RESIDENTIAL');
    const customer = await run.token({ sub: c.customerId, roles: ['customer'] });
    setTime('2026-10-12T10:00:00+08:00');
    await accept(c, '2026-10-12T10:00:00+08:00');
    await waitOpened([c.id]);
    setTime('2026-10-13T09:00:00+08:00');
    await ok(a, 'scheduleSurvey', tokens.planner, { caseId: c.id, appointmentAt: '2026-10-14T10:00:00+08:00' });
    // The customer asks to move it: the clock waits on them from now until the new appointment.
    setTime('2026-10-13T15:30:15+08:00');
    await ok(b, 'rescheduleSurvey', tokens.planner, {
      caseId: c.id,
      appointmentAt: '2026-10-16T14:00:00+08:00',
      requestedBy: 'CUSTOMER',
      reason: 'Customer away until Friday',
    });

    // (c) the clock as the graph shows it at a chosen instant: paused, deadlines pushed on by the open pause.
    setTime('2026-10-15T12:00:00+08:00');
    const paused = (await readCase(a, customer, c.id)).planningClocks;
    expect(paused).toHaveLength(1);
    expect(paused[0]).toMatchObject({
      stage: 'SUPPLY_SCHEME',
      round: 1,
      policyVersion: '2020-01',
      team: 'planning',
      limitDays: 8,
      targetDays: 7,
      startedAt: '2026-10-12T02:00:00.000Z',
      state: 'PAUSED',
      paused: true,
      status: 'ON_TIME',
      provisional: false,
      // Oct 13 00:00 to 15:30:15 counted; 15:30:15 to Oct 15 12:00 waited on the customer.
      utilityTimeSeconds: 15 * HOUR + 30 * 60 + 15,
      customerTimeSeconds: 44 * HOUR + 29 * 60 + 45,
      remainingSeconds: 8 * 24 * HOUR - (15 * HOUR + 30 * 60 + 15),
      // Oct 23 00:00 plus the 44:29:45 waited so far (over the weekend): Oct 26 20:29:45.
      deadline: '2026-10-26T12:29:45.000Z',
      targetDeadline: '2026-10-23T12:29:45.000Z',
      stoppedAt: null,
      onTime: null,
      pauses: [
        {
          from: '2026-10-13T07:30:15.000Z',
          to: null,
          by: { id: c.customerId, role: 'CUSTOMER' },
          reason: "Survey appointment moved at the customer's request: Customer away until Friday",
        },
      ],
    });
    // Nothing to announce while the customer holds the step up.
    expect((await a.app.get(ClockService).sweep()).announced).toBe(0);

    // Surveyed after the new appointment: the wait ended at the appointment (14:00), not at the survey.
    setTime('2026-10-16T16:45:00+08:00');
    await ok(a, 'recordSurvey', tokens.surveyor, SURVEY(c.id));
    await ok(b, 'draftScheme', tokens.planner, DRAFT(c.id));
    setTime('2026-10-16T18:00:00+08:00');
    const running = (await readCase(b, tokens.planner, c.id)).scheme;
    expect(running).toMatchObject({ version: 1, status: 'DRAFTED' });
    const pauseSeconds = 70 * HOUR + 29 * 60 + 45; // Oct 13 15:30:15 to Oct 16 14:00
    expect(running.clock).toMatchObject({
      round: 1,
      state: 'RUNNING',
      paused: false,
      status: 'ON_TIME',
      utilityTimeSeconds: 90 * HOUR - pauseSeconds,
      customerTimeSeconds: pauseSeconds,
      remainingSeconds: 8 * 24 * HOUR - (90 * HOUR - pauseSeconds),
      // Oct 23 00:00 plus 70:29:45 of working time: Oct 27 22:29:45 (target: Oct 26 22:29:45).
      deadline: '2026-10-27T14:29:45.000Z',
      targetDeadline: '2026-10-26T14:29:45.000Z',
    });
    expect(running.clock.pauses).toEqual([expect.objectContaining({ from: '2026-10-13T07:30:15.000Z', to: '2026-10-16T06:00:00.000Z' })]);

    // Replied on Monday at 11:00:30: round 1 stops.
    await ok(a, 'approveScheme', tokens.approver, { caseId: c.id });
    setTime('2026-10-19T11:00:30+08:00');
    await ok(b, 'replyScheme', tokens.planner, { caseId: c.id });
    // (b) the customer asks for changes: round 2 runs until the next reply.
    setTime('2026-10-20T10:00:00+08:00');
    await ok(a, 'requestSchemeChange', customer, { caseId: c.id, reason: 'Move the meter box to the gate' });
    setTime('2026-10-21T09:00:00+08:00');
    await ok(a, 'draftScheme', tokens.planner, DRAFT(c.id));
    await ok(b, 'approveScheme', tokens.approver, { caseId: c.id });
    setTime('2026-10-22T15:00:00+08:00');
    await ok(a, 'replyScheme', tokens.planner, { caseId: c.id });

    const ids = new Set([c.id]);
    const stopped = await waitFor('both rounds stopped', () => {
      const events = clockEvents('stopped', ids);
      return events.length >= 2 ? events.sort((x, y) => (x.round ?? 0) - (y.round ?? 0)) : undefined;
    });
    await settle();
    expect(clockEvents('stopped', ids)).toHaveLength(2);
    expect(
      clockEvents('started', ids)
        .map((d) => d.round)
        .sort(),
    ).toEqual([1, 2]);
    expect(clockEvents('warned', ids)).toHaveLength(0);
    expect(stopped[0]).toMatchObject({
      round: 1,
      // Oct 13 00:00 to Oct 19 11:00:30 is 107:00:30 of working time, 70:29:45 of it the customer's.
      utilitySeconds: 107 * HOUR + 30 - pauseSeconds,
      customerSeconds: pauseSeconds,
      onTime: true,
      at: '2026-10-19T03:00:30.000Z',
      actor: { id: 'planner-1', role: 'planner' },
    });
    expect(stopped[1]).toMatchObject({
      round: 2,
      // Started Oct 20 10:00, counted from Oct 21 00:00 to Oct 22 15:00.
      utilitySeconds: 39 * HOUR,
      customerSeconds: 0,
      onTime: true,
      at: '2026-10-22T07:00:00.000Z',
    });
    expect(clockEvents('started', ids).find((d) => d.round === 2)).toMatchObject({
      at: '2026-10-20T02:00:00.000Z',
      actor: { id: c.customerId, role: 'customer' },
    });

    const view = await readCase(a, customer, c.id);
    expect(view.planningClocks.map((k: { round: number; state: string; onTime: boolean }) => [k.round, k.state, k.onTime])).toEqual([
      [1, 'STOPPED', true],
      [2, 'STOPPED', true],
    ]);
    expect(view.schemeVersions.map((v: { version: number; clock: { round: number } }) => [v.version, v.clock.round])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(view.scheme.clock).toMatchObject({ round: 2, utilityTimeSeconds: 39 * HOUR, stoppedAt: '2026-10-22T07:00:00.000Z' });
    // Another customer sees no clock of the case.
    const stranger = await run.token({ sub: randomUUID(), roles: ['customer'] });
    expect(await readCaseEntity(a.url, stranger, c.id, 'planningClocks { id } scheme { version }')).toEqual({
      planningClocks: [],
      scheme: null,
    });
  });

  it('ends the wait on the customer at the new appointment even when nobody records the survey', async () => {
    const c = newCase('LV_NON_RESIDENTIAL');
    setTime('2026-11-02T09:00:00+08:00');
    await accept(c, '2026-11-02T09:00:00+08:00');
    await waitOpened([c.id]);
    await ok(a, 'scheduleSurvey', tokens.planner, { caseId: c.id, appointmentAt: '2026-11-03T10:00:00+08:00' });
    setTime('2026-11-04T08:00:00+08:00');
    // The customer missed Tuesday's appointment and moves it to Thursday: the wait counts from the missed one.
    await ok(a, 'rescheduleSurvey', tokens.planner, {
      caseId: c.id,
      appointmentAt: '2026-11-05T10:00:00+08:00',
      requestedBy: 'CUSTOMER',
      reason: 'Missed the visit',
    });
    setTime('2026-11-05T11:00:00+08:00');
    await Promise.all([a.app.get(SurveyPauseTicker).tick(), b.app.get(SurveyPauseTicker).tick()]);
    const [clock] = (await readCase(b, tokens.supervisor, c.id)).planningClocks;
    expect(clock).toMatchObject({ state: 'RUNNING', paused: false, customerTimeSeconds: 48 * HOUR });
    expect(clock.pauses).toEqual([
      {
        from: '2026-11-03T02:00:00.000Z',
        to: '2026-11-05T02:00:00.000Z',
        by: { id: c.customerId, role: 'CUSTOMER' },
        reason: "Survey appointment moved at the customer's request: Missed the visit",
      },
    ]);
  });

  it('cancels the running clock on withdrawal: no warning or breach follows, and the cancellation names it', async () => {
    const c = newCase('LV_RESIDENTIAL');
    setTime('2026-11-09T10:00:00+08:00');
    await accept(c, '2026-11-09T10:00:00+08:00');
    await waitOpened([c.id]);
    const ids = new Set([c.id]);
    await waitFor('the clock started', () => clockEvents('started', ids).length === 1);
    setTime('2026-11-10T12:00:00+08:00');
    const withdrawn = createEvent(
      'intake.application.withdrawn.v1',
      {
        caseId: c.id,
        caseNumber: c.number,
        customerId: c.customerId,
        category: c.category,
        policyVersion: '2020-01',
        actor: { id: c.customerId, role: 'customer' },
        reason: 'Bought a flat elsewhere',
      },
      { source: '/yekuo/intake' },
    );
    await bus.publish(withdrawn, withdrawn);
    const [cancelled] = await waitFor('the cancellation', () => {
      const events = planningEvents('planning.case.cancelled.v1', c.id);
      return events.length ? events : undefined;
    });
    expect(cancelled.data).toMatchObject({ cancelledWork: ['TIME_LIMIT_CLOCK SUPPLY_SCHEME round 1'], actor: { id: c.customerId } });

    // Long past every deadline, on both instances: nothing is announced for the cancelled clock.
    setTime('2026-12-31T12:00:00+08:00');
    // (Other cases' clocks may fall due in these sweeps; this case's must not.)
    await Promise.all([a.app.get(ClockService).sweep(), b.app.get(ClockService).sweep()]);
    const [due] = await a.app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM stage_clock WHERE case_id = $1 AND next_due_at IS NOT NULL`, [c.id]);
    expect(due.n).toBe(0);
    await settle();
    expect(planningEvents('planning.case.cancelled.v1', c.id)).toHaveLength(1);
    expect(clockEvents('warned', ids)).toHaveLength(0);
    expect(clockEvents('breached', ids)).toHaveLength(0);
    expect(clockEvents('stopped', ids)).toHaveLength(0);
    const customer = await run.token({ sub: c.customerId, roles: ['customer'] });
    const view = await readCase(a, customer, c.id);
    expect(view.planningStatus).toBe('CANCELLED');
    expect(view.planningClocks).toEqual([
      expect.objectContaining({
        state: 'CANCELLED',
        paused: false,
        // Nov 10 00:00 to 12:00.
        utilityTimeSeconds: 12 * HOUR,
        stoppedAt: '2026-11-10T04:00:00.000Z',
        onTime: null,
      }),
    ]);
  });
});
