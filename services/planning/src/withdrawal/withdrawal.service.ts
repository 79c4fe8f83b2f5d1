import { Inject, Injectable } from '@nestjs/common';
import { casePayloadOf } from '@yekuo/events';
import { EventOutcome, TIME_SOURCE, TimeSource, WithdrawalHook, WithdrawnEvent, Work } from '@yekuo/platform';
import { In } from 'typeorm';
import { ConstructionUnitRecommendation } from '../construction-unit/recommendation.entity';
import { ExternalWorksService } from '../external-works/external-works.service';
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
export class WithdrawalService implements WithdrawalHook<PlanningCase> {
  constructor(
    readonly cases: PlanningCaseService,
    private readonly clocks: SchemeClockService,
    private readonly works: ExternalWorksService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** Cancels the case (a copy that was never opened is opened cancelled, so a late acceptance cannot reopen work). */
  async withdraw(work: Work, event: WithdrawnEvent, existing: PlanningCase | null): Promise<EventOutcome> {
    const data = event.data;
    const reason = data.reason.trim() || data.reason;
    const at = this.time.now();
    const cancellation = { at, reason, by: data.actor, work: [] as string[] };
    let planningCase = existing;
    if (!planningCase) {
      await this.cases.openCopy(work.manager, {
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        regionCode: data.regionCode ?? null,
        businessType: data.businessType ?? null,
        status: 'CANCELLED',
        cancelledAt: at,
        cancellationReason: reason,
        cancelledById: data.actor.id,
        cancelledByRole: data.actor.role,
        cancelledWork: [],
      });
      planningCase = await this.cases.lock(work.manager, data.caseId);
      if (!planningCase)
        throw new Error(`Planning case ${data.caseId} neither exists nor could be opened (case number ${data.caseNumber} taken?)`);
    } else {
      // No clock of a withdrawn case runs or warns any more (cancelled while the survey appointment is still open,
      // so a wait on the customer's moved appointment ends where it was due to).
      const clocks = await this.clocks.cancelCase(work, planningCase.caseId, at, data.actor);
      cancellation.work.push(...(await this.closeOpenWork(work, planningCase.caseId, at)));
      cancellation.work.push(...clocks.map((clock) => `TIME_LIMIT_CLOCK ${clock.stage} round ${clock.round}`));
      const status = planningStateMachine.next(planningCase.status, 'cancel');
      await this.cases.recordCancellation(work.manager, planningCase, cancellation, { status });
    }
    await work.publish('planning.case.cancelled.v1', {
      ...casePayloadOf(planningCase, data.actor),
      reason,
      cancelledWork: cancellation.work,
    });
    return `cancelled planning case ${data.caseNumber}: ${cancellation.work.join(', ') || 'nothing open'}`;
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
    closed.push(...(await this.works.cancelFor(work.manager, caseId, at)));
    return closed;
  }
}
