import { Injectable } from '@nestjs/common';
import { loadAllBy, loadOneBy, Principal } from '@yekuo/platform';
import { GateCondition } from '@yekuo/policy';
import { DataSource } from 'typeorm';
import { InstallationOrder, InstallationOrderChange } from '../installation/installation-order.entity';
import { MeterInstallation } from '../installation/meter-installation.entity';
import { MeterAssignment } from '../meter/meter-assignment.entity';
import { Meter } from '../meter/meter.entity';
import { MeterView } from '../meter/meter.model';
import { meterViewOf } from '../meter/meter-view';
import { heldConditions, missingConditions } from './gate.policy';
import { KnownMeteringCase } from './metering-case.entity';
import { MeteringFact } from './metering-fact.entity';
import { InstallationOrderChangeView, MeterInstallationParent, MeteringCancellationView, MeteringParent } from './metering.model';

/**
 * Reads `Case.metering`: the case row answers the view itself, and each part that needs a further
 * table (facts, meter, installation, its order's history) is read when it is asked. Every table is
 * read once per request for all the cases asked (`principal` names the request).
 */
@Injectable()
export class MeteringViewService {
  constructor(private readonly dataSource: DataSource) {}

  /** The metering view of the case from its row alone; the parts below it are read by `MeteringResolver`. */
  of(meteringCase: KnownMeteringCase): MeteringParent {
    const cancelled = meteringCase.status === 'CANCELLED';
    return {
      caseId: meteringCase.caseId,
      status: meteringCase.status,
      meteringMethod: meteringCase.meteringMethod,
      requiredConditions: meteringCase.requiredConditions ?? [],
      contractTermsVersion: meteringCase.contractTermsVersion,
      gateOpen: meteringCase.gateOpenedAt !== null,
      gateOpenedAt: meteringCase.gateOpenedAt,
      energizedAt: meteringCase.energizedAt,
      archivedAt: meteringCase.archivedAt,
      cancellation: cancelled ? this.cancellationOf(meteringCase) : null,
    };
  }

  /** The gate conditions that hold for the case (see `heldConditions`), in the order they were recorded. */
  async recordedConditions(metering: MeteringParent, principal?: Principal): Promise<GateCondition[]> {
    const facts = await loadAllBy(principal, this.dataSource.manager, MeteringFact, 'caseId', metering.caseId, {
      recordedAt: 'ASC',
      condition: 'ASC',
    });
    return heldConditions(facts, metering.contractTermsVersion);
  }

  /** What still blocks energization; empty, without reading the facts, once the gate is open or the case is cancelled. */
  async blockedBy(metering: MeteringParent, principal?: Principal): Promise<GateCondition[]> {
    if (metering.gateOpenedAt || metering.status === 'CANCELLED') return [];
    return missingConditions(metering.requiredConditions, await this.recordedConditions(metering, principal));
  }

  /** The meter assigned to the case (its active assignment), or null. */
  async meterOf(caseId: string, principal?: Principal): Promise<MeterView | null> {
    const manager = this.dataSource.manager;
    const assignments = await loadAllBy(principal, manager, MeterAssignment, 'caseId', caseId);
    const assignment = assignments.find((a) => a.releasedAt === null);
    if (!assignment) return null;
    const meter = await loadOneBy(principal, manager, Meter, 'id', assignment.meterId);
    if (!meter) throw new Error(`meter ${assignment.meterId} of case ${caseId} is missing`);
    return meterViewOf(meter, assignment);
  }

  /** The installation order and the installation of the case, or null before either; the order's history is read apart. */
  async installationOf(caseId: string, principal?: Principal): Promise<MeterInstallationParent | null> {
    const manager = this.dataSource.manager;
    const [installation, order] = await Promise.all([
      loadOneBy(principal, manager, MeterInstallation, 'caseId', caseId),
      loadOneBy(principal, manager, InstallationOrder, 'caseId', caseId),
    ]);
    if (!installation && !order) return null;
    const seals = installation?.sealNumbers ?? [];
    return {
      status: installation ? 'INSTALLED' : order?.status === 'CANCELLED' ? 'CANCELLED' : 'SCHEDULED',
      order: order && {
        caseId,
        status: order.status,
        technicianId: order.technicianId,
        scheduledAt: order.scheduledAt,
        scheduledBy: order.scheduledBy,
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

  /** Every scheduling of the case's installation order, oldest first. */
  async orderHistoryOf(caseId: string, principal?: Principal): Promise<InstallationOrderChangeView[]> {
    const history = await loadAllBy(principal, this.dataSource.manager, InstallationOrderChange, 'caseId', caseId, { seq: 'ASC' });
    return history.map((h) => ({
      technicianId: h.technicianId,
      scheduledAt: h.scheduledAt,
      reason: h.reason,
      changedBy: h.changedBy,
      changedAt: h.changedAt,
    }));
  }

  private cancellationOf(meteringCase: KnownMeteringCase): MeteringCancellationView | null {
    const { cancelledAt, cancellationReason, cancelledById, cancelledFrom, cancelledWork } = meteringCase;
    if (!cancelledAt || !cancellationReason || !cancelledById || !cancelledFrom || !cancelledWork) return null;
    return { cancelledAt, reason: cancellationReason, cancelledBy: cancelledById, cancelledFrom, cancelledWork };
  }
}
