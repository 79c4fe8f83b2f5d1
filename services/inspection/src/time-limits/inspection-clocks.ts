import { DEFAULT_ORG } from '@yekuo/policy';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, CaseCopy } from '@yekuo/events';
import {
  auditLockName,
  ConflictError,
  DomainError,
  ErrorCode,
  groupedByKey,
  Principal,
  TIME_SOURCE,
  TimeSource,
  Work,
} from '@yekuo/platform';
import {
  CLOCK_COLUMNS,
  clockFigures,
  ClockRecord,
  ClockRow,
  ClockService,
  StageClock,
  StageClockPause,
  TIME_LIMIT_OPTIONS,
  type TimeLimitOptions,
  toClockRecord,
  WorkingCalendar,
} from '@yekuo/timelimits';
import { DataSource } from 'typeorm';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { handOver } from '../inspection-case/next-action.policy';
import { CLOCK_HOLDERS, InspectionClockStage } from './inspection-clock.policy';

/** A step's clock: the case, the step and its round. */
export interface InspectionClockRef {
  caseId: string;
  stage: InspectionClockStage;
  round: number;
}

/**
 * Inspection's side of the time-limit engine: every call runs inside the unit of work of the
 * step that causes it (the clock row, its audit record and its time-limit event commit with the
 * step), and is idempotent, as the engine is. The engine publishes `inspection.timelimit.*`;
 * this service never does.
 *
 * Lock order: the case row (taken by the step), then the case's audit chain, then the clock row,
 * the order the engine's own sweeps and recomputations take them in.
 */
@Injectable()
export class InspectionClocks {
  constructor(
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
    private readonly dataSource: DataSource,
    private readonly cases: InspectionCaseService,
    private readonly calendar: WorkingCalendar,
    @Inject(TIME_LIMIT_OPTIONS) private readonly options: TimeLimitOptions,
  ) {}

  /** "Now" for inspection's recorded step times: the system clock in production, a hand-set one in tests. */
  now(): Date {
    return this.time.now();
  }

  /** Starts the clock of a step's round when the step begins (design submitted, inspection or acceptance requested). */
  async start(work: Work, copy: CaseCopy, ref: Omit<InspectionClockRef, 'caseId'>, at: Date, actor: Actor): Promise<StageClock | null> {
    await this.holdAuditChain(work, copy.caseId);
    return this.clocks.start(work, {
      caseCopy: {
        caseId: copy.caseId,
        caseNumber: copy.caseNumber,
        customerId: copy.customerId,
        category: copy.category,
        policyVersion: copy.policyVersion,
      },
      stage: ref.stage,
      round: ref.round,
      startedAt: at,
      team: handOver(CLOCK_HOLDERS[ref.stage], '', DEFAULT_ORG, copy.regionCode).team,
      actor,
    });
  }

  /** Stops the clock of a step's round when the step is done (decided, recorded, passed or a notice issued). */
  async stop(work: Work, ref: InspectionClockRef, at: Date, actor: Actor): Promise<StageClock | null> {
    await this.holdAuditChain(work, ref.caseId);
    return this.clocks.stop(work, { ...ref, at, actor });
  }

  /**
   * Pauses the running clock of a step while it waits on the customer. INVALID_TRANSITION
   * (currentState PAUSED) when it waits on the customer already; CONFLICT when the step has no
   * clock (its category has no limit for it) or the clock has ended.
   */
  async pause(work: Work, ref: InspectionClockRef, at: Date, by: Actor, reason: string): Promise<StageClock> {
    const state = await this.lockedState(work, ref);
    if (state === 'PAUSED') {
      throw new DomainError(`The ${ref.stage} clock of round ${ref.round} already waits on the customer; end that delay first`, {
        code: ErrorCode.INVALID_TRANSITION,
        currentState: 'PAUSED',
        requires: ['RUNNING'],
      });
    }
    return (await this.clocks.pause(work, { ...ref, at, by, reason }))!;
  }

  /** Runs a paused clock again. INVALID_TRANSITION (currentState RUNNING) when it is not waiting on the customer. */
  async resume(work: Work, ref: InspectionClockRef, at: Date, by: Actor): Promise<StageClock> {
    const state = await this.lockedState(work, ref);
    if (state === 'RUNNING') {
      throw new DomainError(`The ${ref.stage} clock of round ${ref.round} is not waiting on the customer`, {
        code: ErrorCode.INVALID_TRANSITION,
        currentState: 'RUNNING',
        requires: ['PAUSED'],
      });
    }
    return (await this.clocks.resume(work, { ...ref, at, by }))!;
  }

  /** Ends every open clock of a withdrawn case (no time-limit event; the case's cancellation names the work closed). */
  async cancelCase(work: Work, caseId: string, at: Date, actor: Actor): Promise<StageClock[]> {
    await this.holdAuditChain(work, caseId);
    return this.clocks.cancelCase(work, caseId, at, actor);
  }

  /**
   * Every clock of the case, in the order they started, as the engine shows them (`ClockService.viewMany`).
   * Read once per request, with the clocks of every case whose stage objects the request shows: one
   * statement for the clocks and one for their pauses, however many cases and stage objects ask.
   */
  ofCase(caseId: string, principal?: Principal): Promise<StageClock[]> {
    return this.cases.loadShown(principal, 'inspection-clocks', caseId, (caseIds) => this.viewsOf(caseIds));
  }

  /** The clock of one round of a step (null when the step kept none for it); read as `ofCase` reads. */
  async ofRound(ref: InspectionClockRef, principal?: Principal): Promise<StageClock | null> {
    const clocks = await this.ofCase(ref.caseId, principal);
    return clocks.find((c) => c.stage === ref.stage && c.round === ref.round) ?? null;
  }

  /** The clocks of each case, in the order of `caseIds`, each case's in the order they started. */
  private async viewsOf(caseIds: readonly string[]): Promise<StageClock[][]> {
    const rows = await this.dataSource.query<ClockRow[]>(
      `SELECT ${CLOCK_COLUMNS} FROM stage_clock WHERE case_id = ANY($1) ORDER BY started_at, stage, round`,
      [caseIds],
    );
    const clocks = rows.map(toClockRecord);
    const pauses = await this.pausesOf(clocks.map((c) => c.id));
    const now = this.time.now();
    return groupedByKey(caseIds, clocks, (c) => c.caseId).map((own) => own.map((c) => this.viewOf(c, pauses.get(c.id) ?? [], now)));
  }

  private async pausesOf(clockIds: string[]): Promise<Map<string, StageClockPause[]>> {
    const byClock = new Map<string, StageClockPause[]>();
    if (clockIds.length === 0) return byClock;
    const rows = await this.dataSource.query<
      { clock_id: string; paused_from: Date; paused_to: Date | null; by_id: string; by_role: string; reason: string }[]
    >(
      'SELECT clock_id, paused_from, paused_to, by_id, by_role, reason FROM stage_clock_pause WHERE clock_id = ANY($1) ORDER BY paused_from, id',
      [clockIds],
    );
    for (const row of rows) {
      const list = byClock.get(row.clock_id) ?? [];
      list.push({ from: row.paused_from, to: row.paused_to, by: { id: row.by_id, role: row.by_role }, reason: row.reason });
      byClock.set(row.clock_id, list);
    }
    return byClock;
  }

  /**
   * A clock as `ClockService` shows it at `now`: the library's figures by the working calendar the service
   * started with (the engine's own, as long as no calendar data is loaded into it at run time; inspection
   * loads none). The integration test `lean-reads` holds the two views equal.
   */
  private viewOf(clock: ClockRecord, pauses: StageClockPause[], now: Date): StageClock {
    const figures = clockFigures(this.calendar, clock, this.options.warnShare, now);
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
      utilityTimeSeconds: Math.floor(figures.utilityMs / 1000),
      customerTimeSeconds: Math.floor(figures.customerMs / 1000),
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

  private async lockedState(work: Work, ref: InspectionClockRef): Promise<'RUNNING' | 'PAUSED'> {
    await this.holdAuditChain(work, ref.caseId);
    const [clock] = await work.manager.query<{ state: string }[]>(
      'SELECT state FROM stage_clock WHERE case_id = $1 AND stage = $2 AND round = $3 FOR UPDATE',
      [ref.caseId, ref.stage, ref.round],
    );
    if (!clock) throw new ConflictError(`No time-limit clock runs for ${ref.stage} round ${ref.round} of case ${ref.caseId}`);
    if (clock.state !== 'RUNNING' && clock.state !== 'PAUSED') {
      throw new ConflictError(`The ${ref.stage} clock of round ${ref.round} has ended (${clock.state})`);
    }
    return clock.state;
  }

  /** Takes the case's audit-chain lock before any clock row (see the lock order above). */
  private async holdAuditChain(work: Work, caseId: string): Promise<void> {
    await work.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [auditLockName(caseId)]);
  }
}
