import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { auditLockName, MESSAGING_OPTIONS, MessagingOptions, UnitOfWork, Work, TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { WorkingCalendar } from './working-calendar';
import { parseCalendarData } from './calendar-files';
import type { CaseCopy, Actor } from '@yekuo/events';
import { isCaseEventType } from '@yekuo/events';
import { ClockRecord, clockFigures, deadlinesOf, dueMilestones, judgeClock, Measure, nextDueAt, pausedWorkingMs } from './clock-schedule';
import { CLOCK_COLUMNS, ClockRow, sweepDueBatch, toClockRecord } from './clock-sql';
import { StageClock, StageClockPause } from './stage-clock.model';
import { ClockStage, TimeLimitPolicy } from './time-limit-policy';
import { TIME_LIMIT_OPTIONS, TimeLimitOptions } from './time-limit.options';

/**
 * Who announces warnings and breaches and records recomputed deadlines: no person acts, the
 * time-limit monitor does, on behalf of the supervisors who watch time limits.
 */
export const TIME_LIMIT_MONITOR: Actor = { id: 'time-limit-monitor', role: 'supervisor' };

export interface StartClockInput {
  caseCopy: CaseCopy;
  stage: ClockStage;
  round?: number;
  startedAt: Date;
  team?: string;
  actor: Actor;
}

export interface ClockRef {
  caseId: string;
  stage: ClockStage;
  /** Defaults to 1. */
  round?: number;
}

type Kind = 'started' | 'warned' | 'breached' | 'stopped';

const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);
const seconds = (ms: number): number => Math.floor(ms / 1000);
const roundOf = (ref: { round?: number }): number => {
  const round = ref.round ?? 1;
  if (!Number.isInteger(round) || round < 1) throw new Error(`round must be a positive integer, got ${round}`);
  return round;
};
const sameInstant = (a: Date, b: Date): boolean => a.getTime() === b.getTime();

/**
 * The time-limit clocks of a service's steps. Every change runs inside the caller's unit of
 * work, so the clock row, its audit record and its event commit with the step that caused it.
 * Every method is idempotent: a redelivered event that starts, pauses or stops a clock again
 * changes nothing and announces nothing.
 */
@Injectable()
export class ClockService {
  private readonly logger = new Logger('time-limits');
  private current: WorkingCalendar;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TimeLimitPolicy,
    calendar: WorkingCalendar,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(TIME_LIMIT_OPTIONS) private readonly options: TimeLimitOptions,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {
    this.current = calendar;
  }

  /**
   * Takes the case's audit-chain lock before any clock row, the order the sweeper and the
   * calendar recompute take too, so a step and a sweep of the same case never deadlock.
   */
  private async holdCase(work: Work, caseId: string): Promise<void> {
    await work.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [auditLockName(caseId)]);
  }

  /** The working calendar clocks are counted by (grows with loadCalendar). */
  get calendar(): WorkingCalendar {
    return this.current;
  }

  /**
   * Starts the clock of a step, once per (case, stage, round). Returns null when the case's
   * policy version sets no limit for the stage and category; the existing clock when it was
   * started already (nothing is announced again).
   */
  async start(work: Work, input: StartClockInput): Promise<StageClock | null> {
    await this.holdCase(work, input.caseCopy.caseId);
    const { caseCopy } = input;
    const limits = this.policy.limitsFor(caseCopy.policyVersion, input.stage, caseCopy.category);
    if (!limits) return null;
    const round = roundOf(input);
    const startedAt = input.startedAt;
    if (!(startedAt instanceof Date) || Number.isNaN(startedAt.getTime())) throw new Error('startedAt must be a valid Date');
    const deadlines = deadlinesOf(this.current, { startedAt, ...limits }, 0);
    const clock: ClockRecord = {
      id: randomUUID(),
      caseId: caseCopy.caseId,
      caseNumber: caseCopy.caseNumber,
      customerId: caseCopy.customerId,
      category: caseCopy.category,
      policyVersion: caseCopy.policyVersion,
      stage: input.stage,
      round,
      team: input.team ?? null,
      ...limits,
      startedAt,
      ...deadlines,
      state: 'RUNNING',
      pausedSince: null,
      pausedMs: 0,
      stoppedAt: null,
      utilityMs: null,
      customerMs: null,
      targetWarnedAt: null,
      targetBreachedAt: null,
      limitWarnedAt: null,
      limitBreachedAt: null,
      nextDueAt: null,
    };
    clock.nextDueAt = nextDueAt(this.current, clock, this.options.warnShare);
    const inserted = await work.manager.query<{ id: string }[]>(
      `INSERT INTO stage_clock (id, case_id, case_number, customer_id, category, policy_version, stage, round, team,
         limit_days, target_days, started_at, deadline, target_deadline, provisional, state, next_due_at, started_by_id, started_by_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'RUNNING', $16, $17, $18)
       ON CONFLICT (case_id, stage, round) DO NOTHING RETURNING id`,
      [
        clock.id,
        clock.caseId,
        clock.caseNumber,
        clock.customerId,
        clock.category,
        clock.policyVersion,
        clock.stage,
        round,
        clock.team,
        clock.limitDays,
        clock.targetDays,
        startedAt,
        clock.deadline,
        clock.targetDeadline,
        clock.provisional,
        clock.nextDueAt,
        input.actor.id,
        input.actor.role,
      ],
    );
    if (inserted.length === 0) return this.viewWith(work.manager, { caseId: caseCopy.caseId, stage: input.stage, round });
    await this.announce(work, 'started', clock, input.actor, startedAt);
    return this.toView(clock, []);
  }

  /** Pauses a running clock while the step waits on the customer; a paused or ended clock is left as it is. */
  async pause(work: Work, input: ClockRef & { at: Date; by: Actor; reason: string }): Promise<StageClock | null> {
    await this.holdCase(work, input.caseId);
    if (!input.reason.trim()) throw new Error('A pause needs a reason: what the step waits for from the customer');
    const clock = await this.lock(work.manager, input);
    if (!clock) return null;
    if (clock.state === 'RUNNING') {
      // A pause never reaches back past a milestone already announced: what was announced stays true.
      const announced = [clock.targetWarnedAt, clock.targetBreachedAt, clock.limitWarnedAt, clock.limitBreachedAt];
      const at = announced.reduce<Date>((from, m) => (m ? later(from, m) : from), later(input.at, clock.startedAt));
      // Milestones reached before the pause are facts even if no sweep saw them yet.
      await this.announceDue(work, clock, at);
      await work.manager.query(
        `INSERT INTO stage_clock_pause (id, clock_id, paused_from, by_id, by_role, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), clock.id, at, input.by.id, input.by.role, input.reason],
      );
      Object.assign(clock, { state: 'PAUSED', pausedSince: at, nextDueAt: null });
      await this.save(work.manager, clock);
      await work.audit({
        caseId: clock.caseId,
        actor: input.by,
        action: 'timelimit.paused',
        data: { clockId: clock.id, stage: clock.stage, round: clock.round, from: at.toISOString(), reason: input.reason },
      });
    }
    return this.viewWith(work.manager, clock);
  }

  /** Runs a paused clock again; its deadlines move on by the working time the pause took. */
  async resume(work: Work, input: ClockRef & { at: Date; by: Actor }): Promise<StageClock | null> {
    await this.holdCase(work, input.caseId);
    const clock = await this.lock(work.manager, input);
    if (!clock) return null;
    if (clock.state === 'PAUSED') {
      const pause = await this.closePause(work.manager, clock, input.at, input.by);
      clock.nextDueAt = nextDueAt(this.current, clock, this.options.warnShare);
      await this.save(work.manager, clock);
      await work.audit({
        caseId: clock.caseId,
        actor: input.by,
        action: 'timelimit.resumed',
        data: {
          clockId: clock.id,
          stage: clock.stage,
          round: clock.round,
          from: pause.from.toISOString(),
          to: pause.to.toISOString(),
          pausedSeconds: seconds(pause.ms),
          deadline: clock.deadline.toISOString(),
          targetDeadline: clock.targetDeadline.toISOString(),
        },
      });
    }
    return this.viewWith(work.manager, clock);
  }

  /** Stops the clock when the step is done and announces utility and customer time and whether it was on time. */
  async stop(work: Work, input: ClockRef & { at: Date; actor: Actor }): Promise<StageClock | null> {
    await this.holdCase(work, input.caseId);
    const clock = await this.lock(work.manager, input);
    if (!clock) return null;
    if (clock.state === 'RUNNING' || clock.state === 'PAUSED') {
      const at = later(input.at, clock.startedAt);
      await this.end(work, clock, at, input.actor, 'STOPPED');
      await this.announce(work, 'stopped', clock, input.actor, at, {
        utilitySeconds: seconds(clock.utilityMs ?? 0),
        customerSeconds: seconds(clock.customerMs ?? 0),
        onTime: judgeClock(clock, clock.utilityMs ?? 0, this.options.warnShare).onTime,
      });
    }
    return this.viewWith(work.manager, clock);
  }

  /**
   * Ends every open clock of a withdrawn case as CANCELLED. Milestones already reached are
   * announced first; the cancellation itself is audited per clock but announces no
   * time-limit event: a withdrawn step is neither on time nor late, and the service's
   * `<service>.case.cancelled.v1` names the clocks it closed. Returns the clocks it cancelled.
   */
  async cancelCase(work: Work, caseId: string, at: Date, actor: Actor): Promise<StageClock[]> {
    await this.holdCase(work, caseId);
    const rows = await work.manager.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM stage_clock WHERE case_id = $1 AND state IN ('RUNNING', 'PAUSED') ORDER BY started_at, stage, round FOR UPDATE`,
      [caseId],
    );
    const cancelled: StageClock[] = [];
    for (const clock of rows.map(toClockRecord)) {
      const end = later(at, clock.startedAt);
      await this.end(work, clock, end, actor, 'CANCELLED');
      await work.audit({
        caseId,
        actor,
        action: 'timelimit.cancelled',
        data: {
          clockId: clock.id,
          stage: clock.stage,
          round: clock.round,
          at: end.toISOString(),
          utilitySeconds: seconds(clock.utilityMs ?? 0),
          customerSeconds: seconds(clock.customerMs ?? 0),
        },
      });
      cancelled.push((await this.viewWith(work.manager, clock))!);
    }
    return cancelled;
  }

  /** The clock of a step as it stands now; without `round`, the latest round. Null when the step has no clock. */
  async view(caseId: string, stage: ClockStage, round?: number): Promise<StageClock | null> {
    return this.viewWith(this.dataSource.manager, { caseId, stage, round });
  }

  /** Every clock of a case, in the order they started. */
  async viewMany(caseId: string): Promise<StageClock[]> {
    return (await this.viewOfCases([caseId]))[0];
  }

  /**
   * Every clock of each case, in the order of `caseIds`, each case's in the order they started:
   * two statements (clocks, then their pauses) however many cases, for a request's loader.
   */
  async viewOfCases(caseIds: readonly string[]): Promise<StageClock[][]> {
    const rows = await this.dataSource.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM stage_clock WHERE case_id = ANY($1) ORDER BY started_at, stage, round`,
      [caseIds],
    );
    const clocks = rows.map(toClockRecord);
    const pauses = await this.pausesOf(
      this.dataSource.manager,
      clocks.map((c) => c.id),
    );
    return caseIds.map((caseId) => clocks.filter((c) => c.caseId === caseId).map((c) => this.toView(c, pauses.get(c.id) ?? [])));
  }

  /**
   * Announces every milestone due by `now` (default: the time source), batch by batch, until
   * none is left. Instances sweeping one database share the work; none announces a milestone
   * another did. Calls in one process run one after another.
   */
  sweep(now: Date = this.time.now()): Promise<{ clocks: number; announced: number }> {
    const run = this.sweeping.catch(() => undefined).then(() => this.sweepNow(now));
    this.sweeping = run;
    return run;
  }

  /**
   * Adds calendar data (e.g. next year's holidays) and recomputes every open provisional
   * clock; each clock whose deadlines move gets an audit record in its case's chain. Other
   * instances learn the data when they restart with the file (their boot recomputes too).
   */
  async loadCalendar(raw: unknown, source?: string): Promise<{ moved: number }> {
    const data = parseCalendarData(raw, source ?? 'loaded calendar data');
    this.current = this.current.with(data);
    return { moved: await this.recomputeProvisional(data.source ?? source ?? 'loaded calendar data') };
  }

  /**
   * Recomputes the deadlines of open provisional clocks by the current calendar (at boot, and
   * when calendar data is added). One transaction per clock, taking the case's audit lock before
   * the clock row, the order every mutation takes them in; a clock another instance moved
   * already is left alone. Returns how many clocks moved.
   */
  async recomputeProvisional(calendarSource: string): Promise<number> {
    const candidates = await this.dataSource.query<{ id: string; case_id: string }[]>(
      `SELECT id, case_id FROM stage_clock WHERE provisional AND state IN ('RUNNING', 'PAUSED') ORDER BY case_id`,
    );
    let moved = 0;
    for (const candidate of candidates) {
      const changed = await this.unitOfWork.run(async (work) => {
        await work.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [auditLockName(candidate.case_id)]);
        const [row] = await work.manager.query<ClockRow[]>(
          `SELECT ${CLOCK_COLUMNS} FROM stage_clock WHERE id = $1 AND provisional AND state IN ('RUNNING', 'PAUSED') FOR UPDATE`,
          [candidate.id],
        );
        if (!row) return false;
        const clock = toClockRecord(row);
        const next = deadlinesOf(this.current, clock, clock.pausedMs);
        if (
          sameInstant(next.deadline, clock.deadline) &&
          sameInstant(next.targetDeadline, clock.targetDeadline) &&
          next.provisional === clock.provisional
        ) {
          return false;
        }
        const before = { deadline: clock.deadline, targetDeadline: clock.targetDeadline };
        Object.assign(clock, next);
        clock.nextDueAt = nextDueAt(this.current, clock, this.options.warnShare);
        await this.save(work.manager, clock);
        await work.audit({
          caseId: clock.caseId,
          actor: TIME_LIMIT_MONITOR,
          action: 'timelimit.recomputed',
          data: {
            clockId: clock.id,
            stage: clock.stage,
            round: clock.round,
            oldDeadline: before.deadline.toISOString(),
            newDeadline: clock.deadline.toISOString(),
            oldTargetDeadline: before.targetDeadline.toISOString(),
            newTargetDeadline: clock.targetDeadline.toISOString(),
            provisional: clock.provisional,
            calendarSource,
          },
        });
        return true;
      });
      if (changed) moved++;
    }
    if (moved > 0) this.logger.log(`recomputed ${moved} provisional clock(s) from ${calendarSource}`);
    return moved;
  }

  private async sweepNow(now: Date): Promise<{ clocks: number; announced: number }> {
    let clocks = 0;
    let announced = 0;
    for (;;) {
      const batch = await this.unitOfWork.run((work) =>
        sweepDueBatch(
          work.manager,
          { now, batchSize: this.options.sweepBatchSize, calendar: this.current, warnShare: this.options.warnShare },
          {
            // A mutation of the case may hold its audit chain and wait for this clock row: skip
            // the clock this pass rather than deadlock; the mutation catches up due milestones itself.
            claim: async (clock) => {
              const [{ locked }] = await work.manager.query<{ locked: boolean }[]>(
                'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7)) AS locked',
                [auditLockName(clock.caseId)],
              );
              return locked;
            },
            reached: async (clock, milestone, at) => {
              await this.announce(work, milestone.kind, clock, TIME_LIMIT_MONITOR, at, { measure: milestone.measure });
            },
          },
        ),
      );
      clocks += batch.handled;
      announced += batch.announced;
      if (batch.claimed < this.options.sweepBatchSize || batch.handled === 0) break;
    }
    return { clocks, announced };
  }

  /** Ends an open clock at `at`: closes a running pause, announces milestones reached by then, records the totals. */
  private async end(work: Work, clock: ClockRecord, at: Date, actor: Actor, state: 'STOPPED' | 'CANCELLED'): Promise<void> {
    if (clock.state === 'PAUSED') await this.closePause(work.manager, clock, at, actor);
    await this.announceDue(work, clock, at);
    const utilityMs = Math.max(0, this.current.workingTimeSince(clock.startedAt, at) - clock.pausedMs);
    Object.assign(clock, { state, stoppedAt: at, utilityMs, customerMs: clock.pausedMs, nextDueAt: null, pausedSince: null });
    await this.save(work.manager, clock);
  }

  /** Announces the milestones of a running clock reached by `at` that no sweep announced yet. */
  private async announceDue(work: Work, clock: ClockRecord, at: Date): Promise<void> {
    for (const { milestone, at: reachedAt } of dueMilestones(this.current, clock, this.options.warnShare, at)) {
      await this.announce(work, milestone.kind, clock, TIME_LIMIT_MONITOR, reachedAt, { measure: milestone.measure });
      clock[milestone.field] = reachedAt;
    }
  }

  /** Ends the open pause at `at` (never before it began) and moves the deadlines on by its working time. */
  private async closePause(manager: EntityManager, clock: ClockRecord, at: Date, by: Actor): Promise<{ from: Date; to: Date; ms: number }> {
    const from = clock.pausedSince ?? at;
    const to = later(at, from);
    const ms = pausedWorkingMs(this.current, clock.startedAt, from, to);
    await manager.query(
      `UPDATE stage_clock_pause SET paused_to = $2, resumed_by_id = $3, resumed_by_role = $4, paused_ms = $5
       WHERE clock_id = $1 AND paused_to IS NULL`,
      [clock.id, to, by.id, by.role, ms],
    );
    clock.pausedMs += ms;
    Object.assign(clock, { state: 'RUNNING', pausedSince: null }, deadlinesOf(this.current, clock, clock.pausedMs));
    return { from, to, ms };
  }

  /** Writes every changing column in one statement, so the row satisfies its checks at once. */
  private async save(manager: EntityManager, clock: ClockRecord): Promise<void> {
    await manager.query(
      `UPDATE stage_clock SET state = $2, paused_since = $3, paused_ms = $4, deadline = $5, target_deadline = $6, provisional = $7,
         stopped_at = $8, utility_ms = $9, customer_ms = $10, next_due_at = $11,
         target_warned_at = COALESCE(target_warned_at, $12), target_breached_at = COALESCE(target_breached_at, $13),
         limit_warned_at = COALESCE(limit_warned_at, $14), limit_breached_at = COALESCE(limit_breached_at, $15), updated_at = now()
       WHERE id = $1`,
      [
        clock.id,
        clock.state,
        clock.pausedSince,
        clock.pausedMs,
        clock.deadline,
        clock.targetDeadline,
        clock.provisional,
        clock.stoppedAt,
        clock.utilityMs,
        clock.customerMs,
        clock.nextDueAt,
        clock.targetWarnedAt,
        clock.targetBreachedAt,
        clock.limitWarnedAt,
        clock.limitBreachedAt,
      ],
    );
  }

  private async lock(manager: EntityManager, ref: ClockRef): Promise<ClockRecord | null> {
    const [row] = await manager.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM stage_clock WHERE case_id = $1 AND stage = $2 AND round = $3 FOR UPDATE`,
      [ref.caseId, ref.stage, roundOf(ref)],
    );
    return row ? toClockRecord(row) : null;
  }

  private async viewWith(manager: EntityManager, ref: ClockRef | ClockRecord): Promise<StageClock | null> {
    const [row] = await manager.query<ClockRow[]>(
      ref.round === undefined
        ? `SELECT ${CLOCK_COLUMNS} FROM stage_clock WHERE case_id = $1 AND stage = $2 ORDER BY round DESC LIMIT 1`
        : `SELECT ${CLOCK_COLUMNS} FROM stage_clock WHERE case_id = $1 AND stage = $2 AND round = $3`,
      ref.round === undefined ? [ref.caseId, ref.stage] : [ref.caseId, ref.stage, ref.round],
    );
    if (!row) return null;
    const clock = toClockRecord(row);
    return this.toView(clock, (await this.pausesOf(manager, [clock.id])).get(clock.id) ?? []);
  }

  private async pausesOf(manager: EntityManager, clockIds: string[]): Promise<Map<string, StageClockPause[]>> {
    const byClock = new Map<string, StageClockPause[]>();
    if (clockIds.length === 0) return byClock;
    const rows = await manager.query<
      { clock_id: string; paused_from: Date; paused_to: Date | null; by_id: string; by_role: string; reason: string }[]
    >(
      `SELECT clock_id, paused_from, paused_to, by_id, by_role, reason FROM stage_clock_pause WHERE clock_id = ANY($1) ORDER BY paused_from, id`,
      [clockIds],
    );
    for (const row of rows) {
      const list = byClock.get(row.clock_id) ?? [];
      list.push({ from: row.paused_from, to: row.paused_to, by: { id: row.by_id, role: row.by_role }, reason: row.reason });
      byClock.set(row.clock_id, list);
    }
    return byClock;
  }

  private toView(clock: ClockRecord, pauses: StageClockPause[]): StageClock {
    const figures = clockFigures(this.current, clock, this.options.warnShare, this.time.now());
    return {
      id: clock.id,
      stage: clock.stage,
      round: clock.round,
      policyVersion: clock.policyVersion,
      team: clock.team,
      limitDays: clock.limitDays,
      targetDays: clock.targetDays,
      startedAt: clock.startedAt,
      deadline: figures.deadline,
      targetDeadline: figures.targetDeadline,
      provisional: figures.provisional,
      utilityTimeSeconds: seconds(figures.utilityMs),
      customerTimeSeconds: seconds(figures.customerMs),
      remainingSeconds: Math.trunc(figures.remainingMs / 1000),
      paused: clock.state === 'PAUSED',
      state: clock.state,
      status: figures.status,
      stoppedAt: clock.stoppedAt,
      onTime: clock.state === 'STOPPED' ? figures.onTime : null,
      targetWarnedAt: clock.targetWarnedAt,
      targetBreachedAt: clock.targetBreachedAt,
      limitWarnedAt: clock.limitWarnedAt,
      limitBreachedAt: clock.limitBreachedAt,
      pauses,
    };
  }

  private async announce(
    work: Work,
    kind: Kind,
    clock: ClockRecord,
    actor: Actor,
    at: Date,
    extra: { measure?: Measure; utilitySeconds?: number; customerSeconds?: number; onTime?: boolean } = {},
  ): Promise<void> {
    const type = `${this.messaging.service}.timelimit.${kind}.v1`;
    if (!isCaseEventType(type)) throw new Error(`Service ${this.messaging.service} has no time-limit events in the catalog (${type})`);
    const data = {
      caseId: clock.caseId,
      caseNumber: clock.caseNumber,
      customerId: clock.customerId,
      category: clock.category,
      policyVersion: clock.policyVersion,
      actor,
      clockId: clock.id,
      stage: clock.stage,
      round: clock.round,
      ...(clock.team ? { team: clock.team } : {}),
      limitDays: clock.limitDays,
      targetDays: clock.targetDays,
      deadline: clock.deadline.toISOString(),
      targetDeadline: clock.targetDeadline.toISOString(),
      provisional: clock.provisional,
      at: at.toISOString(),
      ...extra,
    };
    await work.publish(type, data);
  }
}
