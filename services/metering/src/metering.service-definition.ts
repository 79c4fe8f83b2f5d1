import type { ServiceDefinition } from '@yekuo/platform';
import { actionsOf } from '@yekuo/policy';
import { TIME_LIMIT_ENTITIES, TIME_LIMIT_MIGRATIONS } from '@yekuo/timelimits';
import { InstallationOrder, InstallationOrderChange } from './installation/installation-order.entity';
import { MeterInstallation } from './installation/meter-installation.entity';
import { MeterSeal } from './installation/meter-seal.entity';
import { MeterAssignment } from './meter/meter-assignment.entity';
import { Meter } from './meter/meter.entity';
import { Case } from './metering-case/case.type';
import { MeteringCase } from './metering-case/metering-case.entity';
import { MeteringFact } from './metering-case/metering-fact.entity';
import { MeteringTables1764600000000 } from './migrations/1764600000000-metering-tables';
import { MeterInventoryOrdersWithdrawal1765000000000 } from './migrations/1765000000000-meter-inventory-orders-withdrawal';
import { MeterRemoval1765000000001 } from './migrations/1765000000001-meter-removal';
import { CaseCopy1767000000000 } from './migrations/1767000000000-case-copy';
import { ExternalWorksGate1769800000000 } from './migrations/1769800000000-external-works-gate';
import { ProcessVariant1770400000000 } from './migrations/1770400000000-process-variant';

export const meteringService: ServiceDefinition = {
  name: 'metering',
  defaultPort: 4005,
  eventActions: actionsOf,
  entities: [
    ...TIME_LIMIT_ENTITIES,
    MeteringCase,
    MeteringFact,
    Meter,
    MeterAssignment,
    MeterInstallation,
    MeterSeal,
    InstallationOrder,
    InstallationOrderChange,
  ],
  migrations: [
    ...TIME_LIMIT_MIGRATIONS,
    MeteringTables1764600000000,
    MeterInventoryOrdersWithdrawal1765000000000,
    MeterRemoval1765000000001,
    CaseCopy1767000000000,
    ExternalWorksGate1769800000000,
    ProcessVariant1770400000000,
  ],
  orphanedTypes: [Case],
};
