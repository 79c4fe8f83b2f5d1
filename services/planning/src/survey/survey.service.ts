import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, casePayloadOf, Role } from '@yekuo/events';
import {
  actorOf,
  ConflictError,
  loadAllBy,
  loadOneBy,
  Principal,
  TIME_SOURCE,
  TimeSource,
  UnitOfWork,
  ValidationFailedError,
  Work,
} from '@yekuo/platform';
import { variantOf } from '@yekuo/policy';
import { DataSource, EntityManager } from 'typeorm';
import { ConstructionUnitService } from '../construction-unit/construction-unit.service';
import { CustomerPause } from '../planning-case/customer-pause.entity';
import { PLANNING_NEXT_ACTIONS } from '../planning-case/next-action.policy';
import { OpenPlanningCase } from '../planning-case/planning-case.entity';
import { PlanningStatus, planningStateMachine } from '../planning-case/planning-case.state-machine';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { SchemeClockService } from '../scheme-clock/scheme-clock.service';
import { SchemeTemplate, templateFor } from '../scheme/scheme-templates';
import { SchemeService } from '../scheme/scheme.service';
import { RescheduleRequester, SurveyAppointment } from './survey-appointment.entity';
import { CompleteFastPathInput, RecordSurveyInput, RescheduleSurveyInput, ScheduleSurveyInput } from './survey.inputs';
import { Survey } from './survey.entity';
import { pickSurveyor } from './surveyor-roster';

/** The standard scheme a case is surveyed with, when the variant it walks surveys with the scheme. */
function templateOf(planningCase: OpenPlanningCase): SchemeTemplate | undefined {
  return variantOf(planningCase.category, planningCase.processVariant).surveyWithScheme ? templateFor(planningCase.category) : undefined;
}

/** Roles that may appoint or move a survey, and the one that records it (also on the fast path). */
export const SCHEDULE_SURVEY_ROLES: Role[] = ['surveyor', 'planner'];
export const RESCHEDULE_SURVEY_ROLES: Role[] = ['surveyor', 'planner'];
export const RECORD_SURVEY_ROLES: Role[] = ['surveyor'];

/** The site survey: appointments (with their history), the result, and the fast path for categories surveyed with their scheme. */
@Injectable()
export class SurveyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: PlanningCaseService,
    private readonly units: ConstructionUnitService,
    private readonly schemes: SchemeService,
    private readonly clocks: SchemeClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async schedule(principal: Principal, input: ScheduleSurveyInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: planningCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'scheduleSurvey');
      const actor = actorOf(principal, SCHEDULE_SURVEY_ROLES);
      const current = await work.manager.findOneBy(SurveyAppointment, { caseId: planningCase.caseId, status: 'OPEN' });
      const surveyorId =
        input.surveyorId?.trim() ?? current?.surveyorId ?? (await this.assignSurveyor(work.manager, planningCase.regionCode));
      await this.appoint(work, planningCase, actor, surveyorId, input.appointmentAt, 'UTILITY', null);
      await this.cases.moveTo(work.manager, planningCase, next);
    });
  }

  async reschedule(principal: Principal, input: RescheduleSurveyInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: planningCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'rescheduleSurvey');
      const actor = actorOf(principal, RESCHEDULE_SURVEY_ROLES);
      const current = await work.manager.findOneByOrFail(SurveyAppointment, { caseId: planningCase.caseId, status: 'OPEN' });
      const requestedBy = input.requestedBy as RescheduleRequester;
      const reason = input.reason.trim();
      const now = this.time.now();
      const customerDelay = requestedBy === 'CUSTOMER' && input.appointmentAt > current.appointmentAt;
      // A wait on the customer that has run its course ends at the appointment they asked for;
      // a move the utility asks for (or to an earlier time) makes the wait the utility's again.
      if (customerDelay) await this.clocks.resumeIfAppointmentCame(work, planningCase.caseId, now);
      else await this.clocks.endSurveyPause(work, planningCase.caseId, now, actor);
      await this.appoint(
        work,
        planningCase,
        actor,
        input.surveyorId?.trim() ?? current.surveyorId,
        input.appointmentAt,
        requestedBy,
        reason,
      );
      if (customerDelay) {
        // The delay the customer asked for is their time, not the utility's.
        const customer: Actor = { id: planningCase.customerId, role: 'customer' };
        await work.manager.insert(CustomerPause, {
          id: randomUUID(),
          caseId: planningCase.caseId,
          stage: 'SURVEY',
          kind: 'SURVEY_MOVED_BY_CUSTOMER',
          actorId: planningCase.customerId,
          actorRole: 'customer',
          reason,
          fromAt: current.appointmentAt,
          toAt: input.appointmentAt,
          recordedAt: now,
        });
        // The scheme clock waits from the move (from the appointment itself when the customer missed it already).
        const from = current.appointmentAt.getTime() < now.getTime() ? current.appointmentAt : now;
        await this.clocks.pauseForSurveyMove(work, planningCase.caseId, from, customer, reason);
      }
      await this.cases.moveTo(work.manager, planningCase, next);
    });
  }

  async record(principal: Principal, input: RecordSurveyInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: planningCase } = await this.cases.lockFor(work.manager, principal, input.caseId, 'recordSurvey');
      const actor = actorOf(principal, RECORD_SURVEY_ROLES);
      await this.complete(work, planningCase, actor, input);
    });
  }

  /** Survey and scheme in one utility step, from an unscheduled or scheduled survey. */
  async completeFastPath(principal: Principal, input: CompleteFastPathInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: planningCase } = await this.cases.lockFor(work.manager, principal, input.caseId, 'completeFastPath');
      const actor = actorOf(principal, RECORD_SURVEY_ROLES);
      if (!templateOf(planningCase)) {
        throw new ConflictError(
          `The fast path is for cases surveyed together with a standard scheme; a ${planningCase.category} case walking the ${variantOf(planningCase.category, planningCase.processVariant).name} process takes recordSurvey and draftScheme`,
        );
      }
      if (planningCase.status === 'AWAITING_SURVEY') {
        // The surveyor is on site now: the appointment is this visit.
        await this.appoint(work, planningCase, actor, principal.sub, this.time.now(), 'UTILITY', null);
        planningCase.status = planningStateMachine.next(planningCase.status, 'scheduleSurvey');
      }
      await this.complete(work, planningCase, actor, input);
    });
  }

  /** The survey of a case (the caller's visibility is checked by the resolver). */
  find(caseId: string, principal?: Principal): Promise<Survey | null> {
    return loadOneBy(principal, this.dataSource.manager, Survey, 'caseId', caseId);
  }

  /** Every appointment of the survey, oldest first. */
  appointments(caseId: string, principal?: Principal): Promise<SurveyAppointment[]> {
    return loadAllBy(principal, this.dataSource.manager, SurveyAppointment, 'caseId', caseId, { scheduledAt: 'ASC', id: 'ASC' });
  }

  pauses(caseId: string, principal?: Principal): Promise<CustomerPause[]> {
    return loadAllBy(principal, this.dataSource.manager, CustomerPause, 'caseId', caseId, { fromAt: 'ASC', id: 'ASC' });
  }

  /**
   * Records the result; issues the construction-unit recommendation; on a case surveyed with
   * its scheme, drafts, approves by rule and replies the template scheme (and, under 三零,
   * confirms it by rule).
   */
  private async complete(work: Work, planningCase: OpenPlanningCase, actor: Actor, input: RecordSurveyInput): Promise<void> {
    const template = templateOf(planningCase);
    if (!template && input.propertyBoundary !== undefined) {
      throw new ValidationFailedError([
        { field: 'input.propertyBoundary', message: 'propertyBoundary is for the fast path only; state it in the scheme' },
      ]);
    }
    const completedAt = this.time.now();
    // The survey is done: a wait on the customer's moved appointment ends (at that appointment, or now if earlier).
    await this.clocks.endSurveyPause(work, planningCase.caseId, completedAt, actor);
    const supplyPointOptions = input.supplyPointOptions.map((p) => p.trim());
    await work.manager.update(
      Survey,
      { caseId: planningCase.caseId },
      {
        completedAt,
        completedBy: actor.id,
        siteConditions: input.siteConditions.trim(),
        supplyPointOptions,
        transformerCapacityKva: input.transformerCapacityKva ?? null,
        photoDocumentIds: [...new Set(input.photoDocumentIds ?? [])],
      },
    );
    await work.manager.update(
      SurveyAppointment,
      { caseId: planningCase.caseId, status: 'OPEN' },
      { status: 'DONE', closedAt: completedAt },
    );
    let status: PlanningStatus = planningStateMachine.next(planningCase.status, 'recordSurvey');
    await work.publish('planning.survey.completed.v1', {
      ...casePayloadOf(planningCase, actor, template ? undefined : PLANNING_NEXT_ACTIONS.surveyCompleted(planningCase.regionCode)),
      completedAt: completedAt.toISOString(),
    });
    await this.units.recommend(work, planningCase, actor);
    if (template) {
      const scheme = await this.schemes.draftApproveAndReplyFromTemplate(
        work,
        planningCase,
        template,
        supplyPointOptions[0],
        input.propertyBoundary,
        actor,
      );
      const steps = [
        'draftScheme',
        'approveScheme',
        'replyScheme',
        ...(scheme.status === 'CONFIRMED' ? (['confirmScheme'] as const) : []),
      ] as const;
      for (const step of steps) status = planningStateMachine.next(status, step);
    }
    await this.cases.moveTo(work.manager, planningCase, status);
  }

  /** Closes the open appointment (MOVED) and opens the new one; the survey row carries the current appointment. */
  private async appoint(
    work: Work,
    planningCase: OpenPlanningCase,
    actor: Actor,
    surveyorId: string,
    appointmentAt: Date,
    requestedBy: RescheduleRequester,
    reason: string | null,
  ): Promise<void> {
    const now = this.time.now();
    const moved = await work.manager.update(
      SurveyAppointment,
      { caseId: planningCase.caseId, status: 'OPEN' },
      { status: 'MOVED', closedAt: now },
    );
    const isMove = (moved.affected ?? 0) > 0;
    await work.manager.insert(SurveyAppointment, {
      id: randomUUID(),
      caseId: planningCase.caseId,
      surveyorId,
      appointmentAt,
      scheduledBy: actor.id,
      scheduledAt: now,
      requestedBy: isMove ? requestedBy : null,
      reason: isMove ? reason : null,
      status: 'OPEN',
      closedAt: null,
    });
    await work.manager.upsert(Survey, { caseId: planningCase.caseId, surveyorId, appointmentAt, scheduledBy: actor.id, scheduledAt: now }, [
      'caseId',
    ]);
    await work.publish('planning.survey.scheduled.v1', {
      ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.surveyScheduled(planningCase.regionCode, appointmentAt)),
      surveyorId,
      appointmentAt: appointmentAt.toISOString(),
    });
  }

  /**
   * The least loaded surveyor of the region (open appointments), roster order among
   * equals. Assignments in a region take turns (advisory lock) so two at once see each other.
   */
  private async assignSurveyor(manager: EntityManager, regionCode: string): Promise<string> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [`planning:survey-assignment:${regionCode}`]);
    const rows = await manager.query<{ surveyor_id: string; open: number }[]>(
      `SELECT surveyor_id, count(*)::int AS open FROM survey_appointment WHERE status = 'OPEN' GROUP BY surveyor_id`,
    );
    const surveyor = pickSurveyor(regionCode, new Map(rows.map((r) => [r.surveyor_id, r.open])));
    if (!surveyor) {
      throw new ValidationFailedError([
        { field: 'input.surveyorId', message: `no surveyor is on the roster of region ${regionCode}; name one` },
      ]);
    }
    return surveyor;
  }
}
