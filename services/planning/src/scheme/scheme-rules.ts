import type { CustomerCategory } from '@yekuo/events';
import { type LvCeiling, NATIONAL, withinLvCeiling } from '@yekuo/timelimits';
import { isVoltageLevel, MeteringMethod, TariffCategory, VOLTAGE_KV, VoltageLevel, voltageClassOf } from './scheme-terms';

/** The terms of a scheme the rules judge. */
export interface SchemeTerms {
  voltageLevel: string;
  capacityKva: number;
  supplySources: number;
  supplyPoints: string[];
  meteringMethod: string;
  tariffCategory: string;
  propertyBoundary: string;
}

/** One broken rule: its id, the input field at fault and what is wrong. */
export interface SchemeViolation {
  rule: string;
  field: string;
  message: string;
}

/** The low-voltage ceiling a scheme is judged by: the case's jurisdiction's, in kVA (TimeLimitPolicy.lvCeilingOf). */
export type LowVoltageCeiling = Pick<LvCeiling, 'jurisdiction' | 'maxKva' | 'inclusive' | 'description'>;

/**
 * From this capacity up a customer may take 10 kV (the general supply-voltage rule); a
 * jurisdiction whose low-voltage ceiling is higher lets it stay at 0.4 kV up to that ceiling.
 */
export const TEN_KV_FLOOR_KVA = 100;
export const TEN_KV_CEILING_KVA = 8000;

/** One row of the supply-voltage table (供电电压等级): the capacities it covers and the levels they may take. */
export interface VoltageBand {
  rule: SchemeRuleId;
  covers: (capacityKva: number) => boolean;
  voltageLevels: readonly VoltageLevel[];
}

/**
 * Voltage level by capacity for a jurisdiction: 0.4 kV within its low-voltage ceiling, 10 kV
 * (or 20 kV) above 100 kVA or above the ceiling, 35 kV or higher above 8000 kVA. Where a
 * ceiling above 100 kVA overlaps the 10 kV row, the scheme may take either.
 */
export function voltageBands(lv: LowVoltageCeiling): readonly VoltageBand[] {
  return [
    { rule: 'SR-VOLT-LV', covers: (kva) => withinLvCeiling(lv, kva), voltageLevels: ['AC220V', 'AC380V'] },
    {
      rule: 'SR-VOLT-10KV',
      covers: (kva) => (kva > TEN_KV_FLOOR_KVA || !withinLvCeiling(lv, kva)) && kva <= TEN_KV_CEILING_KVA,
      voltageLevels: ['AC10KV', 'AC20KV'],
    },
    { rule: 'SR-VOLT-35KV', covers: (kva) => kva > TEN_KV_CEILING_KVA, voltageLevels: ['AC35KV', 'AC110KV'] },
  ];
}

/** Categories that may take a second supply source (双电源): high-voltage ones only. */
export const DUAL_SOURCE_CATEGORIES: readonly CustomerCategory[] = ['HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'];

/** Metering method by voltage (计量方式): low-voltage supply is metered direct; 高供低计 only up to a transformer capacity. */
export const METERING_RULES: readonly {
  rule: string;
  voltageClasses: readonly string[];
  method: MeteringMethod;
  maxCapacityKva?: number;
}[] = [
  { rule: 'SR-METER-LV', voltageClasses: ['LV'], method: 'LOW_SUPPLY_LOW_METERING' },
  { rule: 'SR-METER-HV-LOW', voltageClasses: ['MV'], method: 'HIGH_SUPPLY_LOW_METERING', maxCapacityKva: 315 },
  { rule: 'SR-METER-HV-HIGH', voltageClasses: ['MV', 'HV'], method: 'HIGH_SUPPLY_HIGH_METERING' },
];

/** Tariff categories each customer category may be billed under (电价类别), and the capacity floor of 大工业. */
export const TARIFF_BY_CATEGORY: Record<CustomerCategory, readonly TariffCategory[]> = {
  LV_RESIDENTIAL: ['RESIDENTIAL'],
  LV_NON_RESIDENTIAL: ['GENERAL_INDUSTRIAL_COMMERCIAL', 'AGRICULTURAL'],
  HV_SINGLE_SOURCE: ['GENERAL_INDUSTRIAL_COMMERCIAL', 'LARGE_INDUSTRIAL', 'AGRICULTURAL'],
  HV_DUAL_SOURCE: ['GENERAL_INDUSTRIAL_COMMERCIAL', 'LARGE_INDUSTRIAL', 'AGRICULTURAL'],
};
export const LARGE_INDUSTRIAL_MIN_KVA = 315;

/** Low-voltage categories are supplied at low voltage, high-voltage ones at 10 kV or above. */
export const LOW_VOLTAGE_CATEGORIES: readonly CustomerCategory[] = ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL'];

/** The rule ids with what each checks (for the audit, front ends and the rule tests). */
export const SCHEME_RULES = {
  'SR-VOLT-LV':
    'Up to the low-voltage ceiling of the case’s jurisdiction (by its region code and policy version: 100 kVA by default, below 160 kW in Shanghai) is supplied at 0.4 kV (220 V / 380 V)',
  'SR-VOLT-10KV': 'Above the low-voltage ceiling, or above 100 kVA, up to 8000 kVA is supplied at 10 kV (or 20 kV)',
  'SR-VOLT-35KV': 'Above 8000 kVA is supplied at 35 kV or higher',
  'SR-CAT-VOLT': 'The voltage class matches the customer category (low-voltage categories at 0.4 kV, high-voltage at 10 kV or above)',
  'SR-SRC-DUAL': 'A second supply source is for high-voltage categories only',
  'SR-SRC-POINTS': 'Each supply source has its own supply point',
  'SR-METER-LV': 'Low-voltage supply is metered at low voltage (低供低计)',
  'SR-METER-HV-LOW': 'High supply with low-voltage metering (高供低计) only up to 315 kVA',
  'SR-METER-HV-HIGH': 'High-voltage supply above that is metered at high voltage with CT/PT (高供高计)',
  'SR-TARIFF-CAT': 'The tariff category fits the customer category',
  'SR-TARIFF-LI': 'Large industrial tariff (大工业) needs at least 315 kVA',
  'SR-BOUNDARY': 'The property boundary point is stated',
} as const;
export type SchemeRuleId = keyof typeof SCHEME_RULES;

const violation = (rule: SchemeRuleId, field: string, detail: string): SchemeViolation => ({
  rule,
  field: `input.${field}`,
  message: `${rule}: ${SCHEME_RULES[rule]}; ${detail}`,
});

/**
 * Every rule the terms break for a case of `category` under the low-voltage ceiling of its
 * jurisdiction (empty when the scheme may be drafted). Input shape (enumerations, positive
 * numbers) is checked before, by the input validation.
 */
export function checkScheme(terms: SchemeTerms, category: CustomerCategory, lvCeiling: LowVoltageCeiling): SchemeViolation[] {
  const violations: SchemeViolation[] = [];
  if (!isVoltageLevel(terms.voltageLevel)) {
    return [violation('SR-CAT-VOLT', 'voltageLevel', `${terms.voltageLevel} is not a known voltage level`)];
  }
  const level = terms.voltageLevel;
  const voltageClass = voltageClassOf(level);

  const bands = voltageBands(lvCeiling).filter((b) => b.covers(terms.capacityKva));
  const allowedLevels = bands.flatMap((b) => b.voltageLevels);
  if (!allowedLevels.includes(level)) {
    const where = lvCeiling.jurisdiction === NATIONAL ? 'the national default' : lvCeiling.jurisdiction;
    const beyondLv = voltageClass === 'LV' ? `above the low-voltage ceiling of ${where} (${lvCeiling.description}): ` : '';
    violations.push(
      violation(
        bands.at(-1)?.rule ?? 'SR-VOLT-LV',
        'voltageLevel',
        `${beyondLv}${terms.capacityKva} kVA needs ${allowedLevels.join(' or ')}, not ${level}`,
      ),
    );
  }
  const lowCategory = LOW_VOLTAGE_CATEGORIES.includes(category);
  if (lowCategory !== (voltageClass === 'LV')) {
    violations.push(
      violation('SR-CAT-VOLT', 'voltageLevel', `a ${category} case cannot be supplied at ${level} (${VOLTAGE_KV[level]} kV)`),
    );
  }

  if (terms.supplySources > 1 && !DUAL_SOURCE_CATEGORIES.includes(category)) {
    violations.push(violation('SR-SRC-DUAL', 'supplySources', `a ${category} case takes one source`));
  }
  if (terms.supplyPoints.length < terms.supplySources) {
    violations.push(
      violation(
        'SR-SRC-POINTS',
        'supplyPoints',
        `${terms.supplySources} sources need ${terms.supplySources} supply points, got ${terms.supplyPoints.length}`,
      ),
    );
  }

  const allowedMetering = METERING_RULES.filter(
    (r) => r.voltageClasses.includes(voltageClass) && (r.maxCapacityKva === undefined || terms.capacityKva <= r.maxCapacityKva),
  );
  if (!allowedMetering.some((r) => r.method === terms.meteringMethod)) {
    const broken =
      METERING_RULES.find((r) => r.method === terms.meteringMethod && r.voltageClasses.includes(voltageClass)) ??
      METERING_RULES.find((r) => r.voltageClasses.includes(voltageClass))!;
    violations.push(
      violation(
        broken.rule as SchemeRuleId,
        'meteringMethod',
        `${level} at ${terms.capacityKva} kVA is metered ${allowedMetering.map((r) => r.method).join(' or ')}, not ${terms.meteringMethod}`,
      ),
    );
  }

  const tariffs = TARIFF_BY_CATEGORY[category];
  if (!(tariffs as readonly string[]).includes(terms.tariffCategory)) {
    violations.push(
      violation('SR-TARIFF-CAT', 'tariffCategory', `a ${category} case is billed ${tariffs.join(' or ')}, not ${terms.tariffCategory}`),
    );
  } else if (terms.tariffCategory === 'LARGE_INDUSTRIAL' && terms.capacityKva < LARGE_INDUSTRIAL_MIN_KVA) {
    violations.push(violation('SR-TARIFF-LI', 'tariffCategory', `${terms.capacityKva} kVA is below ${LARGE_INDUSTRIAL_MIN_KVA} kVA`));
  }

  if (terms.propertyBoundary.trim() === '') {
    violations.push(violation('SR-BOUNDARY', 'propertyBoundary', 'it must not be empty'));
  }
  return violations;
}
