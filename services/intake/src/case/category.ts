import { isLowVoltage } from '@yekuo/events';
import type { CustomerCategory, Usage, VoltageLevel } from '@yekuo/events';

/** The application's vocabulary is the shared one of the event contract. */
export { BUSINESS_TYPES, USAGES, VOLTAGE_LEVELS, isLowVoltage } from '@yekuo/events';
export type { BusinessType, Usage, VoltageLevel } from '@yekuo/events';

/** The customer category, which picks the process variant and the time limits. */
export function deriveCategory(voltageLevel: VoltageLevel, usage: Usage, supplySources: number): CustomerCategory {
  if (isLowVoltage(voltageLevel)) return usage === 'RESIDENTIAL' ? 'LV_RESIDENTIAL' : 'LV_NON_RESIDENTIAL';
  return supplySources >= 2 ? 'HV_DUAL_SOURCE' : 'HV_SINGLE_SOURCE';
}
