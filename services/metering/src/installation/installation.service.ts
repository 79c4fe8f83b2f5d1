import { Inject, Injectable } from '@nestjs/common';
import {
  actorOf,
  ConflictError,
  DomainError,
  ErrorCode,
  InvalidTransitionError,
  Principal,
  TIME_SOURCE,
  TimeSource,
  UnitOfWork,
  ValidationFailedError,
} from '@yekuo/platform';
import { casePayloadOf } from '@yekuo/events';
import { EntityManager, In } from 'typeorm';
import { lockActiveMeterOf } from '../meter/active-meter';
import { MeterAssignment } from '../meter/meter-assignment.entity';
import { Meter } from '../meter/meter.entity';
import { meterFitBreaches } from '../meter/meter-fit.policy';
import { isUniqueViolation } from '../database-errors';
import { isOpen, MeteringCase, OpenMeteringCase } from '../metering-case/metering-case.entity';
import { METER_INSTALLATION_CLOCK, MeteringCaseService } from '../metering-case/metering-case.service';
import { ClockService } from '@yekuo/timelimits';
import { requireStep } from '../metering-case/metering-case.state-machine';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { InstallationOrder, InstallationOrderChange } from './installation-order.entity';
import { installationOrderStateMachine } from './installation-order.state-machine';
import {
  PostponeMeterInstallationInput,
  RecordMeterInstallationInput,
  RecordMeterRemovalInput,
  RescheduleInstallationInput,
  ResumeMeterInstallationInput,
  ScheduleInstallationInput,
} from './installation.inputs';
import { MeterInstallation } from './meter-installation.entity';
import { MeterSeal } from './meter-seal.entity';

/**
 * The installation order (technician and appointment, rescheduled with a reason) and
 * the installation it orders, which is the METER_INSTALLED gate fact. Every change
 * holds the case row lock, so an order is scheduled, moved or completed once.
 */
@Injectable()
export class InstallationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: MeteringCaseService,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async schedule(principal: Principal, input: ScheduleInstallationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const meteringCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      requireStep(meteringCase.status, 'scheduleInstallation');
      const actor = actorOf(principal, METERING_ROLES.scheduleInstallation);
      const existing = await work.manager.findOneBy(InstallationOrder, { caseId: input.caseId });
      installationOrderStateMachine.next(existing?.status ?? 'NOT_SCHEDULED', 'scheduleInstallation');
      const now = this.time.now();
      const technicianId = input.technicianId.trim();
      await work.manager.insert(InstallationOrder, {
        caseId: input.caseId,
        status: 'SCHEDULED',
        technicianId,
        scheduledAt: input.scheduledAt,
        scheduledBy: principal.sub,
        createdAt: now,
        closedAt: null,
      });
      await work.manager.insert(InstallationOrderChange, {
        caseId: input.caseId,
        seq: 1,
        technicianId,
        scheduledAt: input.scheduledAt,
        reason: null,
        changedBy: principal.sub,
        changedAt: now,
      });
      await work.audit({
        caseId: input.caseId,
        actor,
        action: 'metering.installation.scheduled',
        data: { technicianId, scheduledAt: input.scheduledAt.toISOString() },
      });
    });
  }

  async reschedule(principal: Principal, input: RescheduleInstallationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const meteringCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      requireStep(meteringCase.status, 'rescheduleInstallation');
      const actor = actorOf(principal, METERING_ROLES.rescheduleInstallation);
      const order = await work.manager.findOneBy(InstallationOrder, { caseId: input.caseId });
      installationOrderStateMachine.next(order?.status ?? 'NOT_SCHEDULED', 'rescheduleInstallation');
      if (!order) throw new Error(`installation order of ${input.caseId} vanished`);
      const technicianId = input.technicianId?.trim() ?? order.technicianId;
      const reason = input.reason.trim();
      const [{ seq }] = await work.manager.query<{ seq: number }[]>(
        'SELECT coalesce(max(seq), 0)::int + 1 AS seq FROM installation_order_change WHERE case_id = $1',
        [input.caseId],
      );
      await work.manager.update(InstallationOrder, { caseId: input.caseId }, { technicianId, scheduledAt: input.scheduledAt });
      await work.manager.insert(InstallationOrderChange, {
        caseId: input.caseId,
        seq,
        technicianId,
        scheduledAt: input.scheduledAt,
        reason,
        changedBy: principal.sub,
        changedAt: this.time.now(),
      });
      await work.audit({
        caseId: input.caseId,
        actor,
        action: 'metering.installation.rescheduled',
        data: {
          technicianId,
          scheduledAt: input.scheduledAt.toISOString(),
          previousTechnicianId: order.technicianId,
          previousScheduledAt: order.scheduledAt.toISOString(),
          reason,
        },
      });
    });
  }

  async record(principal: Principal, input: RecordMeterInstallationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'installMeter');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.recordMeterInstallation);
      const order = await work.manager.findOneBy(InstallationOrder, { caseId: openCase.caseId });
      const orderStatus = installationOrderStateMachine.next(order?.status ?? 'NOT_SCHEDULED', 'recordMeterInstallation');
      const active = await lockActiveMeterOf(work.manager, openCase.caseId);
      // METER_ASSIGNED without an active assignment would be inconsistent data: refuse rather than guess.
      if (!active) throw new ConflictError(`Case ${openCase.caseId} has no assigned meter`);
      const { meter } = active;
      // A later scheme version may have changed the metering method: the meter must still fit.
      const breaches = meterFitBreaches(meter, openCase);
      if (breaches.length > 0) {
        throw new DomainError(
          `Meter ${meter.meterNumber} no longer fits the case's scheme: ${breaches.map((b) => b.message).join('; ')}; assign a meter that does`,
          { code: ErrorCode.CONFLICT, rules: breaches.map((b) => b.rule) },
        );
      }
      const seals = input.sealNumbers.map((s) => s.trim());
      await this.refuseUsedSeals(work.manager, seals);
      const recordedAt = this.time.now();
      const installation = work.manager.create(MeterInstallation, {
        caseId: openCase.caseId,
        meterId: meter.id,
        installedAt: input.installedAt,
        reading: input.reading,
        sealNumbers: seals,
        technicianId: input.installedBy?.trim() ?? principal.sub,
        recordedAt,
        recordedBy: principal.sub,
      });
      await work.manager.insert(MeterInstallation, installation);
      try {
        await work.manager.insert(
          MeterSeal,
          seals.map((sealNumber) => ({ sealNumber, caseId: openCase.caseId, meterId: meter.id, recordedAt })),
        );
      } catch (error) {
        // Two installations fitting the same seal at once: the primary key lets one through.
        if (isUniqueViolation(error, 'meter_seal_pkey')) throw this.sealsUsed(seals);
        throw error;
      }
      await work.manager.update(InstallationOrder, { caseId: openCase.caseId }, { status: orderStatus, closedAt: recordedAt });
      await work.manager.update(Meter, { id: meter.id }, { status: 'INSTALLED' });
      await this.cases.moveTo(work.manager, openCase, next);
      await work.publish('metering.meter.installed.v1', {
        ...casePayloadOf(openCase, actor),
        meterId: meter.id,
        installedAt: installation.installedAt.toISOString(),
      });
      // The meter installation step is done when the meter is on site (its clock, if it started, stops).
      await this.clocks.stop(work, { caseId: openCase.caseId, stage: METER_INSTALLATION_CLOCK, at: installation.installedAt, actor });
      // The installation is a gate fact: the gate may open in this very transaction.
      await this.cases.recordFactLocked(work, openCase, 'METER_INSTALLED', {
        source: 'recordMeterInstallation',
        actor,
      });
    });
  }

  /**
   * Records that the meter installation waits on the customer from now: pauses the running meter
   * installation clock with the reason and who recorded it. CONFLICT while the installation is not
   * timed yet (other gate conditions still missing); INVALID_TRANSITION (currentState PAUSED) while
   * a wait is recorded already, and once the meter is installed.
   */
  async postponeMeterInstallation(principal: Principal, input: PostponeMeterInstallationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const meteringCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      requireStep(meteringCase.status, 'postponeMeterInstallation');
      const by = actorOf(principal, METERING_ROLES.postponeMeterInstallation);
      const clock = await this.clocks.view(input.caseId, METER_INSTALLATION_CLOCK);
      if (!clock) throw await this.untimed(work.manager, this.opened(meteringCase));
      if (clock.state !== 'RUNNING') throw new InvalidTransitionError('postponeMeterInstallation', clock.state, ['RUNNING']);
      await this.clocks.pause(work, {
        caseId: input.caseId,
        stage: METER_INSTALLATION_CLOCK,
        at: this.time.now(),
        by,
        reason: input.reason.trim(),
      });
    });
  }

  /** Ends the customer's wait: the meter installation clock runs on, its deadlines moved by the working time the wait took. */
  async resumeMeterInstallation(principal: Principal, input: ResumeMeterInstallationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const meteringCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      requireStep(meteringCase.status, 'resumeMeterInstallation');
      const by = actorOf(principal, METERING_ROLES.resumeMeterInstallation);
      const clock = await this.clocks.view(input.caseId, METER_INSTALLATION_CLOCK);
      if (!clock) throw await this.untimed(work.manager, this.opened(meteringCase));
      if (clock.state !== 'PAUSED') throw new InvalidTransitionError('resumeMeterInstallation', clock.state, ['PAUSED']);
      await this.clocks.resume(work, { caseId: input.caseId, stage: METER_INSTALLATION_CLOCK, at: this.time.now(), by });
    });
  }

  /**
   * Takes off site the meter of a case withdrawn after installation: records the
   * final reading and puts the meter back in stock. Only a CANCELLED case with a meter
   * flagged for removal qualifies.
   */
  async recordRemoval(principal: Principal, input: RecordMeterRemovalInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const meteringCase = await this.cases.lockVisible(work.manager, principal, input.caseId);
      if (meteringCase.status !== 'CANCELLED') {
        throw new InvalidTransitionError('recordMeterRemoval', meteringCase.status, ['CANCELLED']);
      }
      const actor = actorOf(principal, METERING_ROLES.recordMeterRemoval);
      const active = await lockActiveMeterOf(work.manager, input.caseId);
      const installation = await work.manager.findOneBy(MeterInstallation, { caseId: input.caseId });
      if (!active?.assignment.removalRequired || !installation) {
        throw new ConflictError(`Case ${input.caseId} has no installed meter waiting to be removed`);
      }
      if (input.reading < installation.reading) {
        throw new ValidationFailedError([
          { field: 'input.reading', message: `must not be below the reading at installation (${installation.reading} kWh)` },
        ]);
      }
      if (input.removedAt < installation.installedAt) {
        throw new ValidationFailedError([
          { field: 'input.removedAt', message: `must not be before the installation (${installation.installedAt.toISOString()})` },
        ]);
      }
      const now = this.time.now();
      await work.manager.update(
        MeterInstallation,
        { caseId: input.caseId },
        { removedAt: input.removedAt, removedBy: principal.sub, removalReading: input.reading },
      );
      await work.manager.update(
        MeterAssignment,
        { id: active.assignment.id },
        { removalRequired: false, releasedAt: now, releasedBy: principal.sub, releaseReason: 'Removed from site after the withdrawal' },
      );
      await work.manager.update(Meter, { id: active.meter.id }, { status: 'IN_STOCK' });
      await work.audit({
        caseId: input.caseId,
        actor,
        action: 'metering.meter.removed',
        data: {
          meterId: active.meter.id,
          meterNumber: active.meter.meterNumber,
          removedAt: input.removedAt.toISOString(),
          reading: input.reading,
        },
      });
    });
  }

  private async refuseUsedSeals(manager: EntityManager, seals: string[]): Promise<void> {
    const used = await manager.findBy(MeterSeal, { sealNumber: In(seals) });
    if (used.length > 0) throw this.sealsUsed(used.map((s) => s.sealNumber));
  }

  /** The installation is timed only once the installed meter is all the gate waits for; names what it still waits for. */
  private async untimed(manager: EntityManager, meteringCase: OpenMeteringCase): Promise<ConflictError> {
    const waiting = (await this.cases.missing(manager, meteringCase)).filter((c) => c !== 'METER_INSTALLED');
    return new ConflictError(
      `The meter installation of case ${meteringCase.caseId} is not timed yet: the gate still waits for ${waiting.join(', ') || 'the scheme'}`,
    );
  }

  private sealsUsed(seals: string[]): ConflictError {
    return new ConflictError(`Seal numbers already fitted at another installation: ${[...seals].sort().join(', ')}`);
  }

  /** The state machine only lets open cases through; this narrows the type and fails closed if that ever changes. */
  private opened(meteringCase: MeteringCase): OpenMeteringCase {
    if (!isOpen(meteringCase)) throw new Error(`metering case ${meteringCase.caseId} is not open`);
    return meteringCase;
  }
}
