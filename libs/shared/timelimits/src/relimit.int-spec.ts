import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoreModule, ManualTimeSource, ServiceConfig, ServiceDefinition, UnitOfWork } from '@yekuo/platform';
import { CaseCopy, CloudEvent } from '@yekuo/events';
import { EventTap, InProcessService, startServiceInProcess, TestRun, waitFor } from '@yekuo/testing';
import { ClockService, OwnLimits } from './clock.service';
import { StageClock } from './stage-clock.model';
import { TIME_LIMIT_ENTITIES, TIME_LIMIT_MIGRATIONS, TimeLimitsModule } from './time-limits.providers';

const time = new ManualTimeSource('2026-10-12T10:00:00+08:00');

// Named intake, whose catalog has the pause, resume and relimit events; its database is this run's own.
const probeService: ServiceDefinition = {
  name: 'intake',
  defaultPort: 0,
  entities: TIME_LIMIT_ENTITIES,
  migrations: TIME_LIMIT_MIGRATIONS,
  timeSource: time,
};

@Module({})
class ProbeModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: ProbeModule, imports: [CoreModule.forService(probeService, config), TimeLimitsModule.register()] };
  }
}

const at = (iso: string) => new Date(iso);
const clerk = { id: 'clerk-1', role: 'intake-clerk' as const };
const customer = { id: 'customer-1', role: 'customer' as const };
const NO_LIMIT: OwnLimits = { limitDays: null, targetDays: null, dayUnit: 'WORKING_DAYS' };

describe('clocks without a limit, in calendar days, and re-limited (real database and broker)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let tap: EventTap;
  const clocks = () => service.app.get(ClockService);
  const within = <R>(fn: Parameters<UnitOfWork['run']>[0]) => service.app.get(UnitOfWork).run(fn) as Promise<R>;
  const copy = (): CaseCopy => ({
    caseId: randomUUID(),
    caseNumber: 'YK-2026-000001',
    customerId: randomUUID(),
    category: 'LV_NON_RESIDENTIAL',
    policyVersion: '2024-12',
  });
  const eventsOf = (kind: string, caseId: string) =>
    tap
      .ofType(`intake.timelimit.${kind}.v2`)
      .map((m) => (m.body as CloudEvent).data as Record<string, unknown>)
      .filter((d) => d.caseId === caseId);

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, 'intake.timelimit.#');
    service = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config), {
      TIME_LIMIT_SWEEP_MS: '0',
      OUTBOX_POLL_MS: '200',
    });
  }, 60_000);
  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await run.cleanUp(['intake']);
  });

  it('runs without a limit, pauses and resumes with announcements, then takes a limit with a deadline counting the pause', async () => {
    const c = copy();
    const started = await within<StageClock>((work) =>
      clocks().start(work, {
        caseCopy: c,
        stage: 'END_TO_END',
        startedAt: at('2026-10-12T10:00:00+08:00'),
        actor: clerk,
        ownLimits: NO_LIMIT,
      }),
    );
    expect(started).toMatchObject({ limitDays: null, targetDays: null, deadline: null, remainingSeconds: null, state: 'RUNNING' });
    await within((work) =>
      clocks().pause(work, {
        caseId: c.caseId,
        stage: 'END_TO_END',
        at: at('2026-10-13T12:00:00+08:00'),
        by: customer,
        reason: 'Confirm the scheme',
        announce: true,
      }),
    );
    await within((work) =>
      clocks().resume(work, { caseId: c.caseId, stage: 'END_TO_END', at: at('2026-10-14T12:00:00+08:00'), by: customer, announce: true }),
    );
    // A clock without a limit has nothing to sweep.
    expect((await clocks().sweep(at('2027-01-01T00:00:00+08:00'))).announced).toBe(0);

    const relimited = await within<StageClock>((work) =>
      clocks().relimit(work, {
        caseId: c.caseId,
        stage: 'END_TO_END',
        limits: { limitDays: 5, targetDays: null, dayUnit: 'WORKING_DAYS' },
        at: at('2026-10-15T10:00:00+08:00'),
        actor: clerk,
        reason: 'external works needed',
        announce: true,
      }),
    );
    // 5 working days from Tuesday 00:00 plus the 24 h paused: through Tuesday 2026-10-20.
    expect(relimited).toMatchObject({ limitDays: 5, dayUnit: 'WORKING_DAYS', deadline: at('2026-10-21T00:00:00+08:00'), state: 'RUNNING' });

    // A calendar-day figure counts the weekend: 10 days from Tuesday 00:00 plus the pause.
    const calendarDays = await within<StageClock>((work) =>
      clocks().relimit(work, {
        caseId: c.caseId,
        stage: 'END_TO_END',
        limits: { limitDays: 10, targetDays: null, dayUnit: 'CALENDAR_DAYS' },
        at: at('2026-10-15T11:00:00+08:00'),
        actor: clerk,
        reason: 'test: calendar days',
      }),
    );
    expect(calendarDays).toMatchObject({ limitDays: 10, dayUnit: 'CALENDAR_DAYS', deadline: at('2026-10-24T00:00:00+08:00') });

    await waitFor('the pause, resume and relimit events', () => eventsOf('relimited', c.caseId).length === 1, 20_000);
    expect(eventsOf('started', c.caseId)).toEqual([]);
    expect(eventsOf('paused', c.caseId)).toEqual([expect.objectContaining({ stage: 'END_TO_END', reason: 'Confirm the scheme' })]);
    expect(eventsOf('paused', c.caseId)[0]).not.toHaveProperty('limitDays');
    expect(eventsOf('resumed', c.caseId)).toEqual([expect.objectContaining({ pausedSeconds: 24 * 3600 })]);
    expect(eventsOf('relimited', c.caseId)).toEqual([
      expect.objectContaining({ limitDays: 5, targetDays: 5, dayUnit: 'WORKING_DAYS', deadline: '2026-10-20T16:00:00.000Z' }),
    ]);
    const audited = await service.app
      .get(DataSource)
      .query<{ action: string }[]>(`SELECT action FROM audit_record WHERE case_id = $1 AND action LIKE 'timelimit.%' ORDER BY seq`, [
        c.caseId,
      ]);
    expect(audited.map((a) => a.action)).toEqual(['timelimit.paused', 'timelimit.resumed', 'timelimit.relimited', 'timelimit.relimited']);
  });
});
