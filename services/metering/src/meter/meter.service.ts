import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, ConflictError, Principal, UnitOfWork } from '@yekuo/shared';
import { EntityManager, QueryFailedError } from 'typeorm';
import { isOpen, MeteringCase, OpenMeteringCase } from '../metering-case/metering-case.entity';
import { MeteringCaseService } from '../metering-case/metering-case.service';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { METERING_NEXT_ACTIONS } from '../metering-case/next-action.policy';
import { MeterInstallation } from './meter-installation.entity';
import { Meter } from './meter.entity';
import { AssignMeterInput, RecordMeterInstallationInput } from './meter.inputs';

/** PostgreSQL unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** Meter assignment and installation; the installation is the METER_INSTALLED gate fact. */
@Injectable()
export class MeterService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: MeteringCaseService,
  ) {}

  async assign(principal: Principal, input: AssignMeterInput): Promise<void> {
    const meterNumber = input.meterNumber.trim();
    await this.unitOfWork.run(async (work) => {
      const { meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'assignMeter');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.assignMeter);
      const taken = await work.manager.findOneBy(Meter, { meterNumber });
      if (taken) throw this.numberTaken(meterNumber);
      const meter = work.manager.create(Meter, {
        id: randomUUID(),
        caseId: openCase.caseId,
        meterNumber,
        meterType: input.meterType.trim(),
        accuracyClass: input.accuracyClass,
        ctRatio: input.ctRatio ?? null,
        ptRatio: input.ptRatio ?? null,
        assignedBy: principal.sub,
        assignedAt: new Date(),
      });
      try {
        await work.manager.insert(Meter, meter);
      } catch (error) {
        // Two cases racing for the same number: the unique index decides.
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
          throw this.numberTaken(meterNumber);
        }
        throw error;
      }
      await this.cases.moveTo(work.manager, openCase, next);
      await work.publish('metering.meter.assigned.v1', {
        ...casePayloadOf(openCase, actor, METERING_NEXT_ACTIONS.meterAssigned()),
        meterId: meter.id,
        meterNumber: meter.meterNumber,
      });
    });
  }

  async recordInstallation(principal: Principal, input: RecordMeterInstallationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'installMeter');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.recordMeterInstallation);
      const meter = await this.meterOf(work.manager, openCase.caseId);
      const installation = work.manager.create(MeterInstallation, {
        meterId: meter.id,
        caseId: openCase.caseId,
        installedAt: input.installedAt,
        reading: input.reading,
        sealNumbers: input.sealNumbers.map((s) => s.trim()),
        technicianId: principal.sub,
        recordedAt: new Date(),
      });
      await work.manager.insert(MeterInstallation, installation);
      await this.cases.moveTo(work.manager, openCase, next);
      await work.publish('metering.meter.installed.v1', {
        ...casePayloadOf(openCase, actor),
        meterId: meter.id,
        installedAt: installation.installedAt.toISOString(),
      });
      // The installation is a gate fact: the gate may open in this very transaction.
      await this.cases.recordFactLocked(work, openCase, 'METER_INSTALLED', {
        source: 'recordMeterInstallation',
        actor,
      });
    });
  }

  /** The state machine only lets open cases through; this narrows the type and fails closed if that ever changes. */
  private opened(meteringCase: MeteringCase): OpenMeteringCase {
    if (!isOpen(meteringCase)) throw new Error(`metering case ${meteringCase.caseId} is not open`);
    return meteringCase;
  }

  private async meterOf(manager: EntityManager, caseId: string): Promise<Meter> {
    const meter = await manager.findOneBy(Meter, { caseId });
    // METER_ASSIGNED without a meter row would be inconsistent data: refuse rather than guess.
    if (!meter) throw new ConflictError(`Case ${caseId} has no assigned meter`);
    return meter;
  }

  private numberTaken(meterNumber: string): ConflictError {
    return new ConflictError(`Meter ${meterNumber} is already assigned to another case`);
  }
}
