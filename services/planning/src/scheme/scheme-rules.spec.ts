import { kwToKva, NATIONAL, TimeLimitPolicy } from '@yekuo/timelimits';
import { checkScheme as checkSchemeUnder, LowVoltageCeiling, SCHEME_RULES, SchemeTerms } from './scheme-rules';
import { templateFor, termsFromTemplate } from './scheme-templates';

/** The shipped policy: the ceilings a case pinned today is judged by. */
const policy = TimeLimitPolicy.fromFile();
const TODAY = new Date('2026-12-07T10:00:00+08:00');
const NATIONAL_LV = policy.lvCeiling(NATIONAL, TODAY);
const SHANGHAI_LV = policy.lvCeiling('shanghai', TODAY);
/** The rules under the national default ceiling unless a case's ceiling is given. */
const checkScheme = (terms: SchemeTerms, category: Parameters<typeof checkSchemeUnder>[1], lv: LowVoltageCeiling = NATIONAL_LV) =>
  checkSchemeUnder(terms, category, lv);

const HV: SchemeTerms = {
  voltageLevel: 'AC10KV',
  capacityKva: 800,
  supplySources: 1,
  supplyPoints: ['10kV feeder 12'],
  meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
  tariffCategory: 'LARGE_INDUSTRIAL',
  propertyBoundary: 'Cable terminal of the customer switch room',
};
const LV: SchemeTerms = {
  voltageLevel: 'AC220V',
  capacityKva: 8,
  supplySources: 1,
  supplyPoints: ['Meter box 3 of building 5'],
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'RESIDENTIAL',
  propertyBoundary: 'Outgoing terminal of the meter box',
};

const rulesOf = (terms: SchemeTerms, category: Parameters<typeof checkScheme>[1], lv: LowVoltageCeiling = NATIONAL_LV) =>
  checkScheme(terms, category, lv).map((v) => v.rule);

describe('supply scheme rules', () => {
  it('accepts schemes that keep every rule', () => {
    expect(checkScheme(HV, 'HV_SINGLE_SOURCE')).toEqual([]);
    expect(checkScheme(LV, 'LV_RESIDENTIAL')).toEqual([]);
    expect(checkScheme({ ...HV, capacityKva: 12000, voltageLevel: 'AC35KV' }, 'HV_SINGLE_SOURCE')).toEqual([]);
    expect(
      checkScheme(
        { ...HV, capacityKva: 200, meteringMethod: 'HIGH_SUPPLY_LOW_METERING', tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL' },
        'HV_SINGLE_SOURCE',
      ),
    ).toEqual([]);
    expect(checkScheme({ ...HV, supplySources: 2, supplyPoints: ['a', 'b'] }, 'HV_DUAL_SOURCE')).toEqual([]);
  });

  it('SR-VOLT-LV: up to 100 kVA at 0.4 kV under the national default', () => {
    expect(rulesOf({ ...HV, capacityKva: 100, tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL' }, 'HV_SINGLE_SOURCE')).toContain(
      'SR-VOLT-LV',
    );
    expect(rulesOf({ ...LV, capacityKva: 100, voltageLevel: 'AC380V' }, 'LV_RESIDENTIAL')).toEqual([]);
  });

  it('SR-VOLT-10KV: above 100 up to 8000 kVA at 10 kV', () => {
    const [v] = checkScheme({ ...LV, capacityKva: 150, voltageLevel: 'AC380V' }, 'LV_RESIDENTIAL');
    expect(v).toEqual({
      rule: 'SR-VOLT-10KV',
      field: 'input.voltageLevel',
      message: expect.stringMatching(/^SR-VOLT-10KV: .*150 kVA needs AC10KV or AC20KV, not AC380V$/),
    });
    expect(v.message).toContain('above the low-voltage ceiling of the national default (up to 100 kVA)');
    expect(rulesOf({ ...HV, capacityKva: 8000 }, 'HV_SINGLE_SOURCE')).toEqual([]);
  });

  it('SR-VOLT-LV: the jurisdiction’s ceiling decides — a Shanghai shop of 120 kW is low voltage, the same shop elsewhere is not', () => {
    // Pinned as a case accepted today in 310101 (Shanghai) and in 440300 (national default).
    const shanghai = policy.lvCeilingOf(policy.pinOf('2024-12', '310101'));
    const elsewhere = policy.lvCeilingOf(policy.pinOf('2024-12', '440300'));
    expect(shanghai).toMatchObject({ jurisdiction: 'shanghai', value: 160, unit: 'kW', powerFactor: 0.85 });
    const shop: SchemeTerms = {
      ...LV,
      voltageLevel: 'AC380V',
      capacityKva: kwToKva(120, shanghai.powerFactor),
      tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
    };
    expect(shop.capacityKva).toBeCloseTo(141.18, 2);
    expect(checkScheme(shop, 'LV_NON_RESIDENTIAL', shanghai)).toEqual([]);
    const [refused] = checkScheme(shop, 'LV_NON_RESIDENTIAL', elsewhere);
    expect(refused).toEqual({
      rule: 'SR-VOLT-10KV',
      field: 'input.voltageLevel',
      message: expect.stringMatching(
        /above the low-voltage ceiling of the national default \(up to 100 kVA\): 141\.17\d* kVA needs AC10KV or AC20KV, not AC380V$/,
      ),
    });

    // Shanghai's ceiling is exclusive, in kW: 160 kW itself needs 10 kV.
    const atCeiling = { ...shop, capacityKva: kwToKva(160, SHANGHAI_LV.powerFactor) };
    expect(rulesOf(atCeiling, 'LV_NON_RESIDENTIAL', SHANGHAI_LV)).toEqual(['SR-VOLT-10KV']);
    expect(checkScheme(atCeiling, 'LV_NON_RESIDENTIAL', SHANGHAI_LV)[0].message).toContain(
      'above the low-voltage ceiling of shanghai (below 160 kW (188.24 kVA at power factor 0.85))',
    );
    // Between 100 kVA and the ceiling a customer may still take 10 kV; below 100 kVA it may not.
    const hv = { ...HV, capacityKva: 150, meteringMethod: 'HIGH_SUPPLY_LOW_METERING', tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL' };
    expect(rulesOf(hv, 'HV_SINGLE_SOURCE', SHANGHAI_LV)).toEqual([]);
    expect(rulesOf({ ...hv, capacityKva: 80 }, 'HV_SINGLE_SOURCE', SHANGHAI_LV)).toEqual(['SR-VOLT-LV']);
    expect(
      rulesOf({ ...hv, voltageLevel: 'AC35KV', meteringMethod: 'HIGH_SUPPLY_HIGH_METERING' }, 'HV_SINGLE_SOURCE', SHANGHAI_LV),
    ).toEqual(['SR-VOLT-10KV']);

    // A Shanghai case pinned to the pre-reform version keeps the national 100 kVA.
    expect(rulesOf(shop, 'LV_NON_RESIDENTIAL', policy.lvCeilingOf(policy.pinOf('2020-01', '310101')))).toEqual(['SR-VOLT-10KV']);
  });

  it('SR-VOLT-35KV: above 8000 kVA at 35 kV or higher', () => {
    expect(rulesOf({ ...HV, capacityKva: 8001 }, 'HV_SINGLE_SOURCE')).toEqual(['SR-VOLT-35KV']);
  });

  it('SR-CAT-VOLT: the voltage class matches the category', () => {
    expect(rulesOf({ ...LV, voltageLevel: 'AC380V' }, 'HV_SINGLE_SOURCE')).toContain('SR-CAT-VOLT');
    expect(rulesOf({ ...HV, tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL' }, 'LV_NON_RESIDENTIAL')).toContain('SR-CAT-VOLT');
  });

  it('SR-SRC-DUAL: dual source for high-voltage categories only', () => {
    expect(rulesOf({ ...LV, supplySources: 2, supplyPoints: ['a', 'b'] }, 'LV_RESIDENTIAL')).toEqual(['SR-SRC-DUAL']);
    expect(checkScheme({ ...LV, supplySources: 2, supplyPoints: ['a', 'b'] }, 'LV_RESIDENTIAL')[0].field).toBe('input.supplySources');
  });

  it('SR-SRC-POINTS: one supply point per source', () => {
    expect(rulesOf({ ...HV, supplySources: 2 }, 'HV_DUAL_SOURCE')).toEqual(['SR-SRC-POINTS']);
  });

  it('SR-METER-LV: low-voltage supply is metered at low voltage', () => {
    expect(rulesOf({ ...LV, meteringMethod: 'HIGH_SUPPLY_HIGH_METERING' }, 'LV_RESIDENTIAL')).toEqual(['SR-METER-LV']);
  });

  it('SR-METER-HV-LOW: 高供低计 only up to 315 kVA', () => {
    expect(rulesOf({ ...HV, capacityKva: 400, meteringMethod: 'HIGH_SUPPLY_LOW_METERING' }, 'HV_SINGLE_SOURCE')).toEqual([
      'SR-METER-HV-LOW',
    ]);
  });

  it('SR-METER-HV-HIGH / HV-LOW: high-voltage supply is not metered as low-voltage supply', () => {
    const [v] = checkScheme({ ...HV, meteringMethod: 'LOW_SUPPLY_LOW_METERING' }, 'HV_SINGLE_SOURCE');
    expect(v.field).toBe('input.meteringMethod');
    expect(v.rule).toMatch(/^SR-METER-HV-/);
    expect(
      rulesOf({ ...HV, capacityKva: 12000, voltageLevel: 'AC35KV', meteringMethod: 'HIGH_SUPPLY_LOW_METERING' }, 'HV_SINGLE_SOURCE'),
    ).toEqual(['SR-METER-HV-HIGH']);
  });

  it('SR-TARIFF-CAT: the tariff fits the category', () => {
    expect(rulesOf({ ...LV, tariffCategory: 'LARGE_INDUSTRIAL' }, 'LV_RESIDENTIAL')).toEqual(['SR-TARIFF-CAT']);
    expect(rulesOf({ ...LV, tariffCategory: 'RESIDENTIAL', voltageLevel: 'AC380V', capacityKva: 50 }, 'LV_NON_RESIDENTIAL')).toEqual([
      'SR-TARIFF-CAT',
    ]);
  });

  it('SR-TARIFF-LI: large industrial needs 315 kVA', () => {
    expect(rulesOf({ ...HV, capacityKva: 200 }, 'HV_SINGLE_SOURCE')).toEqual(['SR-TARIFF-LI']);
  });

  it('SR-BOUNDARY: the property boundary is stated', () => {
    expect(checkScheme({ ...LV, propertyBoundary: '  ' }, 'LV_RESIDENTIAL')).toEqual([
      { rule: 'SR-BOUNDARY', field: 'input.propertyBoundary', message: expect.stringContaining('must not be empty') },
    ]);
  });

  it('names every broken rule at once, each with an id that has a description', () => {
    const violations = checkScheme(
      { ...LV, supplySources: 2, meteringMethod: 'HIGH_SUPPLY_HIGH_METERING', tariffCategory: 'AGRICULTURAL', propertyBoundary: '' },
      'LV_RESIDENTIAL',
    );
    expect(violations.map((v) => v.field)).toEqual([
      'input.supplySources',
      'input.supplyPoints',
      'input.meteringMethod',
      'input.tariffCategory',
      'input.propertyBoundary',
    ]);
    for (const v of violations) expect(Object.keys(SCHEME_RULES)).toContain(v.rule);
  });
});

describe('standard scheme templates', () => {
  it('give every LV residential capacity a scheme that keeps the rules: 220 V up to 12 kVA, 380 V above', () => {
    const template = templateFor('LV_RESIDENTIAL')!;
    expect(template).toMatchObject({ id: 'TPL-LV-RES-2026-01', approvalRule: 'AR-LV-RES-TEMPLATE' });
    for (const capacity of [1, 8, 12, 12.5, 50, 100]) {
      const terms = termsFromTemplate(template, capacity, 'Meter box 3');
      expect(terms.voltageLevel).toBe(capacity <= 12 ? 'AC220V' : 'AC380V');
      expect(checkScheme(terms, 'LV_RESIDENTIAL')).toEqual([]);
    }
    expect(termsFromTemplate(template, 8, 'p', '  Custom boundary ').propertyBoundary).toBe('Custom boundary');
    expect(termsFromTemplate(template, 8, 'p', '   ').propertyBoundary).toBe(template.propertyBoundary);
    expect(templateFor('HV_SINGLE_SOURCE')).toBeUndefined();
  });

  it('give an LV non-residential case three-phase 380 V from one source, within the ceiling of its jurisdiction', () => {
    const template = templateFor('LV_NON_RESIDENTIAL')!;
    expect(template).toMatchObject({ id: 'TPL-LV-NONRES-2026-01', approvalRule: 'AR-LV-NONRES-TEMPLATE' });
    for (const capacity of [3, 50, 100]) {
      const terms = termsFromTemplate(template, capacity, 'Branch box 3');
      expect(terms).toMatchObject({
        voltageLevel: 'AC380V',
        supplySources: 1,
        meteringMethod: 'LOW_SUPPLY_LOW_METERING',
        tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
      });
      expect(checkScheme(terms, 'LV_NON_RESIDENTIAL')).toEqual([]);
    }
    // A Shanghai shop of 120 kW (141.18 kVA) is below its ceiling of 160 kW; the national default of 100 kVA is not.
    const shop = termsFromTemplate(template, Math.round(kwToKva(120, SHANGHAI_LV.powerFactor) * 100) / 100, 'Branch box 3');
    expect(checkScheme(shop, 'LV_NON_RESIDENTIAL', SHANGHAI_LV)).toEqual([]);
    expect(rulesOf(shop, 'LV_NON_RESIDENTIAL')).toEqual(['SR-VOLT-10KV']);
  });
});
