import type { ServiceDefinition } from '@yekuo/platform';
import { actionsOf } from '@yekuo/policy';
import { TIME_LIMIT_ENTITIES, TIME_LIMIT_MIGRATIONS } from '@yekuo/timelimits';
import { ChosenConstructionUnit } from './construction-unit/chosen-construction-unit.entity';
import { ConstructionUnitChange } from './construction-unit/construction-unit-change.entity';
import { ConstructionUnit } from './construction-unit/construction-unit.entity';
import { ConstructionUnitRecommendation } from './construction-unit/recommendation.entity';
import { PlanningTables1764288000000 } from './migrations/1764288000000-planning-tables';
import { RegistryApprovalsWithdrawal1765000000000 } from './migrations/1765000000000-registry-approvals-withdrawal';
import { CaseCopy1767000000000 } from './migrations/1767000000000-case-copy';
import { ExternalWorks1769800000000 } from './migrations/1769800000000-external-works';
import { ProcessVariant1770200000000 } from './migrations/1770200000000-process-variant';
import { ExternalWorksOrder } from './external-works/external-works-order.entity';
import { WorksPermit } from './external-works/works-permit.entity';
import { WorksProgress } from './external-works/works-progress.entity';
import { Case } from './planning-case/case.type';
import { CustomerPause } from './planning-case/customer-pause.entity';
import { PlanningCase } from './planning-case/planning-case.entity';
import { SchemeApproval } from './scheme/scheme-approval.entity';
import { SupplyScheme } from './scheme/supply-scheme.entity';
import { SurveyAppointment } from './survey/survey-appointment.entity';
import { Survey } from './survey/survey.entity';

export const planningService: ServiceDefinition = {
  name: 'planning',
  defaultPort: 4002,
  eventActions: actionsOf,
  entities: [
    ...TIME_LIMIT_ENTITIES,
    PlanningCase,
    Survey,
    SurveyAppointment,
    CustomerPause,
    SupplyScheme,
    SchemeApproval,
    ConstructionUnit,
    ConstructionUnitChange,
    ConstructionUnitRecommendation,
    ChosenConstructionUnit,
    ExternalWorksOrder,
    WorksPermit,
    WorksProgress,
  ],
  migrations: [
    ...TIME_LIMIT_MIGRATIONS,
    PlanningTables1764288000000,
    RegistryApprovalsWithdrawal1765000000000,
    CaseCopy1767000000000,
    ExternalWorks1769800000000,
    ProcessVariant1770200000000,
  ],
  orphanedTypes: [Case],
};
