import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MeterInstallation } from '../meter/meter-installation.entity';
import { Meter } from '../meter/meter.entity';
import { missingConditions } from './gate.policy';
import { OpenMeteringCase } from './metering-case.entity';
import { MeteringCaseService } from './metering-case.service';
import { Metering } from './metering.model';

/** Reads `Case.metering` from the case, its facts, its meter and the installation. */
@Injectable()
export class MeteringViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: MeteringCaseService,
  ) {}

  async of(meteringCase: OpenMeteringCase): Promise<Metering> {
    const manager = this.dataSource.manager;
    const [recorded, meter, installation] = await Promise.all([
      this.cases.recordedConditions(manager, meteringCase.caseId),
      manager.findOneBy(Meter, { caseId: meteringCase.caseId }),
      manager.findOneBy(MeterInstallation, { caseId: meteringCase.caseId }),
    ]);
    return {
      status: meteringCase.status,
      meteringMethod: meteringCase.meteringMethod,
      meter: meter && {
        id: meter.id,
        number: meter.meterNumber,
        type: meter.meterType,
        accuracyClass: meter.accuracyClass,
        ctRatio: meter.ctRatio,
        ptRatio: meter.ptRatio,
        assignedAt: meter.assignedAt,
        assignedBy: meter.assignedBy,
      },
      installation: installation && {
        installedAt: installation.installedAt,
        reading: installation.reading,
        sealNumbers: installation.sealNumbers,
        technicianId: installation.technicianId,
        recordedAt: installation.recordedAt,
      },
      requiredConditions: meteringCase.requiredConditions,
      recordedConditions: recorded,
      blockedBy: meteringCase.gateOpenedAt ? [] : missingConditions(meteringCase.requiredConditions, recorded),
      gateOpen: meteringCase.gateOpenedAt !== null,
      gateOpenedAt: meteringCase.gateOpenedAt,
      energizedAt: meteringCase.energizedAt,
      archivedAt: meteringCase.archivedAt,
    };
  }
}
