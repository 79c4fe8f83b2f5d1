import type { CustomerCategory } from '@yekuo/events';
import type { OwnLimits, TimeLimitPolicy } from '@yekuo/timelimits';
import { CUSTOMER_SIDE_ROLES } from './journey-policy';

/** The clock of the whole case, from acceptance to power-on (docs/DOMAIN.md, "The end-to-end clock"). */
export const END_TO_END_CLOCK = 'END_TO_END' as const;

/** The whole-process limit chosen for a case, with where it comes from. */
export interface EndToEndLimits {
  limits: OwnLimits;
  /** Whether the "with external works" figure was chosen. */
  externalWorks: boolean;
  /** The source of the figure; null when the policy states none (the clock runs without a limit). */
  source: string | null;
}

/**
 * The END_TO_END limit of a case: its category's whole-process figure for the case's pin (the version
 * it was accepted under and the jurisdiction of its region), with or without external works. The
 * figure counts in its own unit (working or calendar days), rounded up to whole days. Unknown (null
 * for the jurisdiction and the national default, as for every case of the pre-reform 2020-01): no
 * limit, no target; the clock shows its elapsed time and never warns nor breaches. The clock has no
 * internal target of its own: the step clocks' targets are the internal goals leading to it.
 */
export function endToEndLimits(
  policy: TimeLimitPolicy,
  policyVersion: string,
  regionCode: string | null,
  category: CustomerCategory,
  externalWorks: boolean,
): EndToEndLimits {
  const figure = policy.endToEndLimit(policy.pinOf(policyVersion, regionCode ?? ''), category, { externalWorks });
  if (!figure) return { limits: { limitDays: null, targetDays: null, dayUnit: 'WORKING_DAYS' }, externalWorks, source: null };
  return {
    limits: { limitDays: Math.max(1, Math.ceil(figure.days)), targetDays: null, dayUnit: figure.unit },
    externalWorks,
    source: figure.source,
  };
}

/** The facts the limit choice reads: the type and data of each recorded event, in order. */
export interface ExternalWorksFact {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Whether the case needs the utility's external works: a works order was opened
 * (`planning.externalworks.ordered.v1`), or the latest confirmed scheme says so
 * (`externalWorksRequired`). Until then the limit is the one without external works.
 */
export function needsExternalWorks(facts: readonly ExternalWorksFact[]): boolean {
  if (facts.some((f) => f.type === 'planning.externalworks.ordered.v1')) return true;
  const confirmed = facts.filter((f) => f.type === 'planning.scheme.confirmed.v1').at(-1);
  return confirmed?.data.externalWorksRequired === true;
}

/** An open action as the rule reads it: who must act, and what. */
export interface OpenActionFact {
  /** The role as the open action names it (a Role). */
  role: string;
  description: string;
}

/**
 * The pause rule of the END_TO_END clock (utility time only): it runs while any utility action is
 * open, and pauses only while every open action waits on the customer (or an agent acting for
 * them). A case with no open action at all keeps running: nothing waits on the customer.
 */
export function endToEndPause(openActions: readonly OpenActionFact[]): { paused: false } | { paused: true; reason: string } {
  if (openActions.length === 0) return { paused: false };
  const customerSide = (role: string) => (CUSTOMER_SIDE_ROLES as readonly string[]).includes(role);
  if (openActions.some((action) => !customerSide(action.role))) return { paused: false };
  return { paused: true, reason: `Every open action waits on the customer: ${openActions.map((a) => a.description).join('; ')}` };
}
