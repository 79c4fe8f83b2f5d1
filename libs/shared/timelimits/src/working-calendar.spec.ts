import calendar2026 from '../data/calendar-cn-2026.json';
import { CalendarData, DAY_MS, WorkingCalendar } from './working-calendar';

const HOUR_MS = 60 * 60 * 1000;
const at = (iso: string): Date => new Date(iso);

const newYear2027: CalendarData = {
  timezone: 'Asia/Shanghai',
  holidays: [{ name: 'New Year', from: '2027-01-01', to: '2027-01-03' }],
  makeUpWorkdays: [],
  covers: { from: '2027-01-01', to: '2027-12-31' },
};

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar(calendar2026);

  describe('isWorkingDay', () => {
    it('counts a make-up Saturday as a working day', () => {
      expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    });

    it('does not count a holiday weekday', () => {
      expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
      expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
    });

    it('does not count an ordinary weekend, and counts an ordinary weekday', () => {
      expect(calendar.isWorkingDay('2026-10-17')).toBe(false);
      expect(calendar.isWorkingDay('2026-10-18')).toBe(false);
      expect(calendar.isWorkingDay('2026-10-19')).toBe(true);
    });

    it('decides on weekends alone outside the covered dates', () => {
      expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
      expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
      expect(new WorkingCalendar(calendar2026, newYear2027).isWorkingDay('2027-01-01')).toBe(false);
    });
  });

  it('reports the dates the data covers', () => {
    expect(calendar.covers('2026-01-01')).toBe(true);
    expect(calendar.covers('2026-12-31')).toBe(true);
    expect(calendar.covers('2025-12-31')).toBe(false);
    expect(calendar.covers('2027-01-01')).toBe(false);
  });

  describe('deadline', () => {
    it('ends 3 working days from 2026-09-30 at the close of the make-up Saturday 2026-10-10', () => {
      expect(calendar.deadline(at('2026-09-30T15:20:00+08:00'), 3)).toEqual({
        deadline: at('2026-10-11T00:00:00+08:00'),
        provisional: false,
      });
    });

    it('ends 3 working days from 2026-02-13 at the close of 2026-02-25', () => {
      expect(calendar.deadline(at('2026-02-13T09:00:00+08:00'), 3)).toEqual({
        deadline: at('2026-02-26T00:00:00+08:00'),
        provisional: false,
      });
    });

    it('takes the start day in local time, not UTC', () => {
      // 2026-09-30T17:00Z is already 2026-10-01 01:00 in Shanghai; counting still starts 2026-10-08.
      expect(calendar.deadline(at('2026-09-30T17:00:00Z'), 3).deadline).toEqual(at('2026-10-11T00:00:00+08:00'));
      // 2026-09-29T15:59Z is 2026-09-29 23:59 local: counting starts on 2026-09-30.
      expect(calendar.deadline(at('2026-09-29T15:59:00Z'), 1).deadline).toEqual(at('2026-10-01T00:00:00+08:00'));
    });

    it('pushes the deadline by paused working time, skipping non-working days', () => {
      // 6 h past the close of 2026-10-10: Sunday 2026-10-11 contributes nothing, so 06:00 on Monday 2026-10-12.
      expect(calendar.deadline(at('2026-09-30T10:00:00+08:00'), 3, 6 * HOUR_MS).deadline).toEqual(at('2026-10-12T06:00:00+08:00'));
      // A full day of pause after 2026-10-10 (Saturday) lands on Monday 2026-10-12, closing at 2026-10-13 00:00.
      expect(calendar.deadline(at('2026-09-30T10:00:00+08:00'), 3, DAY_MS).deadline).toEqual(at('2026-10-13T00:00:00+08:00'));
    });

    it('marks a 30-working-day clock from 2026-12-01 provisional, and moves it later when 2027 data arrives', () => {
      const start = at('2026-12-01T10:00:00+08:00');
      // Dec 2-31: 22 working days; then weekends alone: Jan 1, Jan 4-8, Jan 11-12.
      expect(calendar.deadline(start, 30)).toEqual({ deadline: at('2027-01-13T00:00:00+08:00'), provisional: true });
      // With New Year 2027-01-01..03 a holiday, the 30th working day is 2027-01-13.
      expect(new WorkingCalendar(calendar2026, newYear2027).deadline(start, 30)).toEqual({
        deadline: at('2027-01-14T00:00:00+08:00'),
        provisional: false,
      });
    });

    it('is not provisional when the deadline ends exactly at the close of the last covered day', () => {
      // Counting 2026-12-31 only (start 2026-12-30): the deadline instant 2027-01-01 00:00 needs no 2027 day.
      expect(calendar.deadline(at('2026-12-30T10:00:00+08:00'), 1)).toEqual({
        deadline: at('2027-01-01T00:00:00+08:00'),
        provisional: false,
      });
    });

    it('rejects invalid arguments', () => {
      expect(() => calendar.deadline(at('2026-09-30T10:00:00+08:00'), -1)).toThrow('workingDays must be a non-negative integer');
      expect(() => calendar.deadline(at('2026-09-30T10:00:00+08:00'), 1.5)).toThrow('workingDays must be a non-negative integer');
      expect(() => calendar.deadline(at('2026-09-30T10:00:00+08:00'), 1, -1)).toThrow('pausedMs must be a non-negative');
      expect(() => calendar.deadline(new Date(Number.NaN), 1)).toThrow('start must be a valid Date');
    });
  });

  describe('workingTimeBetween', () => {
    it('counts only working hours across a weekend', () => {
      // Fri 2026-10-16 12:00 to Mon 2026-10-19 06:00: 12 h on Friday + 6 h on Monday.
      expect(calendar.workingTimeBetween(at('2026-10-16T12:00:00+08:00'), at('2026-10-19T06:00:00+08:00'))).toBe(18 * HOUR_MS);
    });

    it('counts only working hours across the National Day holiday and its make-up Saturday', () => {
      // Wed 2026-09-30 18:00 to Sun 2026-10-11 12:00: 6 h on Sep 30, then Oct 8, 9 and 10 in full.
      expect(calendar.workingTimeBetween(at('2026-09-30T18:00:00+08:00'), at('2026-10-11T12:00:00+08:00'))).toBe(6 * HOUR_MS + 3 * DAY_MS);
    });

    it('is zero for an empty or reversed interval, and within a holiday', () => {
      const t = at('2026-10-08T10:00:00+08:00');
      expect(calendar.workingTimeBetween(t, t)).toBe(0);
      expect(calendar.workingTimeBetween(t, at('2026-10-08T09:00:00+08:00'))).toBe(0);
      expect(calendar.workingTimeBetween(at('2026-10-01T00:00:00+08:00'), at('2026-10-08T00:00:00+08:00'))).toBe(0);
    });

    it('agrees with deadline: from the first counted 00:00 to the deadline is N × 24 h', () => {
      expect(calendar.workingTimeBetween(at('2026-10-08T00:00:00+08:00'), at('2026-10-11T00:00:00+08:00'))).toBe(3 * DAY_MS);
    });
  });

  describe('calendar data', () => {
    it('rejects a timezone other than Asia/Shanghai', () => {
      expect(() => new WorkingCalendar({ ...calendar2026, timezone: 'Europe/Paris' })).toThrow(
        'Unsupported calendar timezone "Europe/Paris": only Asia/Shanghai',
      );
    });

    it('rejects malformed dates, reversed ranges, contradictions and an empty document list', () => {
      expect(() => new WorkingCalendar({ ...calendar2026, makeUpWorkdays: ['2026-02-30'] })).toThrow(
        'Invalid calendar date "2026-02-30": no such day',
      );
      expect(() => new WorkingCalendar({ ...calendar2026, makeUpWorkdays: ['2026/10/10'] })).toThrow(
        'Invalid calendar date "2026/10/10": expected YYYY-MM-DD',
      );
      expect(() => new WorkingCalendar({ ...newYear2027, holidays: [{ name: 'X', from: '2027-01-03', to: '2027-01-01' }] })).toThrow(
        'Holiday "X" 2027-01-03..2027-01-01: end before start',
      );
      expect(() => new WorkingCalendar({ ...newYear2027, makeUpWorkdays: ['2027-01-02'] })).toThrow(
        '2027-01-02 is both a holiday and a make-up working day',
      );
      expect(() => new WorkingCalendar()).toThrow('WorkingCalendar needs at least one calendar data document');
    });
  });
});

describe('WorkingCalendar.instantReaching and countingStart', () => {
  const calendar = new WorkingCalendar(calendar2026);

  it('reaches a fraction of a working day within that day', () => {
    // 2.4 days from 2026-09-30: Oct 8 and 9, then 9 h 36 min of the make-up Saturday Oct 10.
    expect(calendar.instantReaching(at('2026-09-30T15:20:00+08:00'), 2.4 * DAY_MS)).toEqual({
      at: at('2026-10-10T09:36:00+08:00'),
      provisional: false,
    });
  });

  it('agrees with deadline for whole days and with workingTimeSince', () => {
    const start = at('2026-02-13T09:00:00+08:00');
    expect(calendar.instantReaching(start, 3 * DAY_MS).at).toEqual(calendar.deadline(start, 3).deadline);
    const reached = calendar.instantReaching(start, 1.25 * DAY_MS).at;
    expect(calendar.workingTimeSince(start, reached)).toBe(1.25 * DAY_MS);
  });

  it('begins counting at 00:00 local of the day after the start', () => {
    expect(calendar.countingStart(at('2026-09-30T23:59:59+08:00'))).toEqual(at('2026-10-01T00:00:00+08:00'));
    expect(calendar.countingStart(at('2026-09-30T16:00:00Z'))).toEqual(at('2026-10-02T00:00:00+08:00'));
  });

  it('rejects a negative amount', () => {
    expect(() => calendar.instantReaching(at('2026-09-30T10:00:00+08:00'), -1)).toThrow('workingMs must be a non-negative finite number');
  });

  it('extends itself with more data documents', () => {
    const extended = calendar.with(newYear2027);
    expect(extended.documents).toHaveLength(2);
    expect(extended.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
  });
});
