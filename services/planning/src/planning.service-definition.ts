import type { ServiceDefinition } from '@yekuo/shared';
import { PlanningTables1764288000000 } from './migrations/1764288000000-planning-tables';
import { Case } from './planning-case/case.type';
import { PlanningCase } from './planning-case/planning-case.entity';
import { SupplyScheme } from './scheme/supply-scheme.entity';
import { Survey } from './survey/survey.entity';

export const planningService: ServiceDefinition = {
  name: 'planning',
  defaultPort: 4002,
  entities: [PlanningCase, Survey, SupplyScheme],
  migrations: [PlanningTables1764288000000],
  orphanedTypes: [Case],
};
