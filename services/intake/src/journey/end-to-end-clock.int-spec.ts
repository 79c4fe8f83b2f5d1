import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CloudEvent, EventPayload, EventType, Role } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import {
  ACCEPT,
  application,
  clerkOf,
  COMPLETENESS,
  newCustomer,
  residentId,
  startIntake,
  submit,
  upload,
  WITHDRAW,
} from '../testing/intake.fixtures';

jest.setTimeout(180_000);

/**
 * The END_TO_END clock on the real database and broker, driven through the journey's consumer:
 * it starts at acceptance, pauses while every open action waits on the customer and runs again
 * when a utility action opens (both announced once), takes the limit with external works once the
 * confirmed scheme needs them, stops at power-on, breaches once with two instances sweeping, and
 * runs without a limit for a case accepted under the pre-reform 2020-01. A hand-set clock the
 * test moves on; the service sweeps every 200 ms.
 */

type ClockEvent = EventPayload<'intake.timelimit.started.v2'>;
type PauseEvent = EventPayload<'intake.timelimit.paused.v2'>;

const CLOCK_FIELDS = `stage round limitDays targetDays dayUnit policyVersion startedAt deadline targetDeadline provisional
  utilityTimeSeconds customerTimeSeconds remainingSeconds paused state status stoppedAt onTime limitWarnedAt limitBreachedAt
  pauses { from to by { id role } reason }`;
const CLOCK = `query ($id: ID!) { case(id: $id) { id policyVersion endToEndClock { ${CLOCK_FIELDS} } journey { endToEndClock { stage state } } } }`;
const OVERDUE = `query ($filter: ClockFilter) { overdueClocks(filter: $filter, first: 50) { edges { node { caseId stage limitDays breachedAt } } } }`;

const HOUR = 3600;
/** The served region the test's policy data puts in Suizhou. */
const SUIZHOU = '310115';
const iso = (at: string) => new Date(at).toISOString();

interface Accepted {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: EventPayload<'intake.application.accepted.v1'>['category'];
  policyVersion: string;
  owner: ReturnType<typeof newCustomer>;
}

describe('the END_TO_END clock (hand-set clock, real PostgreSQL and RabbitMQ)', () => {
  const time = new ManualTimeSource('2026-10-12T10:00:00+08:00');
  const dir = mkdtempSync(join(tmpdir(), 'yekuo-e2e-clock-'));
  let h: ServiceHarness;

  beforeAll(async () => {
    // The shipped policy data, with Pudong (310115, a region the utility serves) standing for Suizhou: the
    // utility serves no Suizhou region, and Suizhou's city plan is the overlay with figures with and without works.
    const policy = JSON.parse(readFileSync(join(__dirname, '../../../../libs/shared/timelimits/data/time-limits.json'), 'utf8'));
    policy.jurisdictions['hubei-suizhou'].regionPrefixes.push(SUIZHOU);
    const policyFile = join(dir, 'time-limits.json');
    writeFileSync(policyFile, JSON.stringify(policy));
    h = await startIntake({
      timeSource: time,
      env: { TIME_LIMIT_SWEEP_MS: '200', OUTBOX_POLL_MS: '200', TIME_LIMIT_POLICY_FILE: policyFile },
    });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const caseOf = async (caseId: string) => (await clerkOf(h).query(CLOCK, { id: caseId })).case;
  const clockOf = async (caseId: string) => (await caseOf(caseId)).endToEndClock;
  const endToEndEvents = (kind: string, caseId: string) =>
    h
      .eventsOf(caseId)
      .filter((e) => e.type === `intake.timelimit.${kind}.v2` && (e.data as ClockEvent).stage === 'END_TO_END')
      .map((e) => e.data as ClockEvent & PauseEvent);

  /** Submits, uploads every document and accepts at the current hand-set time; waits until the journey heard the acceptance. */
  const accept = async (terms: Parameters<typeof application>[0]): Promise<Accepted> => {
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application(terms, { idNumber: residentId(), name: '吴九' }));
    const caseId = created.id as string;
    const { completenessCheck } = await clerkOf(h).query(COMPLETENESS, { caseId });
    for (const { slot } of completenessCheck.items as Array<{ slot: string }>) {
      const uploaded = await upload(h, clerkOf(h), { caseId, slot, file: Buffer.from('%PDF-1.4\n%%EOF\n'), name: `${slot}.pdf` });
      expect(uploaded.status).toBe(201);
    }
    const accepted = (await clerkOf(h).mutate(ACCEPT, { caseId })).acceptApplication;
    await h.waitFor('the journey to hear of the acceptance', async () => {
      const rows = await h.app
        .get(DataSource)
        .query<unknown[]>(`SELECT 1 FROM journey_event WHERE case_id = $1 AND type = 'intake.application.accepted.v1'`, [caseId]);
      return rows.length > 0;
    });
    return {
      caseId,
      caseNumber: created.number,
      customerId: owner.id,
      category: created.category,
      policyVersion: accepted.policyVersion,
      owner,
    };
  };

  /** Another service's event about the case, dated now (the hand-set time) unless `at` says otherwise. */
  const eventOf = <T extends EventType>(
    c: Accepted,
    type: T,
    actor: { id: string; role: Role },
    extra: Record<string, unknown>,
    at = time.now(),
  ): CloudEvent<T> =>
    h.event(
      type,
      {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        customerId: c.customerId,
        category: c.category,
        policyVersion: c.policyVersion,
        actor,
        ...extra,
      } as EventPayload<T>,
      { time: at },
    );
  const planner = { id: 'planner-1', role: 'planner' as const };
  const terms = (capacityKva: number) => ({
    voltageLevel: 'AC380V',
    capacityKva,
    supplySources: 1,
    meteringMethod: 'LOW_SUPPLY_LOW_METERING',
    tariffCategory: 'COMMERCIAL',
  });

  it('runs from acceptance, pauses while only the customer can act, takes the limit with external works, stops at power-on', async () => {
    // Monday 10:00 in Suizhou: its city plan gives LV non-residential 5 working days without external works.
    // Above its 100 kVA low-voltage ceiling the case walks the pre-reform process, where the customer confirms the scheme.
    time.set('2026-10-12T10:00:00+08:00');
    const c = await accept({ usage: 'COMMERCIAL', voltageLevel: 'AC380V', regionCode: SUIZHOU, capacityKva: 150 });
    expect(c.category).toBe('LV_NON_RESIDENTIAL');
    const customer = { id: c.customerId, role: 'customer' as const };

    const started = await caseOf(c.caseId);
    expect(started.endToEndClock).toMatchObject({
      stage: 'END_TO_END',
      round: 1,
      limitDays: 5,
      targetDays: null,
      dayUnit: 'WORKING_DAYS',
      policyVersion: '2024-12',
      startedAt: iso('2026-10-12T10:00:00+08:00'),
      // Counting from Tuesday 00:00: Tuesday to Friday and Monday.
      deadline: iso('2026-10-20T00:00:00+08:00'),
      targetDeadline: null,
      state: 'RUNNING',
      paused: false,
      pauses: [],
    });
    expect(started.journey.endToEndClock).toEqual({ stage: 'END_TO_END', state: 'RUNNING' });
    expect(endToEndEvents('started', c.caseId)).toEqual([
      expect.objectContaining({ limitDays: 5, targetDays: 5, dayUnit: 'WORKING_DAYS', deadline: iso('2026-10-20T00:00:00+08:00') }),
    ]);

    // Tuesday: the scheme is drafted, approved and replied; then only the customer can act (confirm it).
    time.set('2026-10-13T09:00:00+08:00');
    const schemeId = randomUUID();
    await h.publishAndWait(eventOf(c, 'planning.scheme.drafted.v1', planner, { schemeId, version: 1, ...terms(150) }));
    await h.publishAndWait(eventOf(c, 'planning.scheme.approved.v1', planner, { schemeId, version: 1, level: 1, final: true }));
    expect(await clockOf(c.caseId)).toMatchObject({ state: 'RUNNING' });
    time.set('2026-10-13T10:00:00+08:00');
    await h.publishAndWait(eventOf(c, 'planning.scheme.replied.v1', planner, { schemeId, version: 1 }));
    const paused = await clockOf(c.caseId);
    expect(paused).toMatchObject({ state: 'PAUSED', paused: true, utilityTimeSeconds: 10 * HOUR });
    expect(paused.pauses).toEqual([
      {
        from: iso('2026-10-13T10:00:00+08:00'),
        to: null,
        by: { id: 'planner-1', role: 'PLANNER' },
        reason: expect.stringContaining('Confirm'),
      },
    ]);
    await h.waitFor('the pause on the bus', () => endToEndEvents('paused', c.caseId).length === 1);

    // Wednesday: the scheme is replied again (a new version); still only the customer can act: no second pause.
    time.set('2026-10-14T10:00:00+08:00');
    await h.publishAndWait(eventOf(c, 'planning.scheme.replied.v1', planner, { schemeId, version: 2 }));
    expect(await clockOf(c.caseId)).toMatchObject({ state: 'PAUSED', utilityTimeSeconds: 10 * HOUR });

    // Thursday 10:00 the customer confirms a scheme that needs external works: utility actions open, the clock
    // runs again, and the limit becomes 15 working days, counted from acceptance with the 48 h paused added.
    time.set('2026-10-15T10:00:00+08:00');
    await h.publishAndWait(
      eventOf(c, 'planning.scheme.confirmed.v1', customer, {
        schemeId,
        version: 2,
        ...terms(150),
        supplyPoints: ['0.4kV cabinet 1'],
        propertyBoundary: 'Meter box outlet',
        externalWorksRequired: true,
      }),
    );
    const resumed = await clockOf(c.caseId);
    expect(resumed).toMatchObject({
      state: 'RUNNING',
      limitDays: 15,
      dayUnit: 'WORKING_DAYS',
      customerTimeSeconds: 48 * HOUR,
      utilityTimeSeconds: 10 * HOUR,
      // 15 + 2 paused working days from Tuesday 2026-10-13: through Wednesday 2026-11-04.
      deadline: iso('2026-11-05T00:00:00+08:00'),
    });
    expect(resumed.pauses).toEqual([
      {
        from: iso('2026-10-13T10:00:00+08:00'),
        to: iso('2026-10-15T10:00:00+08:00'),
        by: { id: 'planner-1', role: 'PLANNER' },
        reason: expect.stringContaining('Confirm'),
      },
    ]);
    await h.waitFor('the resume on the bus', () => endToEndEvents('resumed', c.caseId).length === 1);
    expect(endToEndEvents('paused', c.caseId)).toHaveLength(1);
    expect(endToEndEvents('resumed', c.caseId)[0]).toMatchObject({
      pausedSeconds: 48 * HOUR,
      limitDays: 15,
      at: iso('2026-10-15T10:00:00+08:00'),
    });
    // The change of limit is in the case's audit chain.
    const relimits = await h.app
      .get(DataSource)
      .query<{ data: Record<string, unknown> }[]>(`SELECT data FROM audit_record WHERE case_id = $1 AND action = 'timelimit.relimited'`, [
        c.caseId,
      ]);
    expect(relimits.map((r) => r.data)).toEqual([
      expect.objectContaining({
        stage: 'END_TO_END',
        oldLimitDays: 5,
        newLimitDays: 15,
        oldDeadline: iso('2026-10-20T00:00:00+08:00'),
        newDeadline: iso('2026-11-05T00:00:00+08:00'),
      }),
    ]);

    // The works order a moment later changes nothing more.
    await h.publishAndWait(
      eventOf(c, 'planning.externalworks.ordered.v1', planner, {
        worksOrderId: randomUUID(),
        schemeId,
        schemeVersion: 2,
        orderedAt: time.now().toISOString(),
      }),
    );
    expect(await clockOf(c.caseId)).toMatchObject({ state: 'RUNNING', limitDays: 15 });

    // Monday 10:00 the supply is energized: the clock stops on time with 58 h of utility time.
    time.set('2026-10-19T10:00:00+08:00');
    await h.publishAndWait(
      eventOf(c, 'metering.case.energized.v1', { id: 'tech-1', role: 'metering-technician' }, { energizedAt: time.now().toISOString() }),
    );
    const stopped = await clockOf(c.caseId);
    expect(stopped).toMatchObject({
      state: 'STOPPED',
      stoppedAt: iso('2026-10-19T10:00:00+08:00'),
      onTime: true,
      status: 'ON_TIME',
      utilityTimeSeconds: 58 * HOUR,
      customerTimeSeconds: 48 * HOUR,
    });
    await h.waitFor('the stop on the bus', () => endToEndEvents('stopped', c.caseId).length === 1);
    expect(endToEndEvents('stopped', c.caseId)[0]).toMatchObject({ onTime: true, utilitySeconds: 58 * HOUR, customerSeconds: 48 * HOUR });
  });

  it("counts Shanghai's whole-process figure in calendar days", async () => {
    // Tuesday 10:00: counting from Wednesday 00:00, ten days including the weekend.
    time.set('2026-10-20T10:00:00+08:00');
    const c = await accept({ usage: 'COMMERCIAL', voltageLevel: 'AC380V', regionCode: '310104' });
    expect(await clockOf(c.caseId)).toMatchObject({
      limitDays: 10,
      dayUnit: 'CALENDAR_DAYS',
      deadline: iso('2026-10-31T00:00:00+08:00'),
      state: 'RUNNING',
    });
  });

  it('announces the warning and the breach once with two instances sweeping, and lists the case as overdue', async () => {
    // Monday 10:00 in Suizhou: a residential case, 3 working days end to end.
    time.set('2026-10-26T10:00:00+08:00');
    const c = await accept({ regionCode: SUIZHOU });
    expect(c.category).toBe('LV_RESIDENTIAL');
    expect(await clockOf(c.caseId)).toMatchObject({ limitDays: 3, deadline: iso('2026-10-30T00:00:00+08:00') });
    const second = await h.startInstance();
    expect(second.url).not.toBe(h.url);

    // A week on, nobody has surveyed: both instances sweep.
    time.set('2026-11-02T10:00:00+08:00');
    await h.waitFor('the breach on the bus', () => endToEndEvents('breached', c.caseId).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(endToEndEvents('warned', c.caseId).map((e) => [e.measure, e.at])).toEqual([['LIMIT', iso('2026-10-29T09:36:00+08:00')]]);
    expect(endToEndEvents('breached', c.caseId).map((e) => [e.measure, e.at])).toEqual([['LIMIT', iso('2026-10-30T00:00:00+08:00')]]);
    expect(await clockOf(c.caseId)).toMatchObject({
      state: 'RUNNING',
      status: 'BREACHED',
      limitWarnedAt: iso('2026-10-29T09:36:00+08:00'),
      limitBreachedAt: iso('2026-10-30T00:00:00+08:00'),
    });
    const overdue = await h.waitFor('the supervisor view to list the clock', async () => {
      const { overdueClocks } = await h.as('supervisor', { sub: 'sup-1' }).query(OVERDUE, { filter: { stage: 'END_TO_END' } });
      return (overdueClocks.edges as Array<{ node: { caseId: string } }>).find((e) => e.node.caseId === c.caseId);
    });
    expect(overdue.node).toMatchObject({ stage: 'END_TO_END', limitDays: 3, breachedAt: iso('2026-10-30T00:00:00+08:00') });
  });

  it('shows the elapsed time without a limit for a case accepted under 2020-01, and is cancelled on withdrawal', async () => {
    // Monday 2020-06-01 10:00: the pre-reform per-step list was in force.
    time.set('2020-06-01T10:00:00+08:00');
    const c = await accept({ usage: 'COMMERCIAL', voltageLevel: 'AC380V', regionCode: SUIZHOU });
    expect(c.policyVersion).toBe('2020-01');
    time.set('2020-06-03T10:00:00+08:00');
    expect(await clockOf(c.caseId)).toMatchObject({
      stage: 'END_TO_END',
      policyVersion: '2020-01',
      limitDays: null,
      targetDays: null,
      deadline: null,
      remainingSeconds: null,
      state: 'RUNNING',
      status: 'ON_TIME',
      // Tuesday 00:00 to Wednesday 10:00.
      utilityTimeSeconds: 34 * HOUR,
    });
    // No limit, so nothing to announce.
    expect(endToEndEvents('started', c.caseId)).toEqual([]);

    await c.owner.caller.mutate(WITHDRAW, { caseId: c.caseId, reason: 'The shop will not open' });
    expect(await clockOf(c.caseId)).toMatchObject({ state: 'CANCELLED', onTime: null, utilityTimeSeconds: 34 * HOUR });
  });
});
