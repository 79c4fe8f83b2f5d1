import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { auditLockName, MESSAGING_OPTIONS, MessagingOptions, UnitOfWork, Work, TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { WorkingCalendar } from './working-calendar';
import { parseCalendarData } from './calendar-files';
import type { CaseCopy, Actor } from '@yekuo/events';
import { isCaseEventType, V1_CLOCK_STAGES } from '@yekuo/events';
import {
  calendarFor,
  ClockRecord,
  clockFigures,
  deadlinesOf,
  dueMilestones,
  judgeClock,
  Measure,
  nextDueAt,
  pausedWorkingMs,
} from './clock-schedule';
import { CLOCK_COLUMNS, ClockRow, sweepDueBatch, toClockRecord } from './clock-sql';
import { StageClock, StageClockPause } from './stage-clock.model';
import { ClockStage, DayUnit, TimeLimitPolicy } from './time-limit-policy';
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
  /**
   * For a clock the per-step table does not time (the case's END_TO_END clock): its limit and
   * target as the caller found them in the policy, null when unknown (the clock then runs
   * without one), and how its days count; also for a step whose jurisdiction states its own figure
   * (e.g. Shanghai's acceptance within one calendar day). Replaces the per-step table.
   */
  ownLimits?: OwnLimits;
}

/** A clock's own limit, target and day unit (see StartClockInput.ownLimits). */
export interface OwnLimits {
  limitDays: number | null;
  targetDays: number | null;
  dayUnit: DayUnit;
}

export interface ClockRef {
  caseId: string;
  stage: ClockStage;
  /** Defaults to 1. */
  round?: number;
}

type Kind = 'started' | 'warned' | 'breached' | 'stopped' | 'paused' | 'resumed' | 'relimited';

const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);
const seconds = (ms: number): number => Math.floor(ms / 1000);
const roundOf = (ref: { round?: number }): number => {
  const round = ref.round ?? 1;
  if (!Number.isInteger(round) || round < 1) throw new Error(`round must be a positive integer, got ${round}`);
  return round;
};
const sameInstant = (a: Date | null, b: Date | null): boolean => (a === null || b === null ? a === b : a.getTime() === b.getTime());
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

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

  /** The calendar a clock counts by: the working calendar, or every day for a calendar-day figure. */
  private calendarOf(clock: Pick<ClockRecord, 'dayUnit'>): WorkingCalendar {
    return calendarFor(this.current, clock);
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
    let limits: OwnLimits;
    if (input.ownLimits) {
      limits = input.ownLimits;
      if (limits.limitDays === null && limits.targetDays !== null) throw new Error('a clock without a limit has no target either');
    } else {
      const stepLimits = this.policy.limitsFor(caseCopy.policyVersion, input.stage, caseCopy.category);
      if (!stepLimits) return null;
      limits = { ...stepLimits, dayUnit: 'WORKING_DAYS' };
    }
    for (const days of [limits.limitDays, limits.targetDays]) {
      if (days !== null && (!Number.isInteger(days) || days < 1)) {
        throw new Error(`limits must be positive whole days, got ${limits.limitDays}/${limits.targetDays}`);
      }
    }
    if (limits.targetDays !== null && limits.limitDays !== null && limits.targetDays > limits.limitDays) {
      throw new Error('the internal target may not be longer than the limit');
    }
    const round = roundOf(input);
    const startedAt = input.startedAt;
    if (!(startedAt instanceof Date) || Number.isNaN(startedAt.getTime())) throw new Error('startedAt must be a valid Date');
    const calendar = calendarFor(this.current, limits);
    const deadlines = deadlinesOf(calendar, { startedAt, ...limits }, 0);
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
    clock.nextDueAt = nextDueAt(calendar, clock, this.options.warnShare);
    const inserted = await work.manager.query<{ id: string }[]>(
      `INSERT INTO stage_clock (id, case_id, case_number, customer_id, category, policy_version, stage, round, team,
         limit_days, target_days, started_at, deadline, target_deadline, provisional, state, next_due_at, started_by_id, started_by_role, day_unit)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'RUNNING', $16, $17, $18, $19)
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
        clock.dayUnit,
      ],
    );
    if (inserted.length === 0) return this.viewWith(work.manager, { caseId: caseCopy.caseId, stage: input.stage, round });
    // A clock without a limit has no deadline to announce: its pauses and resumes are its only events.
    if (clock.limitDays !== null) await this.announce(work, 'started', clock, input.actor, startedAt);
    return this.toView(clock, []);
  }

  /**
   * Pauses a running clock while the step waits on the customer; a paused or ended clock is left
   * as it is. With `announce`, the pause is published as `<service>.timelimit.paused.v2`.
   */
  async pause(work: Work, input: ClockRef & { at: Date; by: Actor; reason: string; announce?: boolean }): Promise<StageClock | null> {
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
      if (input.announce) await this.announce(work, 'paused', clock, input.by, at, { reason: input.reason });
    }
    return this.viewWith(work.manager, clock);
  }

  /**
   * Runs a paused clock again; its deadlines move on by the working time the pause took. With
   * `announce`, the resume is published as `<service>.timelimit.resumed.v2`.
   */
  async resume(work: Work, input: ClockRef & { at: Date; by: Actor; announce?: boolean }): Promise<StageClock | null> {
    await this.holdCase(work, input.caseId);
    const clock = await this.lock(work.manager, input);
    if (!clock) return null;
    if (clock.state === 'PAUSED') {
      const pause = await this.closePause(work.manager, clock, input.at, input.by);
      clock.nextDueAt = nextDueAt(this.calendarOf(clock), clock, this.options.warnShare);
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
          deadline: clock.deadline?.toISOString() ?? null,
          targetDeadline: clock.targetDeadline?.toISOString() ?? null,
        },
      });
      if (input.announce) {
        await this.announce(work, 'resumed', clock, input.by, pause.to, { pausedSeconds: seconds(pause.ms) });
      }
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
      const { onTime } = judgeClock(clock, clock.utilityMs ?? 0, this.options.warnShare);
      if (onTime !== null) {
        await this.announce(work, 'stopped', clock, input.actor, at, {
          utilitySeconds: seconds(clock.utilityMs ?? 0),
          customerSeconds: seconds(clock.customerMs ?? 0),
          onTime,
        });
      } else {
        await work.audit({
          caseId: clock.caseId,
          actor: input.actor,
          action: 'timelimit.stopped',
          data: {
            clockId: clock.id,
            stage: clock.stage,
            round: clock.round,
            at: at.toISOString(),
            utilitySeconds: seconds(clock.utilityMs ?? 0),
            customerSeconds: seconds(clock.customerMs ?? 0),
          },
        });
      }
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

  /**
   * Gives an open clock another limit and target (e.g. the END_TO_END clock once a confirmed
   * scheme says the utility's external works are needed): the deadlines are recomputed from its
   * start and pauses, the change is written to the case's audit chain, and milestones already
   * announced stay announced. A clock that already has these limits, or has ended, is left as it is.
   * With `announce`, the new terms are published as `<service>.timelimit.relimited.v2`.
   */
  async relimit(
    work: Work,
    input: ClockRef & { limits: OwnLimits; at: Date; actor: Actor; reason: string; announce?: boolean },
  ): Promise<StageClock | null> {
    await this.holdCase(work, input.caseId);
    const clock = await this.lock(work.manager, input);
    if (!clock) return null;
    const { limits } = input;
    const same = clock.limitDays === limits.limitDays && clock.targetDays === limits.targetDays && clock.dayUnit === limits.dayUnit;
    if ((clock.state === 'RUNNING' || clock.state === 'PAUSED') && !same) {
      // Milestones reached under the old limit are facts: announce them before the limit changes.
      if (clock.state === 'RUNNING') await this.announceDue(work, clock, later(input.at, clock.startedAt));
      const before = { limitDays: clock.limitDays, targetDays: clock.targetDays, dayUnit: clock.dayUnit, deadline: clock.deadline };
      Object.assign(clock, limits);
      Object.assign(clock, deadlinesOf(this.calendarOf(clock), clock, clock.pausedMs));
      clock.nextDueAt = nextDueAt(this.calendarOf(clock), clock, this.options.warnShare);
      // One statement: the row's checks tie each limit to its deadline.
      await work.manager.query(
        `UPDATE stage_clock SET limit_days = $2, target_days = $3, day_unit = $4, deadline = $5, target_deadline = $6, provisional = $7
         WHERE id = $1`,
        [clock.id, clock.limitDays, clock.targetDays, clock.dayUnit, clock.deadline, clock.targetDeadline, clock.provisional],
      );
      await this.save(work.manager, clock);
      // The deadline as it stands at `at`: an open pause pushes it on by the time paused so far.
      const calendar = this.calendarOf(clock);
      const openPauseMs = clock.pausedSince ? pausedWorkingMs(calendar, clock.startedAt, clock.pausedSince, input.at) : 0;
      const standing = deadlinesOf(calendar, clock, clock.pausedMs + openPauseMs).deadline;
      await work.audit({
        caseId: clock.caseId,
        actor: input.actor,
        action: 'timelimit.relimited',
        data: {
          clockId: clock.id,
          stage: clock.stage,
          round: clock.round,
          at: input.at.toISOString(),
          reason: input.reason,
          oldLimitDays: before.limitDays,
          oldTargetDays: before.targetDays,
          oldDayUnit: before.dayUnit,
          oldDeadline: iso(before.deadline),
          newLimitDays: clock.limitDays,
          newTargetDays: clock.targetDays,
          newDayUnit: clock.dayUnit,
          newDeadline: iso(standing),
        },
      });
      if (input.announce) await this.announce(work, 'relimited', clock, input.actor, input.at, { reason: input.reason });
    }
    return this.viewWith(work.manager, clock);
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
        const next = deadlinesOf(this.calendarOf(clock), clock, clock.pausedMs);
        if (
          sameInstant(next.deadline, clock.deadline) &&
          sameInstant(next.targetDeadline, clock.targetDeadline) &&
          next.provisional === clock.provisional
        ) {
          return false;
        }
        const before = { deadline: clock.deadline, targetDeadline: clock.targetDeadline };
        Object.assign(clock, next);
        clock.nextDueAt = nextDueAt(this.calendarOf(clock), clock, this.options.warnShare);
        await this.save(work.manager, clock);
        await work.audit({
          caseId: clock.caseId,
          actor: TIME_LIMIT_MONITOR,
          action: 'timelimit.recomputed',
          data: {
            clockId: clock.id,
            stage: clock.stage,
            round: clock.round,
            oldDeadline: iso(before.deadline),
            newDeadline: iso(clock.deadline),
            oldTargetDeadline: iso(before.targetDeadline),
            newTargetDeadline: iso(clock.targetDeadline),
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
    const utilityMs = Math.max(0, this.calendarOf(clock).workingTimeSince(clock.startedAt, at) - clock.pausedMs);
    Object.assign(clock, { state, stoppedAt: at, utilityMs, customerMs: clock.pausedMs, nextDueAt: null, pausedSince: null });
    await this.save(work.manager, clock);
  }

  /** Announces the milestones of a running clock reached by `at` that no sweep announced yet. */
  private async announceDue(work: Work, clock: ClockRecord, at: Date): Promise<void> {
    for (const { milestone, at: reachedAt } of dueMilestones(this.calendarOf(clock), clock, this.options.warnShare, at)) {
      await this.announce(work, milestone.kind, clock, TIME_LIMIT_MONITOR, reachedAt, { measure: milestone.measure });
      clock[milestone.field] = reachedAt;
    }
  }

  /** Ends the open pause at `at` (never before it began) and moves the deadlines on by its working time. */
  private async closePause(manager: EntityManager, clock: ClockRecord, at: Date, by: Actor): Promise<{ from: Date; to: Date; ms: number }> {
    const from = clock.pausedSince ?? at;
    const to = later(at, from);
    const ms = pausedWorkingMs(this.calendarOf(clock), clock.startedAt, from, to);
    await manager.query(
      `UPDATE stage_clock_pause SET paused_to = $2, resumed_by_id = $3, resumed_by_role = $4, paused_ms = $5
       WHERE clock_id = $1 AND paused_to IS NULL`,
      [clock.id, to, by.id, by.role, ms],
    );
    clock.pausedMs += ms;
    Object.assign(clock, { state: 'RUNNING', pausedSince: null }, deadlinesOf(this.calendarOf(clock), clock, clock.pausedMs));
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
    const figures = clockFigures(this.calendarOf(clock), clock, this.options.warnShare, this.time.now());
    return {
      id: clock.id,
      stage: clock.stage,
      round: clock.round,
      policyVersion: clock.policyVersion,
      team: clock.team,
      limitDays: clock.limitDays,
      targetDays: clock.targetDays,
      dayUnit: clock.dayUnit,
      startedAt: clock.startedAt,
      deadline: figures.deadline,
      targetDeadline: figures.targetDeadline,
      provisional: figures.provisional,
      utilityTimeSeconds: seconds(figures.utilityMs),
      customerTimeSeconds: seconds(figures.customerMs),
      remainingSeconds: figures.remainingMs === null ? null : Math.trunc(figures.remainingMs / 1000),
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
    extra: {
      measure?: Measure;
      utilitySeconds?: number;
      customerSeconds?: number;
      onTime?: boolean;
      pausedSeconds?: number;
      reason?: string;
    } = {},
  ): Promise<void> {
    // v1 was published with a closed set of stages; a stage added since is announced as v2.
    // Pauses, resumes and new limits were first announced with v2, for every stage.
    const pauseOrResume = kind === 'paused' || kind === 'resumed' || kind === 'relimited';
    const version = !pauseOrResume && (V1_CLOCK_STAGES as readonly string[]).includes(clock.stage) ? 'v1' : 'v2';
    const type = `${this.messaging.service}.timelimit.${kind}.${version}`;
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
      // A clock without a target is announced with its limit as the target: their milestones coincide.
      ...(clock.limitDays !== null ? { limitDays: clock.limitDays, targetDays: clock.targetDays ?? clock.limitDays } : {}),
      ...(clock.deadline
        ? { deadline: clock.deadline.toISOString(), targetDeadline: (clock.targetDeadline ?? clock.deadline).toISOString() }
        : {}),
      ...(version === 'v2' ? { dayUnit: clock.dayUnit } : {}),
      provisional: clock.provisional,
      at: at.toISOString(),
      ...extra,
    };
    await work.publish(type, data);
  }
}
