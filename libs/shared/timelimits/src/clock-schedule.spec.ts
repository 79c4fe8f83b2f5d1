import calendar2026 from '../data/calendar-cn-2026.json';
import { CalendarData, DAY_MS, WorkingCalendar } from './working-calendar';
import {
  assertWarnShare,
  calendarFor,
  clockFigures,
  ClockRecord,
  deadlinesOf,
  dueMilestones,
  judgeClock,
  MILESTONES,
  milestoneInstant,
  milestonesOf,
  nextDueAt,
  pausedWorkingMs,
} from './clock-schedule';

const HOUR_MS = 60 * 60 * 1000;
const at = (iso: string): Date => new Date(iso);
const calendar = new WorkingCalendar(calendar2026);
const year2027: CalendarData = {
  timezone: 'Asia/Shanghai',
  holidays: [{ name: 'New Year', from: '2027-01-01', to: '2027-01-03' }],
  makeUpWorkdays: [],
  covers: { from: '2027-01-01', to: '2027-12-31' },
  source: 'test 2027',
};

/** A running clock started at `startedAt`, in working days unless `changes.dayUnit` says calendar days. */
function clock(startedAt: string, limitDays: number | null, targetDays: number | null, changes: Partial<ClockRecord> = {}): ClockRecord {
  const start = at(startedAt);
  const dayUnit = changes.dayUnit ?? 'WORKING_DAYS';
  const base: ClockRecord = {
    id: 'c1',
    caseId: 'case-1',
    caseNumber: 'YK-2026-000001',
    customerId: 'cust-1',
    category: 'HV_SINGLE_SOURCE',
    policyVersion: '2020-01',
    stage: 'SUPPLY_SCHEME',
    round: 1,
    team: null,
    limitDays,
    targetDays,
    dayUnit,
    startedAt: start,
    ...deadlinesOf(calendarFor(calendar, { dayUnit }), { startedAt: start, limitDays, targetDays }, changes.pausedMs ?? 0),
    state: 'RUNNING',
    pausedSince: null,
    pausedMs: 0,
    stoppedAt: null,
    utilityMs: null,
    customerMs: null,
    targetWarnedAt: null,
    targetBreachedAt: null,
    limitWarnedAt: null,
    limitBreachedAt: null,
    nextDueAt: null,
  };
  return { ...base, ...changes };
}

describe('clock schedule', () => {
  it('places the four milestones by the counting rule, a warning at 80 % of a working day count', () => {
    // 3 working days from 2026-09-30 count Oct 8, 9 and the make-up Saturday Oct 10.
    const c = clock('2026-09-30T15:20:00+08:00', 3, 3);
    const instants = MILESTONES.map((m) => milestoneInstant(calendar, c, m, 0.8).toISOString());
    // 2.4 days: Oct 8 and 9 in full, then 0.4 × 24 h = 9 h 36 min of Oct 10.
    expect(instants).toEqual([
      at('2026-10-10T09:36:00+08:00').toISOString(),
      at('2026-10-11T00:00:00+08:00').toISOString(),
      at('2026-10-10T09:36:00+08:00').toISOString(),
      at('2026-10-11T00:00:00+08:00').toISOString(),
    ]);
    expect(c.deadline).toEqual(at('2026-10-11T00:00:00+08:00'));
    expect(c.provisional).toBe(false);
  });

  it('keeps target and limit apart when they differ (HV single source scheme: 20 / 15 working days)', () => {
    const c = clock('2026-09-30T15:20:00+08:00', 20, 15);
    const [targetWarned, targetBreached, limitWarned, limitBreached] = MILESTONES.map((m) => milestoneInstant(calendar, c, m, 0.8));
    // Counting from Oct 8: 12th working day is Oct 22, 15th Oct 27, 16th Oct 28, 20th Nov 3.
    expect(targetWarned).toEqual(at('2026-10-23T00:00:00+08:00'));
    expect(targetBreached).toEqual(at('2026-10-28T00:00:00+08:00'));
    expect(limitWarned).toEqual(at('2026-10-29T00:00:00+08:00'));
    expect(limitBreached).toEqual(at('2026-11-04T00:00:00+08:00'));
    expect(c.targetDeadline).toEqual(targetBreached);
    // A different share moves only the warnings.
    expect(milestoneInstant(calendar, c, MILESTONES[0], 0.5)).toEqual(at('2026-10-16T12:00:00+08:00'));
  });

  it('names the due milestones, earliest first with TARGET before LIMIT on a tie, and the next one due', () => {
    const c = clock('2026-09-30T15:20:00+08:00', 3, 3);
    expect(dueMilestones(calendar, c, 0.8, at('2026-10-10T09:35:59+08:00'))).toEqual([]);
    expect(nextDueAt(calendar, c, 0.8)).toEqual(at('2026-10-10T09:36:00+08:00'));
    const due = dueMilestones(calendar, c, 0.8, at('2026-10-10T09:36:00+08:00'));
    expect(due.map((d) => d.milestone.key)).toEqual(['TARGET_WARNED', 'LIMIT_WARNED']);
    const warned = { ...c, targetWarnedAt: due[0].at, limitWarnedAt: due[1].at };
    expect(nextDueAt(calendar, warned, 0.8)).toEqual(at('2026-10-11T00:00:00+08:00'));
    expect(dueMilestones(calendar, warned, 0.8, at('2026-12-01T00:00:00+08:00')).map((d) => d.milestone.key)).toEqual([
      'TARGET_BREACHED',
      'LIMIT_BREACHED',
    ]);
    const done = { ...warned, targetBreachedAt: c.deadline, limitBreachedAt: c.deadline };
    expect(nextDueAt(calendar, done, 0.8)).toBeNull();
    // Nothing falls due while paused or once stopped.
    expect(nextDueAt(calendar, { ...c, state: 'PAUSED', pausedSince: at('2026-10-08T10:00:00+08:00') }, 0.8)).toBeNull();
    expect(dueMilestones(calendar, { ...c, state: 'STOPPED' }, 0.8, at('2027-01-01T00:00:00+08:00'))).toEqual([]);
  });

  it('accounts pauses exactly to the second: utility and customer time, deadlines pushed by paused working time', () => {
    // Intermediate inspection, 5 / 5 days, requested Mon 2026-10-12 10:00: counting starts Tue 13 00:00.
    const start = '2026-10-12T10:00:00+08:00';
    const from = at('2026-10-14T15:30:15+08:00');
    const to = at('2026-10-19T09:00:00+08:00');
    // Wed 8 h 29 min 45 s + Thu 24 h + Fri 24 h + (weekend nothing) + Mon 9 h.
    const paused = pausedWorkingMs(calendar, at(start), from, to);
    expect(paused).toBe(65 * HOUR_MS + 29 * 60_000 + 45_000);

    // While the pause lasts, Sat 2026-10-17 12:00: utility time is frozen at Tue + Wed until 15:30:15.
    const whilePaused = clock(start, 5, 5, { state: 'PAUSED', pausedSince: from });
    const during = clockFigures(calendar, whilePaused, 0.8, at('2026-10-17T12:00:00+08:00'));
    expect(during.utilityMs).toBe(24 * HOUR_MS + 15 * HOUR_MS + 30 * 60_000 + 15_000);
    expect(during.customerMs).toBe(8 * HOUR_MS + 29 * 60_000 + 45_000 + 2 * DAY_MS);
    // The deadline shown moves on with the pause so far.
    expect(during.deadline).toEqual(calendar.instantReaching(at(start), 5 * DAY_MS + during.customerMs).at);

    // After resuming, Mon 2026-10-19 12:00: 108 h of working time elapsed, 65:29:45 of it the customer's.
    const resumed = clock(start, 5, 5, { pausedMs: paused });
    const after = clockFigures(calendar, resumed, 0.8, at('2026-10-19T12:00:00+08:00'));
    expect(after.customerMs / 1000).toBe(65 * 3600 + 29 * 60 + 45);
    expect(after.utilityMs / 1000).toBe(42 * 3600 + 30 * 60 + 15);
    expect(after.remainingMs! / 1000).toBe(5 * 86_400 - (42 * 3600 + 30 * 60 + 15));
    // 120 h + 65:29:45 from Tue 13 00:00 over Tue-Fri, Mon 19, Tue 20, Wed 21: Thu 22 17:29:45.
    expect(resumed.deadline).toEqual(at('2026-10-22T17:29:45+08:00'));
    expect(clockFigures(calendar, resumed, 0.8, resumed.deadline!).utilityMs).toBe(5 * DAY_MS);
  });

  it('does not count a pause, or the start day, before utility time begins', () => {
    const start = at('2026-10-12T10:00:00+08:00');
    expect(pausedWorkingMs(calendar, start, at('2026-10-12T11:00:00+08:00'), at('2026-10-13T01:00:00+08:00'))).toBe(HOUR_MS);
    expect(clockFigures(calendar, clock('2026-10-12T10:00:00+08:00', 5, 5), 0.8, at('2026-10-12T23:00:00+08:00')).utilityMs).toBe(0);
  });

  it('judges status and on-time by utility time', () => {
    const hv = { limitDays: 20, targetDays: 15 };
    expect(judgeClock(hv, 12 * DAY_MS - 1, 0.8)).toEqual({ status: 'ON_TIME', onTime: true });
    expect(judgeClock(hv, 12 * DAY_MS, 0.8)).toEqual({ status: 'AT_RISK', onTime: true });
    expect(judgeClock(hv, 15 * DAY_MS, 0.8)).toEqual({ status: 'TARGET_MISSED', onTime: true });
    expect(judgeClock(hv, 20 * DAY_MS - 1, 0.8)).toEqual({ status: 'TARGET_MISSED', onTime: true });
    expect(judgeClock(hv, 20 * DAY_MS, 0.8)).toEqual({ status: 'BREACHED', onTime: false });
    const stopped = clock('2026-09-30T15:20:00+08:00', 3, 3, { state: 'STOPPED', utilityMs: 4 * DAY_MS, customerMs: HOUR_MS });
    const figures = clockFigures(calendar, stopped, 0.8, at('2030-01-01T00:00:00Z'));
    expect(figures).toMatchObject({ utilityMs: 4 * DAY_MS, customerMs: HOUR_MS, remainingMs: -DAY_MS, status: 'BREACHED', onTime: false });
  });

  it('marks a deadline beyond the calendar data provisional and moves it when 2027 data with a holiday inside the span arrives', () => {
    // HV dual-source scheme: target 30 working days from 2026-12-01.
    const start = at('2026-12-01T10:00:00+08:00');
    const limits = { startedAt: start, limitDays: 45, targetDays: 30 };
    const before = deadlinesOf(calendar, limits, 0);
    expect(before.provisional).toBe(true);
    expect(before.targetDeadline).toEqual(at('2027-01-13T00:00:00+08:00'));
    const after = deadlinesOf(calendar.with(year2027), limits, 0);
    expect(after.provisional).toBe(false);
    expect(after.targetDeadline).toEqual(at('2027-01-14T00:00:00+08:00'));
    expect(after.deadline!.getTime()).toBeGreaterThan(before.deadline!.getTime());
  });

  it('accepts a warn share in (0, 1] only', () => {
    expect(() => assertWarnShare(0.8)).not.toThrow();
    expect(() => assertWarnShare(1)).not.toThrow();
    for (const bad of [0, -0.1, 1.01, Number.NaN]) expect(() => assertWarnShare(bad)).toThrow('warn share must be in (0, 1]');
  });
});

describe('clocks counted in calendar days', () => {
  it('counts every day, holidays and weekends included, by the same rule as working days', () => {
    // Friday 2026-09-25 10:00: counting starts Saturday 00:00; 10 days run through the National Day holiday.
    const calendarDays = clock('2026-09-25T10:00:00+08:00', 10, null, { dayUnit: 'CALENDAR_DAYS' });
    expect(calendarDays.deadline).toEqual(at('2026-10-06T00:00:00+08:00'));
    expect(calendarDays.provisional).toBe(false);
    // The same figure in working days skips the weekend, the holiday and counts the make-up working days.
    const workingDays = clock('2026-09-25T10:00:00+08:00', 10, null, { dayUnit: 'WORKING_DAYS' });
    expect(workingDays.deadline!.getTime()).toBeGreaterThan(at('2026-10-12T00:00:00+08:00').getTime());
  });

  it('keeps the working-day facts pinned: 2026-09-30 + 3 working days closes 2026-10-10, 2026-02-13 + 3 closes 2026-02-25', () => {
    const autumn = clock('2026-09-30T10:00:00+08:00', 3, 3, { dayUnit: 'WORKING_DAYS' });
    expect(autumn.deadline).toEqual(at('2026-10-11T00:00:00+08:00'));
    const spring = clock('2026-02-13T10:00:00+08:00', 3, 3, { dayUnit: 'WORKING_DAYS' });
    expect(spring.deadline).toEqual(at('2026-02-26T00:00:00+08:00'));
  });

  it('counts a weekend as utility time for a calendar-day clock only', () => {
    const started = '2026-10-16T10:00:00+08:00'; // a Friday
    const now = at('2026-10-19T00:00:00+08:00'); // Monday 00:00: Saturday and Sunday have passed
    const calendarDays = clock(started, 10, null, { dayUnit: 'CALENDAR_DAYS' });
    const workingDays = clock(started, 10, null, { dayUnit: 'WORKING_DAYS' });
    expect(clockFigures(calendarFor(calendar, calendarDays), calendarDays, 0.8, now).utilityMs).toBe(48 * HOUR_MS);
    expect(clockFigures(calendarFor(calendar, workingDays), workingDays, 0.8, now).utilityMs).toBe(0);
  });
});

describe('clocks without a target or without a limit', () => {
  it('has only the limit milestones without a target, AT_RISK from the limit warning', () => {
    const limitOnly = clock('2026-10-12T10:00:00+08:00', 5, null, { dayUnit: 'WORKING_DAYS' });
    expect(limitOnly.targetDeadline).toBeNull();
    expect(milestonesOf(limitOnly).map((m) => m.key)).toEqual(['LIMIT_WARNED', 'LIMIT_BREACHED']);
    // 80 % of 5 working days from Tuesday 00:00 is 96 h: reached as Friday ends.
    expect(nextDueAt(calendar, limitOnly, 0.8)).toEqual(at('2026-10-17T00:00:00+08:00'));
    expect(judgeClock(limitOnly, 96 * HOUR_MS, 0.8)).toEqual({ status: 'AT_RISK', onTime: true });
    expect(judgeClock(limitOnly, 120 * HOUR_MS, 0.8)).toEqual({ status: 'BREACHED', onTime: false });
    const due = dueMilestones(calendar, limitOnly, 0.8, at('2026-10-21T00:00:00+08:00'));
    expect(due.map((d) => [d.milestone.key, d.at])).toEqual([
      ['LIMIT_WARNED', at('2026-10-17T00:00:00+08:00')],
      ['LIMIT_BREACHED', at('2026-10-20T00:00:00+08:00')],
    ]);
  });

  it('shows elapsed time without a limit: no deadline, no milestone, never due, always on time without a verdict', () => {
    const open = clock('2020-06-01T10:00:00+08:00', null, null, { dayUnit: 'WORKING_DAYS' });
    expect(open).toMatchObject({ deadline: null, targetDeadline: null, provisional: false });
    expect(milestonesOf(open)).toEqual([]);
    expect(nextDueAt(calendar, open, 0.8)).toBeNull();
    expect(dueMilestones(calendar, open, 0.8, at('2021-01-01T00:00:00+08:00'))).toEqual([]);
    const figures = clockFigures(calendar, open, 0.8, at('2020-06-03T10:00:00+08:00'));
    expect(figures).toMatchObject({
      utilityMs: 34 * HOUR_MS,
      customerMs: 0,
      remainingMs: null,
      deadline: null,
      status: 'ON_TIME',
      onTime: null,
    });
  });
});
