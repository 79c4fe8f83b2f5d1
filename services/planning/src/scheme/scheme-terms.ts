/**
 * Vocabulary of a supply scheme (data, not code branches). Metering methods:
 * 高供高计, 高供低计, 低供低计. Tariff categories of the national catalogue:
 * 居民生活, 一般工商业及其他, 大工业, 农业生产.
 */
/** Voltage level codes, the same as on the application (intake); they belong in libs/shared policy data. */
export const VOLTAGE_LEVELS = ['AC220V', 'AC380V', 'AC10KV', 'AC20KV', 'AC35KV', 'AC110KV'] as const;
export const METERING_METHODS = ['HIGH_SUPPLY_HIGH_METERING', 'HIGH_SUPPLY_LOW_METERING', 'LOW_SUPPLY_LOW_METERING'] as const;
export const TARIFF_CATEGORIES = ['RESIDENTIAL', 'GENERAL_INDUSTRIAL_COMMERCIAL', 'LARGE_INDUSTRIAL', 'AGRICULTURAL'] as const;

/** Scheme statuses a customer (or their agent) sees: the utility's internal review stays internal. */
export const CUSTOMER_VISIBLE_SCHEME_STATUSES = ['REPLIED', 'CONFIRMED'] as const;
