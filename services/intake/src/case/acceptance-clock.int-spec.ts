import { EventPayload } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import {
  ACCEPT,
  application,
  clerkOf,
  COMPLETENESS,
  newCustomer,
  residentId,
  RESUBMIT,
  RETURN,
  startIntake,
  submit,
  upload,
  WITHDRAW,
} from '../testing/intake.fixtures';

jest.setTimeout(120_000);

/**
 * The acceptance time limit on the real database and broker: the clock starts at submission, pauses
 * while the one notice waits on the customer, stops at acceptance, ends CANCELLED at a withdrawal,
 * and each warning and breach is announced once while the service sweeps every 200 ms by a
 * hand-set clock the test moves on.
 */

type TimeLimitData = EventPayload<'intake.timelimit.started.v2'>;

const CLOCK = `query ($id: ID!) { case(id: $id) { id acceptanceClock {
  stage round team limitDays targetDays dayUnit policyVersion startedAt deadline targetDeadline utilityTimeSeconds customerTimeSeconds
  paused state status stoppedAt onTime targetWarnedAt targetBreachedAt limitWarnedAt limitBreachedAt
  pauses { from to by { id role } reason }
} } }`;

const HOUR = 3600;
const iso = (at: string) => new Date(at).toISOString();
const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the acceptance time limit (hand-set clock, real PostgreSQL and RabbitMQ)', () => {
  const time = new ManualTimeSource('2026-10-12T10:00:00+08:00');
  let h: ServiceHarness;

  beforeAll(async () => {
    h = await startIntake({ timeSource: time, env: { TIME_LIMIT_SWEEP_MS: '200', OUTBOX_POLL_MS: '200' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const clockOf = async (caseId: string) => (await clerkOf(h).query(CLOCK, { id: caseId })).case.acceptanceClock;
  const clockEvents = (kind: string, caseId: string): TimeLimitData[] =>
    h
      .eventsOf(caseId)
      .filter((e) => e.type === `intake.timelimit.${kind}.v2`)
      .map((e) => e.data as TimeLimitData);
  const v1ClockEvents = (caseId: string) => h.eventsOf(caseId).filter((e) => /^intake\.timelimit\.[a-z]+\.v1$/.test(e.type));
  const uploadAll = async (caseId: string) => {
    const { completenessCheck } = await clerkOf(h).query(COMPLETENESS, { caseId });
    for (const { slot } of completenessCheck.items as Array<{ slot: string }>) {
      const uploaded = await upload(h, clerkOf(h), { caseId, slot, file: Buffer.from('%PDF-1.4\n%%EOF\n'), name: `${slot}.pdf` });
      expect(uploaded.status).toBe(201);
    }
  };
  const highVoltage = () => ({
    ...application({ usage: 'INDUSTRIAL', voltageLevel: 'AC10KV', regionCode: '310115' }, { idNumber: residentId(), name: '孙工' }),
    capacityKva: 630,
  });

  it('runs from submission to acceptance, paused while the one notice waits on the customer, announced once', async () => {
    // Monday 10:00 in Shanghai: utility time counts from Tuesday 00:00.
    time.set('2026-10-12T10:00:00+08:00');
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '周八' }));
    const caseId = created.id as string;
    expect(created.category).toBe('LV_RESIDENTIAL');
    await uploadAll(caseId);

    const started = await clockOf(caseId);
    // Shanghai's acceptance figure (one calendar day, version 2024-12) is the limit; the internal target is one day too.
    expect(started).toMatchObject({
      stage: 'ACCEPTANCE',
      round: 1,
      team: 'front-desk',
      limitDays: 1,
      targetDays: 1,
      dayUnit: 'CALENDAR_DAYS',
      policyVersion: '2024-12',
      startedAt: iso('2026-10-12T10:00:00+08:00'),
      deadline: iso('2026-10-14T00:00:00+08:00'),
      state: 'RUNNING',
      paused: false,
      pauses: [],
    });

    // Tuesday 06:00: six working hours in, the clerk returns the application with the one notice.
    time.set('2026-10-13T06:00:00+08:00');
    await h.as('intake-clerk', { sub: 'clerk-1' }).mutate(RETURN, {
      input: { caseId, items: [{ item: 'Site plan', reason: 'Mark the meter position' }] },
    });
    const paused = await clockOf(caseId);
    expect(paused).toMatchObject({ state: 'PAUSED', paused: true, utilityTimeSeconds: 6 * HOUR });
    expect(paused.pauses).toEqual([
      {
        from: iso('2026-10-13T06:00:00+08:00'),
        to: null,
        by: { id: 'clerk-1', role: 'INTAKE_CLERK' },
        reason: expect.stringContaining('one notice'),
      },
    ]);

    // Thursday 06:00 the customer resubmits: two working days were theirs; Thursday 10:00 the clerk accepts.
    time.set('2026-10-15T06:00:00+08:00');
    await owner.caller.mutate(RESUBMIT, { caseId });
    expect(await clockOf(caseId)).toMatchObject({
      state: 'RUNNING',
      customerTimeSeconds: 48 * HOUR,
      deadline: iso('2026-10-16T00:00:00+08:00'),
    });
    time.set('2026-10-15T10:00:00+08:00');
    expect((await clerkOf(h).mutate(ACCEPT, { caseId })).acceptApplication.status).toBe('ACCEPTED');

    const stopped = await clockOf(caseId);
    expect(stopped).toMatchObject({
      state: 'STOPPED',
      status: 'ON_TIME',
      onTime: true,
      stoppedAt: iso('2026-10-15T10:00:00+08:00'),
      utilityTimeSeconds: 10 * HOUR,
      customerTimeSeconds: 48 * HOUR,
      deadline: iso('2026-10-16T00:00:00+08:00'),
      limitWarnedAt: null,
      limitBreachedAt: null,
    });
    expect(stopped.pauses).toEqual([
      {
        from: iso('2026-10-13T06:00:00+08:00'),
        to: iso('2026-10-15T06:00:00+08:00'),
        by: { id: 'clerk-1', role: 'INTAKE_CLERK' },
        reason: expect.stringContaining('one notice'),
      },
    ]);

    await h.waitFor('the stopped event', () => clockEvents('stopped', caseId).length > 0);
    await settle();
    expect(clockEvents('started', caseId)).toHaveLength(1);
    expect(clockEvents('started', caseId)[0]).toMatchObject({ stage: 'ACCEPTANCE', limitDays: 1, at: iso('2026-10-12T10:00:00+08:00') });
    expect(clockEvents('stopped', caseId)).toEqual([
      expect.objectContaining({ stage: 'ACCEPTANCE', onTime: true, utilitySeconds: 10 * HOUR, customerSeconds: 48 * HOUR }),
    ]);
    expect(clockEvents('warned', caseId)).toEqual([]);
    expect(v1ClockEvents(caseId)).toEqual([]);
  });

  it("times by the jurisdiction's figure where the version states one, else the internal target; warns and breaches once", async () => {
    // June 2024: version 2021-01, whose Shanghai overlay states no acceptance figure: the internal target (2 / 1) applies.
    time.set('2024-06-03T10:00:00+08:00');
    const before = await submit(clerkOf(h), highVoltage());
    expect(before.category).toBe('HV_SINGLE_SOURCE');
    expect(await clockOf(before.id)).toMatchObject({
      policyVersion: '2021-01',
      limitDays: 2,
      targetDays: 1,
      dayUnit: 'WORKING_DAYS',
      state: 'RUNNING',
    });
    // October 2026: version 2024-12, whose Shanghai overlay accepts within one day.
    time.set('2026-10-12T10:00:00+08:00');
    const after = await submit(clerkOf(h), highVoltage());
    expect(await clockOf(after.id)).toMatchObject({
      policyVersion: '2024-12',
      limitDays: 1,
      targetDays: 1,
      dayUnit: 'CALENDAR_DAYS',
      state: 'RUNNING',
    });

    // A week later nobody has accepted either: every measure warned and breached, once each.
    time.set('2026-10-19T12:00:00+08:00');
    for (const { id } of [before, after]) {
      await h.waitFor(`the breaches of ${id}`, () => clockEvents('breached', id).length >= 2);
    }
    await settle();
    for (const { id } of [before, after]) {
      expect(
        clockEvents('warned', id)
          .map((d) => d.measure)
          .sort(),
      ).toEqual(['LIMIT', 'TARGET']);
      expect(
        clockEvents('breached', id)
          .map((d) => d.measure)
          .sort(),
      ).toEqual(['LIMIT', 'TARGET']);
      expect(await clockOf(id)).toMatchObject({ state: 'RUNNING', status: 'BREACHED' });
    }
  });

  it('ends the clock CANCELLED when the customer withdraws, announcing no stop', async () => {
    time.set('2026-10-20T10:00:00+08:00');
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '郑九' }));
    time.set('2026-10-20T15:00:00+08:00');
    await owner.caller.mutate(WITHDRAW, { caseId: created.id, reason: 'Moved elsewhere' });
    expect(await clockOf(created.id)).toMatchObject({ state: 'CANCELLED', stoppedAt: iso('2026-10-20T15:00:00+08:00'), onTime: null });
    await h.waitFor('the withdrawal event', () => h.eventsOf(created.id).find((e) => e.type === 'intake.application.withdrawn.v1'));
    await settle();
    expect(clockEvents('started', created.id)).toHaveLength(1);
    expect(clockEvents('stopped', created.id)).toEqual([]);
  });
});
