import type { CustomerCategory, Usage, VoltageLevel } from '@yekuo/events';

/** The application's vocabulary is the shared one of the event contract. */
export { BUSINESS_TYPES, USAGES, VOLTAGE_LEVELS } from '@yekuo/events';
export type { BusinessType, Usage, VoltageLevel } from '@yekuo/events';

const LOW_VOLTAGE: readonly VoltageLevel[] = ['AC220V', 'AC380V'];

export function isLowVoltage(level: VoltageLevel): boolean {
  return LOW_VOLTAGE.includes(level);
}

/** The customer category, which picks the process variant and the time limits. */
export function deriveCategory(voltageLevel: VoltageLevel, usage: Usage, supplySources: number): CustomerCategory {
  if (isLowVoltage(voltageLevel)) return usage === 'RESIDENTIAL' ? 'LV_RESIDENTIAL' : 'LV_NON_RESIDENTIAL';
  return supplySources >= 2 ? 'HV_DUAL_SOURCE' : 'HV_SINGLE_SOURCE';
}
