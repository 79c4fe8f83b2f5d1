import calendar2026 from '../data/calendar-cn-2026.json';
import { WorkingCalendar } from './working-calendar';
import { calendarFor, clockFigures, ClockRecord, deadlinesOf, dueMilestones, judgeClock, milestonesOf, nextDueAt } from './clock-schedule';

const HOUR_MS = 60 * 60 * 1000;
const at = (iso: string): Date => new Date(iso);
const calendar = new WorkingCalendar(calendar2026);

function clock(startedAt: string, limits: Pick<ClockRecord, 'limitDays' | 'targetDays' | 'dayUnit'>): ClockRecord {
  const start = at(startedAt);
  return {
    id: 'c1',
    caseId: 'case-1',
    caseNumber: 'YK-2026-000001',
    customerId: 'cust-1',
    category: 'LV_NON_RESIDENTIAL',
    policyVersion: '2024-12',
    stage: 'END_TO_END',
    round: 1,
    team: null,
    ...limits,
    startedAt: start,
    ...deadlinesOf(calendarFor(calendar, limits), { startedAt: start, ...limits }, 0),
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
}

describe('clocks counted in calendar days', () => {
  it('counts every day, holidays and weekends included, by the same rule as working days', () => {
    // Friday 2026-09-25 10:00: counting starts Saturday 00:00; 10 days run through the National Day holiday.
    const calendarDays = clock('2026-09-25T10:00:00+08:00', { limitDays: 10, targetDays: null, dayUnit: 'CALENDAR_DAYS' });
    expect(calendarDays.deadline).toEqual(at('2026-10-06T00:00:00+08:00'));
    expect(calendarDays.provisional).toBe(false);
    // The same figure in working days skips the weekend, the holiday and counts the make-up working days.
    const workingDays = clock('2026-09-25T10:00:00+08:00', { limitDays: 10, targetDays: null, dayUnit: 'WORKING_DAYS' });
    expect(workingDays.deadline!.getTime()).toBeGreaterThan(at('2026-10-12T00:00:00+08:00').getTime());
  });

  it('keeps the working-day facts pinned: 2026-09-30 + 3 working days closes 2026-10-10, 2026-02-13 + 3 closes 2026-02-25', () => {
    const autumn = clock('2026-09-30T10:00:00+08:00', { limitDays: 3, targetDays: 3, dayUnit: 'WORKING_DAYS' });
    expect(autumn.deadline).toEqual(at('2026-10-11T00:00:00+08:00'));
    const spring = clock('2026-02-13T10:00:00+08:00', { limitDays: 3, targetDays: 3, dayUnit: 'WORKING_DAYS' });
    expect(spring.deadline).toEqual(at('2026-02-26T00:00:00+08:00'));
  });

  it('counts a weekend as utility time for a calendar-day clock only', () => {
    const started = '2026-10-16T10:00:00+08:00'; // a Friday
    const now = at('2026-10-19T00:00:00+08:00'); // Monday 00:00: Saturday and Sunday have passed
    const calendarDays = clock(started, { limitDays: 10, targetDays: null, dayUnit: 'CALENDAR_DAYS' });
    const workingDays = clock(started, { limitDays: 10, targetDays: null, dayUnit: 'WORKING_DAYS' });
    expect(clockFigures(calendarFor(calendar, calendarDays), calendarDays, 0.8, now).utilityMs).toBe(48 * HOUR_MS);
    expect(clockFigures(calendarFor(calendar, workingDays), workingDays, 0.8, now).utilityMs).toBe(0);
  });
});

describe('clocks without a target or without a limit', () => {
  it('has only the limit milestones without a target, AT_RISK from the limit warning', () => {
    const limitOnly = clock('2026-10-12T10:00:00+08:00', { limitDays: 5, targetDays: null, dayUnit: 'WORKING_DAYS' });
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
    const open = clock('2020-06-01T10:00:00+08:00', { limitDays: null, targetDays: null, dayUnit: 'WORKING_DAYS' });
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
