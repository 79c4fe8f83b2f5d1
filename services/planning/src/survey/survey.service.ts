import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, Principal, Role, UnitOfWork } from '@yekuo/shared';
import { DataSource } from 'typeorm';
import { PLANNING_NEXT_ACTIONS } from '../planning-case/next-action.policy';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { RecordSurveyInput, ScheduleSurveyInput } from './survey.inputs';
import { Survey } from './survey.entity';

/** Roles that may appoint a survey, and the one that records it. */
export const SCHEDULE_SURVEY_ROLES: Role[] = ['surveyor', 'planner'];
export const RECORD_SURVEY_ROLES: Role[] = ['surveyor'];

/** The site survey: appointment (rescheduled in place) and result. */
@Injectable()
export class SurveyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: PlanningCaseService,
  ) {}

  async schedule(principal: Principal, input: ScheduleSurveyInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { planningCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'scheduleSurvey');
      const actor = actorOf(principal, SCHEDULE_SURVEY_ROLES);
      await work.manager.upsert(
        Survey,
        {
          caseId: planningCase.caseId,
          surveyorId: input.surveyorId.trim(),
          appointmentAt: input.appointmentAt,
          scheduledBy: principal.sub,
          scheduledAt: new Date(),
        },
        ['caseId'],
      );
      await this.cases.moveTo(work.manager, planningCase, next);
      await work.publish('planning.survey.scheduled.v1', {
        ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.surveyScheduled(planningCase.regionCode, input.appointmentAt)),
        surveyorId: input.surveyorId.trim(),
        appointmentAt: input.appointmentAt.toISOString(),
      });
    });
  }

  async record(principal: Principal, input: RecordSurveyInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { planningCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'recordSurvey');
      const actor = actorOf(principal, RECORD_SURVEY_ROLES);
      const completedAt = new Date();
      await work.manager.update(
        Survey,
        { caseId: planningCase.caseId },
        {
          completedAt,
          completedBy: principal.sub,
          siteConditions: input.siteConditions,
          supplyPointOptions: input.supplyPointOptions.map((p) => p.trim()),
          transformerCapacityKva: input.transformerCapacityKva ?? null,
        },
      );
      await this.cases.moveTo(work.manager, planningCase, next);
      await work.publish('planning.survey.completed.v1', {
        ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.surveyCompleted(planningCase.regionCode)),
        completedAt: completedAt.toISOString(),
      });
    });
  }

  /** The survey of a case (the caller's visibility is checked by the resolver). */
  find(caseId: string): Promise<Survey | null> {
    return this.dataSource.manager.findOneBy(Survey, { caseId });
  }
}
