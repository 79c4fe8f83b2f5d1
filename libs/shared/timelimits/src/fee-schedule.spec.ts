import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { SHARED_DATA_DIR } from './calendar-files';
import { FeeSchedule } from './fee-schedule';
import { TimeLimitPolicy } from './time-limit-policy';

const JURISDICTIONS = TimeLimitPolicy.fromFile().jurisdictionIds;
const shipped = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'fees.json'), 'utf8'));
const item = (code: string, rate: string) => ({
  code,
  name: code.toLowerCase(),
  description: '费',
  basis: { kind: 'PER_KVA', rate },
  source: 'test',
});
const at = (day: string) => new Date(`${day}T09:00:00+08:00`);

describe('FeeSchedule', () => {
  it('states every category’s items in the shipped data, each with its source, and pays the national items everywhere', () => {
    const schedule = FeeSchedule.fromFile(JURISDICTIONS);
    for (const jurisdiction of JURISDICTIONS) {
      const fees = schedule.policyFor(jurisdiction, at('2026-12-07'));
      expect(fees).toMatchObject({ version: '2026-02', jurisdiction: 'national', currency: 'CNY' });
      expect(Object.keys(fees.items).sort()).toEqual([...CUSTOMER_CATEGORIES].sort());
      expect(fees.items.HV_DUAL_SOURCE.map((i) => [i.code, i.basis])).toEqual([
        ['HIGH_RELIABILITY', { kind: 'PER_KVA_PER_ADDITIONAL_SOURCE', rate: '210.00' }],
        ['TEMPORARY_SUPPLY', { kind: 'PER_KVA', rate: '80.00' }],
      ]);
      for (const items of Object.values(fees.items)) for (const i of items) expect(i.source.length).toBeGreaterThan(0);
    }
  });

  it('takes a jurisdiction’s overlay for the categories it restates, and carries versions and overlays forward', () => {
    const schedule = FeeSchedule.fromData(
      {
        versions: [
          {
            id: 'a',
            effectiveFrom: '2026-01-01',
            national: {
              LV_RESIDENTIAL: [],
              LV_NON_RESIDENTIAL: [],
              HV_SINGLE_SOURCE: [],
              HV_DUAL_SOURCE: [item('HIGH_RELIABILITY', '210.00')],
            },
            overlays: { shanghai: { HV_DUAL_SOURCE: [item('HIGH_RELIABILITY', '180.00')] } },
          },
          { id: 'b', effectiveFrom: '2026-07-01', national: { HV_SINGLE_SOURCE: [item('CAPACITY', '1.00')] } },
        ],
      },
      JURISDICTIONS,
    );
    expect(schedule.policyFor('shanghai', at('2026-03-01'))).toMatchObject({ version: 'a', jurisdiction: 'shanghai' });
    expect(schedule.policyFor('shanghai', at('2026-03-01')).items.HV_DUAL_SOURCE[0].basis).toEqual({ kind: 'PER_KVA', rate: '180.00' });
    expect(schedule.policyFor('hubei-suizhou', at('2026-03-01')).items.HV_DUAL_SOURCE[0].basis).toEqual({
      kind: 'PER_KVA',
      rate: '210.00',
    });
    // Version b restates only high-voltage single source: Shanghai's overlay and the other categories carry over.
    const later = schedule.policyFor('shanghai', at('2026-07-01'));
    expect(later.version).toBe('b');
    expect(later.items.HV_DUAL_SOURCE[0].basis).toEqual({ kind: 'PER_KVA', rate: '180.00' });
    expect(later.items.HV_SINGLE_SOURCE.map((i) => i.code)).toEqual(['CAPACITY']);
    expect(() => schedule.policyFor('national', at('2025-12-31'))).toThrow('No fee schedule version is in force on 2025-12-31');
    expect(FeeSchedule.fromFile(JURISDICTIONS).policyFor('national', at('2020-01-01')).version).toBe('2026-02');
  });

  it('refuses invalid data naming each fault: a figure without its source or not in yuan, a first version missing a category, an unknown jurisdiction', () => {
    const data = structuredClone(shipped);
    delete data.versions[0].national.HV_DUAL_SOURCE[0].source;
    data.versions[0].national.HV_SINGLE_SOURCE[0].basis.rate = '80.001';
    let message = '';
    try {
      FeeSchedule.fromData(data, JURISDICTIONS, 'fees.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('versions.0.national.HV_DUAL_SOURCE.0.source');
    expect(message).toContain('versions.0.national.HV_SINGLE_SOURCE.0.basis.rate: must be an amount in yuan with at most two decimals');
    const incomplete = structuredClone(shipped);
    delete incomplete.versions[0].national.LV_RESIDENTIAL;
    expect(() => FeeSchedule.fromData(incomplete, JURISDICTIONS, 'fees.json')).toThrow(
      'versions.0.national: the first version states no items for LV_RESIDENTIAL',
    );
    const unknown = structuredClone(shipped);
    unknown.versions[0].overlays = { beijing: {} };
    expect(() => FeeSchedule.fromData(unknown, JURISDICTIONS, 'fees.json')).toThrow(
      'fees.json is invalid: versions.0.overlays.beijing: "beijing" is not an overlay jurisdiction',
    );
  });
});
