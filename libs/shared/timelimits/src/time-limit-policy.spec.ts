import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA_DIR } from './calendar-files';
import { WorkingCalendar } from './working-calendar';
import calendar2026 from '../data/calendar-cn-2026.json';
import { deadlinesOf } from './clock-schedule';
import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import {
  CLOCK_STAGES,
  kwToKva,
  NATIONAL,
  TimeLimitPolicy,
  UnknownJurisdictionError,
  UnknownPolicyVersionError,
  withinLvCeiling,
} from './time-limit-policy';

const shipped = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as {
  versions: { id: string; effectiveFrom: string; stages: Record<string, Record<string, { limit: number; target: number }>> }[];
};
const SHIPPED_VERSIONS = ['2020-01', '2021-01', '2024-12'];

describe('TimeLimitPolicy', () => {
  const policy = TimeLimitPolicy.fromFile();

  it('reads the limits and targets of the shipped data (docs/DOMAIN.md, time-limit table)', () => {
    expect(policy.versionIds).toEqual(SHIPPED_VERSIONS);
    expect(policy.limitsFor('2020-01', 'SUPPLY_SCHEME', 'LV_RESIDENTIAL')).toEqual({ limitDays: 3, targetDays: 3 });
    expect(policy.limitsFor('2020-01', 'SUPPLY_SCHEME', 'HV_DUAL_SOURCE')).toEqual({ limitDays: 45, targetDays: 30 });
    expect(policy.limitsFor('2020-01', 'DESIGN_REVIEW', 'HV_SINGLE_SOURCE')).toEqual({ limitDays: 20, targetDays: 10 });
    expect(policy.limitsFor('2020-01', 'COMPLETION_ACCEPTANCE', 'LV_NON_RESIDENTIAL')).toEqual({ limitDays: 5, targetDays: 5 });
    expect(policy.limitsFor('2020-01', 'ENERGIZATION', 'HV_DUAL_SOURCE')).toEqual({ limitDays: 7, targetDays: 5 });
  });

  it('has no clock for a stage the category does not walk', () => {
    expect(policy.limitsFor('2020-01', 'DESIGN_REVIEW', 'LV_RESIDENTIAL')).toBeUndefined();
    expect(policy.limitsFor('2020-01', 'INTERMEDIATE_INSPECTION', 'LV_NON_RESIDENTIAL')).toBeUndefined();
    expect(policy.limitsFor('2020-01', 'COMPLETION_ACCEPTANCE', 'LV_RESIDENTIAL')).toBeUndefined();
  });

  it('refuses a version the data does not define, naming the ones it does', () => {
    expect(() => policy.limitsFor('2031-01', 'SUPPLY_SCHEME', 'LV_RESIDENTIAL')).toThrow(UnknownPolicyVersionError);
    expect(() => policy.limitsFor('2031-01', 'SUPPLY_SCHEME', 'LV_RESIDENTIAL')).toThrow(
      'Unknown time-limit policy version "2031-01"; the policy data defines 2020-01, 2021-01, 2024-12',
    );
  });

  it('names every entry at fault in invalid data', () => {
    const bad = {
      versions: [
        { id: 'A', effectiveFrom: '2020-01-01', stages: { SUPPLY_SCHEME: { LV_RESIDENTIAL: { limit: 3, target: 4 } } } },
        { id: 'A', effectiveFrom: '2020-13-01', stages: { SURVEY: {}, ENERGIZATION: { LV_RESIDENTIAL: { limit: 0, target: 1.5 } } } },
      ],
    };
    let message = '';
    try {
      TimeLimitPolicy.fromData(bad, 'policy.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^policy\.json is invalid: /);
    expect(message).toContain(
      'versions.0.stages.SUPPLY_SCHEME.LV_RESIDENTIAL: the internal target may not be longer than the regulatory limit',
    );
    expect(message).toContain('versions.1.effectiveFrom');
    expect(message).toContain('versions.1.stages: Unrecognized key: "SURVEY"');
    expect(message).toContain('versions.1.stages.ENERGIZATION.LV_RESIDENTIAL.limit');
    expect(message).toContain('versions.1.stages.ENERGIZATION.LV_RESIDENTIAL.target');
    expect(() => TimeLimitPolicy.fromData({ versions: [shipped.versions[0], shipped.versions[0]] })).toThrow('version ids must be unique');
    expect(() => TimeLimitPolicy.fromData({ versions: [] })).toThrow('versions');
  });

  it('names the version in force on the utility’s calendar day', () => {
    const next = structuredClone(shipped);
    next.versions.push({ ...shipped.versions[0], id: '2027-01', effectiveFrom: '2027-01-01' });
    const changed = TimeLimitPolicy.fromData(next);
    expect(changed.versionInForce(new Date('2026-12-31T15:59:59Z'))).toBe('2024-12');
    // 2026-12-31T16:00Z is already 2027-01-01 in China.
    expect(changed.versionInForce(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
    expect(() => changed.versionInForce(new Date('2019-06-01T00:00:00Z'))).toThrow(
      'No time-limit policy version is in force on 2019-06-01',
    );
  });

  it('a policy change leaves running clocks on their version', () => {
    // A new version halves the HV single-source scheme limit; cases accepted under 2020-01 keep theirs.
    const next = structuredClone(shipped);
    next.versions.push({
      id: '2027-01',
      effectiveFrom: '2027-01-01',
      stages: {
        ...shipped.versions[0].stages,
        SUPPLY_SCHEME: { ...shipped.versions[0].stages.SUPPLY_SCHEME, HV_SINGLE_SOURCE: { limit: 10, target: 8 } },
      },
    });
    const changed = TimeLimitPolicy.fromData(next);
    expect(changed.limitsFor('2020-01', 'SUPPLY_SCHEME', 'HV_SINGLE_SOURCE')).toEqual(
      policy.limitsFor('2020-01', 'SUPPLY_SCHEME', 'HV_SINGLE_SOURCE'),
    );
    expect(changed.limitsFor('2027-01', 'SUPPLY_SCHEME', 'HV_SINGLE_SOURCE')).toEqual({ limitDays: 10, targetDays: 8 });

    // A clock stores the days it started with: its deadlines follow from them, not from the policy.
    const calendar = new WorkingCalendar(calendar2026);
    const startedAt = new Date('2026-09-30T15:20:00+08:00');
    const running = { startedAt, ...changed.limitsFor('2020-01', 'SUPPLY_SCHEME', 'HV_SINGLE_SOURCE')! };
    const underNewVersion = { startedAt, ...changed.limitsFor('2027-01', 'SUPPLY_SCHEME', 'HV_SINGLE_SOURCE')! };
    // 20 working days from 2026-10-08: Oct 8-10, 12-16, 19-23, 26-30, Nov 2-3.
    expect(deadlinesOf(calendar, running, 0).deadline).toEqual(new Date('2026-11-04T00:00:00+08:00'));
    // 10 working days: Oct 8-10, 12-16, 19-20.
    expect(deadlinesOf(calendar, underNewVersion, 0).deadline).toEqual(new Date('2026-10-21T00:00:00+08:00'));
  });

  it('keeps the per-step limits of 2020-01 in the reform versions, as internal goals the clocks read', () => {
    for (const version of SHIPPED_VERSIONS) {
      for (const stage of CLOCK_STAGES) {
        for (const category of CUSTOMER_CATEGORIES) {
          expect(policy.limitsFor(version, stage, category)).toEqual(policy.limitsFor('2020-01', stage, category));
        }
      }
    }
  });
});

describe('TimeLimitPolicy per jurisdiction', () => {
  const policy = TimeLimitPolicy.fromFile();
  const calendar = new WorkingCalendar(calendar2026);
  const cst = (iso: string) => new Date(`${iso}T10:00:00+08:00`);

  it('picks the jurisdiction by the longest prefix of the region code, else the national default', () => {
    expect(policy.jurisdictionIds).toEqual([NATIONAL, 'shanghai', 'hubei-suizhou']);
    expect(policy.jurisdictionOf('310101')).toBe('shanghai');
    expect(policy.jurisdictionOf('310115')).toBe('shanghai');
    expect(policy.jurisdictionOf('421302')).toBe('hubei-suizhou');
    expect(policy.jurisdictionOf('421381')).toBe('hubei-suizhou');
    expect(policy.jurisdictionOf('420102')).toBe(NATIONAL); // Wuhan: Hubei, not Suizhou
    expect(policy.jurisdictionOf('110101')).toBe(NATIONAL);

    // A province-wide overlay beside the city's: the city's longer prefix wins inside it.
    const data = structuredClone(shipped) as unknown as { jurisdictions: Record<string, unknown> };
    data.jurisdictions.hubei = { name: 'Hubei', regionPrefixes: ['42'] };
    const withProvince = TimeLimitPolicy.fromData(data);
    expect(withProvince.jurisdictionOf('421302')).toBe('hubei-suizhou');
    expect(withProvince.jurisdictionOf('420102')).toBe('hubei');
  });

  it('pins the version in force on the day of acceptance, with the jurisdiction of the region', () => {
    expect(policy.pinFor('310101', cst('2020-06-01'))).toEqual({ version: '2020-01', jurisdiction: 'shanghai' });
    expect(policy.pinFor('421302', cst('2022-03-01'))).toEqual({ version: '2021-01', jurisdiction: 'hubei-suizhou' });
    expect(policy.pinFor('310101', cst('2024-12-30'))).toEqual({ version: '2021-01', jurisdiction: 'shanghai' });
    expect(policy.pinFor('310101', cst('2024-12-31'))).toEqual({ version: '2024-12', jurisdiction: 'shanghai' });
    expect(policy.pinFor('440300', cst('2026-12-06'))).toEqual({ version: '2024-12', jurisdiction: NATIONAL });
    // A running case keeps the version it carries.
    expect(policy.pinOf('2020-01', '421302')).toEqual({ version: '2020-01', jurisdiction: 'hubei-suizhou' });
    expect(() => policy.pinOf('2031-01', '421302')).toThrow(UnknownPolicyVersionError);
    expect(() => policy.endToEndLimit({ version: '2024-12', jurisdiction: 'beijing' }, 'LV_RESIDENTIAL', { externalWorks: false })).toThrow(
      UnknownJurisdictionError,
    );
  });

  it('reads the Suizhou whole-process limits, with and without external works, in working days', () => {
    const pin = policy.pinOf('2024-12', '421302');
    const limit = (category: Parameters<TimeLimitPolicy['endToEndLimit']>[1], externalWorks: boolean) =>
      policy.endToEndLimit(pin, category, { externalWorks });
    expect(limit('LV_RESIDENTIAL', false)).toMatchObject({ days: 3, unit: 'WORKING_DAYS', jurisdiction: 'hubei-suizhou' });
    expect(limit('LV_RESIDENTIAL', true)).toMatchObject({ days: 3, unit: 'WORKING_DAYS' });
    expect(limit('LV_NON_RESIDENTIAL', true)).toMatchObject({ days: 15, unit: 'WORKING_DAYS' });
    expect(limit('LV_NON_RESIDENTIAL', false)).toMatchObject({ days: 5, unit: 'WORKING_DAYS' });
    expect(limit('HV_SINGLE_SOURCE', true)).toMatchObject({ days: 38, unit: 'WORKING_DAYS' });
    expect(limit('LV_NON_RESIDENTIAL', true)?.source).toContain('yisouxsb.com/thread-1528395-1-439.html');
    // The plan names no dual-source figure and the national one is unknown: no limit.
    expect(limit('HV_DUAL_SOURCE', true)).toBeNull();
    // Carried over unchanged from the version that introduced it.
    expect(policy.endToEndLimit(policy.pinOf('2021-01', '421302'), 'LV_NON_RESIDENTIAL', { externalWorks: false })).toEqual(
      limit('LV_NON_RESIDENTIAL', false),
    );
  });

  it('reads Shanghai’s whole-process and acceptance limits from its 2024 measures only', () => {
    const now = policy.pinOf('2024-12', '310101');
    expect(policy.endToEndLimit(now, 'LV_NON_RESIDENTIAL', { externalWorks: true })).toMatchObject({
      days: 10,
      unit: 'CALENDAR_DAYS',
      jurisdiction: 'shanghai',
      source: expect.stringContaining('english.shanghai.gov.cn'),
    });
    expect(policy.acceptanceLimit(now)).toMatchObject({ days: 1, unit: 'CALENDAR_DAYS', jurisdiction: 'shanghai' });
    expect(policy.externalWorksPermitLimit(now)).toMatchObject({ days: 2, unit: 'CALENDAR_DAYS', jurisdiction: 'shanghai' });
    // Figures the measures do not give fall back to the national default, which is unknown.
    expect(policy.endToEndLimit(now, 'LV_RESIDENTIAL', { externalWorks: false })).toBeNull();
    expect(policy.endToEndLimit(now, 'HV_SINGLE_SOURCE', { externalWorks: true })).toBeNull();
    // Before the measures took effect Shanghai had no whole-process figure in the data.
    const before = policy.pinOf('2021-01', '310101');
    expect(policy.endToEndLimit(before, 'LV_NON_RESIDENTIAL', { externalWorks: true })).toBeNull();
    expect(policy.acceptanceLimit(before)).toBeNull();
    expect(policy.externalWorksPermitLimit(policy.pinOf('2024-12', '421302'))).toMatchObject({ days: 5, unit: 'WORKING_DAYS' });
    expect(policy.externalWorksPermitLimit(policy.pinOf('2024-12', '440300'))).toBeNull();
  });

  it('has no whole-process limit for a case of the pre-reform version, wherever it is', () => {
    for (const region of ['310101', '421302', '440300']) {
      for (const category of CUSTOMER_CATEGORIES) {
        for (const externalWorks of [true, false]) {
          expect(policy.endToEndLimit(policy.pinOf('2020-01', region), category, { externalWorks })).toBeNull();
        }
      }
    }
  });

  it('an overlay’s unknown figure falls back to the national default’s', () => {
    const data = structuredClone(shipped) as unknown as {
      versions: Array<{ id: string; effectiveFrom: string; national?: unknown; overlays?: unknown; stages: unknown }>;
    };
    const national = { value: 20, unit: 'WORKING_DAYS', source: 'a national text' };
    const unknown = { value: null, unit: 'WORKING_DAYS', source: 'a local text', note: 'not stated' };
    data.versions.push({
      id: '2027-01',
      effectiveFrom: '2027-01-01',
      stages: data.versions[0].stages,
      national: { endToEnd: { HV_DUAL_SOURCE: { withExternalWorks: national } } },
      overlays: { 'hubei-suizhou': { endToEnd: { HV_DUAL_SOURCE: { withExternalWorks: unknown } } } },
    });
    const changed = TimeLimitPolicy.fromData(data);
    const pin = changed.pinOf('2027-01', '421302');
    expect(changed.endToEndLimit(pin, 'HV_DUAL_SOURCE', { externalWorks: true })).toEqual({
      days: 20,
      unit: 'WORKING_DAYS',
      source: 'a national text',
      jurisdiction: NATIONAL,
    });
    // The city's other figures carry over from the versions before.
    expect(changed.endToEndLimit(pin, 'LV_NON_RESIDENTIAL', { externalWorks: false })).toMatchObject({
      days: 5,
      jurisdiction: 'hubei-suizhou',
    });
    expect(changed.endToEndLimit(pin, 'HV_DUAL_SOURCE', { externalWorks: false })).toBeNull();
  });

  it('states the low-voltage ceiling in kVA with the power factor that converts a kW figure', () => {
    const national = policy.lvCeiling(NATIONAL, cst('2026-12-06'));
    expect(national).toMatchObject({ value: 100, unit: 'kVA', inclusive: true, maxKva: 100, powerFactor: 0.85, jurisdiction: NATIONAL });
    expect(national.description).toBe('up to 100 kVA');

    const shanghai = policy.lvCeiling('shanghai', cst('2026-12-06'));
    expect(shanghai).toMatchObject({
      value: 160,
      unit: 'kW',
      inclusive: false,
      powerFactor: 0.85,
      jurisdiction: 'shanghai',
      version: '2024-12',
    });
    expect(shanghai.maxKva).toBeCloseTo(160 / 0.85, 10);
    expect(shanghai.description).toBe('below 160 kW (188.24 kVA at power factor 0.85)');
    expect(shanghai.powerFactorSource).toContain('0.85');

    // A Shanghai shop of 120 kW: 141.18 kVA, low voltage in Shanghai, not under the national default.
    const shop = kwToKva(120, shanghai.powerFactor);
    expect(shop).toBeCloseTo(141.18, 2);
    expect(withinLvCeiling(shanghai, shop)).toBe(true);
    expect(withinLvCeiling(national, shop)).toBe(false);
    expect(withinLvCeiling(shanghai, 160 / 0.85)).toBe(false);
    expect(withinLvCeiling(national, 100)).toBe(true);

    // Suizhou states its own 100 kVA; a case pinned to the pre-reform version has the national 100 kVA.
    expect(policy.lvCeiling('hubei-suizhou', cst('2026-12-06'))).toMatchObject({ maxKva: 100, jurisdiction: 'hubei-suizhou' });
    expect(policy.lvCeilingOf(policy.pinOf('2020-01', '310101'))).toMatchObject({ maxKva: 100, jurisdiction: NATIONAL });
    expect(policy.lvCeiling('shanghai', cst('2022-01-04'))).toMatchObject({ value: 160, unit: 'kW', version: '2021-01' });
  });

  it('names the process variant of each category per version', () => {
    for (const region of ['310101', '421302', '440300']) {
      for (const category of CUSTOMER_CATEGORIES) expect(policy.variantOf(policy.pinOf('2020-01', region), category)).toBe('PRE_REFORM');
      const reform = policy.pinOf('2024-12', region);
      expect(policy.variantOf(reform, 'LV_RESIDENTIAL')).toBe('THREE_ZERO');
      expect(policy.variantOf(reform, 'LV_NON_RESIDENTIAL')).toBe('THREE_ZERO');
      expect(policy.variantOf(reform, 'HV_SINGLE_SOURCE')).toBe('THREE_SAVINGS');
      expect(policy.variantOf(reform, 'HV_DUAL_SOURCE')).toBe('THREE_SAVINGS');
    }
  });

  it('walks 三零 only with low voltage, one source and a capacity within the jurisdiction’s ceiling', () => {
    const shop = { voltageLevel: 'AC380V', capacityKva: kwToKva(120, 0.85), supplySources: 1 };
    const shanghai = policy.pinOf('2024-12', '310104');
    const national = policy.pinOf('2024-12', '440300');
    expect(policy.processVariantFor(shanghai, 'LV_NON_RESIDENTIAL', shop)).toBe('THREE_ZERO');
    // 141.18 kVA is above the national 100 kVA: the same shop in Shenzhen walks the pre-reform process.
    expect(policy.processVariantFor(national, 'LV_NON_RESIDENTIAL', shop)).toBe('PRE_REFORM');
    expect(policy.processVariantFor(national, 'LV_RESIDENTIAL', { voltageLevel: 'AC220V', capacityKva: 8, supplySources: 1 })).toBe(
      'THREE_ZERO',
    );
    expect(policy.processVariantFor(national, 'LV_NON_RESIDENTIAL', { ...shop, capacityKva: 100 })).toBe('THREE_ZERO');
    expect(policy.processVariantFor(national, 'LV_NON_RESIDENTIAL', { ...shop, capacityKva: 100, supplySources: 2 })).toBe('PRE_REFORM');
    expect(policy.processVariantFor(shanghai, 'LV_NON_RESIDENTIAL', { ...shop, voltageLevel: 'AC10KV' })).toBe('PRE_REFORM');
    expect(policy.processVariantFor(shanghai, 'HV_SINGLE_SOURCE', { voltageLevel: 'AC10KV', capacityKva: 800, supplySources: 1 })).toBe(
      'THREE_SAVINGS',
    );
    expect(policy.processVariantFor(policy.pinOf('2020-01', '310104'), 'LV_NON_RESIDENTIAL', shop)).toBe('PRE_REFORM');
  });

  it('refuses data that names 三零 for high voltage or 三省 for low voltage', () => {
    const data = structuredClone(shipped) as unknown as { versions: Array<{ national: { variants: Record<string, string> } }> };
    data.versions[1].national.variants.HV_SINGLE_SOURCE = 'THREE_ZERO';
    expect(() => TimeLimitPolicy.fromData(data, 'policy.json')).toThrow(
      /versions\.1\.national\.variants: 三零 \(THREE_ZERO\) is a low-voltage variant and 三省 \(THREE_SAVINGS\) a high-voltage one/,
    );
  });

  it('gives every known figure its source and unit, and every unknown one a note', () => {
    const raw = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as { versions: Array<Record<string, unknown>> };
    const figures: Array<Record<string, unknown>> = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      if ('value' in node && 'source' in node) figures.push(node);
      else for (const child of Object.values(node)) walk(child);
    };
    for (const version of raw.versions) walk({ national: version.national, overlays: version.overlays });
    expect(figures.length).toBeGreaterThan(20);
    for (const figure of figures) {
      expect(typeof figure.source).toBe('string');
      if (figure.value === null) expect(figure.note).toEqual(expect.any(String));
      if ('unit' in figure) expect(['WORKING_DAYS', 'CALENDAR_DAYS', 'kW', 'kVA']).toContain(figure.unit);
    }
  });

  it('keeps the calendar facts a whole-process limit is counted with', () => {
    const residential = policy.endToEndLimit(policy.pinOf('2024-12', '421302'), 'LV_RESIDENTIAL', { externalWorks: false })!;
    expect(residential.days).toBe(3);
    // 2026-09-30 + 3 working days: the National Day holiday, then Oct 8, 9 and the make-up Saturday Oct 10.
    expect(calendar.deadline(new Date('2026-09-30T15:20:00+08:00'), residential.days).deadline).toEqual(
      new Date('2026-10-11T00:00:00+08:00'),
    );
    // 2026-02-13 + 3 working days: the Spring Festival holiday, then Feb 24, 25 ... closing 2026-02-25.
    expect(calendar.deadline(new Date('2026-02-13T09:00:00+08:00'), residential.days).deadline).toEqual(
      new Date('2026-02-26T00:00:00+08:00'),
    );
  });

  it('refuses overlays of unknown jurisdictions, unknown figures without a note and a prefix claimed twice', () => {
    const data = structuredClone(shipped) as unknown as {
      jurisdictions: Record<string, { name: string; regionPrefixes: string[] }>;
      versions: Array<Record<string, unknown>>;
    };
    data.jurisdictions.pudong = { name: 'Pudong', regionPrefixes: ['31'] };
    data.versions[1].overlays = {
      beijing: {},
      national: {},
      'hubei-suizhou': { acceptance: { value: null, unit: 'WORKING_DAYS', source: 'x' } },
    };
    let message = '';
    try {
      TimeLimitPolicy.fromData(data, 'policy.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('versions.1.overlays.hubei-suizhou.acceptance: an unknown figure (null) needs a note saying why');
    data.versions[1].overlays = { beijing: {}, national: {} };
    expect(() => TimeLimitPolicy.fromData(data, 'policy.json')).toThrow(
      /jurisdictions\.pudong: region prefix 31 is claimed by shanghai too.*versions\.1\.overlays\.beijing: "beijing" is not an overlay jurisdiction.*versions\.1\.overlays\.national/,
    );
  });
});
