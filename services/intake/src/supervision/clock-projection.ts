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

/**
 * The clock after one more event, whatever order events arrive in: deadlines and team come from
 * the latest-dated event (a pause moves the deadline), each milestone keeps its first time, and
 * a stop is final — a started event arriving after it cannot set the clock running again.
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
      if (data.onTime !== undefined) next.onTime = data.onTime;
      if (data.utilitySeconds !== undefined) next.utilitySeconds = data.utilitySeconds;
      if (data.customerSeconds !== undefined) next.customerSeconds = data.customerSeconds;
      // A stop that does not say: on time when it came before the deadline.
      next.onTime ??= at <= next.deadline;
      break;
    case 'paused':
    case 'resumed':
    case 'relimited':
      // Only the terms change (the deadline a pause or a new limit moved), taken above.
      break;
  }
  return next;
}

/** Overdue: running past its regulatory deadline (or a breach was announced). */
export function isOverdue(clock: Pick<ClockFacts, 'stoppedAt' | 'deadline' | 'breachedAt'>, now: Date): boolean {
  return clock.stoppedAt === null && (clock.breachedAt !== null || clock.deadline < now);
}

/** At risk: running, not overdue, and warned or past its internal target. */
export function isAtRisk(
  clock: Pick<ClockFacts, 'stoppedAt' | 'deadline' | 'breachedAt' | 'warnedAt' | 'targetBreachedAt' | 'targetDeadline'>,
  now: Date,
): boolean {
  return (
    !isOverdue(clock, now) &&
    clock.stoppedAt === null &&
    (clock.warnedAt !== null || clock.targetBreachedAt !== null || clock.targetDeadline < now)
  );
}
