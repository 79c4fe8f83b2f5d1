import { Injectable } from '@nestjs/common';
import { casePayloadOf, CaseCopy, CloudEvent } from '@yekuo/events';
import { Work } from '@yekuo/platform';
import { IsNull } from 'typeorm';
import { AcceptanceRound } from '../acceptance/acceptance-round.entity';
import { endCustomerWait } from '../customer-time/customer-wait';
import { DesignSubmission } from '../design/design-submission.entity';
import { InspectionCase } from '../inspection-case/inspection-case.entity';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { IntermediateInspectionRecord } from '../intermediate/intermediate-inspection.entity';
import { RectificationItem } from '../intermediate/rectification-item.entity';
import { InspectionClocks } from '../time-limits/inspection-clocks';
import { InspectionWork, openWorkOf } from './open-work';

export type WithdrawalOutcome = { cancelled: true; work: InspectionWork[] } | { cancelled: false };

/**
 * The customer's withdrawal (`intake.application.withdrawn.v1`) recorded as a fact on
 * inspection's copy of the case: every open piece of work is closed, the case is
 * CANCELLED for good, its running time-limit clocks are cancelled, and
 * `inspection.case.cancelled.v1` is published exactly once.
 */
@Injectable()
export class WithdrawalService {
  constructor(
    private readonly cases: InspectionCaseService,
    private readonly clocks: InspectionClocks,
  ) {}

  async withdraw(work: Work, event: CloudEvent<'intake.application.withdrawn.v1'>): Promise<WithdrawalOutcome> {
    const data = event.data;
    const manager = work.manager;
    const at = this.clocks.now();
    // The same lock the case's opening takes, then the row lock every mutation takes.
    await this.cases.serialise(manager, data.caseId);
    const existing = await manager.findOne(InspectionCase, { where: { caseId: data.caseId }, lock: { mode: 'pessimistic_write' } });
    if (existing?.status === 'CANCELLED') return { cancelled: false };

    const cancellation = {
      status: 'CANCELLED' as const,
      cancelledAt: at,
      cancelReason: data.reason,
      cancelEventId: event.id,
      cancelledBy: data.actor.id,
    };
    let copy: CaseCopy;
    let closed: InspectionWork[] = [];
    if (!existing) {
      // Never heard of the case: keep the withdrawal so a late confirmed scheme cannot open work for it.
      copy = {
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
      };
      await manager.insert(InspectionCase, {
        ...copy,
        schemeId: null,
        schemeVersion: null,
        capacityKva: null,
        voltageLevel: null,
        chosenUnitId: null,
        chosenUnitName: null,
        chosenFromRecommendation: null,
        ...cancellation,
        cancelledWork: [],
      });
    } else {
      copy = existing;
      const where = { caseId: data.caseId };
      const openItems = await manager.count(RectificationItem, { where: { ...where, status: 'OPEN' } });
      closed = openWorkOf(existing.status, openItems);
      await manager.update(DesignSubmission, { ...where, decision: IsNull() }, { decision: 'CANCELLED', reviewedAt: at });
      await manager.update(IntermediateInspectionRecord, { ...where, result: IsNull() }, { result: 'CANCELLED', recordedAt: at });
      await manager.update(RectificationItem, { ...where, status: 'OPEN' }, { status: 'CANCELLED', closedAt: at });
      await manager.update(AcceptanceRound, { ...where, result: IsNull() }, { result: 'CANCELLED', decidedAt: at });
      await endCustomerWait(manager, data.caseId, undefined, data.actor.id, at);
      await manager.update(InspectionCase, where, { ...cancellation, cancelledWork: closed });
    }
    await work.publish('inspection.case.cancelled.v1', {
      ...casePayloadOf(copy, data.actor),
      reason: data.reason,
      cancelledWork: closed,
    });
    // No clock of a withdrawn case runs or warns any more; each clock closed is a step named in cancelledWork.
    await this.clocks.cancelCase(work, data.caseId, at, data.actor);
    return { cancelled: true, work: closed };
  }
}
