import { WorkingCalendar } from '@yekuo/timelimits';
import type { ReminderRule } from '../rules/rules';
import { duePoint, workingDaysBefore } from './due-points';

// Weekdays work; 2026-12-08 is a holiday here, to see it stepped over.
const calendar = new WorkingCalendar({
  timezone: 'Asia/Shanghai',
  covers: { from: '2026-11-01', to: '2026-12-31' },
  holidays: [{ name: 'a test holiday', from: '2026-12-08', to: '2026-12-08' }],
  makeUpWorkdays: [],
});

const rule = (r: Partial<ReminderRule>): ReminderRule => ({
  id: 'r',
  item: 'SIGN_CONTRACT',
  template: 't',
  audience: ['CUSTOMER'],
  channels: ['INBOX'],
  urgency: 'NORMAL',
  ...r,
});

const monday = new Date('2026-11-30T02:00:00Z'); // Monday 10:00 in Shanghai

describe('due points of reminders', () => {
  it('falls due when the working days after the opening have passed, counted as time limits count them', () => {
    const after3 = rule({ afterWorkingDays: 3 });
    // Tuesday, Wednesday, Thursday: due at Friday 00:00 in Shanghai.
    expect(duePoint(calendar, after3, monday, null, new Date('2026-12-03T15:59:00Z'))).toBeUndefined();
    expect(duePoint(calendar, after3, monday, null, new Date('2026-12-04T02:00:00Z'))?.toISOString()).toBe('2026-12-03T16:00:00.000Z');
    // Not repeating: still that one point a week later.
    expect(duePoint(calendar, after3, monday, null, new Date('2026-12-11T02:00:00Z'))?.toISOString()).toBe('2026-12-03T16:00:00.000Z');
  });

  it('repeats every so many working days and gives the latest point passed, stepping over the holiday', () => {
    const repeating = rule({ afterWorkingDays: 3, everyWorkingDays: 3 });
    // After Friday 00:00, the next three working days are Fri 4, Mon 7, Wed 9 (Tue 8 a holiday): Thursday 00:00.
    expect(duePoint(calendar, repeating, monday, null, new Date('2026-12-09T15:00:00Z'))?.toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(duePoint(calendar, repeating, monday, null, new Date('2026-12-09T16:30:00Z'))?.toISOString()).toBe('2026-12-09T16:00:00.000Z');
  });

  it('falls due working days before the item’s own deadline, and never without one or before the item opened', () => {
    const before2 = rule({ item: 'CONFIRM_SCHEME', beforeWorkingDays: 2 });
    const expires = new Date('2026-12-10T02:00:00Z'); // Thursday 10:00
    // Two working days back from Thursday: Wednesday, then Monday (Tuesday is a holiday).
    expect(workingDaysBefore(calendar, expires, 2).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(duePoint(calendar, before2, monday, expires, new Date('2026-12-07T03:00:00Z'))?.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(duePoint(calendar, before2, monday, null, new Date('2026-12-09T00:00:00Z'))).toBeUndefined();
    expect(duePoint(calendar, before2, new Date('2026-12-08T00:00:00Z'), expires, new Date('2026-12-09T00:00:00Z'))).toBeUndefined();
  });
});
