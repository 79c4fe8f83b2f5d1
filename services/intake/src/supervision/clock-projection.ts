import type { EventPayload } from '@yekuo/events';

/** Paused, resumed and relimited (v2 only) carry a clock's new terms: its deadline moves with them. */
export const CLOCK_EVENTS = ['started', 'warned', 'breached', 'stopped', 'paused', 'resumed', 'relimited'] as const;
export type ClockEventKind = (typeof CLOCK_EVENTS)[number];

/** The facts of one clock; every field is set by its own kind of event. */
export interface ClockFacts {
  clockId: string;
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: string;
  service: string;
  stage: string;
  round: number | null;
  team: string | null;
  limitDays: number;
  targetDays: number;
  deadline: Date;
  targetDeadline: Date;
  provisional: boolean;
  termsAt: Date;
  startedAt: Date | null;
  warnedAt: Date | null;
  targetBreachedAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  /** The clock waits on the customer since then (an END_TO_END clock's announced pause); null while it counts. */
  pausedAt: Date | null;
  /** The latest announced resume: a pause dated at or before it is over, whatever order the two arrive in. */
  resumedAt: Date | null;
  onTime: boolean | null;
  utilitySeconds: number | null;
  customerSeconds: number | null;
}

type TimeLimitPayload = EventPayload<'planning.timelimit.started.v1'>;

/**
 * `planning.timelimit.stopped.v1` → { service: 'planning', kind: 'stopped' }; v2 (stages added after v1,
 * e.g. ACCEPTANCE) alike; undefined for other types.
 */
export function parseClockEventType(type: string): { service: string; kind: ClockEventKind } | undefined {
  const match = /^([a-z]+)\.timelimit\.([a-z]+)\.v[12]$/.exec(type);
  if (!match || !(CLOCK_EVENTS as readonly string[]).includes(match[2])) return undefined;
  return { service: match[1], kind: match[2] as ClockEventKind };
}

const earliest = (current: Date | null, candidate: Date) => (current && current <= candidate ? current : candidate);
const laterThan = (at: Date, other: Date | null) => other === null || at > other;
const latest = (current: Date | null, candidate: Date) => (current && current >= candidate ? current : candidate);

/**
 * The clock after one more event, whatever order events arrive in: deadlines and team come from
 * the latest-dated event (a resume moves the deadline on), each milestone keeps its first time, the
 * latest-dated of the pauses and resumes says whether the clock waits on the customer (a resume
 * at the instant of a pause ends it), and a stop is final — a started or paused event arriving
 * after it cannot set the clock running or waiting again.
 */
export function applyClockEvent(clock: ClockFacts | null, service: string, kind: ClockEventKind, data: TimeLimitPayload): ClockFacts {
  const at = new Date(data.at);
  const terms = {
    stage: data.stage,
    limitDays: data.limitDays,
    targetDays: data.targetDays,
    deadline: new Date(data.deadline),
    targetDeadline: new Date(data.targetDeadline),
    provisional: data.provisional,
    termsAt: at,
  };
  const next: ClockFacts = clock
    ? { ...clock, ...(at >= clock.termsAt ? terms : {}) }
    : {
        clockId: data.clockId,
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        service,
        round: null,
        team: null,
        startedAt: null,
        warnedAt: null,
        targetBreachedAt: null,
        breachedAt: null,
        stoppedAt: null,
        pausedAt: null,
        resumedAt: null,
        onTime: null,
        utilitySeconds: null,
        customerSeconds: null,
        ...terms,
      };
  if (data.round !== undefined) next.round = data.round;
  if (data.team !== undefined && (next.team === null || at >= next.termsAt)) next.team = data.team;
  switch (kind) {
    case 'started':
      next.startedAt = earliest(next.startedAt, at);
      break;
    case 'warned':
      next.warnedAt = earliest(next.warnedAt, at);
      break;
    case 'breached':
      if (data.measure === 'TARGET') next.targetBreachedAt = earliest(next.targetBreachedAt, at);
      else next.breachedAt = earliest(next.breachedAt, at);
      break;
    case 'stopped':
      next.stoppedAt = earliest(next.stoppedAt, at);
      next.pausedAt = null;
      if (data.onTime !== undefined) next.onTime = data.onTime;
      if (data.utilitySeconds !== undefined) next.utilitySeconds = data.utilitySeconds;
      if (data.customerSeconds !== undefined) next.customerSeconds = data.customerSeconds;
      // A stop that does not say: on time when it came before the deadline.
      next.onTime ??= at <= next.deadline;
      break;
    case 'paused':
      if (next.stoppedAt === null && laterThan(at, next.resumedAt) && laterThan(at, next.pausedAt)) next.pausedAt = at;
      break;
    case 'resumed':
      next.resumedAt = latest(next.resumedAt, at);
      if (next.pausedAt !== null && next.pausedAt <= at) next.pausedAt = null;
      break;
    case 'relimited':
      // Only the terms change (the deadline a new limit moved), taken above.
      break;
  }
  return next;
}

/**
 * Overdue: running and past its regulatory deadline (or a breach was announced) while it counts.
 * A clock waiting on the customer is judged by what held when the wait began: its deadline stands
 * still until the resume moves it on, and the engine announces every milestone reached by a pause
 * before it (the pause never begins before one), so it is overdue only with a breach dated at or
 * before the pause.
 */
export function isOverdue(clock: Pick<ClockFacts, 'stoppedAt' | 'deadline' | 'breachedAt' | 'pausedAt'>, now: Date): boolean {
  if (clock.stoppedAt !== null) return false;
  if (clock.pausedAt !== null) return clock.breachedAt !== null && clock.breachedAt <= clock.pausedAt;
  return clock.breachedAt !== null || clock.deadline < now;
}

/** At risk: running, counting (a paused clock's time does not run out), not overdue, and warned or past its internal target. */
export function isAtRisk(
  clock: Pick<ClockFacts, 'stoppedAt' | 'deadline' | 'breachedAt' | 'pausedAt' | 'warnedAt' | 'targetBreachedAt' | 'targetDeadline'>,
  now: Date,
): boolean {
  return (
    !isOverdue(clock, now) &&
    clock.stoppedAt === null &&
    clock.pausedAt === null &&
    (clock.warnedAt !== null || clock.targetBreachedAt !== null || clock.targetDeadline < now)
  );
}
