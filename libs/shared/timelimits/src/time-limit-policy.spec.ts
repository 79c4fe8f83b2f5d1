import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA_DIR } from './calendar-files';
import { WorkingCalendar } from './working-calendar';
import calendar2026 from '../data/calendar-cn-2026.json';
import { deadlinesOf } from './clock-schedule';
import { TimeLimitPolicy, UnknownPolicyVersionError } from './time-limit-policy';

const shipped = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as {
  versions: { id: string; effectiveFrom: string; stages: Record<string, Record<string, { limit: number; target: number }>> }[];
};

describe('TimeLimitPolicy', () => {
  const policy = TimeLimitPolicy.fromFile();

  it('reads the limits and targets of the shipped data (docs/DOMAIN.md, time-limit table)', () => {
    expect(policy.versionIds).toEqual(['2020-01']);
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
      'Unknown time-limit policy version "2031-01"; the policy data defines 2020-01',
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
    expect(changed.versionInForce(new Date('2026-12-31T15:59:59Z'))).toBe('2020-01');
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
});
