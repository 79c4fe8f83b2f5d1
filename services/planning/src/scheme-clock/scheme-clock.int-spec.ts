import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClockService, SHARED_DATA_DIR } from '@yekuo/timelimits';
import { EventPayload, parseEvent } from '@yekuo/events';
import { InProcessService, ServiceHarness } from '@yekuo/testing';
import {
  accepted,
  databaseOf,
  HandSetTime,
  LV_DRAFT,
  newCase,
  ok,
  restartInstance,
  startPlanningAt,
  SURVEY,
  TestCase,
  waitOpened,
  withdrawn,
} from '../testing/planning.fixtures';
import { SurveyPauseTicker } from './survey-pause.ticker';

jest.setTimeout(180_000);

type TimeLimitData = EventPayload<'planning.timelimit.warned.v1'> & { utilitySeconds?: number; customerSeconds?: number; onTime?: boolean };

/** An LV case of 310101: residential (8 kVA at 220 V; 3 / 3 working days) or not (50 kVA at 380 V; 8 / 7). */
const clockCase = (category: 'LV_RESIDENTIAL' | 'LV_NON_RESIDENTIAL'): TestCase =>
  category === 'LV_RESIDENTIAL' ? newCase(category, 'AC220V', 8, '310101') : newCase(category, 'AC380V', 50, '310101');

const CLOCK_FIELDS = `id stage round policyVersion team limitDays targetDays startedAt deadline targetDeadline provisional
  utilityTimeSeconds customerTimeSeconds remainingSeconds paused state status stoppedAt onTime
  targetWarnedAt targetBreachedAt limitWarnedAt limitBreachedAt pauses { from to by { id role } reason }`;
const CASE_FIELDS = `id planningStatus planningClocks { ${CLOCK_FIELDS} } scheme { version status clock { ${CLOCK_FIELDS} } }
  schemeVersions { version status clock { id round state } }`;

const HOUR = 3600;
/** Both instances sweep the clocks and relay the outbox every 200 ms. */
const ENV = { TIME_LIMIT_SWEEP_MS: '200', OUTBOX_POLL_MS: '200' };

/** What the scheme-clock tests use around a harness of two instances whose time is set by hand. */
function clockKit(h: ServiceHarness) {
  /** Staff calling through `on`: the surveyor of 310101, the planner, an approver and a supervisor. */
  const staff = (on: InProcessService) => ({
    surveyor: h.as('surveyor', { sub: 'surveyor-west-1' }, on),
    planner: h.as('planner', {}, on),
    approver: h.as('approver', {}, on),
    supervisor: h.as('supervisor', {}, on),
  });
  const customer = (c: TestCase, on: InProcessService) => h.as('customer', { sub: c.customerId }, on);
  const readCase = (caller: ReturnType<ServiceHarness['as']>, id: string) => caller.readCase(id, CASE_FIELDS);
  const clockEvents = (kind: string, caseIds: Set<string>): TimeLimitData[] =>
    h.tap
      .ofType(`planning.timelimit.${kind}.v1`)
      .map((m) => parseEvent<'planning.timelimit.warned.v1'>(m.body))
      .map((e) => e.data as TimeLimitData)
      .filter((d) => caseIds.has(d.caseId));
  const keys = (events: TimeLimitData[]) => events.map((d) => `${d.clockId}:${d.measure ?? ''}`);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));
  /** Publishes the case's acceptance at `acceptedAt` (without waiting for planning). */
  const accept = (c: TestCase, acceptedAt: string) => h.publish(accepted(h, c, { acceptedAt: new Date(acceptedAt).toISOString() }));
  return { staff, customer, readCase, clockEvents, keys, settle, accept };
}

describe('planning time limits: the supply scheme clock on two instances (real PostgreSQL and RabbitMQ)', () => {
  /** Its sweeps must find no clock but its own: it counts what both instances announce at the end. */
  describe('ten clocks on a service of their own', () => {
    const time = new HandSetTime('2026-10-12T10:00:00+08:00');
    let h: ServiceHarness;
    beforeAll(async () => {
      h = await startPlanningAt(time, ENV, 2);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('two instances announce every start, warning, breach and stop of ten clocks exactly once, across a restart', async () => {
      const { staff, clockEvents, keys, settle, accept } = clockKit(h);
      const a = h.instances[0];
      let b = h.instances[1];
      time.set('2026-10-12T10:00:00+08:00');
      // Residential (3 / 3 working days) replied by the fast path; non-residential (8 / 7) through approval and reply.
      const cases = [
        ...Array.from({ length: 5 }, () => clockCase('LV_RESIDENTIAL')),
        ...Array.from({ length: 5 }, () => clockCase('LV_NON_RESIDENTIAL')),
      ];
      const ids = new Set(cases.map((c) => c.id));
      for (const c of cases) await accept(c, '2026-10-12T10:00:00+08:00');
      await waitOpened(h, [...ids]);
      const started = await h.waitFor('ten started events', () => {
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
      time.set('2026-10-15T12:00:00+08:00');
      await h.waitFor('ten residential warnings', () => clockEvents('warned', ids).length >= 10, 30_000);

      // One instance restarts (its new time source at the same instant); nothing already announced repeats.
      b = await restartInstance(h, b);

      // Oct 21 noon: residential breached; non-residential warned on the target (Oct 20 14:24) and the limit (Oct 21 09:36).
      time.set('2026-10-21T12:00:00+08:00');
      await h.waitFor(
        'breaches and warnings',
        () => clockEvents('breached', ids).length >= 10 && clockEvents('warned', ids).length >= 20,
        30_000,
      );
      // Oct 26: the non-residential target (Oct 22) and limit (Oct 23) are missed too.
      time.set('2026-10-26T12:00:00+08:00');
      await h.waitFor('every breach', () => clockEvents('breached', ids).length >= 20, 30_000);

      // The steps are done late, on either instance: the reply stops each clock.
      time.set('2026-10-27T10:00:00+08:00');
      for (const [i, c] of cases.entries()) {
        const on = staff(i % 2 === 0 ? a : b);
        if (c.category === 'LV_RESIDENTIAL') {
          await ok('completeFastPath', on.surveyor, SURVEY(c.id));
        } else {
          await ok('scheduleSurvey', on.planner, { caseId: c.id, appointmentAt: '2026-10-27T03:00:00Z' });
          await ok('recordSurvey', on.surveyor, SURVEY(c.id));
          await ok('draftScheme', on.planner, LV_DRAFT(c.id));
          await ok('approveScheme', on.approver, { caseId: c.id });
          await ok('replyScheme', on.planner, { caseId: c.id });
        }
      }
      await h.waitFor('ten stopped events', () => clockEvents('stopped', ids).length >= 10, 30_000);
      // Both instances sweep again, at once and far later: nothing is left to announce.
      time.set('2027-03-01T00:00:00+08:00');
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
  });

  describe('one case at a time, on a service shared by the tests below', () => {
    const time = new HandSetTime('2026-10-12T10:00:00+08:00');
    let h: ServiceHarness;
    beforeAll(async () => {
      h = await startPlanningAt(time, ENV, 2);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('pauses while the customer moves the survey, resumes at the new appointment, and counts every round to the second', async () => {
      const { staff, customer: customerVia, readCase, clockEvents, settle, accept } = clockKit(h);
      const [a, b] = h.instances;
      const c = clockCase('LV_NON_RESIDENTIAL');
      const customer = customerVia(c, a);
      time.set('2026-10-12T10:00:00+08:00');
      await accept(c, '2026-10-12T10:00:00+08:00');
      await waitOpened(h, [c.id]);
      time.set('2026-10-13T09:00:00+08:00');
      await ok('scheduleSurvey', staff(a).planner, { caseId: c.id, appointmentAt: '2026-10-14T10:00:00+08:00' });
      // The customer asks to move it: the clock waits on them from now until the new appointment.
      time.set('2026-10-13T15:30:15+08:00');
      await ok('rescheduleSurvey', staff(b).planner, {
        caseId: c.id,
        appointmentAt: '2026-10-16T14:00:00+08:00',
        requestedBy: 'CUSTOMER',
        reason: 'Customer away until Friday',
      });

      // (c) the clock as the graph shows it at a chosen instant: paused, deadlines pushed on by the open pause.
      time.set('2026-10-15T12:00:00+08:00');
      const paused = (await readCase(customer, c.id)).planningClocks;
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
      time.set('2026-10-16T16:45:00+08:00');
      await ok('recordSurvey', staff(a).surveyor, SURVEY(c.id));
      await ok('draftScheme', staff(b).planner, LV_DRAFT(c.id));
      time.set('2026-10-16T18:00:00+08:00');
      const running = (await readCase(staff(b).planner, c.id)).scheme;
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
      await ok('approveScheme', staff(a).approver, { caseId: c.id });
      time.set('2026-10-19T11:00:30+08:00');
      await ok('replyScheme', staff(b).planner, { caseId: c.id });
      // (b) the customer asks for changes: round 2 runs until the next reply.
      time.set('2026-10-20T10:00:00+08:00');
      await ok('requestSchemeChange', customer, { caseId: c.id, reason: 'Move the meter box to the gate' });
      time.set('2026-10-21T09:00:00+08:00');
      await ok('draftScheme', staff(a).planner, LV_DRAFT(c.id));
      await ok('approveScheme', staff(b).approver, { caseId: c.id });
      time.set('2026-10-22T15:00:00+08:00');
      await ok('replyScheme', staff(a).planner, { caseId: c.id });

      const ids = new Set([c.id]);
      const stopped = await h.waitFor('both rounds stopped', () => {
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

      const view = await readCase(customer, c.id);
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
      const stranger = h.as('customer', { sub: randomUUID() }, a);
      expect(await stranger.readCase(c.id, 'planningClocks { id } scheme { version }')).toEqual({
        planningClocks: [],
        scheme: null,
      });
    });

    it('ends the wait on the customer at the new appointment even when nobody records the survey', async () => {
      const { staff, readCase, accept } = clockKit(h);
      const [a, b] = h.instances;
      const c = clockCase('LV_NON_RESIDENTIAL');
      time.set('2026-11-02T09:00:00+08:00');
      await accept(c, '2026-11-02T09:00:00+08:00');
      await waitOpened(h, [c.id]);
      await ok('scheduleSurvey', staff(a).planner, { caseId: c.id, appointmentAt: '2026-11-03T10:00:00+08:00' });
      time.set('2026-11-04T08:00:00+08:00');
      // The customer missed Tuesday's appointment and moves it to Thursday: the wait counts from the missed one.
      await ok('rescheduleSurvey', staff(a).planner, {
        caseId: c.id,
        appointmentAt: '2026-11-05T10:00:00+08:00',
        requestedBy: 'CUSTOMER',
        reason: 'Missed the visit',
      });
      time.set('2026-11-05T11:00:00+08:00');
      await Promise.all([a.app.get(SurveyPauseTicker).tick(), b.app.get(SurveyPauseTicker).tick()]);
      const [clock] = (await readCase(staff(b).supervisor, c.id)).planningClocks;
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
      const { customer, readCase, clockEvents, settle, accept } = clockKit(h);
      const [a, b] = h.instances;
      const c = clockCase('LV_RESIDENTIAL');
      time.set('2026-11-09T10:00:00+08:00');
      await accept(c, '2026-11-09T10:00:00+08:00');
      await waitOpened(h, [c.id]);
      const ids = new Set([c.id]);
      await h.waitFor('the clock started', () => clockEvents('started', ids).length === 1);
      time.set('2026-11-10T12:00:00+08:00');
      const withdrawal = withdrawn(h, c, 'Bought a flat elsewhere');
      await h.publish(withdrawal, withdrawal);
      const [cancelled] = await h.waitFor('the cancellation', () => {
        const events = h.eventsOf(c.id, 'planning.case.cancelled.v1');
        return events.length ? events : undefined;
      });
      expect(cancelled.data).toMatchObject({ cancelledWork: ['TIME_LIMIT_CLOCK SUPPLY_SCHEME round 1'], actor: { id: c.customerId } });

      // Long past every deadline, on both instances: nothing is announced for the cancelled clock.
      time.set('2026-12-31T12:00:00+08:00');
      // (Other cases' clocks may fall due in these sweeps; this case's must not.)
      await Promise.all([a.app.get(ClockService).sweep(), b.app.get(ClockService).sweep()]);
      const [due] = await databaseOf(h).query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM stage_clock WHERE case_id = $1 AND next_due_at IS NOT NULL`,
        [c.id],
      );
      expect(due.n).toBe(0);
      await settle();
      expect(h.eventsOf(c.id, 'planning.case.cancelled.v1')).toHaveLength(1);
      expect(clockEvents('warned', ids)).toHaveLength(0);
      expect(clockEvents('breached', ids)).toHaveLength(0);
      expect(clockEvents('stopped', ids)).toHaveLength(0);
      const view = await readCase(customer(c, a), c.id);
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

  describe('a time-limit policy change, on a service of its own', () => {
    const time = new HandSetTime('2026-12-28T10:00:00+08:00');
    let dir: string | undefined;
    /** The policy the service reads when it starts: at first the one shipped. */
    let file: string;
    let h: ServiceHarness;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'yekuo-policy-'));
      file = join(dir, 'time-limits.json');
      copyFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), file);
      h = await startPlanningAt(time, { TIME_LIMIT_SWEEP_MS: '0', TIME_LIMIT_POLICY_FILE: file });
    });
    afterAll(async () => {
      await h?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const CLOCKS = 'planningClocks { policyVersion limitDays targetDays startedAt deadline targetDeadline state }';

    it('leaves a running clock on the version its case was accepted under, while new cases take the new version', async () => {
      let planning = h.instances[0];
      const clocksOf = async (caseId: string) =>
        (await h.as('planner', {}, planning).readCase<{ planningClocks: Array<Record<string, unknown>> }>(caseId, CLOCKS)).planningClocks;
      const lvCase = () => newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310101');

      const before = lvCase();
      await h.publish(accepted(h, before, { policyVersion: '2020-01', acceptedAt: new Date('2026-12-28T10:00:00+08:00').toISOString() }));
      await h.waitFor('the scheme clock to start', async () => (await clocksOf(before.id)).length === 1);
      const [running] = await clocksOf(before.id);
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
      writeFileSync(file, JSON.stringify(shipped));
      planning = await restartInstance(h, planning, () => time.set('2027-01-04T10:00:00+08:00'));

      // The running clock keeps its days and its deadlines.
      expect(await clocksOf(before.id)).toEqual([running]);

      const after = lvCase();
      await h.publish(accepted(h, after, { policyVersion: '2027-01', acceptedAt: new Date('2027-01-04T10:00:00+08:00').toISOString() }));
      await h.waitFor('the new case’s clock to start', async () => (await clocksOf(after.id)).length === 1);
      expect((await clocksOf(after.id))[0]).toMatchObject({ policyVersion: '2027-01', limitDays: 4, targetDays: 3, state: 'RUNNING' });
    });
  });
});
