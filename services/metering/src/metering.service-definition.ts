import type { ServiceDefinition } from '@yekuo/shared';
import { Case } from './metering-case/case.type';
import { MeteringCase } from './metering-case/metering-case.entity';
import { MeteringFact } from './metering-case/metering-fact.entity';
import { MeterInstallation } from './meter/meter-installation.entity';
import { Meter } from './meter/meter.entity';
import { MeteringTables1764600000000 } from './migrations/1764600000000-metering-tables';

export const meteringService: ServiceDefinition = {
  name: 'metering',
  defaultPort: 4005,
  entities: [MeteringCase, MeteringFact, Meter, MeterInstallation],
  migrations: [MeteringTables1764600000000],
  orphanedTypes: [Case],
};
