import { z } from 'zod';
import { caseActions } from './case-action';
import { ROLES } from './role';

export const CUSTOMER_CATEGORIES = ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'] as const;
export const customerCategory = z.enum(CUSTOMER_CATEGORIES);
export type CustomerCategory = z.infer<typeof customerCategory>;

export const actor = z.object({ id: z.string().min(1), role: z.enum(ROLES) });
export type Actor = z.infer<typeof actor>;

/** Who holds the case next, so the journey never re-implements another stage's state machine. */
export const nextAction = z.object({
  role: z.enum(ROLES),
  team: z.string().min(1).optional(),
  description: z.string().min(1),
});
export type NextAction = z.infer<typeof nextAction>;

/** Carried by every payload of the catalog. */
export const casePayload = z.object({
  caseId: z.uuid(),
  caseNumber: z.string().regex(/^YK-\d{4}-\d{6}$/),
  customerId: z.uuid(),
  category: customerCategory,
  policyVersion: z.string().min(1),
  actor,
  nextAction: nextAction.optional(),
  /** The region of the supply site (the team that acts is the team of this region); absent on events published before v1 carried it. */
  regionCode: z.string().min(1).optional(),
  /** What was applied for (e.g. NEW_CONNECTION, TEMPORARY_SUPPLY); absent on events published before v1 carried it. */
  businessType: z.string().min(1).optional(),
  /** The work this event opens and closes, by action code; absent on events that do not name it. */
  actions: caseActions.optional(),
});
export type CasePayload = z.infer<typeof casePayload>;

/** The stages the `.timelimit.*.v1` events were published with (their `stage` stays this enum). */
export const V1_CLOCK_STAGES = [
  'SUPPLY_SCHEME',
  'DESIGN_REVIEW',
  'INTERMEDIATE_INSPECTION',
  'COMPLETION_ACCEPTANCE',
  'ENERGIZATION',
] as const;
/** Every stage a clock measures; a stage beyond the v1 set is announced as `.timelimit.*.v2`. */
export const STAGES = [
  ...V1_CLOCK_STAGES,
  'EXTERNAL_WORKS',
  'ACCEPTANCE',
  'CONTRACT_DRAFTING',
  'INVOICING',
  'METER_INSTALLATION',
  /** The whole case, from acceptance to power-on (intake's clock; docs/DOMAIN.md, "The end-to-end clock"). */
  'END_TO_END',
] as const;

const isoTime = z.iso.datetime({ offset: true });

/** The time-limit events every service emits for the clocks of its stages. */
export const timeLimitPayload = casePayload.extend({
  clockId: z.uuid(),
  stage: z.enum(V1_CLOCK_STAGES),
  limitDays: z.number().int().positive(),
  targetDays: z.number().int().positive(),
  deadline: isoTime,
  targetDeadline: isoTime,
  provisional: z.boolean(),
  at: isoTime,
  /** On warned/breached: whether the regulatory limit or the internal target was crossed. */
  measure: z.enum(['LIMIT', 'TARGET']).optional(),
  /** Per-round stages (design review): which round this clock measures. */
  round: z.number().int().positive().optional(),
  /** The team that held the step, for on-time rates by team. */
  team: z.string().min(1).optional(),
  /** Utility time and customer (paused) time so far, in seconds; set on stopped. */
  utilitySeconds: z.number().int().nonnegative().optional(),
  customerSeconds: z.number().int().nonnegative().optional(),
  /** On stopped: whether the step finished within the regulatory limit. */
  onTime: z.boolean().optional(),
});

/** How the days of a limit count: working days, or every day (a figure stated in calendar days). */
export const dayUnit = z.enum(['WORKING_DAYS', 'CALENDAR_DAYS']);

/** `.timelimit.*.v2`: the v1 payload for every clock stage, including those added after v1 (e.g. EXTERNAL_WORKS). */
export const timeLimitPayloadV2 = timeLimitPayload.extend({
  stage: z.enum(STAGES),
  /** How limitDays and targetDays count; absent means working days (every clock before END_TO_END). */
  dayUnit: dayUnit.optional(),
});

/**
 * `.timelimit.paused.v2` / `.timelimit.resumed.v2`: a clock stopped counting because every open
 * action waits on the customer, or counts again; `.timelimit.relimited.v2`: it has a new limit
 * (and deadline). The limit fields are absent on a clock that runs without a limit (a case
 * accepted under a version that states none).
 */
export const timeLimitPausePayload = timeLimitPayloadV2.extend({
  limitDays: z.number().int().positive().optional(),
  targetDays: z.number().int().positive().optional(),
  deadline: isoTime.optional(),
  targetDeadline: isoTime.optional(),
  /** On paused: why the clock waits (what the customer owes); on relimited: why the limit changed. */
  reason: z.string().min(1).optional(),
  /** On resumed: the paused time that no longer counts, in seconds of the clock's days. */
  pausedSeconds: z.number().int().nonnegative().optional(),
});

export { isoTime };

/**
 * `<service>.audit.anchored.v1`: one anchor of a service's audit chains (decision 0016): its number
 * (increasing per service), time and key, and each chain head it fixes, signed one by one with
 * Ed25519 over the canonical JSON of `{ service, anchorNo, anchoredAt, caseId, seq, hash }`.
 * Not about one case: the envelope's subject is `anchorId`.
 */
export const auditAnchoredPayload = z.object({
  anchorId: z.uuid(),
  service: z.string().min(1),
  anchorNo: z.number().int().positive(),
  anchoredAt: isoTime,
  keyId: z.string().min(1),
  heads: z
    .array(
      z.object({
        caseId: z.uuid(),
        seq: z.number().int().positive(),
        hash: z.string().regex(/^[0-9a-f]{64}$/),
        signature: z.string().min(1),
      }),
    )
    .min(1),
});

/** Supply voltage levels a case is applied and schemed at. */
export const VOLTAGE_LEVELS = ['AC220V', 'AC380V', 'AC10KV', 'AC20KV', 'AC35KV', 'AC110KV'] as const;
export type VoltageLevel = (typeof VOLTAGE_LEVELS)[number];

const LOW_VOLTAGE_LEVELS: readonly string[] = ['AC220V', 'AC380V'];

/** Whether a voltage level is low voltage (0.4 kV and below). */
export function isLowVoltage(level: string): boolean {
  return LOW_VOLTAGE_LEVELS.includes(level);
}

/**
 * The process a case walks (docs/DOMAIN.md, "Process variants"): the per-step process before the
 * 2020 reform, 三零 (low voltage in two links: the contract signed with the application, then
 * construction and connection) or 三省 (high voltage in three links).
 */
export const PROCESS_VARIANT_NAMES = ['PRE_REFORM', 'THREE_ZERO', 'THREE_SAVINGS'] as const;
export const processVariantName = z.enum(PROCESS_VARIANT_NAMES);
export type ProcessVariantName = z.infer<typeof processVariantName>;

/** What the application asks for. */
export const BUSINESS_TYPES = ['NEW_CONNECTION', 'CAPACITY_INCREASE', 'TEMPORARY_SUPPLY'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/** Intended use of the supply. */
export const USAGES = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'AGRICULTURAL', 'PUBLIC_SERVICE'] as const;
export type Usage = (typeof USAGES)[number];

/** Metering methods (计量方式) a supply scheme sets. */
export const METERING_METHODS = ['HIGH_SUPPLY_HIGH_METERING', 'HIGH_SUPPLY_LOW_METERING', 'LOW_SUPPLY_LOW_METERING'] as const;
export type MeteringMethod = (typeof METERING_METHODS)[number];

/** Tariff categories (电价类别) a supply scheme sets. */
export const TARIFF_CATEGORIES = ['RESIDENTIAL', 'GENERAL_INDUSTRIAL_COMMERCIAL', 'LARGE_INDUSTRIAL', 'AGRICULTURAL'] as const;
export type TariffCategory = (typeof TARIFF_CATEGORIES)[number];
