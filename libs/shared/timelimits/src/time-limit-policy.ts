import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SHARED_DATA_DIR } from './calendar-files';
import { CUSTOMER_CATEGORIES, CustomerCategory, STAGES } from '@yekuo/events';

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

const versionSchema = z.object({
  id: z.string().min(1),
  effectiveFrom: z.iso.date(),
  stages: z.partialRecord(z.enum(STAGES), z.partialRecord(z.enum(CUSTOMER_CATEGORIES), entry)),
});

const policySchema = z.object({
  unit: z.string().optional(),
  categories: z.array(z.enum(CUSTOMER_CATEGORIES)).optional(),
  sources: z.record(z.string(), z.string()).optional(),
  versions: z
    .array(versionSchema)
    .min(1)
    .refine((v) => new Set(v.map((x) => x.id)).size === v.length, { message: 'version ids must be unique' }),
});

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

/**
 * The time-limit policy (libs/shared/timelimits/data/time-limits.json): versions of stage × category →
 * {limit, target} working days. A case is timed by the version it was accepted under; a clock
 * stores the days it started with, so a later version never alters a running clock.
 */
export class TimeLimitPolicy {
  private readonly versions: ReadonlyMap<string, z.infer<typeof versionSchema>>;

  private constructor(versions: z.infer<typeof versionSchema>[]) {
    this.versions = new Map(versions.map((v) => [v.id, v]));
  }

  /** Validates policy data; the error names every entry at fault. */
  static fromData(raw: unknown, origin = 'time-limit policy'): TimeLimitPolicy {
    const parsed = policySchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `${origin} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
    }
    return new TimeLimitPolicy(parsed.data.versions);
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
    const day = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    let found: { id: string; effectiveFrom: string } | undefined;
    for (const version of this.versions.values()) {
      if (version.effectiveFrom <= day && (!found || version.effectiveFrom >= found.effectiveFrom)) found = version;
    }
    if (!found) throw new Error(`No time-limit policy version is in force on ${day}; the earliest takes effect later`);
    return found.id;
  }

  /** Version ids, in the order the data lists them. */
  get versionIds(): string[] {
    return [...this.versions.keys()];
  }

  /** Whether the data defines `version`. */
  has(version: string): boolean {
    return this.versions.has(version);
  }

  /**
   * The limit and target of a stage for a category under `version`; undefined when that
   * stage has no clock for the category (e.g. design review of a low-voltage case).
   * Throws UnknownPolicyVersionError for a version the data does not define.
   */
  limitsFor(version: string, stage: ClockStage, category: CustomerCategory): StageLimits | undefined {
    const policy = this.versions.get(version);
    if (!policy) throw new UnknownPolicyVersionError(version, this.versionIds);
    const limits = policy.stages[stage]?.[category];
    return limits ? { limitDays: limits.limit, targetDays: limits.target } : undefined;
  }
}
