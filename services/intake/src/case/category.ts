import type { CustomerCategory } from '@yekuo/events';

export const VOLTAGE_LEVELS = ['AC220V', 'AC380V', 'AC10KV', 'AC20KV', 'AC35KV', 'AC110KV'] as const;
export type VoltageLevel = (typeof VOLTAGE_LEVELS)[number];

export const USAGES = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'AGRICULTURAL', 'PUBLIC_SERVICE'] as const;
export type Usage = (typeof USAGES)[number];

export const BUSINESS_TYPES = ['NEW_CONNECTION', 'CAPACITY_INCREASE', 'TEMPORARY_SUPPLY'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

const LOW_VOLTAGE: readonly VoltageLevel[] = ['AC220V', 'AC380V'];

export function isLowVoltage(level: VoltageLevel): boolean {
  return LOW_VOLTAGE.includes(level);
}

/** The customer category, which picks the process variant and the time limits. */
export function deriveCategory(voltageLevel: VoltageLevel, usage: Usage, supplySources: number): CustomerCategory {
  if (isLowVoltage(voltageLevel)) return usage === 'RESIDENTIAL' ? 'LV_RESIDENTIAL' : 'LV_NON_RESIDENTIAL';
  return supplySources >= 2 ? 'HV_DUAL_SOURCE' : 'HV_SINGLE_SOURCE';
}
