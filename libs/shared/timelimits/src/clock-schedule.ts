/**
 * The arithmetic of a time-limit clock, free of any framework: when its four milestones fall,
 * which are due, and how much utility and customer time it has counted. Shared by the clock
 * service, the sweeper and the benchmark, so all three decide alike.
 *
 * Counting rule (docs/DOMAIN.md, "How time is counted"): utility time runs from 00:00 of the
 * first working day after the clock starts, 24 h per working day, minus the working time spent
 * in pauses (waiting on the customer). A milestone is reached when utility time reaches its
 * amount, so a step finished before its deadline instant is on time and one finished at or
 * after it is late.
 */
import type { CustomerCategory } from '@yekuo/events';
import { DAY_MS, WorkingCalendar } from './working-calendar';
import type { ClockStage, DayUnit } from './time-limit-policy';

export const CLOCK_STATES = ['RUNNING', 'PAUSED', 'STOPPED', 'CANCELLED'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

export const CLOCK_STATUSES = ['ON_TIME', 'AT_RISK', 'TARGET_MISSED', 'BREACHED'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** The default share of a limit or target at which a warning is published. */
export const DEFAULT_WARN_SHARE = 0.8;

/** One clock as stored (table stage_clock). */
export interface ClockRecord {
  id: string;
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  policyVersion: string;
  stage: ClockStage;
  round: number;
  team: string | null;
  /** The limit; null for a clock that runs without one (it shows elapsed time, never warns nor breaches). */
  limitDays: number | null;
  /** The internal target; null when the clock has none (its milestones are the limit's alone). */
  targetDays: number | null;
  /** How the days count: working days by the working calendar, or every day (calendar-day figures). */
  dayUnit: DayUnit;
  startedAt: Date;
  /** The instant utility time reaches the limit, given the pauses closed so far; null without a limit. */
  deadline: Date | null;
  /** The instant utility time reaches the internal target, given the pauses closed so far; null without a target. */
  targetDeadline: Date | null;
  /** True while either deadline depends on a day the calendar data does not cover. */
  provisional: boolean;
  state: ClockState;
  pausedSince: Date | null;
  /** Working time spent in closed pauses (counted from where utility time begins). */
  pausedMs: number;
  stoppedAt: Date | null;
  /** Set when stopped: utility and customer time counted in all. */
  utilityMs: number | null;
  customerMs: number | null;
  targetWarnedAt: Date | null;
  targetBreachedAt: Date | null;
  limitWarnedAt: Date | null;
  limitBreachedAt: Date | null;
  /** The earliest pending milestone instant; null unless running with a milestone ahead. */
  nextDueAt: Date | null;
}

export type Measure = 'LIMIT' | 'TARGET';

export interface Milestone {
  key: 'TARGET_WARNED' | 'TARGET_BREACHED' | 'LIMIT_WARNED' | 'LIMIT_BREACHED';
  measure: Measure;
  kind: 'warned' | 'breached';
  field: 'targetWarnedAt' | 'targetBreachedAt' | 'limitWarnedAt' | 'limitBreachedAt';
}

/** The four milestones of every clock, in the order ties are announced. */
export const MILESTONES: readonly Milestone[] = [
  { key: 'TARGET_WARNED', measure: 'TARGET', kind: 'warned', field: 'targetWarnedAt' },
  { key: 'TARGET_BREACHED', measure: 'TARGET', kind: 'breached', field: 'targetBreachedAt' },
  { key: 'LIMIT_WARNED', measure: 'LIMIT', kind: 'warned', field: 'limitWarnedAt' },
  { key: 'LIMIT_BREACHED', measure: 'LIMIT', kind: 'breached', field: 'limitBreachedAt' },
];

type Limits = Pick<ClockRecord, 'limitDays' | 'targetDays'>;

const everyDayCalendars = new WeakMap<WorkingCalendar, WorkingCalendar>();

/** The calendar a clock counts by: the working calendar, or every day for a calendar-day figure. */
export function calendarFor(calendar: WorkingCalendar, clock: Pick<ClockRecord, 'dayUnit'>): WorkingCalendar {
  if (clock.dayUnit !== 'CALENDAR_DAYS') return calendar;
  let everyDay = everyDayCalendars.get(calendar);
  if (!everyDay) {
    everyDay = calendar.everyDay();
    everyDayCalendars.set(calendar, everyDay);
  }
  return everyDay;
}

/** The milestones a clock has: the target's only with a target, none without a limit. */
export function milestonesOf(clock: Limits): readonly Milestone[] {
  return MILESTONES.filter((m) => (m.measure === 'LIMIT' ? clock.limitDays : clock.targetDays) !== null);
}

/** Throws unless 0 < share ≤ 1. */
export function assertWarnShare(share: number): void {
  if (!Number.isFinite(share) || share <= 0 || share > 1) throw new Error(`warn share must be in (0, 1], got ${share}`);
}

/** Utility time at which a milestone is reached, in ms. */
export function milestoneWorkingMs(clock: Limits, milestone: Milestone, warnShare: number): number {
  const days = milestone.measure === 'LIMIT' ? clock.limitDays : clock.targetDays;
  if (days === null) throw new Error(`the clock has no ${milestone.measure.toLowerCase()} to reach`);
  return milestone.kind === 'breached' ? days * DAY_MS : Math.round(warnShare * days * DAY_MS);
}

/** Working time of a pause [from, to) that counts against the clock (none before utility time begins). */
export function pausedWorkingMs(calendar: WorkingCalendar, startedAt: Date, from: Date, to: Date): number {
  const begin = Math.max(from.getTime(), calendar.countingStart(startedAt).getTime());
  return calendar.workingTimeBetween(new Date(begin), to);
}

/** Both deadlines of a clock given `pausedMs` of paused working time. */
export function deadlinesOf(
  calendar: WorkingCalendar,
  clock: Pick<ClockRecord, 'startedAt' | 'limitDays' | 'targetDays'>,
  pausedMs: number,
): { deadline: Date | null; targetDeadline: Date | null; provisional: boolean } {
  const limit = clock.limitDays === null ? null : calendar.instantReaching(clock.startedAt, clock.limitDays * DAY_MS + pausedMs);
  const target = clock.targetDays === null ? null : calendar.instantReaching(clock.startedAt, clock.targetDays * DAY_MS + pausedMs);
  return {
    deadline: limit?.at ?? null,
    targetDeadline: target?.at ?? null,
    provisional: (limit?.provisional ?? false) || (target?.provisional ?? false),
  };
}

/** The instant a milestone falls, given the pauses closed so far. */
export function milestoneInstant(calendar: WorkingCalendar, clock: ClockRecord, milestone: Milestone, warnShare: number): Date {
  return calendar.instantReaching(clock.startedAt, milestoneWorkingMs(clock, milestone, warnShare) + clock.pausedMs).at;
}

/** Milestones of a running clock not yet announced whose instant is at or before `now`, earliest first. */
export function dueMilestones(
  calendar: WorkingCalendar,
  clock: ClockRecord,
  warnShare: number,
  now: Date,
): { milestone: Milestone; at: Date }[] {
  if (clock.state !== 'RUNNING') return [];
  return milestonesOf(clock)
    .filter((m) => clock[m.field] === null)
    .map((milestone) => ({ milestone, at: milestoneInstant(calendar, clock, milestone, warnShare) }))
    .filter((m) => m.at.getTime() <= now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The earliest pending milestone of a running clock; null when paused, stopped or all announced. */
export function nextDueAt(calendar: WorkingCalendar, clock: ClockRecord, warnShare: number): Date | null {
  if (clock.state !== 'RUNNING') return null;
  let next: number | null = null;
  for (const milestone of milestonesOf(clock)) {
    if (clock[milestone.field] !== null) continue;
    const at = milestoneInstant(calendar, clock, milestone, warnShare).getTime();
    if (next === null || at < next) next = at;
  }
  return next === null ? null : new Date(next);
}

export interface ClockFigures {
  utilityMs: number;
  customerMs: number;
  /** Utility time left before the regulatory limit; negative when late; null without a limit. */
  remainingMs: number | null;
  /** The limit and target deadlines as they stand now (a running pause pushes them on); null when the clock has none. */
  deadline: Date | null;
  targetDeadline: Date | null;
  provisional: boolean;
  status: ClockStatus;
  /** Whether utility time is within the limit; null without a limit. */
  onTime: boolean | null;
}

/** Where a clock stands at `now` (or, once stopped, where it ended). */
export function clockFigures(calendar: WorkingCalendar, clock: ClockRecord, warnShare: number, now: Date): ClockFigures {
  let utilityMs: number;
  let customerMs: number;
  let deadlines = { deadline: clock.deadline, targetDeadline: clock.targetDeadline, provisional: clock.provisional };
  if (clock.state === 'STOPPED' || clock.state === 'CANCELLED') {
    utilityMs = clock.utilityMs ?? 0;
    customerMs = clock.customerMs ?? clock.pausedMs;
  } else {
    const openPauseMs = clock.pausedSince ? pausedWorkingMs(calendar, clock.startedAt, clock.pausedSince, now) : 0;
    customerMs = clock.pausedMs + openPauseMs;
    utilityMs = Math.max(0, calendar.workingTimeSince(clock.startedAt, now) - customerMs);
    if (openPauseMs > 0) deadlines = deadlinesOf(calendar, clock, customerMs);
  }
  return {
    utilityMs,
    customerMs,
    remainingMs: clock.limitDays === null ? null : clock.limitDays * DAY_MS - utilityMs,
    ...deadlines,
    ...judgeClock(clock, utilityMs, warnShare),
  };
}

/**
 * Status and on-time verdict for `utilityMs` of utility time. Without a target the limit's
 * warning marks AT_RISK; without a limit the clock is always ON_TIME and has no verdict (null).
 */
export function judgeClock(clock: Limits, utilityMs: number, warnShare: number): { status: ClockStatus; onTime: boolean | null } {
  if (clock.limitDays === null) return { status: 'ON_TIME', onTime: null };
  const reached = (key: Milestone['key']) => {
    const milestone = MILESTONES.find((m) => m.key === key)!;
    return milestonesOf(clock).includes(milestone) && utilityMs >= milestoneWorkingMs(clock, milestone, warnShare);
  };
  const status: ClockStatus = reached('LIMIT_BREACHED')
    ? 'BREACHED'
    : reached('TARGET_BREACHED')
      ? 'TARGET_MISSED'
      : reached('TARGET_WARNED') || (clock.targetDays === null && reached('LIMIT_WARNED'))
        ? 'AT_RISK'
        : 'ON_TIME';
  return { status, onTime: !reached('LIMIT_BREACHED') };
}
