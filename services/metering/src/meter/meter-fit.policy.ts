import { METER_TYPE_TRANSFORMERS, MeterType } from './meter-terms';

/**
 * Which meters fit a case (DL/T 448 practice), as data: the metering method of the
 * confirmed scheme decides the meter types and accuracy classes; the supply voltage
 * decides single- or three-phase. A method missing from the table fits no meter
 * (fail closed), so a new method in planning needs a row here first.
 */
export const METERING_METHOD_METERS: Record<string, { types: readonly MeterType[]; accuracyClasses: readonly string[] }> = {
  /** 高供高计: metered on the high-voltage side through CTs and PTs; class I–III points. */
  HIGH_SUPPLY_HIGH_METERING: { types: ['HV_CT_PT'], accuracyClasses: ['0.2S', '0.5S', 'D', 'C'] },
  /** 高供低计: the customer's own transformer, metered on its low-voltage side through CTs. */
  HIGH_SUPPLY_LOW_METERING: { types: ['THREE_PHASE_CT'], accuracyClasses: ['0.5S', '1', 'C', 'B'] },
  /** 低供低计: low-voltage supply, direct-connected meters, or CTs for large loads. */
  LOW_SUPPLY_LOW_METERING: {
    types: ['SINGLE_PHASE', 'THREE_PHASE_DIRECT', 'THREE_PHASE_CT'],
    accuracyClasses: ['0.5S', '1', '2', 'C', 'B', 'A'],
  },
};

/** Low-voltage supplies decide the phases; high-voltage supplies leave it to the metering method. */
export const SUPPLY_VOLTAGE_METER_TYPES: Record<string, readonly MeterType[]> = {
  AC220V: ['SINGLE_PHASE'],
  AC380V: ['THREE_PHASE_DIRECT', 'THREE_PHASE_CT'],
};

/** Names of the rules a refusal cites (stable: front ends may show or switch on them). */
export const METER_RULES = {
  methodKnown: 'METERING_METHOD_KNOWN',
  methodType: 'METERING_METHOD_METER_TYPE',
  methodClass: 'METERING_METHOD_ACCURACY_CLASS',
  voltageType: 'SUPPLY_VOLTAGE_METER_TYPE',
  ctRatio: 'METER_TYPE_CT_RATIO',
  ptRatio: 'METER_TYPE_PT_RATIO',
} as const;
export type MeterRule = (typeof METER_RULES)[keyof typeof METER_RULES];

export interface RuleBreach {
  rule: MeterRule;
  message: string;
}

/** Every reason `meter` does not fit a case metered by `meteringMethod` on `voltageLevel` (empty: it fits). */
export function meterFitBreaches(
  meter: { meterType: string; accuracyClass: string },
  scheme: { meteringMethod: string; voltageLevel: string | null },
): RuleBreach[] {
  const method = METERING_METHOD_METERS[scheme.meteringMethod];
  if (!method) {
    return [{ rule: METER_RULES.methodKnown, message: `no meter is defined for the metering method ${scheme.meteringMethod}` }];
  }
  const breaches: RuleBreach[] = [];
  if (!(method.types as readonly string[]).includes(meter.meterType)) {
    breaches.push({
      rule: METER_RULES.methodType,
      message: `a ${meter.meterType} meter does not fit the metering method ${scheme.meteringMethod}, which takes ${method.types.join(' or ')}`,
    });
  }
  if (!method.accuracyClasses.includes(meter.accuracyClass)) {
    breaches.push({
      rule: METER_RULES.methodClass,
      message: `accuracy class ${meter.accuracyClass} does not fit the metering method ${scheme.meteringMethod}, which takes ${method.accuracyClasses.join(', ')}`,
    });
  }
  const byVoltage = scheme.voltageLevel ? SUPPLY_VOLTAGE_METER_TYPES[scheme.voltageLevel] : undefined;
  if (byVoltage && !(byVoltage as readonly string[]).includes(meter.meterType)) {
    breaches.push({
      rule: METER_RULES.voltageType,
      message: `a ${meter.meterType} meter does not fit a ${scheme.voltageLevel} supply, which takes ${byVoltage.join(' or ')}`,
    });
  }
  return breaches;
}

/** Every reason the transformer ratios do not suit the meter type: required ones missing, others given. */
export function transformerBreaches(meterType: MeterType, ratios: { ctRatio?: string | null; ptRatio?: string | null }): RuleBreach[] {
  const needs = METER_TYPE_TRANSFORMERS[meterType];
  const breaches: RuleBreach[] = [];
  const check = (name: 'ctRatio' | 'ptRatio', rule: MeterRule, what: string) => {
    const given = ratios[name] !== undefined && ratios[name] !== null;
    if (needs[name] === 'REQUIRED' && !given) {
      breaches.push({ rule, message: `a ${meterType} meter is connected through ${what}s: give the ${what} ratio` });
    }
    if (needs[name] === 'NONE' && given) {
      breaches.push({ rule, message: `a ${meterType} meter has no ${what}: leave the ${what} ratio out` });
    }
  };
  check('ctRatio', METER_RULES.ctRatio, 'current transformer');
  check('ptRatio', METER_RULES.ptRatio, 'voltage transformer');
  return breaches;
}
