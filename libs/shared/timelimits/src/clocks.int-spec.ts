import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { AuditLog, Roles, ServiceConfig, UnitOfWork, CoreModule, ServiceDefinition, ManualTimeSource } from '@yekuo/platform';
import { CaseCopy, CloudEvent, CustomerCategory } from '@yekuo/events';
import { EventTap, expectData, graphql, InProcessService, startServiceInProcess, TestRun, waitFor } from '@yekuo/testing';
import { ClockService } from './clock.service';
import { StageClock } from './stage-clock.model';
import { ClockStage } from './time-limit-policy';
import { TIME_LIMIT_ENTITIES, TIME_LIMIT_MIGRATIONS, TimeLimitsModule } from './time-limits.providers';

const time = new ManualTimeSource('2026-09-30T10:00:00+08:00');

/** A stage object front ends read a clock from, as a service's field resolver would serve it. */
@Resolver()
class ClockProbeResolver {
  constructor(private readonly clocks: ClockService) {}

  @Query(() => StageClock, { nullable: true, description: 'The clock of a step of a case' })
  @Roles('supervisor')
  stageClock(@Args('caseId') caseId: string, @Args('stage') stage: string): Promise<StageClock | null> {
    return this.clocks.view(caseId, stage as ClockStage);
  }
}

// Named after a service of the catalog so its time-limit events exist; its database is this run's own.
const probeService: ServiceDefinition = {
  name: 'planning',
  defaultPort: 0,
  entities: TIME_LIMIT_ENTITIES,
  migrations: TIME_LIMIT_MIGRATIONS,
  timeSource: time,
};

@Module({})
class ProbeModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [CoreModule.forService(probeService, config), TimeLimitsModule.register()],
      providers: [ClockProbeResolver],
    };
  }
}

const at = (iso: string) => new Date(iso);
const clerk = { id: 'clerk-1', role: 'intake-clerk' as const };
const planner = { id: 'planner-1', role: 'planner' as const };
const customer = (id: string) => ({ id, role: 'customer' as const });
let sequence = 0;

function caseCopy(category: CustomerCategory): CaseCopy {
  return {
    caseId: randomUUID(),
    caseNumber: `YK-2026-${String(++sequence).padStart(6, '0')}`,
    customerId: randomUUID(),
    category,
    policyVersion: '2020-01',
  };
}

type TimeLimitEvent = CloudEvent<'planning.timelimit.warned.v1'>;

describe('time-limit clocks on the real database and broker', () => {
  const run = new TestRun();
  let first: InProcessService;
  let second: InProcessService;
  let tap: EventTap;

  const clocksOf = (service: InProcessService) => service.app.get(ClockService);
  const within = <R>(service: InProcessService, fn: Parameters<UnitOfWork['run']>[0]) => service.app.get(UnitOfWork).run(fn) as Promise<R>;
  const eventsFor = (kind: string, clockIds: Set<string>) =>
    tap.ofType(`planning.timelimit.${kind}.v1`).filter((m) => clockIds.has((m.body as TimeLimitEvent).data.clockId));
  const start = async (copy: CaseCopy, stage: ClockStage, startedAt: string, round?: number) =>
    (await within<StageClock | null>(first, (work) =>
      clocksOf(first).start(work, { caseCopy: copy, stage, round, startedAt: at(startedAt), team: 'scheme-team', actor: clerk }),
    ))!;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, 'planning.timelimit.#');
    const env = { TIME_LIMIT_SWEEP_MS: '0', TIME_LIMIT_SWEEP_BATCH: '25', OUTBOX_POLL_MS: '200' };
    first = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config), env);
    second = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config), env);
  }, 60_000);

  afterAll(async () => {
    await tap?.close();
    await first?.stop();
    await second?.stop();
    await run.cleanUp(['planning']);
  });

  it('two instances sweeping 200 clocks at once announce every warning and breach exactly once, and a restart repeats none', async () => {
    const clocks: StageClock[] = [];
    for (let i = 0; i < 200; i++) {
      // Half residential schemes (3 / 3 days), half HV single-source schemes (20 / 15).
      const category = i % 2 === 0 ? 'LV_RESIDENTIAL' : 'HV_SINGLE_SOURCE';
      clocks.push(await start(caseCopy(category), 'SUPPLY_SCHEME', '2026-09-30T15:20:00+08:00'));
    }
    const ids = new Set(clocks.map((c) => c.id));
    await waitFor('200 started events', () => eventsFor('started', ids).length === 200, 30_000);

    // Oct 10 noon: the residential clocks passed their warnings (09:36), none has breached.
    const phase1 = await Promise.all([
      clocksOf(first).sweep(at('2026-10-10T12:00:00+08:00')),
      clocksOf(second).sweep(at('2026-10-10T12:00:00+08:00')),
    ]);
    expect(phase1[0].announced + phase1[1].announced).toBe(200);
    // Far beyond every deadline: what is left falls due at once.
    const phase2 = await Promise.all([
      clocksOf(first).sweep(at('2027-06-01T00:00:00+08:00')),
      clocksOf(second).sweep(at('2027-06-01T00:00:00+08:00')),
    ]);
    expect(phase2[0].announced + phase2[1].announced).toBe(600);

    await waitFor(
      '400 warnings and 400 breaches on the bus',
      () => eventsFor('warned', ids).length >= 400 && eventsFor('breached', ids).length >= 400,
      60_000,
    );
    await settle();
    const warned = eventsFor('warned', ids).map((m) => (m.body as TimeLimitEvent).data);
    const breached = eventsFor('breached', ids).map((m) => (m.body as TimeLimitEvent).data);
    expect(warned).toHaveLength(400);
    expect(breached).toHaveLength(400);
    expect(new Set(warned.map((d) => `${d.clockId}:${d.measure}`)).size).toBe(400);
    expect(new Set(breached.map((d) => `${d.clockId}:${d.measure}`)).size).toBe(400);
    const residential = breached.find((d) => d.category === 'LV_RESIDENTIAL' && d.measure === 'LIMIT')!;
    expect(residential).toMatchObject({
      at: '2026-10-10T16:00:00.000Z',
      deadline: '2026-10-10T16:00:00.000Z',
      limitDays: 3,
      actor: { id: 'time-limit-monitor', role: 'supervisor' },
    });
    const [{ due }] = await first.app
      .get(DataSource)
      .query<{ due: number }[]>('SELECT count(*)::int AS due FROM stage_clock WHERE next_due_at IS NOT NULL');
    expect(due).toBe(0);

    // A restart of one instance, then both sweep again: nothing is announced twice.
    await second.stop();
    second = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config), { TIME_LIMIT_SWEEP_MS: '0' });
    const again = await Promise.all([
      clocksOf(first).sweep(at('2027-07-01T00:00:00+08:00')),
      clocksOf(second).sweep(at('2027-07-01T00:00:00+08:00')),
    ]);
    expect(again.map((r) => r.announced)).toEqual([0, 0]);
    await settle();
    expect(eventsFor('warned', ids)).toHaveLength(400);
    expect(eventsFor('breached', ids)).toHaveLength(400);
  }, 180_000);

  it('pauses for the customer, resumes, stops once, and reports utility and customer time to the second', async () => {
    const copy = caseCopy('HV_SINGLE_SOURCE');
    const ref = { caseId: copy.caseId, stage: 'INTERMEDIATE_INSPECTION' as const };
    const started = await start(copy, 'INTERMEDIATE_INSPECTION', '2026-10-12T10:00:00+08:00');
    // Started again (a redelivered request): the same clock, announced once.
    const again = await start(copy, 'INTERMEDIATE_INSPECTION', '2026-10-12T11:00:00+08:00');
    expect(again.id).toBe(started.id);
    expect(started).toMatchObject({
      limitDays: 5,
      targetDays: 5,
      deadline: at('2026-10-20T00:00:00+08:00'),
      provisional: false,
      state: 'RUNNING',
    });

    const who = customer(copy.customerId);
    await within(first, (work) =>
      clocksOf(first).pause(work, { ...ref, at: at('2026-10-14T15:30:15+08:00'), by: who, reason: 'customer moved the appointment' }),
    );
    await within(first, (work) => clocksOf(first).pause(work, { ...ref, at: at('2026-10-15T10:00:00+08:00'), by: who, reason: 'again' }));
    time.set('2026-10-17T12:00:00+08:00');
    const paused = (await clocksOf(first).view(copy.caseId, 'INTERMEDIATE_INSPECTION'))!;
    expect(paused).toMatchObject({ paused: true, state: 'PAUSED', utilityTimeSeconds: 39 * 3600 + 30 * 60 + 15 });
    expect(paused.pauses).toEqual([{ from: at('2026-10-14T15:30:15+08:00'), to: null, by: who, reason: 'customer moved the appointment' }]);

    await within(first, (work) => clocksOf(first).resume(work, { ...ref, at: at('2026-10-19T09:00:00+08:00'), by: planner }));
    await within(first, (work) => clocksOf(first).resume(work, { ...ref, at: at('2026-10-19T10:00:00+08:00'), by: planner }));
    const stop = () => within(first, (work) => clocksOf(first).stop(work, { ...ref, at: at('2026-10-19T12:00:00+08:00'), actor: planner }));
    await stop();
    await stop();
    time.set('2026-11-30T00:00:00+08:00');
    const stopped = (await clocksOf(first).view(copy.caseId, 'INTERMEDIATE_INSPECTION'))!;
    expect(stopped).toMatchObject({
      state: 'STOPPED',
      status: 'ON_TIME',
      onTime: true,
      utilityTimeSeconds: 42 * 3600 + 30 * 60 + 15,
      customerTimeSeconds: 65 * 3600 + 29 * 60 + 45,
      deadline: at('2026-10-22T17:29:45+08:00'),
      stoppedAt: at('2026-10-19T12:00:00+08:00'),
    });
    expect(stopped.pauses[0].to).toEqual(at('2026-10-19T09:00:00+08:00'));

    const ids = new Set([started.id]);
    await waitFor('the stopped event', () => eventsFor('stopped', ids).length === 1);
    await settle();
    expect(eventsFor('started', ids)).toHaveLength(1);
    expect(eventsFor('stopped', ids)).toHaveLength(1);
    expect((eventsFor('stopped', ids)[0].body as TimeLimitEvent).data).toMatchObject({
      utilitySeconds: 42 * 3600 + 30 * 60 + 15,
      customerSeconds: 65 * 3600 + 29 * 60 + 45,
      onTime: true,
      actor: planner,
      at: at('2026-10-19T12:00:00+08:00').toISOString(),
      deadline: at('2026-10-22T17:29:45+08:00').toISOString(),
    });
    const trail = await first.app.get(AuditLog).trail(first.app.get(DataSource).manager, copy.caseId);
    expect(trail.map((r) => r.action)).toEqual([
      'planning.timelimit.started.v1',
      'timelimit.paused',
      'timelimit.resumed',
      'planning.timelimit.stopped.v1',
    ]);
    expect(trail[1]).toMatchObject({
      actorId: copy.customerId,
      actorRole: 'customer',
      data: expect.objectContaining({ reason: 'customer moved the appointment' }),
    });
  }, 60_000);

  it('announces a milestone reached before the stop even when no sweep ran, and judges the step late', async () => {
    const copy = caseCopy('LV_RESIDENTIAL');
    const clock = await start(copy, 'SUPPLY_SCHEME', '2026-09-30T15:20:00+08:00');
    await within(first, (work) =>
      clocksOf(first).stop(work, { caseId: copy.caseId, stage: 'SUPPLY_SCHEME', at: at('2026-10-12T09:00:00+08:00'), actor: planner }),
    );
    const ids = new Set([clock.id]);
    await waitFor('the stopped event', () => eventsFor('stopped', ids).length === 1);
    // Events of one transaction reach the bus in no particular order.
    expect(
      eventsFor('warned', ids)
        .map((m) => (m.body as TimeLimitEvent).data.measure)
        .sort(),
    ).toEqual(['LIMIT', 'TARGET']);
    expect(
      eventsFor('breached', ids)
        .map((m) => (m.body as TimeLimitEvent).data.measure)
        .sort(),
    ).toEqual(['LIMIT', 'TARGET']);
    expect((eventsFor('stopped', ids)[0].body as TimeLimitEvent).data).toMatchObject({
      onTime: false,
      utilitySeconds: 3 * 86_400 + 9 * 3600,
    });
    expect((await clocksOf(second).sweep(at('2027-01-01T00:00:00+08:00'))).announced).toBe(0);
  }, 30_000);

  it('never starts a pause before a milestone already announced', async () => {
    const copy = caseCopy('LV_RESIDENTIAL');
    const ref = { caseId: copy.caseId, stage: 'SUPPLY_SCHEME' as const };
    const clock = await start(copy, 'SUPPLY_SCHEME', '2026-09-30T15:20:00+08:00');
    // Both warnings of a 3 / 3 working-day clock fall due 2026-10-10 09:36; the sweep at noon announces them.
    await clocksOf(first).sweep(at('2026-10-10T12:00:00+08:00'));
    const ids = new Set([clock.id]);
    await waitFor('the warnings', () => eventsFor('warned', ids).length === 2);
    // The customer's move is recorded late, reaching back to 08:00: the pause starts at the announced warning.
    await within(first, (work) =>
      clocksOf(first).pause(work, {
        ...ref,
        at: at('2026-10-10T08:00:00+08:00'),
        by: customer(copy.customerId),
        reason: 'moved the visit',
      }),
    );
    time.set('2026-10-10T13:00:00+08:00');
    const view = (await clocksOf(first).view(copy.caseId, 'SUPPLY_SCHEME'))!;
    expect(view.pauses[0].from.getTime()).toBeGreaterThanOrEqual(at('2026-10-10T09:36:00+08:00').getTime());
    expect(view.status).toBe('AT_RISK');
  }, 30_000);

  it('recomputes a provisional deadline when 2027 calendar data arrives, audits the move and keeps the chain valid', async () => {
    const copy = caseCopy('HV_DUAL_SOURCE');
    const clock = await start(copy, 'SUPPLY_SCHEME', '2026-12-01T10:00:00+08:00');
    expect(clock).toMatchObject({ provisional: true, targetDays: 30, targetDeadline: at('2027-01-13T00:00:00+08:00') });
    const year2027 = {
      source: 'State Council notice on the 2027 holiday arrangement',
      timezone: 'Asia/Shanghai',
      holidays: [{ name: 'New Year', from: '2027-01-01', to: '2027-01-03' }],
      makeUpWorkdays: [],
      covers: { from: '2027-01-01', to: '2027-12-31' },
    };
    expect(await clocksOf(first).loadCalendar(year2027)).toEqual({ moved: 1 });
    const moved = (await clocksOf(first).view(copy.caseId, 'SUPPLY_SCHEME'))!;
    expect(moved).toMatchObject({ provisional: false, targetDeadline: at('2027-01-14T00:00:00+08:00') });
    expect(moved.deadline!.getTime()).toBeGreaterThan(clock.deadline!.getTime());

    const manager = first.app.get(DataSource).manager;
    const trail = await first.app.get(AuditLog).trail(manager, copy.caseId);
    const record = trail.find((r) => r.action === 'timelimit.recomputed');
    expect(record?.data).toEqual({
      clockId: clock.id,
      stage: 'SUPPLY_SCHEME',
      round: 1,
      oldDeadline: clock.deadline!.toISOString(),
      newDeadline: moved.deadline!.toISOString(),
      oldTargetDeadline: '2027-01-12T16:00:00.000Z',
      newTargetDeadline: '2027-01-13T16:00:00.000Z',
      provisional: false,
      calendarSource: 'State Council notice on the 2027 holiday arrangement',
    });
    expect(await first.app.get(AuditLog).verify(manager, copy.caseId)).toMatchObject({ valid: true, length: 2 });
    // The same data again moves nothing and records nothing.
    expect(await clocksOf(first).loadCalendar(year2027)).toEqual({ moved: 0 });
    expect(await first.app.get(AuditLog).trail(manager, copy.caseId)).toHaveLength(2);
  }, 30_000);

  it('recomputes at boot when the calendar data it loads (CALENDAR_DIR) covers more than before', async () => {
    // `second` was restarted without 2027 data: a clock it starts now is provisional.
    const copy = caseCopy('HV_DUAL_SOURCE');
    const clock = (await second.app
      .get(UnitOfWork)
      .run((work) =>
        clocksOf(second).start(work, { caseCopy: copy, stage: 'SUPPLY_SCHEME', startedAt: at('2026-12-01T10:00:00+08:00'), actor: clerk }),
      ))!;
    expect(clock.provisional).toBe(true);
    const directory = mkdtempSync(join(tmpdir(), 'yekuo-calendar-'));
    writeFileSync(
      join(directory, 'calendar-cn-2027.json'),
      JSON.stringify({
        source: 'calendar 2027 shipped with the deploy',
        timezone: 'Asia/Shanghai',
        holidays: [{ name: 'New Year', from: '2027-01-01', to: '2027-01-03' }],
        makeUpWorkdays: [],
        covers: { from: '2027-01-01', to: '2027-12-31' },
      }),
    );
    await second.stop();
    second = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config), {
      TIME_LIMIT_SWEEP_MS: '0',
      CALENDAR_DIR: directory,
    });
    const moved = (await clocksOf(second).view(copy.caseId, 'SUPPLY_SCHEME'))!;
    expect(moved).toMatchObject({ provisional: false, targetDeadline: at('2027-01-14T00:00:00+08:00') });
    const manager = second.app.get(DataSource).manager;
    const trail = await second.app.get(AuditLog).trail(manager, copy.caseId);
    expect(trail.map((r) => r.action)).toEqual(['planning.timelimit.started.v1', 'timelimit.recomputed']);
    expect(trail[1]).toMatchObject({
      actorId: 'time-limit-monitor',
      data: expect.objectContaining({ newTargetDeadline: '2027-01-13T16:00:00.000Z' }),
    });
    expect(String(trail[1].data.calendarSource)).toContain('calendar 2027 shipped with the deploy');
    expect((await second.app.get(AuditLog).verify(manager, copy.caseId)).valid).toBe(true);
  }, 60_000);

  it('cancels every open clock of a withdrawn case without a time-limit event, and serves the clock in the graph', async () => {
    const copy = caseCopy('HV_SINGLE_SOURCE');
    const review = await start(copy, 'DESIGN_REVIEW', '2026-11-02T10:00:00+08:00', 2);
    await within(first, (work) =>
      clocksOf(first).pause(work, {
        caseId: copy.caseId,
        stage: 'DESIGN_REVIEW',
        round: 2,
        at: at('2026-11-04T10:00:00+08:00'),
        by: planner,
        reason: 'drawings incomplete',
      }),
    );
    const cancelled = await within<StageClock[]>(first, (work) =>
      clocksOf(first).cancelCase(work, copy.caseId, at('2026-11-06T10:00:00+08:00'), customer(copy.customerId)),
    );
    expect(cancelled.map((c) => [c.id, c.state, c.round])).toEqual([[review.id, 'CANCELLED', 2]]);
    expect(cancelled[0].pauses[0].to).toEqual(at('2026-11-06T10:00:00+08:00'));
    // Redelivered withdrawal: nothing open any more.
    expect(
      await within(first, (work) =>
        clocksOf(first).cancelCase(work, copy.caseId, at('2026-11-07T10:00:00+08:00'), customer(copy.customerId)),
      ),
    ).toEqual([]);
    // Stopping or pausing a cancelled clock changes nothing.
    const after = await within<StageClock | null>(first, (work) =>
      clocksOf(first).stop(work, {
        caseId: copy.caseId,
        stage: 'DESIGN_REVIEW',
        round: 2,
        at: at('2026-11-08T10:00:00+08:00'),
        actor: planner,
      }),
    );
    expect(after?.state).toBe('CANCELLED');
    await settle();
    expect(eventsFor('stopped', new Set([review.id]))).toHaveLength(0);

    const token = await run.token({ sub: 'sup-1', roles: ['supervisor'] });
    const data = expectData(
      await graphql(
        first.url,
        `
          query ($caseId: String!) {
            stageClock(caseId: $caseId, stage: "DESIGN_REVIEW") {
              id
              stage
              round
              state
              status
              paused
              limitDays
              targetDays
              utilityTimeSeconds
              customerTimeSeconds
              remainingSeconds
              pauses {
                from
                to
                by {
                  id
                  role
                }
                reason
              }
            }
          }
        `,
        { caseId: copy.caseId },
        token,
      ),
    );
    expect(data.stageClock).toMatchObject({
      id: review.id,
      stage: 'DESIGN_REVIEW',
      round: 2,
      state: 'CANCELLED',
      paused: false,
      limitDays: 20,
      targetDays: 10,
      // Nov 3 00:00 to Nov 4 10:00 counted; Nov 4 10:00 to Nov 6 10:00 paused.
      utilityTimeSeconds: 34 * 3600,
      customerTimeSeconds: 48 * 3600,
      remainingSeconds: 20 * 86_400 - 34 * 3600,
      // The graph names roles by the Role enum (PLANNER); events and rows keep 'planner'.
      pauses: [
        {
          from: '2026-11-04T02:00:00.000Z',
          to: '2026-11-06T02:00:00.000Z',
          by: { id: planner.id, role: 'PLANNER' },
          reason: 'drawings incomplete',
        },
      ],
    });
  }, 30_000);
});
