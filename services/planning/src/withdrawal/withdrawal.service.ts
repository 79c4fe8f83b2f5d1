import { Inject, Injectable } from '@nestjs/common';
import { casePayloadOf, CloudEvent } from '@yekuo/events';
import { TIME_SOURCE, TimeSource, Work } from '@yekuo/platform';
import { In } from 'typeorm';
import { ConstructionUnitRecommendation } from '../construction-unit/recommendation.entity';
import { PlanningCase } from '../planning-case/planning-case.entity';
import { planningStateMachine } from '../planning-case/planning-case.state-machine';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { SchemeClockService } from '../scheme-clock/scheme-clock.service';
import { SupplyScheme } from '../scheme/supply-scheme.entity';
import { SurveyAppointment } from '../survey/survey-appointment.entity';

/** Scheme versions still in the utility's or the customer's hands: a withdrawal closes them. */
export const OPEN_SCHEME_STATUSES = ['DRAFTED', 'APPROVED', 'REPLIED', 'CHANGE_REQUESTED'] as const;

/**
 * The withdrawal of an application, as planning applies it: the case is CANCELLED,
 * its open survey appointment (freeing the surveyor), open scheme versions and active
 * recommendation are closed, its running time-limit clock is cancelled, and
 * `planning.case.cancelled.v1` names what was closed —
 * once per case, whatever arrives twice or late.
 */
@Injectable()
export class WithdrawalService {
  constructor(
    private readonly cases: PlanningCaseService,
    private readonly clocks: SchemeClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** Resolves to the work closed, or null when the case was cancelled already. */
  async cancel(work: Work, event: CloudEvent<'intake.application.withdrawn.v1'>): Promise<string[] | null> {
    const data = event.data;
    const reason = data.reason.trim() || data.reason;
    const cancelledAt = this.time.now();
    // Never heard of the case: open the copy cancelled, so a late acceptance cannot reopen work.
    const inserted = await work.manager
      .createQueryBuilder()
      .insert()
      .into(PlanningCase)
      .values({
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        status: 'CANCELLED',
        cancelledAt,
        cancelledBy: data.actor.id,
        cancellationReason: reason,
        cancelledWork: [],
      })
      .orIgnore()
      .returning(['caseId'])
      .execute();
    let planningCase = await this.cases.lock(work.manager, data.caseId);
    if (!planningCase)
      throw new Error(`Planning case ${data.caseId} neither exists nor could be opened (case number ${data.caseNumber} taken?)`);
    const cancelledWork: string[] = [];
    if ((inserted.raw as unknown[]).length === 0) {
      if (planningCase.status === 'CANCELLED') return null;
      // No clock of a withdrawn case runs or warns any more (cancelled while the survey appointment is still open,
      // so a wait on the customer's moved appointment ends where it was due to).
      const clocks = await this.clocks.cancelCase(work, planningCase.caseId, cancelledAt, data.actor);
      cancelledWork.push(...(await this.closeOpenWork(work, planningCase.caseId, cancelledAt)));
      cancelledWork.push(...clocks.map((clock) => `TIME_LIMIT_CLOCK ${clock.stage} round ${clock.round}`));
      const status = planningStateMachine.next(planningCase.status, 'cancel');
      await work.manager.update(
        PlanningCase,
        { caseId: planningCase.caseId },
        { status, cancelledAt, cancelledBy: data.actor.id, cancellationReason: reason, cancelledWork },
      );
      planningCase = { ...planningCase, status };
    }
    await work.publish('planning.case.cancelled.v1', {
      ...casePayloadOf(planningCase, data.actor),
      reason,
      cancelledWork,
    });
    return cancelledWork;
  }

  private async closeOpenWork(work: Work, caseId: string, at: Date): Promise<string[]> {
    const closed: string[] = [];
    const appointments = await work.manager.findBy(SurveyAppointment, { caseId, status: 'OPEN' });
    for (const appointment of appointments) {
      await work.manager.update(SurveyAppointment, { id: appointment.id }, { status: 'CANCELLED', closedAt: at });
      closed.push(`SURVEY_APPOINTMENT ${appointment.appointmentAt.toISOString()} (${appointment.surveyorId})`);
    }
    const schemes = await work.manager.find(SupplyScheme, {
      where: { caseId, status: In([...OPEN_SCHEME_STATUSES]) },
      order: { version: 'ASC' },
    });
    for (const scheme of schemes) {
      await work.manager.update(SupplyScheme, { id: scheme.id }, { status: 'CANCELLED', cancelledAt: at });
      closed.push(`SUPPLY_SCHEME v${scheme.version} (${scheme.status})`);
    }
    const recommendations = await work.manager.findBy(ConstructionUnitRecommendation, { caseId, status: 'ACTIVE' });
    for (const recommendation of recommendations) {
      await work.manager.update(ConstructionUnitRecommendation, { id: recommendation.id }, { status: 'CANCELLED', closedAt: at });
      closed.push(`CONSTRUCTION_UNIT_RECOMMENDATION ${recommendation.id}`);
    }
    return closed;
  }
}
