import type { WorkingCalendar } from '@yekuo/timelimits';
import type { ReminderRule } from '../rules/rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The local date (YYYY-MM-DD) of `at` in `timeZone`. */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `days` working days before `at`, at the same time of day (a day the calendar does not count is stepped over). */
export function workingDaysBefore(calendar: WorkingCalendar, at: Date, days: number): Date {
  let t = at.getTime();
  for (let counted = 0; counted < days;) {
    t -= DAY_MS;
    if (calendar.isWorkingDay(localDate(new Date(t), calendar.timezone))) counted += 1;
  }
  return new Date(t);
}

/** Due points of a repeating reminder looked through at most: a year of working days at one a day. */
const MAX_REPEATS = 260;

/**
 * The latest point at or before `now` at which `rule` fell due for an item opened at `openedAt`
 * with its own deadline `dueAt`: working days after the opening (counted as the time limits
 * count them, then every `everyWorkingDays`), or working days before the deadline. Undefined
 * when none has come yet, the rule needs a deadline the item has none of, or it would fall
 * before the item opened.
 */
export function duePoint(calendar: WorkingCalendar, rule: ReminderRule, openedAt: Date, dueAt: Date | null, now: Date): Date | undefined {
  if (rule.beforeWorkingDays !== undefined) {
    if (!dueAt) return undefined;
    const due = workingDaysBefore(calendar, dueAt, rule.beforeWorkingDays);
    return due > openedAt && due <= now ? due : undefined;
  }
  if (rule.afterWorkingDays === undefined) return undefined;
  let latest: Date | undefined;
  for (let n = 0; n < MAX_REPEATS; n++) {
    const due = calendar.deadline(openedAt, rule.afterWorkingDays + n * (rule.everyWorkingDays ?? 0)).deadline;
    if (due > now) break;
    latest = due;
    if (!rule.everyWorkingDays) break;
  }
  return latest;
}
