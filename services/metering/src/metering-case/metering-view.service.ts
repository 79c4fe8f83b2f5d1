import { Injectable } from '@nestjs/common';
import { loadAllBy, loadOneBy, Principal } from '@yekuo/platform';
import { DataSource } from 'typeorm';
import { InstallationOrder, InstallationOrderChange } from '../installation/installation-order.entity';
import { MeterInstallation } from '../installation/meter-installation.entity';
import { MeterAssignment } from '../meter/meter-assignment.entity';
import { Meter } from '../meter/meter.entity';
import { meterViewOf } from '../meter/meter-view';
import { missingConditions } from './gate.policy';
import { KnownMeteringCase } from './metering-case.entity';
import { MeteringFact } from './metering-fact.entity';
import { MeterInstallationView, Metering, MeteringCancellationView } from './metering.model';

/** Reads `Case.metering` from the case, its facts, its meter, the installation order and the installation. */
@Injectable()
export class MeteringViewService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The metering view of the case; every table it reads is read once per request for all the
   * cases asked (`principal` names the request).
   */
  async of(meteringCase: KnownMeteringCase, principal?: Principal): Promise<Metering> {
    const manager = this.dataSource.manager;
    const caseId = meteringCase.caseId;
    const [facts, assignments, installation, order, history] = await Promise.all([
      loadAllBy(principal, manager, MeteringFact, 'caseId', caseId, { recordedAt: 'ASC', condition: 'ASC' }),
      loadAllBy(principal, manager, MeterAssignment, 'caseId', caseId),
      loadOneBy(principal, manager, MeterInstallation, 'caseId', caseId),
      loadOneBy(principal, manager, InstallationOrder, 'caseId', caseId),
      loadAllBy(principal, manager, InstallationOrderChange, 'caseId', caseId, { seq: 'ASC' }),
    ]);
    const recorded = facts.map((f) => f.condition);
    const assignment = assignments.find((a) => a.releasedAt === null) ?? null;
    const meter = assignment && (await loadOneBy(principal, manager, Meter, 'id', assignment.meterId));
    if (assignment && !meter) throw new Error(`meter ${assignment.meterId} of case ${caseId} is missing`);
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
    const { cancelledAt, cancellationReason, cancelledById, cancelledFrom, cancelledWork } = meteringCase;
    if (!cancelledAt || !cancellationReason || !cancelledById || !cancelledFrom || !cancelledWork) return null;
    return { cancelledAt, reason: cancellationReason, cancelledBy: cancelledById, cancelledFrom, cancelledWork };
  }
}
