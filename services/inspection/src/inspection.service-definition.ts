import type { ServiceDefinition } from '@yekuo/shared';
import { AcceptanceRound } from './acceptance/acceptance-round.entity';
import { Countersignature } from './acceptance/countersignature.entity';
import { DesignSubmission } from './design/design-submission.entity';
import { Case } from './inspection-case/case.type';
import { ConstructionUnitChoice } from './inspection-case/construction-unit-choice.entity';
import { InspectionCase } from './inspection-case/inspection-case.entity';
import { IntermediateInspectionRecord } from './intermediate/intermediate-inspection.entity';
import { InspectionTables1764500000000 } from './migrations/1764500000000-inspection-tables';

export const inspectionService: ServiceDefinition = {
  name: 'inspection',
  defaultPort: 4003,
  entities: [InspectionCase, ConstructionUnitChoice, DesignSubmission, IntermediateInspectionRecord, AcceptanceRound, Countersignature],
  migrations: [InspectionTables1764500000000],
  orphanedTypes: [Case],
};
