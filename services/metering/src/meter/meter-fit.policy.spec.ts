import { METERING_METHOD_METERS, METER_RULES, meterFitBreaches, SUPPLY_VOLTAGE_METER_TYPES, transformerBreaches } from './meter-fit.policy';
import { ACCURACY_CLASSES, METER_TYPES, MeterType } from './meter-terms';

const rulesOf = (breaches: { rule: string }[]) => breaches.map((b) => b.rule);

describe('which meters fit a case', () => {
  it('names a known meter type and accuracy class for every metering method planning uses', () => {
    const planningMethods = ['HIGH_SUPPLY_HIGH_METERING', 'HIGH_SUPPLY_LOW_METERING', 'LOW_SUPPLY_LOW_METERING'];
    expect(Object.keys(METERING_METHOD_METERS).sort()).toEqual([...planningMethods].sort());
    for (const { types, accuracyClasses } of Object.values(METERING_METHOD_METERS)) {
      expect(types.length).toBeGreaterThan(0);
      for (const type of types) expect(METER_TYPES).toContain(type);
      for (const accuracyClass of accuracyClasses) expect(ACCURACY_CLASSES).toContain(accuracyClass);
    }
    for (const types of Object.values(SUPPLY_VOLTAGE_METER_TYPES)) for (const type of types) expect(METER_TYPES).toContain(type);
  });

  it('fits an HV CT/PT meter of class 0.2S to high-side metering on 10 kV', () => {
    expect(
      meterFitBreaches(
        { meterType: 'HV_CT_PT', accuracyClass: '0.2S' },
        { meteringMethod: 'HIGH_SUPPLY_HIGH_METERING', voltageLevel: 'AC10KV' },
      ),
    ).toEqual([]);
  });

  it('refuses a single-phase class 2 meter for high-side metering, naming both rules', () => {
    const breaches = meterFitBreaches(
      { meterType: 'SINGLE_PHASE', accuracyClass: '2' },
      { meteringMethod: 'HIGH_SUPPLY_HIGH_METERING', voltageLevel: 'AC10KV' },
    );
    expect(rulesOf(breaches)).toEqual([METER_RULES.methodType, METER_RULES.methodClass]);
    expect(breaches[0].message).toContain('HV_CT_PT');
  });

  it('decides single- or three-phase by the low-voltage supply', () => {
    const lv = (meterType: MeterType, voltageLevel: string | null) =>
      rulesOf(meterFitBreaches({ meterType, accuracyClass: '2' }, { meteringMethod: 'LOW_SUPPLY_LOW_METERING', voltageLevel }));
    expect(lv('SINGLE_PHASE', 'AC220V')).toEqual([]);
    expect(lv('THREE_PHASE_DIRECT', 'AC220V')).toEqual([METER_RULES.voltageType]);
    expect(lv('SINGLE_PHASE', 'AC380V')).toEqual([METER_RULES.voltageType]);
    expect(lv('THREE_PHASE_DIRECT', 'AC380V')).toEqual([]);
    // Cases confirmed before the voltage was kept: the method alone decides.
    expect(lv('THREE_PHASE_DIRECT', null)).toEqual([]);
  });

  it('fits a CT-connected meter to low-side metering behind the customer transformer, but not a direct one', () => {
    const scheme = { meteringMethod: 'HIGH_SUPPLY_LOW_METERING', voltageLevel: 'AC10KV' };
    expect(meterFitBreaches({ meterType: 'THREE_PHASE_CT', accuracyClass: '0.5S' }, scheme)).toEqual([]);
    expect(rulesOf(meterFitBreaches({ meterType: 'THREE_PHASE_DIRECT', accuracyClass: '0.5S' }, scheme))).toEqual([METER_RULES.methodType]);
    expect(rulesOf(meterFitBreaches({ meterType: 'THREE_PHASE_CT', accuracyClass: '2' }, scheme))).toEqual([METER_RULES.methodClass]);
  });

  it('fits no meter to a metering method it has no row for (fails closed)', () => {
    expect(
      rulesOf(meterFitBreaches({ meterType: 'HV_CT_PT', accuracyClass: '0.2S' }, { meteringMethod: 'NEW_METHOD', voltageLevel: null })),
    ).toEqual([METER_RULES.methodKnown]);
  });
});

describe('transformer ratios by meter type', () => {
  it.each([
    ['SINGLE_PHASE', {}, []],
    ['SINGLE_PHASE', { ctRatio: '200/5' }, [METER_RULES.ctRatio]],
    ['THREE_PHASE_DIRECT', { ptRatio: '10000/100' }, [METER_RULES.ptRatio]],
    ['THREE_PHASE_CT', { ctRatio: '200/5' }, []],
    ['THREE_PHASE_CT', {}, [METER_RULES.ctRatio]],
    ['THREE_PHASE_CT', { ctRatio: '200/5', ptRatio: '10000/100' }, [METER_RULES.ptRatio]],
    ['HV_CT_PT', { ctRatio: '50/5', ptRatio: '10000/100' }, []],
    ['HV_CT_PT', {}, [METER_RULES.ctRatio, METER_RULES.ptRatio]],
    ['HV_CT_PT', { ctRatio: '50/5', ptRatio: null }, [METER_RULES.ptRatio]],
  ] as const)('%s with %j breaks %j', (type, ratios, rules) => {
    expect(rulesOf(transformerBreaches(type, ratios))).toEqual(rules);
  });
});
