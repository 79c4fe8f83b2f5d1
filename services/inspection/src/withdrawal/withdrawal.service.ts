import { Injectable } from '@nestjs/common';
import { casePayloadOf } from '@yekuo/events';
import { EventOutcome, WithdrawalHook, WithdrawnEvent, Work } from '@yekuo/platform';
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

/**
 * The customer's withdrawal (`intake.application.withdrawn.v1`) recorded as a fact on
 * inspection's copy of the case: every open piece of work is closed, the case is
 * CANCELLED for good, its running time-limit clocks are cancelled, and
 * `inspection.case.cancelled.v1` is published exactly once.
 */
@Injectable()
export class WithdrawalService implements WithdrawalHook<InspectionCase> {
  constructor(
    readonly cases: InspectionCaseService,
    private readonly clocks: InspectionClocks,
  ) {}

  async withdraw(work: Work, event: WithdrawnEvent, existing: InspectionCase | null): Promise<EventOutcome> {
    const data = event.data;
    const manager = work.manager;
    const at = this.clocks.now();
    let copy: InspectionCase | null = existing;
    let closed: InspectionWork[] = [];
    if (!copy) {
      // Never heard of the case: keep the withdrawal so a late confirmed scheme cannot open work for it.
      await this.cases.openCopy(manager, {
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        regionCode: data.regionCode ?? null,
        businessType: data.businessType ?? null,
        status: 'CANCELLED',
        cancelledAt: at,
        cancellationReason: data.reason,
        cancelledById: data.actor.id,
        cancelledByRole: data.actor.role,
        cancelEventId: event.id,
        cancelledWork: [],
      });
      copy = await this.cases.lock(manager, data.caseId);
      if (!copy) throw new Error(`inspection case ${data.caseId} vanished while applying ${event.id}`);
    } else {
      const where = { caseId: data.caseId };
      const openItems = await manager.count(RectificationItem, { where: { ...where, status: 'OPEN' } });
      closed = openWorkOf(copy.status, openItems);
      await manager.update(DesignSubmission, { ...where, decision: IsNull() }, { decision: 'CANCELLED', reviewedAt: at });
      await manager.update(IntermediateInspectionRecord, { ...where, result: IsNull() }, { result: 'CANCELLED', recordedAt: at });
      await manager.update(RectificationItem, { ...where, status: 'OPEN' }, { status: 'CANCELLED', closedAt: at });
      await manager.update(AcceptanceRound, { ...where, result: IsNull() }, { result: 'CANCELLED', decidedAt: at });
      await endCustomerWait(manager, data.caseId, undefined, data.actor.id, at);
      await this.cases.recordCancellation(
        manager,
        copy,
        { at, reason: data.reason, by: data.actor, work: closed },
        { status: 'CANCELLED', cancelEventId: event.id },
      );
    }
    await work.publish('inspection.case.cancelled.v1', {
      ...casePayloadOf(copy, data.actor),
      reason: data.reason,
      cancelledWork: closed,
    });
    // No clock of a withdrawn case runs or warns any more; each clock closed is a step named in cancelledWork.
    await this.clocks.cancelCase(work, data.caseId, at, data.actor);
    return `cancelled inspection case ${data.caseNumber} (${data.caseId}): ${closed.join(', ') || 'nothing open'}`;
  }
}
