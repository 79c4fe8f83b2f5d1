import { Inject, Injectable } from '@nestjs/common';
import { casePayloadOf } from '@yekuo/events';
import { ClockService } from '@yekuo/timelimits';
import { EventOutcome, TIME_SOURCE, type TimeSource, WithdrawalHook, WithdrawnEvent, Work } from '@yekuo/platform';
import { InstallationOrder } from '../installation/installation-order.entity';
import { installationOrderStateMachine } from '../installation/installation-order.state-machine';
import { lockActiveMeterOf } from '../meter/active-meter';
import { MeterAssignment } from '../meter/meter-assignment.entity';
import { Meter } from '../meter/meter.entity';
import { isKnown, isOpen, KnownMeteringCase, MeteringCase } from '../metering-case/metering-case.entity';
import { MeteringCaseService } from '../metering-case/metering-case.service';
import { meteringStateMachine } from '../metering-case/metering-case.state-machine';

/** Names of the open work a withdrawal closes, in the order they are listed in `cancelledWork`. */
export const CANCELLED_WORK = {
  meterAssignment: 'METER_ASSIGNMENT',
  installationOrder: 'INSTALLATION_ORDER',
  energization: 'ENERGIZATION',
  /** The running (or paused) time-limit clock of a stage: `<STAGE>_CLOCK`, e.g. ENERGIZATION_CLOCK. */
  clock: (stage: string) => `${stage}_CLOCK`,
} as const;

/**
 * Applies the customer's withdrawal to metering's copy of the case, under its row lock:
 * the meter goes back to stock (an installed one stays on site, flagged for removal,
 * until a technician takes it out), the installation order is cancelled, the gate can
 * no longer open and energize is refused; `metering.case.cancelled.v1` is published
 * once. A case metering never heard of is created from the event, CANCELLED, so a
 * scheme confirmation arriving later cannot open it. The energization clock, when the
 * gate had opened, ends CANCELLED: it neither runs nor warns any more.
 */
@Injectable()
export class WithdrawalService implements WithdrawalHook<MeteringCase> {
  constructor(
    readonly cases: MeteringCaseService,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async withdraw(work: Work, event: WithdrawnEvent, existing: MeteringCase | null): Promise<EventOutcome> {
    const data = event.data;
    const meteringCase = existing ?? (await this.cases.lockOrCreate(work.manager, data.caseId));
    if (meteringCase.status === 'CANCELLED') return { debug: `${data.caseNumber} was cancelled already (${event.id})` };
    if (!meteringStateMachine.allows(meteringCase.status, 'cancel')) {
      // The supply is on already: a withdrawal cannot undo it. Kept on record, nothing to cancel.
      await work.audit({
        caseId: data.caseId,
        actor: data.actor,
        action: 'metering.withdrawal.refused',
        data: { eventId: event.id, status: meteringCase.status, reason: data.reason },
      });
      return { warn: `withdrawal of ${data.caseNumber} arrived after energization (${meteringCase.status}); nothing cancelled` };
    }
    const now = this.time.now();
    const reason = data.reason;
    const cancelledWork: string[] = [];
    let removalRequired: string | null = null;

    const active = await lockActiveMeterOf(work.manager, data.caseId);
    if (active?.meter.status === 'INSTALLED') {
      removalRequired = active.meter.meterNumber;
      await work.manager.update(MeterAssignment, { id: active.assignment.id }, { removalRequired: true });
      await work.audit({
        caseId: data.caseId,
        actor: data.actor,
        action: 'metering.meter.removal-required',
        data: { eventId: event.id, meterId: active.meter.id, meterNumber: active.meter.meterNumber },
      });
    } else if (active) {
      await work.manager.update(
        MeterAssignment,
        { id: active.assignment.id },
        { releasedAt: now, releasedBy: data.actor.id, releaseReason: reason },
      );
      await work.manager.update(Meter, { id: active.meter.id }, { status: 'IN_STOCK' });
      cancelledWork.push(CANCELLED_WORK.meterAssignment);
      await work.audit({
        caseId: data.caseId,
        actor: data.actor,
        action: 'metering.meter.released',
        data: { eventId: event.id, meterId: active.meter.id, meterNumber: active.meter.meterNumber },
      });
    }

    const order = await work.manager.findOneBy(InstallationOrder, { caseId: data.caseId });
    if (order && installationOrderStateMachine.allows(order.status, 'cancel')) {
      const status = installationOrderStateMachine.next(order.status, 'cancel');
      await work.manager.update(InstallationOrder, { caseId: data.caseId }, { status, closedAt: now });
      cancelledWork.push(CANCELLED_WORK.installationOrder);
    }
    if (isOpen(meteringCase)) cancelledWork.push(CANCELLED_WORK.energization);
    // The chain's lock before any clock row, the order the time-limit sweeper takes them in.
    await this.cases.lockChain(work.manager, data.caseId);
    for (const clock of await this.clocks.cancelCase(work, data.caseId, now, data.actor)) {
      cancelledWork.push(CANCELLED_WORK.clock(clock.stage));
    }

    const known = this.known(meteringCase, event);
    const next = meteringStateMachine.next(meteringCase.status, 'cancel');
    await this.cases.recordCancellation(
      work.manager,
      known,
      { at: now, reason, by: data.actor, work: cancelledWork },
      {
        status: next,
        caseNumber: known.caseNumber,
        customerId: known.customerId,
        category: known.category,
        policyVersion: known.policyVersion,
        regionCode: known.regionCode ?? data.regionCode ?? null,
        businessType: known.businessType ?? data.businessType ?? null,
        cancelledFrom: meteringCase.status,
      },
    );
    await work.publish('metering.case.cancelled.v1', {
      ...casePayloadOf(known, data.actor),
      reason,
      cancelledWork,
    });
    return {
      log: `cancelled ${data.caseNumber}: ${cancelledWork.join(', ') || 'no open work'}`,
      ...(removalRequired ? { warn: `meter ${removalRequired} of withdrawn ${data.caseNumber} is to be removed from site` } : {}),
    };
  }

  /** The case with its fields: metering's copy when it has them, else the withdrawal's. */
  private known(meteringCase: MeteringCase, event: WithdrawnEvent): KnownMeteringCase {
    if (isKnown(meteringCase)) return meteringCase;
    const { caseNumber, customerId, category, policyVersion } = event.data;
    return Object.assign(meteringCase, { caseNumber, customerId, category, policyVersion });
  }
}
