import type { ServiceDefinition } from '@yekuo/shared';
import { CaseNumberCounter } from './case/case-number-counter.entity';
import { ConnectionCase } from './case/case.entity';
import { Customer } from './customer/customer.entity';
import { IntakeTables1764288000000 } from './migrations/1764288000000-intake-tables';

export const intakeService: ServiceDefinition = {
  name: 'intake',
  defaultPort: 4001,
  entities: [ConnectionCase, Customer, CaseNumberCounter],
  migrations: [IntakeTables1764288000000],
};
