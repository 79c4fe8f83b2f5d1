import {
  BUSINESS_TYPES,
  CASE_ACTION_CODES,
  CUSTOMER_CATEGORIES,
  METERING_METHODS,
  PROCESS_VARIANT_NAMES,
  ROLES,
  STAGES,
  TARIFF_CATEGORIES,
  USAGES,
  VOLTAGE_LEVELS,
} from '@yekuo/events';
import { SERVICES } from '../config/services';
import { enumFromValues } from './enums';

/** GraphQL names in upper case with `_` for `-` (`intake-clerk` is INTAKE_CLERK), for sets stored in lower case. */
export function upperCaseNames<V extends string>(values: readonly V[]): Partial<Record<V, string>> {
  return Object.fromEntries(values.map((v) => [v, v.toUpperCase().replace(/-/g, '_')])) as Partial<Record<V, string>>;
}

const SERVICE_NAMES = SERVICES.map((s) => s.name);

// The closed sets of the event contract, as GraphQL enums every subgraph uses by the same
// name with the same values (Federation 2 composes an enum that appears in several
// subgraphs only when they agree). A subgraph's schema holds the ones its fields use.

export const CustomerCategoryEnum = enumFromValues(
  CUSTOMER_CATEGORIES,
  'CustomerCategory',
  'Customer category: picks the process variant, the gate and the time limits',
  {
    valueDescriptions: {
      LV_RESIDENTIAL: 'Low voltage, residential use',
      LV_NON_RESIDENTIAL: 'Low voltage, any other use',
      HV_SINGLE_SOURCE: 'High voltage, one supply source',
      HV_DUAL_SOURCE: 'High voltage, two or more supply sources',
    },
  },
);

export const BusinessTypeEnum = enumFromValues(BUSINESS_TYPES, 'BusinessType', 'What the application asks for', {
  valueDescriptions: {
    NEW_CONNECTION: 'A new connection (新装)',
    CAPACITY_INCREASE: 'More capacity on an existing connection (增容)',
    TEMPORARY_SUPPLY: 'A temporary supply (临时用电)',
  },
});

export const ProcessVariantEnum = enumFromValues(
  PROCESS_VARIANT_NAMES,
  'ProcessVariant',
  'The process a case walks, fixed at acceptance by the policy version and jurisdiction',
  {
    valueDescriptions: {
      PRE_REFORM: 'The per-step process before the 2020 reform: every stage a link of its own',
      THREE_ZERO: '三零, low voltage in two links: application with the contract signed, then construction and connection; no fees',
      THREE_SAVINGS: '三省, high voltage in three links: application, scheme reply, inspection and connection',
    },
  },
);

export const UsageEnum = enumFromValues(USAGES, 'Usage', 'Intended use of the supply');

export const VoltageLevelEnum = enumFromValues(
  VOLTAGE_LEVELS,
  'VoltageLevel',
  'Supply voltage level: AC220V and AC380V are low voltage, AC10KV and up high voltage',
);

export const MeteringMethodEnum = enumFromValues(METERING_METHODS, 'MeteringMethod', 'Metering method (计量方式)', {
  valueDescriptions: {
    HIGH_SUPPLY_HIGH_METERING: '高供高计: supplied and metered at high voltage',
    HIGH_SUPPLY_LOW_METERING: '高供低计: supplied at high voltage, metered at low voltage',
    LOW_SUPPLY_LOW_METERING: '低供低计: supplied and metered at low voltage',
  },
});

export const TariffCategoryEnum = enumFromValues(
  TARIFF_CATEGORIES,
  'TariffCategory',
  'Tariff category (电价类别) of the national catalogue',
  {
    valueDescriptions: {
      RESIDENTIAL: '居民生活',
      GENERAL_INDUSTRIAL_COMMERCIAL: '一般工商业及其他',
      LARGE_INDUSTRIAL: '大工业',
      AGRICULTURAL: '农业生产',
    },
  },
);

/**
 * Roles, named in the graph in upper case (`CUSTOMER`, `INTAKE_CLERK`): tokens and events spell
 * them in lower case with hyphens (`intake-clerk` is not a GraphQL name). Resolvers keep using the role strings.
 */
export const RoleEnum = enumFromValues(
  ROLES,
  'Role',
  'A role a token carries, in upper case with _ for - (tokens and events spell intake-clerk, the graph INTAKE_CLERK)',
  { names: upperCaseNames(ROLES) },
);

/** The timed stages (a clock measures one). */
export const ClockStageEnum = enumFromValues(STAGES, 'ClockStage', 'A step with a time limit, measured by a clock');

/** The services of the system, named in the graph in upper case (`PLANNING`); events and metrics spell them in lower case. */
export const ServiceNameEnum = enumFromValues(SERVICE_NAMES, 'ServiceName', 'A service of the system', {
  names: upperCaseNames(SERVICE_NAMES),
});

/** The work that can be done on a case (the journey's open actions, what a notification asks for). */
export const CaseActionCodeEnum = enumFromValues(
  CASE_ACTION_CODES,
  'CaseActionCode',
  'Something that can be done on a case, as a stable code (the text of each open action says it in words)',
);
