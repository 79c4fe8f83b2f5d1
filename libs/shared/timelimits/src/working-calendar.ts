/**
 * Working-day calendar and the counting rule of "How time is counted" (docs/DOMAIN.md).
 *
 * Each working day contributes 24 hours, every other day none. A clock's utility time runs
 * from 00:00 (local) of the first working day after the day its step starts; the deadline is
 * the instant that time reaches N × 24 h. Beyond the dates the calendar data covers, weekends
 * alone decide, and a deadline that depends on such a day is provisional.
 */

/** One calendar data document, shaped like libs/shared/timelimits/data/calendar-cn-2026.json. */
export interface CalendarData {
  timezone: string;
  holidays: ReadonlyArray<{ name: string; from: string; to: string }>;
  makeUpWorkdays: readonly string[];
  covers: { from: string; to: string };
  source?: string;
  year?: number;
}

export interface Deadline {
  deadline: Date;
  /** True when any day counted lies outside the dates the calendar data covers. */
  provisional: boolean;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Timezones this calendar supports, with their fixed offset from UTC (no daylight saving). */
const SUPPORTED_TIMEZONES: Readonly<Record<string, number>> = { 'Asia/Shanghai': 8 * 60 * 60 * 1000 };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date written YYYY-MM-DD; throws on anything else. */
function dayNumber(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new Error(`Invalid calendar date "${date}": expected YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`Invalid calendar date "${date}": no such day`);
  }
  return ms / DAY_MS;
}

function assertInstant(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${name} must be a valid Date`);
  return ms;
}

export class WorkingCalendar {
  readonly timezone: string;
  private readonly offsetMs: number;
  private readonly holidays = new Set<number>();
  private readonly makeUpWorkdays = new Set<number>();
  /** Covered day ranges, inclusive, as day numbers. */
  private readonly covered: Array<{ from: number; to: number }> = [];

  /** True for the every-day calendar of calendar-day figures (see everyDay). */
  private allDays = false;

  /** The data documents this calendar was built from, in order. */
  readonly documents: readonly CalendarData[];

  constructor(...documents: CalendarData[]) {
    this.documents = [...documents];
    if (documents.length === 0) throw new Error('WorkingCalendar needs at least one calendar data document');
    const timezone = documents[0].timezone;
    for (const doc of documents) {
      if (!Object.prototype.hasOwnProperty.call(SUPPORTED_TIMEZONES, doc.timezone)) {
        throw new Error(`Unsupported calendar timezone "${doc.timezone}": only ${Object.keys(SUPPORTED_TIMEZONES).join(', ')}`);
      }
      if (doc.timezone !== timezone) {
        throw new Error(`Calendar documents disagree on timezone: "${timezone}" and "${doc.timezone}"`);
      }
      const coverFrom = dayNumber(doc.covers.from);
      const coverTo = dayNumber(doc.covers.to);
      if (coverTo < coverFrom) throw new Error(`Calendar covers ${doc.covers.from}..${doc.covers.to}: end before start`);
      this.covered.push({ from: coverFrom, to: coverTo });
      for (const holiday of doc.holidays) {
        const from = dayNumber(holiday.from);
        const to = dayNumber(holiday.to);
        if (to < from) throw new Error(`Holiday "${holiday.name}" ${holiday.from}..${holiday.to}: end before start`);
        for (let day = from; day <= to; day++) this.holidays.add(day);
      }
      for (const date of doc.makeUpWorkdays) this.makeUpWorkdays.add(dayNumber(date));
    }
    for (const day of this.makeUpWorkdays) {
      if (this.holidays.has(day)) {
        throw new Error(`${new Date(day * DAY_MS).toISOString().slice(0, 10)} is both a holiday and a make-up working day`);
      }
    }
    this.timezone = timezone;
    this.offsetMs = SUPPORTED_TIMEZONES[timezone];
  }

  /**
   * The same calendar counting every day as a working day and covering every date: how a figure
   * stated in calendar days (e.g. Shanghai's "within 10 days") is counted, by the same rule.
   */
  everyDay(): WorkingCalendar {
    const calendar = new WorkingCalendar(...this.documents);
    calendar.allDays = true;
    return calendar;
  }

  /** A calendar with `more` data documents added to this one's. */
  with(...more: CalendarData[]): WorkingCalendar {
    return new WorkingCalendar(...this.documents, ...more);
  }

  /** Whether the calendar data covers this date (YYYY-MM-DD). */
  covers(date: string): boolean {
    return this.coversDay(dayNumber(date));
  }

  /** A make-up working day is a working day; a holiday is not; otherwise Monday to Friday. */
  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /**
   * The instant a clock of `workingDays` working days, started at `start`, runs out: counting
   * begins at 00:00 of the first working day after the start's local date, and `pausedMs` of
   * paused working time is added to the N × 24 h to reach.
   */
  deadline(start: Date, workingDays: number, pausedMs = 0): Deadline {
    assertInstant(start, 'start');
    if (!Number.isInteger(workingDays) || workingDays < 0) {
      throw new Error(`workingDays must be a non-negative integer, got ${workingDays}`);
    }
    if (!Number.isFinite(pausedMs) || pausedMs < 0) throw new Error(`pausedMs must be a non-negative finite number, got ${pausedMs}`);

    const { at, provisional } = this.instantReaching(start, workingDays * DAY_MS + pausedMs);
    return { deadline: at, provisional };
  }

  /**
   * The instant a clock started at `start` has counted `workingMs` of working time (any
   * non-negative amount, e.g. 80 % of 3 days): the generalisation of `deadline` to time that
   * is not a whole number of days. Paused working time is simply added to `workingMs`.
   */
  instantReaching(start: Date, workingMs: number): { at: Date; provisional: boolean } {
    const startMs = assertInstant(start, 'start');
    if (!Number.isFinite(workingMs) || workingMs < 0) throw new Error(`workingMs must be a non-negative finite number, got ${workingMs}`);
    let remaining = workingMs;
    let provisional = false;
    let day = this.localDay(startMs) + 1;
    for (;;) {
      if (!this.coversDay(day)) provisional = true;
      if (this.isWorkingDayNumber(day)) {
        if (remaining <= DAY_MS) return { at: new Date(this.dayStart(day) + remaining), provisional };
        remaining -= DAY_MS;
      }
      day++;
    }
  }

  /** 00:00 local of the day after the one `start` falls on: where a clock's utility time begins to count. */
  countingStart(start: Date): Date {
    return new Date(this.dayStart(this.localDay(assertInstant(start, 'start')) + 1));
  }

  /** Working time a clock started at `start` has counted by `at`, before subtracting pauses. */
  workingTimeSince(start: Date, at: Date): number {
    return this.workingTimeBetween(this.countingStart(start), at);
  }

  /** Milliseconds of working time in [from, to); zero when `to` is not after `from`. */
  workingTimeBetween(from: Date, to: Date): number {
    const fromMs = assertInstant(from, 'from');
    const toMs = assertInstant(to, 'to');
    let total = 0;
    for (let day = this.localDay(fromMs); this.dayStart(day) < toMs; day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const begin = Math.max(fromMs, this.dayStart(day));
      const end = Math.min(toMs, this.dayStart(day + 1));
      if (end > begin) total += end - begin;
    }
    return total;
  }

  private coversDay(day: number): boolean {
    if (this.allDays) return true;
    return this.covered.some((range) => day >= range.from && day <= range.to);
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.allDays) return true;
    if (this.coversDay(day)) {
      if (this.makeUpWorkdays.has(day)) return true;
      if (this.holidays.has(day)) return false;
    }
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6;
  }

  /** The local calendar day (days since 1970-01-01) an instant falls on. */
  private localDay(ms: number): number {
    return Math.floor((ms + this.offsetMs) / DAY_MS);
  }

  /** The instant of 00:00 local time on a day. */
  private dayStart(day: number): number {
    return day * DAY_MS - this.offsetMs;
  }
}
