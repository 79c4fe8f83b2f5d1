import { TimeLimitPolicy } from '@yekuo/timelimits';
import { endToEndLimits, endToEndPause, needsExternalWorks } from './end-to-end-clock';

const policy = TimeLimitPolicy.fromFile();

describe('the END_TO_END limit of a case', () => {
  it('takes the figure without external works until they are needed, then the one with them (Suizhou LV non-residential: 5, then 15 working days)', () => {
    expect(endToEndLimits(policy, '2024-12', '421302', 'LV_NON_RESIDENTIAL', false)).toMatchObject({
      limits: { limitDays: 5, targetDays: null, dayUnit: 'WORKING_DAYS' },
      externalWorks: false,
      source: expect.stringContaining('Suizhou'),
    });
    expect(endToEndLimits(policy, '2024-12', '421302', 'LV_NON_RESIDENTIAL', true).limits).toEqual({
      limitDays: 15,
      targetDays: null,
      dayUnit: 'WORKING_DAYS',
    });
    // Residential and 10 kV single source have one figure either way.
    expect(endToEndLimits(policy, '2021-01', '421302', 'LV_RESIDENTIAL', false).limits.limitDays).toBe(3);
    expect(endToEndLimits(policy, '2021-01', '421302', 'HV_SINGLE_SOURCE', true).limits.limitDays).toBe(38);
  });

  it("counts a figure stated in days as calendar days (Shanghai's 10 days for small LV non-residential access)", () => {
    expect(endToEndLimits(policy, '2024-12', '310104', 'LV_NON_RESIDENTIAL', false).limits).toEqual({
      limitDays: 10,
      targetDays: null,
      dayUnit: 'CALENDAR_DAYS',
    });
    expect(endToEndLimits(policy, '2024-12', '310104', 'LV_NON_RESIDENTIAL', true).limits.dayUnit).toBe('CALENDAR_DAYS');
  });

  it('runs without a limit where the figure is unknown, and for every case accepted under the pre-reform 2020-01', () => {
    const none = { limits: { limitDays: null, targetDays: null, dayUnit: 'WORKING_DAYS' }, source: null };
    // The national default states no whole-process figure; Shanghai states none for residential cases.
    expect(endToEndLimits(policy, '2024-12', '110101', 'LV_NON_RESIDENTIAL', false)).toMatchObject(none);
    expect(endToEndLimits(policy, '2024-12', '310104', 'LV_RESIDENTIAL', true)).toMatchObject(none);
    // 2020-01 is the per-step list: no whole-process limit even where a later version has one.
    expect(endToEndLimits(policy, '2020-01', '421302', 'LV_NON_RESIDENTIAL', false)).toMatchObject(none);
    expect(endToEndLimits(policy, '2020-01', '310104', 'LV_NON_RESIDENTIAL', true)).toMatchObject(none);
  });
});

describe('whether a case needs external works', () => {
  const confirmed = (externalWorksRequired?: boolean) => ({
    type: 'planning.scheme.confirmed.v1',
    data: externalWorksRequired === undefined ? {} : { externalWorksRequired },
  });

  it('does once a works order is opened, or the latest confirmed scheme says so', () => {
    expect(needsExternalWorks([])).toBe(false);
    expect(needsExternalWorks([confirmed()])).toBe(false);
    expect(needsExternalWorks([confirmed(false)])).toBe(false);
    expect(needsExternalWorks([confirmed(true)])).toBe(true);
    expect(needsExternalWorks([confirmed(true), confirmed(false)])).toBe(false);
    expect(needsExternalWorks([confirmed(false), { type: 'planning.externalworks.ordered.v1', data: {} }])).toBe(true);
  });
});

describe('the pause rule', () => {
  const customer = { role: 'customer', description: 'Confirm the supply scheme' };
  const agent = { role: 'agent', description: 'Pay the connection fees' };
  const meter = { role: 'metering-technician', description: 'Install the meter' };

  it('pauses only while every open action waits on the customer or an agent acting for them', () => {
    expect(endToEndPause([customer])).toEqual({ paused: true, reason: expect.stringContaining('Confirm the supply scheme') });
    expect(endToEndPause([customer, agent])).toEqual({ paused: true, reason: expect.stringContaining('Pay the connection fees') });
  });

  it('runs while any utility action is open, and when nothing is open', () => {
    expect(endToEndPause([customer, meter])).toEqual({ paused: false });
    expect(endToEndPause([meter])).toEqual({ paused: false });
    expect(endToEndPause([])).toEqual({ paused: false });
  });
});
