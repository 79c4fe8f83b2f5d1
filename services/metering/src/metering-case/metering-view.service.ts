import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { InstallationOrder, InstallationOrderChange } from '../installation/installation-order.entity';
import { MeterInstallation } from '../installation/meter-installation.entity';
import { MeterAssignment } from '../meter/meter-assignment.entity';
import { Meter } from '../meter/meter.entity';
import { meterViewOf } from '../meter/meter-view';
import { missingConditions } from './gate.policy';
import { KnownMeteringCase } from './metering-case.entity';
import { MeteringCaseService } from './metering-case.service';
import { MeterInstallationView, Metering, MeteringCancellationView } from './metering.model';

/** Reads `Case.metering` from the case, its facts, its meter, the installation order and the installation. */
@Injectable()
export class MeteringViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: MeteringCaseService,
  ) {}

  async of(meteringCase: KnownMeteringCase): Promise<Metering> {
    const manager = this.dataSource.manager;
    const caseId = meteringCase.caseId;
    const [recorded, assignment, installation, order, history] = await Promise.all([
      this.cases.recordedConditions(manager, caseId),
      manager.findOneBy(MeterAssignment, { caseId, releasedAt: IsNull() }),
      manager.findOneBy(MeterInstallation, { caseId }),
      manager.findOneBy(InstallationOrder, { caseId }),
      manager.find(InstallationOrderChange, { where: { caseId }, order: { seq: 'ASC' } }),
    ]);
    const meter = assignment && (await manager.findOneByOrFail(Meter, { id: assignment.meterId }));
    const required = meteringCase.requiredConditions ?? [];
    const cancelled = meteringCase.status === 'CANCELLED';
    return {
      caseId,
      status: meteringCase.status,
      meteringMethod: meteringCase.meteringMethod,
      meter: meter ? meterViewOf(meter, assignment) : null,
      installation: this.installationOf(installation, order, history),
      requiredConditions: required,
      recordedConditions: recorded,
      blockedBy: meteringCase.gateOpenedAt || cancelled ? [] : missingConditions(required, recorded),
      gateOpen: meteringCase.gateOpenedAt !== null,
      gateOpenedAt: meteringCase.gateOpenedAt,
      energizedAt: meteringCase.energizedAt,
      archivedAt: meteringCase.archivedAt,
      cancellation: cancelled ? this.cancellationOf(meteringCase) : null,
    };
  }

  private installationOf(
    installation: MeterInstallation | null,
    order: InstallationOrder | null,
    history: InstallationOrderChange[],
  ): MeterInstallationView | null {
    if (!installation && !order) return null;
    const seals = installation?.sealNumbers ?? [];
    return {
      status: installation ? 'INSTALLED' : order?.status === 'CANCELLED' ? 'CANCELLED' : 'SCHEDULED',
      order: order && {
        status: order.status,
        technicianId: order.technicianId,
        scheduledAt: order.scheduledAt,
        scheduledBy: order.scheduledBy,
        history: history.map((h) => ({
          technicianId: h.technicianId,
          scheduledAt: h.scheduledAt,
          reason: h.reason,
          changedBy: h.changedBy,
          changedAt: h.changedAt,
        })),
      },
      installedAt: installation?.installedAt ?? null,
      reading: installation?.reading ?? null,
      seals,
      sealNumbers: seals,
      technicianId: installation?.technicianId ?? null,
      recordedAt: installation?.recordedAt ?? null,
      recordedBy: installation?.recordedBy ?? null,
      removedAt: installation?.removedAt ?? null,
      removalReading: installation?.removalReading ?? null,
    };
  }

  private cancellationOf(meteringCase: KnownMeteringCase): MeteringCancellationView | null {
    const { cancelledAt, cancelReason, cancelledBy, cancelledFrom, cancelledWork } = meteringCase;
    if (!cancelledAt || !cancelReason || !cancelledBy || !cancelledFrom || !cancelledWork) return null;
    return { cancelledAt, reason: cancelReason, cancelledBy, cancelledFrom, cancelledWork };
  }
}
