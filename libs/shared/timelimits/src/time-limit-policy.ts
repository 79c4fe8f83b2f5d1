import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SHARED_DATA_DIR } from './calendar-files';
import { CUSTOMER_CATEGORIES, CustomerCategory, isLowVoltage, PROCESS_VARIANT_NAMES, ProcessVariantName, STAGES } from '@yekuo/events';

/** A step measured by a time-limit clock (the stages of the time-limit table in docs/DOMAIN.md). */
export type ClockStage = (typeof STAGES)[number];
export const CLOCK_STAGES = STAGES;

/** The regulatory limit and the internal target of one step, in working days. */
export interface StageLimits {
  limitDays: number;
  targetDays: number;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const days = z.number().int().positive();
const entry = z
  .object({ limit: days, target: days })
  .strict()
  .refine((e) => e.target <= e.limit, { message: 'the internal target may not be longer than the regulatory limit' });

/** How a figure of the policy counts days: the utility's working days or every day. */
export const DAY_UNITS = ['WORKING_DAYS', 'CALENDAR_DAYS'] as const;
export type DayUnit = (typeof DAY_UNITS)[number];

/**
 * The process variant a version assigns a category: the per-step process before the reform,
 * 三零 (low voltage in two links) or 三省 (high voltage in three).
 */
export const POLICY_VARIANTS = PROCESS_VARIANT_NAMES;
export type PolicyVariant = ProcessVariantName;

/** What decides whether a case qualifies for 三零: the terms applied for, or those of a scheme. */
export interface SupplyTerms {
  voltageLevel: string;
  capacityKva: number;
  supplySources: number;
}

/** Jurisdiction of the national default: every region code no overlay claims. */
export const NATIONAL = 'national';

const source = z.string().min(1);
const dayFigure = z
  .object({ value: z.number().positive().nullable(), unit: z.enum(DAY_UNITS), source, note: z.string().min(1).optional() })
  .strict()
  .refine((f) => f.value !== null || f.note !== undefined, { message: 'an unknown figure (null) needs a note saying why' });
const endToEndEntry = z.object({ withExternalWorks: dayFigure, withoutExternalWorks: dayFigure }).partial().strict();
const lvCeilingFigure = z
  .object({ value: z.number().positive(), unit: z.enum(['kW', 'kVA']), inclusive: z.boolean(), source, note: z.string().optional() })
  .strict();
const powerFactorFigure = z.object({ value: z.number().gt(0).lte(1), source, note: z.string().optional() }).strict();
const figuresSchema = z
  .object({
    endToEnd: z.partialRecord(z.enum(CUSTOMER_CATEGORIES), endToEndEntry),
    lvCeiling: lvCeilingFigure,
    powerFactor: powerFactorFigure,
    variants: z
      .partialRecord(z.enum(CUSTOMER_CATEGORIES), z.enum(POLICY_VARIANTS))
      .refine(
        (variants) =>
          Object.entries(variants).every(([category, variant]) =>
            variant === 'THREE_ZERO' ? category.startsWith('LV_') : variant === 'THREE_SAVINGS' ? category.startsWith('HV_') : true,
          ),
        { message: '三零 (THREE_ZERO) is a low-voltage variant and 三省 (THREE_SAVINGS) a high-voltage one' },
      ),
    acceptance: dayFigure,
    externalWorksPermits: dayFigure,
  })
  .partial()
  .strict();
type Figures = z.infer<typeof figuresSchema>;
type DayFigure = z.infer<typeof dayFigure>;

const versionSchema = z.object({
  id: z.string().min(1),
  effectiveFrom: z.iso.date(),
  label: z.string().optional(),
  source: z.string().optional(),
  note: z.string().optional(),
  stages: z.partialRecord(z.enum(STAGES), z.partialRecord(z.enum(CUSTOMER_CATEGORIES), entry)),
  national: figuresSchema.optional(),
  overlays: z.record(z.string(), figuresSchema).optional(),
});

const jurisdictionSchema = z
  .object({
    name: z.string().min(1),
    regionPrefixes: z.array(z.string().regex(/^\d{1,6}$/, 'a region prefix is 1 to 6 digits of a GB/T 2260 code')),
    source: z.string().optional(),
  })
  .strict();

const policySchema = z
  .object({
    unit: z.string().optional(),
    categories: z.array(z.enum(CUSTOMER_CATEGORIES)).optional(),
    sources: z.record(z.string(), z.string()).optional(),
    jurisdictions: z.record(z.string().min(1), jurisdictionSchema).optional(),
    versions: z
      .array(versionSchema)
      .min(1)
      .refine((v) => new Set(v.map((x) => x.id)).size === v.length, { message: 'version ids must be unique' }),
  })
  .superRefine((policy, ctx) => {
    const known = new Set(Object.keys(policy.jurisdictions ?? { [NATIONAL]: {} }));
    if (policy.jurisdictions && !known.has(NATIONAL)) {
      ctx.addIssue({ code: 'custom', path: ['jurisdictions'], message: `the national default ("${NATIONAL}") must be listed` });
    }
    const claimed = new Map<string, string>();
    for (const [id, j] of Object.entries(policy.jurisdictions ?? {})) {
      for (const prefix of j.regionPrefixes) {
        const other = claimed.get(prefix);
        if (other)
          ctx.addIssue({ code: 'custom', path: ['jurisdictions', id], message: `region prefix ${prefix} is claimed by ${other} too` });
        claimed.set(prefix, id);
      }
    }
    policy.versions.forEach((version, i) => {
      for (const id of Object.keys(version.overlays ?? {})) {
        if (id === NATIONAL || !known.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['versions', i, 'overlays', id], message: `"${id}" is not an overlay jurisdiction` });
        }
      }
    });
  });

type VersionData = z.infer<typeof versionSchema>;

/** A version with every figure it carries over from the versions before it. */
interface ResolvedVersion extends VersionData {
  national: Figures;
  overlays: Record<string, Figures>;
}

/** The version and jurisdiction a case is timed and ruled by, fixed when it is accepted. */
export interface PolicyPin {
  version: string;
  jurisdiction: string;
}

/** A known day limit, with where it comes from. */
export interface PolicyLimit {
  days: number;
  unit: DayUnit;
  source: string;
  note?: string;
  /** The jurisdiction whose figure applies: the case's own, or the national default. */
  jurisdiction: string;
}

/** The low-voltage ceiling of a jurisdiction, in kVA, with the figure and power factor it was converted from. */
export interface LvCeiling {
  jurisdiction: string;
  version: string;
  /** As the source states it. */
  value: number;
  unit: 'kW' | 'kVA';
  /** Whether a capacity equal to the ceiling is still low voltage (≤) or not (<). */
  inclusive: boolean;
  /** The power factor used to compare kW with kVA (kVA = kW / powerFactor). */
  powerFactor: number;
  maxKva: number;
  source: string;
  powerFactorSource: string;
  /** E.g. "below 160 kW (188.24 kVA at power factor 0.85)". */
  description: string;
}

/** kW of load → kVA of capacity at the power factor. */
export function kwToKva(kw: number, powerFactor: number): number {
  return kw / powerFactor;
}

/**
 * Of versioned policy data, the version in force at `at`: the one with the latest `effectiveFrom`
 * on or before the utility's calendar day (China Standard Time) of `at`.
 */
export function versionInForceOn(versions: Iterable<{ id: string; effectiveFrom: string }>, at: Date, what: string): string {
  const day = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  let found: { id: string; effectiveFrom: string } | undefined;
  for (const version of versions) {
    if (version.effectiveFrom <= day && (!found || version.effectiveFrom >= found.effectiveFrom)) found = version;
  }
  if (!found) throw new Error(`No ${what} version is in force on ${day}; the earliest takes effect later`);
  return found.id;
}

/** Whether `capacityKva` is within a low-voltage ceiling. */
export function withinLvCeiling(ceiling: Pick<LvCeiling, 'maxKva' | 'inclusive'>, capacityKva: number): boolean {
  return ceiling.inclusive ? capacityKva <= ceiling.maxKva : capacityKva < ceiling.maxKva;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A later version's figures over an earlier one's: stated figures replace, the rest carry over. */
function overlay(base: Figures, next: Figures | undefined): Figures {
  if (!next) return base;
  const endToEnd: NonNullable<Figures['endToEnd']> = { ...base.endToEnd };
  for (const category of CUSTOMER_CATEGORIES) {
    if (next.endToEnd?.[category]) endToEnd[category] = { ...base.endToEnd?.[category], ...next.endToEnd[category] };
  }
  return {
    endToEnd,
    lvCeiling: next.lvCeiling ?? base.lvCeiling,
    powerFactor: next.powerFactor ?? base.powerFactor,
    variants: { ...base.variants, ...next.variants },
    acceptance: next.acceptance ?? base.acceptance,
    externalWorksPermits: next.externalWorksPermits ?? base.externalWorksPermits,
  };
}

/** Raised for a policy version the data does not define: a case must never be timed by a guess. */
export class UnknownPolicyVersionError extends Error {
  constructor(
    readonly version: string,
    known: readonly string[],
  ) {
    super(`Unknown time-limit policy version "${version}"; the policy data defines ${known.join(', ')}`);
    this.name = 'UnknownPolicyVersionError';
  }
}

/** Raised for a jurisdiction the policy data does not define. */
export class UnknownJurisdictionError extends Error {
  constructor(
    readonly jurisdiction: string,
    known: readonly string[],
  ) {
    super(`Unknown jurisdiction "${jurisdiction}"; the policy data defines ${known.join(', ')}`);
    this.name = 'UnknownJurisdictionError';
  }
}

/**
 * The time-limit policy (libs/shared/timelimits/data/time-limits.json): versions of stage × category →
 * {limit, target} working days, and per jurisdiction (a national default and overlays chosen by
 * region-code prefix) the whole-process limits, the low-voltage ceiling, the process variants and
 * the limits of acceptance and of the permits for external works. A case is timed by the version
 * it was accepted under; a clock stores the days it started with, so a later version never alters
 * a running clock.
 */
export class TimeLimitPolicy {
  private readonly versions: ReadonlyMap<string, ResolvedVersion>;
  private readonly jurisdictionPrefixes: ReadonlyMap<string, readonly string[]>;

  private constructor(data: z.infer<typeof policySchema>) {
    // Figures carry over from the version in force before, in the order versions take effect.
    const ordered = data.versions.map((v, i) => ({ v, i })).sort((a, b) => a.v.effectiveFrom.localeCompare(b.v.effectiveFrom) || a.i - b.i);
    const resolved = new Map<string, ResolvedVersion>();
    let previous: ResolvedVersion | undefined;
    for (const { v } of ordered) {
      const overlays: Record<string, Figures> = { ...previous?.overlays };
      for (const [id, figures] of Object.entries(v.overlays ?? {})) overlays[id] = overlay(previous?.overlays[id] ?? {}, figures);
      previous = { ...v, national: overlay(previous?.national ?? {}, v.national), overlays };
      resolved.set(v.id, previous);
    }
    // Listed in the order of the data.
    this.versions = new Map(data.versions.map((v) => [v.id, resolved.get(v.id)!]));
    const jurisdictions = data.jurisdictions ?? { [NATIONAL]: { name: 'National default', regionPrefixes: [] } };
    this.jurisdictionPrefixes = new Map(Object.entries(jurisdictions).map(([id, j]) => [id, j.regionPrefixes]));
  }

  /** Validates policy data; the error names every entry at fault. */
  static fromData(raw: unknown, origin = 'time-limit policy'): TimeLimitPolicy {
    const parsed = policySchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `${origin} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
    }
    return new TimeLimitPolicy(parsed.data);
  }

  /** Reads and validates a policy file (by default the shared libs/shared/timelimits/data/time-limits.json). */
  static fromFile(file = join(SHARED_DATA_DIR, 'time-limits.json')): TimeLimitPolicy {
    return TimeLimitPolicy.fromData(JSON.parse(readFileSync(file, 'utf8')), file);
  }

  /**
   * The version in force at `at`: the one with the latest `effectiveFrom` on or before the
   * utility's calendar day (China Standard Time) of `at`. A case is timed by the version in
   * force when it was accepted, carried in its events from then on.
   */
  versionInForce(at: Date): string {
    return versionInForceOn(this.versions.values(), at, 'time-limit policy');
  }

  /** Version ids, in the order the data lists them. */
  get versionIds(): string[] {
    return [...this.versions.keys()];
  }

  /** Jurisdiction ids, the national default first as the data lists it. */
  get jurisdictionIds(): string[] {
    return [...this.jurisdictionPrefixes.keys()];
  }

  /** Whether the data defines `version`. */
  has(version: string): boolean {
    return this.versions.has(version);
  }

  /**
   * The jurisdiction of a GB/T 2260 region code: the one with the longest prefix of it
   * (e.g. 4213 before a province-wide 42), else the national default.
   */
  jurisdictionOf(regionCode: string): string {
    let found = NATIONAL;
    let length = 0;
    for (const [id, prefixes] of this.jurisdictionPrefixes) {
      for (const prefix of prefixes) {
        if (prefix.length > length && regionCode.startsWith(prefix)) {
          found = id;
          length = prefix.length;
        }
      }
    }
    return found;
  }

  /** The pin of a case accepted at `acceptedAt` in `regionCode`: the version then in force, the jurisdiction of the region. */
  pinFor(regionCode: string, acceptedAt: Date): PolicyPin {
    return { version: this.versionInForce(acceptedAt), jurisdiction: this.jurisdictionOf(regionCode) };
  }

  /** The pin of a case that carries its version (pinned at acceptance) and its region code. */
  pinOf(version: string, regionCode: string): PolicyPin {
    this.version(version);
    return { version, jurisdiction: this.jurisdictionOf(regionCode) };
  }

  /**
   * The limit and target of a stage for a category under `version`; undefined when that
   * stage has no clock for the category (e.g. design review of a low-voltage case).
   * Throws UnknownPolicyVersionError for a version the data does not define.
   */
  limitsFor(version: string, stage: ClockStage, category: CustomerCategory): StageLimits | undefined {
    const limits = this.version(version).stages[stage]?.[category];
    return limits ? { limitDays: limits.limit, targetDays: limits.target } : undefined;
  }

  /**
   * The whole-process limit (acceptance to power-on) of a category under the pin, with or without
   * external works; null when neither the jurisdiction nor the national default knows one (every
   * case of the pre-reform version: its elapsed time is shown without a limit).
   */
  endToEndLimit(pin: PolicyPin, category: CustomerCategory, { externalWorks }: { externalWorks: boolean }): PolicyLimit | null {
    const key = externalWorks ? 'withExternalWorks' : 'withoutExternalWorks';
    return this.dayLimit(pin, (f) => f.endToEnd?.[category]?.[key]);
  }

  /** The limit for accepting a complete application under the pin; null when unknown. */
  acceptanceLimit(pin: PolicyPin): PolicyLimit | null {
    return this.dayLimit(pin, (f) => f.acceptance);
  }

  /** The limit for the permits of the utility's external works under the pin; null when unknown. */
  externalWorksPermitLimit(pin: PolicyPin): PolicyLimit | null {
    return this.dayLimit(pin, (f) => f.externalWorksPermits);
  }

  /** The process variant of a category under the pin (三零 / 三省 in the reform versions, PRE_REFORM before). */
  variantOf(pin: PolicyPin, category: CustomerCategory): PolicyVariant {
    const { version, overlay: own } = this.figuresOf(pin);
    const variant = own?.variants?.[category] ?? version.national.variants?.[category];
    if (!variant) throw new Error(`Time-limit policy version "${pin.version}" names no process variant for ${category}`);
    return variant;
  }

  /**
   * The variant a case walks with these terms (at acceptance, the application's; at a scheme's
   * approval, the scheme's): the variant the pin names for its category, except that 三零 needs
   * low voltage, one source and a capacity within the jurisdiction's low-voltage ceiling; a case
   * that does not qualify walks the pre-reform process.
   */
  processVariantFor(pin: PolicyPin, category: CustomerCategory, terms: SupplyTerms): PolicyVariant {
    const named = this.variantOf(pin, category);
    if (named !== 'THREE_ZERO') return named;
    const qualifies =
      isLowVoltage(terms.voltageLevel) && terms.supplySources === 1 && withinLvCeiling(this.lvCeilingOf(pin), terms.capacityKva);
    return qualifies ? 'THREE_ZERO' : 'PRE_REFORM';
  }

  /** The low-voltage ceiling of a jurisdiction in the version in force on `at`. */
  lvCeiling(jurisdiction: string, at: Date): LvCeiling {
    return this.lvCeilingOf({ version: this.versionInForce(at), jurisdiction });
  }

  /** The low-voltage ceiling under a pin (the case's version and jurisdiction), in kVA with the power factor used. */
  lvCeilingOf(pin: PolicyPin): LvCeiling {
    const { version, overlay: own } = this.figuresOf(pin);
    const ceiling = own?.lvCeiling ?? version.national.lvCeiling;
    const powerFactor = own?.powerFactor ?? version.national.powerFactor;
    if (!ceiling || !powerFactor) {
      throw new Error(`Time-limit policy version "${pin.version}" states no low-voltage ceiling and power factor`);
    }
    const maxKva = ceiling.unit === 'kVA' ? ceiling.value : kwToKva(ceiling.value, powerFactor.value);
    const bound = `${ceiling.inclusive ? 'up to' : 'below'} ${ceiling.value} ${ceiling.unit}`;
    return {
      jurisdiction: own?.lvCeiling ? pin.jurisdiction : NATIONAL,
      version: pin.version,
      value: ceiling.value,
      unit: ceiling.unit,
      inclusive: ceiling.inclusive,
      powerFactor: powerFactor.value,
      maxKva,
      source: ceiling.source,
      powerFactorSource: powerFactor.source,
      description: ceiling.unit === 'kVA' ? bound : `${bound} (${round2(maxKva)} kVA at power factor ${powerFactor.value})`,
    };
  }

  private version(id: string): ResolvedVersion {
    const version = this.versions.get(id);
    if (!version) throw new UnknownPolicyVersionError(id, this.versionIds);
    return version;
  }

  private figuresOf(pin: PolicyPin): { version: ResolvedVersion; overlay: Figures | undefined } {
    const version = this.version(pin.version);
    if (!this.jurisdictionPrefixes.has(pin.jurisdiction)) throw new UnknownJurisdictionError(pin.jurisdiction, this.jurisdictionIds);
    return { version, overlay: pin.jurisdiction === NATIONAL ? undefined : version.overlays[pin.jurisdiction] };
  }

  /** The jurisdiction's figure when it knows one, else the national default's; null when neither does. */
  private dayLimit(pin: PolicyPin, pick: (figures: Figures) => DayFigure | undefined): PolicyLimit | null {
    const { version, overlay: own } = this.figuresOf(pin);
    const candidates: [string, DayFigure | undefined][] = [
      [pin.jurisdiction, own ? pick(own) : undefined],
      [NATIONAL, pick(version.national)],
    ];
    for (const [jurisdiction, figure] of candidates) {
      if (figure && figure.value !== null) {
        return {
          days: figure.value,
          unit: figure.unit,
          source: figure.source,
          ...(figure.note ? { note: figure.note } : {}),
          jurisdiction,
        };
      }
    }
    return null;
  }
}
