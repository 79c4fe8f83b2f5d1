import { DEFAULT_ORG } from '@yekuo/policy';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, CaseCopy } from '@yekuo/events';
import { auditLockName, ConflictError, DomainError, ErrorCode, Principal, TIME_SOURCE, TimeSource, Work } from '@yekuo/platform';
import { ClockService, StageClock } from '@yekuo/timelimits';
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
    private readonly cases: InspectionCaseService,
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
   * Every clock of the case, in the order they started, as the engine shows them.
   * Read once per request, with the clocks of every case whose stage objects the request shows: one
   * statement for the clocks and one for their pauses, however many cases and stage objects ask.
   */
  ofCase(caseId: string, principal?: Principal): Promise<StageClock[]> {
    return this.cases.loadShown(principal, 'inspection-clocks', caseId, (caseIds) => this.clocks.viewOfCases(caseIds));
  }

  /** The clock of one round of a step (null when the step kept none for it); read as `ofCase` reads. */
  async ofRound(ref: InspectionClockRef, principal?: Principal): Promise<StageClock | null> {
    const clocks = await this.ofCase(ref.caseId, principal);
    return clocks.find((c) => c.stage === ref.stage && c.round === ref.round) ?? null;
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
