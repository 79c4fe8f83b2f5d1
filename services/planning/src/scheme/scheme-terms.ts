/**
 * Vocabulary of a supply scheme (data, not code branches). Metering methods:
 * 高供高计, 高供低计, 低供低计. Tariff categories of the national catalogue:
 * 居民生活, 一般工商业及其他, 大工业, 农业生产.
 */

import { VOLTAGE_LEVELS as VOLTAGE_LEVELS_LIST, type VoltageLevel } from '@yekuo/events';

/** The scheme's vocabulary is the shared one of the event contract. */
export { METERING_METHODS, TARIFF_CATEGORIES, VOLTAGE_LEVELS } from '@yekuo/events';
export type { MeteringMethod, TariffCategory, VoltageLevel } from '@yekuo/events';

/** Nominal voltage of each level in kV (220 V and 380 V both count as the 0.4 kV low-voltage network). */
export const VOLTAGE_KV: Record<VoltageLevel, number> = {
  AC220V: 0.22,
  AC380V: 0.4,
  AC10KV: 10,
  AC20KV: 20,
  AC35KV: 35,
  AC110KV: 110,
};

/** Voltage classes that select the approval chain and the reply's validity: low (≤ 0.4 kV), medium (10–20 kV), high (≥ 35 kV). */
export const VOLTAGE_CLASSES = ['LV', 'MV', 'HV'] as const;
export type VoltageClass = (typeof VOLTAGE_CLASSES)[number];

export function isVoltageLevel(value: string): value is VoltageLevel {
  return (VOLTAGE_LEVELS_LIST as readonly string[]).includes(value);
}

export function voltageClassOf(level: VoltageLevel): VoltageClass {
  const kv = VOLTAGE_KV[level];
  if (kv <= 0.4) return 'LV';
  return kv < 35 ? 'MV' : 'HV';
}

/** Days a replied scheme stays valid for the customer's confirmation, by voltage class (低压 3 个月, 高压 1 年). */
export const SCHEME_VALIDITY_DAYS: Record<VoltageClass, number> = { LV: 90, MV: 365, HV: 365 };

/** Scheme statuses a customer (or their agent) sees: the utility's internal review stays internal. */
export const CUSTOMER_VISIBLE_SCHEME_STATUSES = ['REPLIED', 'CHANGE_REQUESTED', 'CONFIRMED'] as const;
