import { Actor, CustomerCategory, EVENT_TYPES, NextAction } from '@yekuo/events';
import type { CaseStage as VariantStage, ProcessVariant } from '@yekuo/policy';
import type { CaseStage } from '../case/case-stage';
import {
  CLOCK_STAGE_TO_CASE_STAGE,
  COMPLETES_EVERY_STAGE,
  CONTRACT_FULLY_SIGNED,
  CUSTOMER_WAITS,
  CustomerWait,
  ENDS_EVERY_WAIT,
  EventMatch,
  FEES_SETTLED,
  LinkStatus,
  SAME_INSTANT_BEFORE,
  STAGE_COMPLETION,
  STEPS,
  TERMINAL_STAGES,
  VARIANT_STAGE_TO_CASE_STAGE,
} from './journey-policy';
import { ActionContext, CaseAction, contractSigned, currentVariant, deriveOpenActions, nextActionOf } from './open-actions';

/** One recorded event of a case, as the journey reads it. */
export interface JourneyEvent {
  id: string;
  type: string;
  time: Date;
  actor: Actor;
  nextAction?: NextAction | null;
  data: Record<string, unknown>;
}

export interface JourneyStep {
  stage: CaseStage;
  step: string;
  type: string;
  actor: Actor;
  at: Date;
  eventId: string;
}

export interface OutstandingItem {
  kind: string;
  description: string;
  items: string[];
  since: Date;
}

export interface FeesSummary {
  invoiced: string;
  paid: string;
  due: string;
  settled: boolean;
}

export interface Cancellation {
  service: string;
  cancelledWork: string[];
  reason: string;
  at: Date;
}

/** A link (环节) of the variant the case walks, as the customer counts them, and where it stands. */
export interface JourneyLink {
  id: string;
  title: string;
  stages: CaseStage[];
  status: LinkStatus;
}

export interface Journey {
  currentStage: CaseStage;
  /** The links of the variant the case walks now, in order; empty before acceptance fixes the variant. */
  links: JourneyLink[];
  /** The most urgent of `openActions`; null when none is open. */
  nextAction: NextAction | null;
  /** Every action that can happen now, most urgent first. */
  openActions: CaseAction[];
  steps: JourneyStep[];
  outstandingFromCustomer: OutstandingItem[];
  fees: FeesSummary | null;
  utilityTimeSeconds: number;
  customerTimeSeconds: number;
  cancellations: Cancellation[];
}

/** A payload scalar as text ('' for anything else). */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

/** The catalog's order of types, with each SAME_INSTANT_BEFORE pair's earlier type moved just before the later one. */
const catalogOrder = new Map<string, number>(
  SAME_INSTANT_BEFORE.reduce<string[]>(
    (order, [earlier, later]) => {
      const rest = order.filter((type) => type !== earlier);
      rest.splice(rest.indexOf(later), 0, earlier);
      return rest;
    },
    [...EVENT_TYPES],
  ).map((type, i) => [type, i]),
);

/**
 * The order of a case's timeline: by the event's own time, then by the catalog's order of types
 * (two events of one transaction share a millisecond: invoiced before settled, drafted before
 * signed), then by event id. Never by arrival.
 */
export function compareEvents(a: JourneyEvent, b: JourneyEvent): number {
  const byTime = a.time.getTime() - b.time.getTime();
  if (byTime !== 0) return byTime;
  const byType = (catalogOrder.get(a.type) ?? Number.MAX_SAFE_INTEGER) - (catalogOrder.get(b.type) ?? Number.MAX_SAFE_INTEGER);
  if (byType !== 0) return byType;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The facts events (in order) establish: their types, and CONTRACT_FULLY_SIGNED once both parties
 * signed the contract on the terms it must carry.
 */
export function factsOf(sorted: readonly JourneyEvent[]): Set<string> {
  const facts = new Set(sorted.map((event) => event.type));
  if (contractSigned(sorted)) facts.add(CONTRACT_FULLY_SIGNED);
  return facts;
}

/** Whether a stage of the variant is complete by the facts; a variant that invoices no fees does not wait for them. */
function stageComplete(variant: ProcessVariant, stage: VariantStage, facts: ReadonlySet<string>): boolean {
  if (COMPLETES_EVERY_STAGE.some((fact) => facts.has(fact))) return true;
  const groups = STAGE_COMPLETION[stage].filter((group) => variant.invoicesFees || group !== FEES_SETTLED);
  return groups.every((group) => group.some((fact) => facts.has(fact)));
}

/**
 * Where the case stands: WITHDRAWN or ARCHIVED once that happened, otherwise the first stage of
 * the variant the case walks that is not complete (ENERGIZATION, the last, while the case waits
 * to be archived).
 */
export function deriveStage(variant: ProcessVariant, facts: ReadonlySet<string>): CaseStage {
  for (const { fact, stage } of TERMINAL_STAGES) if (facts.has(fact)) return stage;
  const open = variant.stages.find((stage) => !stageComplete(variant, stage, facts));
  return VARIANT_STAGE_TO_CASE_STAGE[open ?? variant.stages[variant.stages.length - 1]];
}

/**
 * The links of the variant, each DONE when all its stages are complete; the first not done is
 * CURRENT and those after it PENDING. None before acceptance: the variant is fixed there.
 */
export function deriveLinks(variant: ProcessVariant, facts: ReadonlySet<string>): JourneyLink[] {
  if (!stageComplete(variant, 'ACCEPTANCE', facts)) return [];
  let currentSeen = false;
  return variant.links.map((link) => {
    const done = link.stages.every((stage) => stageComplete(variant, stage, facts));
    const status: LinkStatus = done ? 'DONE' : currentSeen ? 'PENDING' : 'CURRENT';
    currentSeen ||= !done;
    return { id: link.id, title: link.title, stages: link.stages.map((stage) => VARIANT_STAGE_TO_CASE_STAGE[stage]), status };
  });
}

/** The stage of the case after `sorted`, the events so far, under the variant they say it walks. */
function stageAfter(category: CustomerCategory, sorted: readonly JourneyEvent[]): CaseStage {
  return deriveStage(currentVariant(category, sorted), factsOf(sorted));
}

function matches(event: JourneyEvent, match: EventMatch): boolean {
  if (event.type !== match.type) return false;
  return Object.entries(match.where ?? {}).every(([field, value]) => event.data[field] === value);
}

function itemsOf(wait: CustomerWait, event: JourneyEvent): string[] {
  if (!wait.itemsFrom) return [];
  const raw = event.data[wait.itemsFrom];
  if (!Array.isArray(raw)) return [];
  return raw.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    const record = (entry ?? {}) as Record<string, unknown>;
    return (wait.itemFields ?? Object.keys(record)).map((field) => text(record[field])).join(': ');
  });
}

/** Total length in milliseconds of the union of intervals, clipped to [from, to]. */
export function unionLength(intervals: readonly [number, number][], from: number, to: number): number {
  const clipped = intervals
    .map(([start, end]) => [Math.max(start, from), Math.min(end, to)] as [number, number])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const interval of clipped) {
    if (current && interval[0] <= current[1]) {
      current[1] = Math.max(current[1], interval[1]);
    } else {
      if (current) total += current[1] - current[0];
      current = [...interval];
    }
  }
  if (current) total += current[1] - current[0];
  return total;
}

const toCents = (amount: unknown): number => {
  if (typeof amount !== 'string' || !/^\d+(\.\d{1,2})?$/.test(amount)) return 0;
  const [yuan, fraction = ''] = amount.split('.');
  return Number(yuan) * 100 + Number(fraction.padEnd(2, '0'));
};
const toYuan = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

function feesOf(events: readonly JourneyEvent[]): FeesSummary | null {
  const invoices = new Map<string, number>();
  const settled = new Set<string>();
  const payments = new Map<string, number>();
  for (const event of events) {
    const invoiceId = text(event.data.invoiceId);
    if (event.type === 'contracts.fees.invoiced.v1') invoices.set(invoiceId, toCents(event.data.total));
    if (event.type === 'contracts.fees.settled.v1') settled.add(invoiceId);
    if (event.type === 'contracts.payment.received.v1') payments.set(text(event.data.paymentId), toCents(event.data.amount));
  }
  if (invoices.size === 0) return null;
  const invoiced = [...invoices.values()].reduce((sum, cents) => sum + cents, 0);
  const paid = [...payments.values()].reduce((sum, cents) => sum + cents, 0);
  const allSettled = [...invoices.keys()].every((id) => settled.has(id));
  return {
    invoiced: toYuan(invoiced),
    paid: toYuan(paid),
    due: toYuan(allSettled ? 0 : Math.max(0, invoiced - paid)),
    settled: allSettled,
  };
}

/**
 * The case's journey from its recorded events, in any order they arrived.
 *
 * Time accounting: the case's time runs from its first event to its withdrawal or archive (or
 * `now`). Customer time is the union of the stretches the case waited on the customer
 * (CUSTOMER_WAITS with `customerTime`: returned → resubmitted, scheme replied → confirmed, design
 * returned → resubmitted, acceptance failed → requested again, contract drafted → signed by the
 * customer, fees invoiced → settled); overlapping waits count once. Utility time is the rest.
 */
export function deriveJourney(
  category: CustomerCategory,
  recorded: readonly JourneyEvent[],
  now: Date,
  context: ActionContext = {},
): Journey {
  return account(category, recorded, now, context).journey;
}

/**
 * What a read of the journey needs without the case's events: the journey's head as it stood at
 * its latest event, and whose time runs after it. Kept on the journey case at every event.
 */
export interface JourneySummary {
  /** The category it was derived for; a case recategorized since is derived again from its events. */
  category: CustomerCategory;
  /** The latest event's time (ISO 8601): the summary's accounts run to here. */
  at: string;
  currentStage: CaseStage;
  nextAction: NextAction | null;
  /** Every open action (dates as ISO 8601 in the stored summary); absent on summaries kept before open actions were derived. */
  openActions?: CaseAction[];
  /** The links of the case's variant; absent on summaries kept before links were derived. */
  links?: JourneyLink[];
  utilityMs: number;
  customerMs: number;
  /** Whose time grows after `at`: the customer's while a customer wait is open, none once the case ended. */
  running: 'UTILITY' | 'CUSTOMER' | null;
}

/** The summary of a case's recorded events (at least one). */
export function summarizeJourney(
  category: CustomerCategory,
  recorded: readonly JourneyEvent[],
  context: ActionContext = {},
): JourneySummary {
  const at = new Date(Math.max(...recorded.map((event) => event.time.getTime())));
  const { journey, utilityMs, customerMs, running } = account(category, recorded, at, context);
  return {
    category,
    at: at.toISOString(),
    currentStage: journey.currentStage,
    nextAction: journey.nextAction,
    openActions: journey.openActions,
    links: journey.links,
    utilityMs,
    customerMs,
    running,
  };
}

/**
 * The journey's head at `now` from its summary: the same figures deriveJourney gives from the
 * events, since after the latest event only one account grows, by the time elapsed.
 */
export function journeyHeadAt(
  summary: JourneySummary,
  now: Date,
): Pick<Journey, 'currentStage' | 'links' | 'nextAction' | 'openActions' | 'utilityTimeSeconds' | 'customerTimeSeconds'> {
  const since = Math.max(0, now.getTime() - Date.parse(summary.at));
  const utilityMs = summary.utilityMs + (summary.running === 'UTILITY' ? since : 0);
  const customerMs = summary.customerMs + (summary.running === 'CUSTOMER' ? since : 0);
  return {
    currentStage: summary.currentStage,
    links: summary.links ?? [],
    nextAction: summary.nextAction,
    openActions: (summary.openActions ?? []).map(revive),
    utilityTimeSeconds: Math.floor(utilityMs / 1000),
    customerTimeSeconds: Math.floor(customerMs / 1000),
  };
}

/** An open action as stored in a summary (its dates as text) back to its dates. */
function revive(action: CaseAction): CaseAction {
  const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));
  return {
    ...action,
    since: date(action.since),
    due: action.due === null ? null : date(action.due),
    clock: action.clock ? { ...action.clock, deadline: date(action.clock.deadline) } : null,
  };
}

function account(
  category: CustomerCategory,
  recorded: readonly JourneyEvent[],
  now: Date,
  context: ActionContext,
): { journey: Journey; utilityMs: number; customerMs: number; running: JourneySummary['running'] } {
  const events = [...recorded].sort(compareEvents);
  const steps: JourneyStep[] = [];
  const open = new Map<string, { wait: CustomerWait; since: Date; event: JourneyEvent }>();
  const customerIntervals: [number, number][] = [];
  const cancellations: Cancellation[] = [];
  let endedAt: Date | undefined;

  const closeWait = (id: string, at: Date) => {
    const entry = open.get(id);
    if (!entry) return;
    if (entry.wait.customerTime) customerIntervals.push([entry.since.getTime(), at.getTime()]);
    open.delete(id);
  };

  events.forEach((event, index) => {
    const known = STEPS[event.type as keyof typeof STEPS];
    const clockStage = event.type.includes('.timelimit.') ? CLOCK_STAGE_TO_CASE_STAGE[String(event.data.stage)] : undefined;
    const stage = known?.stage ?? clockStage ?? stageAfter(category, events.slice(0, index));
    steps.push({ stage, step: known?.step ?? event.type, type: event.type, actor: event.actor, at: event.time, eventId: event.id });

    for (const wait of CUSTOMER_WAITS) {
      const key = `${wait.kind}:${wait.key ? text(event.data[wait.key]) : ''}`;
      if (wait.closes.some((match) => matches(event, match))) closeWait(key, event.time);
      if (matches(event, wait.opens) && !open.has(key)) open.set(key, { wait, since: event.time, event });
    }
    if (ENDS_EVERY_WAIT.includes(event.type as (typeof ENDS_EVERY_WAIT)[number])) {
      for (const id of [...open.keys()]) closeWait(id, event.time);
      endedAt ??= event.time;
    }
    if (event.type.endsWith('.case.cancelled.v1')) {
      cancellations.push({
        service: event.type.split('.')[0],
        cancelledWork: Array.isArray(event.data.cancelledWork) ? event.data.cancelledWork.map(text) : [],
        reason: text(event.data.reason),
        at: event.time,
      });
    }
  });

  const variant = currentVariant(category, events);
  const facts = factsOf(events);
  const currentStage = deriveStage(variant, facts);
  const start = events[0]?.time.getTime() ?? now.getTime();
  const end = Math.max(start, (endedAt ?? now).getTime());
  for (const { wait, since } of open.values()) if (wait.customerTime) customerIntervals.push([since.getTime(), end]);
  const customerMs = unionLength(customerIntervals, start, end);
  const terminal = currentStage === 'WITHDRAWN' || currentStage === 'ARCHIVED';
  const openActions = terminal ? [] : deriveOpenActions(category, events, context);
  const customerWaiting = [...open.values()].some(({ wait }) => wait.customerTime);
  const running = endedAt ? null : customerWaiting ? 'CUSTOMER' : 'UTILITY';

  const journey: Journey = {
    currentStage,
    links: deriveLinks(variant, facts),
    nextAction: nextActionOf(openActions),
    openActions,
    steps,
    outstandingFromCustomer: [...open.values()].map(({ wait, since, event }) => ({
      kind: wait.kind,
      description: wait.description,
      items: itemsOf(wait, event),
      since,
    })),
    fees: feesOf(events),
    utilityTimeSeconds: Math.floor((end - start - customerMs) / 1000),
    customerTimeSeconds: Math.floor(customerMs / 1000),
    cancellations,
  };
  return { journey, utilityMs: end - start - customerMs, customerMs, running };
}
