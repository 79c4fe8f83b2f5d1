import { Inject, Injectable } from '@nestjs/common';
import { Actor, CaseCopy } from '@yekuo/events';
import { ClockService, StageClock, TIME_LIMIT_MONITOR } from '@yekuo/timelimits';
import { teamFor } from '@yekuo/policy';
import { TIME_SOURCE, TimeSource, UnitOfWork, Work } from '@yekuo/platform';
import { DataSource, EntityManager } from 'typeorm';
import { PlanningCase } from '../planning-case/planning-case.entity';

/** The step planning times (docs/DOMAIN.md, time limits): from acceptance to the reply of the supply scheme. */
export const SCHEME_CLOCK_STAGE = 'SUPPLY_SCHEME' as const;

/** The role whose team holds the supply scheme step in a region (org data). */
const SCHEME_TEAM_ROLE = 'planner' as const;

/**
 * The SUPPLY_SCHEME time-limit clocks of planning, fed by planning's own steps inside their
 * units of work (the engine announces `planning.timelimit.*` through the same outbox):
 *
 * - round 1 starts when intake's acceptance is applied (at `acceptedAt`) and stops at the reply
 *   (a planner's `replyScheme`, or the fast path that replies in the survey's step);
 * - a customer's change request after the reply starts the next round, stopped at the next reply;
 * - while the customer's move of the survey appointment holds the survey up, the clock is paused:
 *   from the move (or from the missed appointment, when the customer moves one already past)
 *   until the new appointment, or the survey if it is recorded earlier. A move the utility asks for,
 *   or one to an earlier time, runs the clock again;
 * - a withdrawal cancels every open clock of the case.
 *
 * Every call is idempotent: the engine keys clocks by (case, stage, round), and pausing a paused
 * clock, resuming a running one or stopping an ended one changes nothing.
 */
@Injectable()
export class SchemeClockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** Now, as the service's one time source tells it (the system clock, or a test's). */
  now(): Date {
    return this.time.now();
  }

  /** Starts round `round` of the case's scheme clock at `startedAt`, held by the planning team of its region. */
  startRound(work: Work, planningCase: CaseCopy & { regionCode: string | null }, round: number, startedAt: Date, actor: Actor) {
    const team = planningCase.regionCode ? teamFor(SCHEME_TEAM_ROLE, planningCase.regionCode)?.id : undefined;
    const caseCopy: CaseCopy = {
      caseId: planningCase.caseId,
      caseNumber: planningCase.caseNumber,
      customerId: planningCase.customerId,
      category: planningCase.category,
      policyVersion: planningCase.policyVersion,
    };
    return this.clocks.start(work, { caseCopy, stage: SCHEME_CLOCK_STAGE, round, startedAt, team, actor });
  }

  /** Starts the next round after the customer asked for changes to the replied scheme. */
  async startNextRound(work: Work, planningCase: PlanningCase, startedAt: Date, actor: Actor): Promise<StageClock | null> {
    const latest = await this.latestRound(work.manager, planningCase.caseId);
    return this.startRound(work, planningCase, (latest ?? 0) + 1, startedAt, actor);
  }

  /** Stops the current round when the scheme is replied; a pause still running ends first at the moment it was due to. */
  async stopAtReply(work: Work, caseId: string, at: Date, actor: Actor): Promise<StageClock | null> {
    const round = await this.latestRound(work.manager, caseId);
    if (round === null) return null;
    await this.endSurveyPause(work, caseId, at, actor);
    return this.clocks.stop(work, { caseId, stage: SCHEME_CLOCK_STAGE, round, at, actor });
  }

  /** The customer moved the survey appointment to a later time: the clock waits on them from `from`. */
  async pauseForSurveyMove(work: Work, caseId: string, from: Date, by: Actor, reason: string): Promise<void> {
    const round = await this.latestRound(work.manager, caseId);
    if (round === null) return;
    await this.clocks.pause(work, {
      caseId,
      stage: SCHEME_CLOCK_STAGE,
      round,
      at: from,
      by,
      reason: `Survey appointment moved at the customer's request: ${reason}`,
    });
  }

  /**
   * Ends a pause for a moved survey appointment: at the appointment the customer asked for
   * (the OPEN one) when it has come by `at`, otherwise at `at` (the survey was done earlier,
   * or the utility moved the appointment and owns the wait).
   */
  async endSurveyPause(work: Work, caseId: string, at: Date, by: Actor): Promise<void> {
    const round = await this.latestRound(work.manager, caseId);
    if (round === null) return;
    const [open] = await work.manager.query<{ appointment_at: Date }[]>(
      `SELECT appointment_at FROM survey_appointment WHERE case_id = $1 AND status = 'OPEN' ORDER BY scheduled_at DESC LIMIT 1`,
      [caseId],
    );
    const end = open && open.appointment_at.getTime() < at.getTime() ? open.appointment_at : at;
    await this.clocks.resume(work, { caseId, stage: SCHEME_CLOCK_STAGE, round, at: end, by });
  }

  /** Cancels every open clock of a withdrawn case (after closing a survey pause that had run its course). */
  async cancelCase(work: Work, caseId: string, at: Date, actor: Actor): Promise<StageClock[]> {
    await this.resumeIfAppointmentCame(work, caseId, at);
    return this.clocks.cancelCase(work, caseId, at, actor);
  }

  /**
   * Runs again every scheme clock paused for a moved survey whose new appointment has come, at
   * that appointment (the time-limit monitor acts). Each case in its own transaction under the
   * case's row lock, the order every planning step takes; instances doing this at once change
   * each clock once. Returns how many clocks ran again.
   */
  async resumeDue(now: Date = this.now()): Promise<number> {
    const due = await this.dataSource.query<{ case_id: string }[]>(
      `SELECT DISTINCT c.case_id FROM stage_clock c
         JOIN survey_appointment a ON a.case_id = c.case_id AND a.status = 'OPEN'
        WHERE c.stage = $1 AND c.state = 'PAUSED' AND a.appointment_at <= $2`,
      [SCHEME_CLOCK_STAGE, now],
    );
    let resumed = 0;
    for (const { case_id: caseId } of due) {
      const changed = await this.unitOfWork.run(async (work) => {
        await work.manager.findOne(PlanningCase, { where: { caseId }, lock: { mode: 'pessimistic_write' } });
        return this.resumeIfAppointmentCame(work, caseId, now);
      });
      if (changed) resumed++;
    }
    return resumed;
  }

  /** The clock of one round (or the latest), as the engine shows it now. */
  view(caseId: string, round?: number): Promise<StageClock | null> {
    return this.clocks.view(caseId, SCHEME_CLOCK_STAGE, round);
  }

  /** Every round of the case's scheme clock, oldest first. */
  async rounds(caseId: string): Promise<StageClock[]> {
    return (await this.clocks.viewMany(caseId)).filter((c) => c.stage === SCHEME_CLOCK_STAGE).sort((a, b) => a.round - b.round);
  }

  /** Resumes a paused clock at its customer-moved appointment when that has come by `now`; true when it ran again. */
  async resumeIfAppointmentCame(work: Work, caseId: string, now: Date): Promise<boolean> {
    const [row] = await work.manager.query<{ round: number; appointment_at: Date }[]>(
      `SELECT c.round, a.appointment_at FROM stage_clock c
         JOIN survey_appointment a ON a.case_id = c.case_id AND a.status = 'OPEN'
        WHERE c.case_id = $1 AND c.stage = $2 AND c.state = 'PAUSED' AND a.appointment_at <= $3
        ORDER BY c.round DESC, a.scheduled_at DESC LIMIT 1`,
      [caseId, SCHEME_CLOCK_STAGE, now],
    );
    if (!row) return false;
    const clock = await this.clocks.resume(work, {
      caseId,
      stage: SCHEME_CLOCK_STAGE,
      round: row.round,
      at: row.appointment_at,
      by: TIME_LIMIT_MONITOR,
    });
    return clock?.state === 'RUNNING';
  }

  private async latestRound(manager: EntityManager, caseId: string): Promise<number | null> {
    const [row] = await manager.query<{ round: number | null }[]>(
      'SELECT max(round)::int AS round FROM stage_clock WHERE case_id = $1 AND stage = $2',
      [caseId, SCHEME_CLOCK_STAGE],
    );
    return row?.round ?? null;
  }
}
