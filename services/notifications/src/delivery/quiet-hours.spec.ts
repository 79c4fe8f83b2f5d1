import { quietHoursEnd } from './quiet-hours';

const shanghai = (from: number, until: number) => ({ from, until, timeZone: 'Asia/Shanghai' });

describe('quietHoursEnd', () => {
  it('holds a message sent at 23:30 in Shanghai until 08:00 the next morning, over midnight', () => {
    const at = new Date('2026-12-07T15:30:00Z'); // 23:30 in Shanghai
    expect(quietHoursEnd(at, shanghai(22 * 60, 8 * 60))?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
  });

  it('holds one sent at 06:15:42 until 08:00 the same morning', () => {
    const at = new Date('2026-12-07T22:15:42.123Z'); // 06:15:42 on the 8th in Shanghai
    expect(quietHoursEnd(at, shanghai(22 * 60, 8 * 60))?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
  });

  it('lets one through outside the quiet hours, at their end, and when none are set', () => {
    expect(quietHoursEnd(new Date('2026-12-08T00:00:00Z'), shanghai(22 * 60, 8 * 60))).toBeUndefined();
    expect(quietHoursEnd(new Date('2026-12-08T04:00:00Z'), shanghai(22 * 60, 8 * 60))).toBeUndefined();
    expect(quietHoursEnd(new Date('2026-12-08T04:00:00Z'), { from: null, until: null, timeZone: 'Asia/Shanghai' })).toBeUndefined();
  });

  it('reads quiet hours within one day (12:00 to 14:00) in the given time zone', () => {
    const at = new Date('2026-12-08T04:30:00Z'); // 12:30 in Shanghai
    expect(quietHoursEnd(at, shanghai(12 * 60, 14 * 60))?.toISOString()).toBe('2026-12-08T06:00:00.000Z');
    expect(quietHoursEnd(at, { from: 12 * 60, until: 14 * 60, timeZone: 'Europe/London' })).toBeUndefined();
  });
});
