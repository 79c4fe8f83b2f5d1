import { CloudEvent, CustomerCategory, ProcessVariantName } from '@yekuo/events';
import { carriesRequiredTerms, GATE_CONDITIONS, GateCondition, variantOf } from '@yekuo/policy';

/**
 * The energization gate (装表接电): the supply may be switched on only when every
 * condition of the case's process variant holds. The conditions are policy data
 * (`variantOf(category, processVariant).gateConditions`), never a branch on the category.
 */

/**
 * The conditions a case of `category` walking `processVariant` (null: a case from before variants
 * were walked, the pre-reform gate) must meet before it is energized, in policy order; with
 * EXTERNAL_WORKS_COMPLETED last when its confirmed scheme needs the utility's external works.
 */
export function requiredConditionsOf(
  category: CustomerCategory,
  processVariant: ProcessVariantName | null,
  externalWorksRequired = false,
): GateCondition[] {
  const gate = variantOf(category, processVariant).gateConditions;
  return externalWorksRequired && !gate.includes('EXTERNAL_WORKS_COMPLETED') ? [...gate, 'EXTERNAL_WORKS_COMPLETED'] : [...gate];
}

/** A recorded gate fact: its condition and, for CONTRACT_SIGNED, the highest terms version a full signature carried. */
export interface RecordedFact {
  condition: GateCondition;
  termsVersion: number | null;
}

/**
 * The recorded conditions that hold, in the order given. When the case names the terms its contract must
 * carry (`contractTermsVersion`, a case that walks or walked 三零), CONTRACT_SIGNED holds only by a full
 * signature of a contract on those terms or newer ones; a contract signed on older terms (or naming none)
 * is to be signed again. A case that names none counts any full signature, as before variants were walked.
 */
export function heldConditions(facts: readonly RecordedFact[], contractTermsVersion: number | null): GateCondition[] {
  return facts
    .filter((fact) => fact.condition !== 'CONTRACT_SIGNED' || carriesRequiredTerms(fact.termsVersion, contractTermsVersion))
    .map((fact) => fact.condition);
}

/**
 * The conditions of `required` not among `recorded`, in the order of `required`
 * (duplicates in `required` reported once). Recorded facts the case does not
 * require are ignored. Empty means the gate may open.
 */
export function missingConditions(required: readonly GateCondition[], recorded: readonly GateCondition[]): GateCondition[] {
  const held = new Set(recorded);
  return [...new Set(required)].filter((condition) => !held.has(condition));
}

/**
 * Whether the gate opens now: the case's conditions are known (its scheme was
 * confirmed), it has not opened before, and nothing is missing. Decided under
 * the row lock of the case, so it is true for exactly one transaction.
 */
export function gateOpensNow(state: {
  required: readonly GateCondition[] | null;
  recorded: readonly GateCondition[];
  openedAt: Date | null;
}): boolean {
  if (state.required === null || state.openedAt !== null) return false;
  return state.required.length > 0 && missingConditions(state.required, state.recorded).length === 0;
}

export function isGateCondition(value: unknown): value is GateCondition {
  return typeof value === 'string' && (GATE_CONDITIONS as readonly string[]).includes(value);
}

/** The upstream events that are gate facts, and the fact each one establishes (or null when it establishes none). */
export const FACT_EVENTS = {
  'contracts.contract.signed.v1': (event: CloudEvent<'contracts.contract.signed.v1'>) =>
    event.data.fullySigned ? ('CONTRACT_SIGNED' as const) : null,
  'contracts.fees.settled.v1': (_event: CloudEvent<'contracts.fees.settled.v1'>) => 'FEES_SETTLED' as const,
  'inspection.acceptance.passed.v1': (_event: CloudEvent<'inspection.acceptance.passed.v1'>) => 'COMPLETION_ACCEPTED' as const,
  'planning.externalworks.completed.v1': (_event: CloudEvent<'planning.externalworks.completed.v1'>) => 'EXTERNAL_WORKS_COMPLETED' as const,
} satisfies Record<string, (event: never) => GateCondition | null>;

export type FactEventType = keyof typeof FACT_EVENTS;

/** The scheme version whose terms the contract of a signature carries (null: any other fact, or a contract that names none). */
export function termsVersionOf(event: CloudEvent<FactEventType>): number | null {
  return event.type === 'contracts.contract.signed.v1'
    ? ((event as CloudEvent<'contracts.contract.signed.v1'>).data.termsVersion ?? null)
    : null;
}

/** The gate fact an upstream event establishes, or null (e.g. a contract signed by one party only). */
export function factOf<T extends FactEventType>(event: CloudEvent<T>): GateCondition | null {
  return (FACT_EVENTS[event.type] as (e: CloudEvent<T>) => GateCondition | null)(event);
}
