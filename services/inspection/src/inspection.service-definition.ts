import type { ServiceDefinition } from '@yekuo/platform';
import { actionsOf } from '@yekuo/policy';
import { TIME_LIMIT_ENTITIES, TIME_LIMIT_MIGRATIONS } from '@yekuo/timelimits';
import { AcceptanceRound } from './acceptance/acceptance-round.entity';
import { Countersignature } from './acceptance/countersignature.entity';
import { CustomerWait } from './customer-time/customer-wait.entity';
import { DesignSubmission } from './design/design-submission.entity';
import { Case } from './inspection-case/case.type';
import { ConstructionUnitChoice } from './inspection-case/construction-unit-choice.entity';
import { InspectionCase } from './inspection-case/inspection-case.entity';
import { IntermediateInspectionRecord } from './intermediate/intermediate-inspection.entity';
import { RectificationItem } from './intermediate/rectification-item.entity';
import { InspectionTables1764500000000 } from './migrations/1764500000000-inspection-tables';
import { ChecklistsRectificationWithdrawal1765000000000 } from './migrations/1765000000000-checklists-rectification-withdrawal';
import { CaseCopy1767000000000 } from './migrations/1767000000000-case-copy';
import { ProcessVariant1770500000000 } from './migrations/1770500000000-process-variant';

export const inspectionService: ServiceDefinition = {
  name: 'inspection',
  defaultPort: 4003,
  eventActions: actionsOf,
  entities: [
    ...TIME_LIMIT_ENTITIES,
    InspectionCase,
    ConstructionUnitChoice,
    DesignSubmission,
    IntermediateInspectionRecord,
    RectificationItem,
    AcceptanceRound,
    Countersignature,
    CustomerWait,
  ],
  migrations: [
    ...TIME_LIMIT_MIGRATIONS,
    InspectionTables1764500000000,
    ChecklistsRectificationWithdrawal1765000000000,
    CaseCopy1767000000000,
    ProcessVariant1770500000000,
  ],
  orphanedTypes: [Case],
};
