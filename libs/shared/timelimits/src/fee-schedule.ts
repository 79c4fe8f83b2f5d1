import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CUSTOMER_CATEGORIES, CustomerCategory } from '@yekuo/events';
import { SHARED_DATA_DIR } from './calendar-files';
import { NATIONAL, versionInForceOn } from './time-limit-policy';

const yuan = z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be an amount in yuan with at most two decimals');

/**
 * How the amount of a fee item is found. Rates and amounts are yuan strings, as the tariff notice
 * states them. PER_KVA: rate × granted capacity; PER_KVA_PER_ADDITIONAL_SOURCE: rate × granted
 * capacity × each supply source beyond the first (the high-reliability fee 高可靠性供电费 for a
 * second source); FLAT: one amount.
 */
const feeBasis = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('PER_KVA'), rate: yuan }).strict(),
  z.object({ kind: z.literal('PER_KVA_PER_ADDITIONAL_SOURCE'), rate: yuan }).strict(),
  z.object({ kind: z.literal('FLAT'), amount: yuan }).strict(),
]);
const feeItem = z
  .object({
    /** Stable code for reports. */
    code: z.string().regex(/^[A-Z][A-Z_]*$/),
    /** Short name in English, for reports. */
    name: z.string().min(1),
    /** As printed on the invoice (Chinese). */
    description: z.string().min(1),
    basis: feeBasis,
    /** Charged only for these business types (from intake's acceptance); for every business type when absent. */
    businessTypes: z.array(z.string().min(1)).min(1).optional(),
    source: z.string().min(1),
    note: z.string().min(1).optional(),
  })
  .strict();
const itemsByCategory = z.partialRecord(z.enum(CUSTOMER_CATEGORIES), z.array(feeItem));
const scheduleSchema = z
  .object({
    description: z.string().optional(),
    versions: z
      .array(
        z
          .object({
            id: z.string().min(1),
            effectiveFrom: z.iso.date(),
            currency: z.literal('CNY').optional(),
            national: itemsByCategory,
            overlays: z.record(z.string(), itemsByCategory).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((data, ctx) => {
    const ids = data.versions.map((v) => v.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['versions', i, 'id'], message: `version "${id}" is listed twice` });
    });
    for (const category of CUSTOMER_CATEGORIES) {
      if (!data.versions[0].national[category]) {
        ctx.addIssue({ code: 'custom', path: ['versions', 0, 'national'], message: `the first version states no items for ${category}` });
      }
    }
  });

export type FeeBasis = z.infer<typeof feeBasis>;
export type FeeItemRule = z.infer<typeof feeItem>;

/** The fee items of every category in force for one jurisdiction, under one version. */
export interface FeePolicy {
  version: string;
  jurisdiction: string;
  currency: 'CNY';
  /** The items invoiced for a case of each category; no items means nothing to pay. */
  items: Record<CustomerCategory, readonly FeeItemRule[]>;
}

type Items = Partial<Record<CustomerCategory, FeeItemRule[]>>;

/**
 * Business fees (业务费用) as versioned data (`data/fees.json`) with a national default and
 * overlays per jurisdiction, like the time-limit policy: a version restates only what changes
 * (every other category, and every overlay, carries over from the version before it), and an
 * overlay restates a category's items whole. A jurisdiction without an overlay for a category
 * pays the national items.
 */
export class FeeSchedule {
  /** Per version: the national items and each overlay's, resolved through the versions before it. */
  private readonly resolved: ReadonlyMap<string, { effectiveFrom: string; national: Items; overlays: Record<string, Items> }>;

  private constructor(data: z.infer<typeof scheduleSchema>) {
    const resolved = new Map<string, { id: string; effectiveFrom: string; national: Items; overlays: Record<string, Items> }>();
    let previous: { national: Items; overlays: Record<string, Items> } = { national: {}, overlays: {} };
    for (const version of [...data.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
      const overlays = { ...previous.overlays };
      for (const [jurisdiction, items] of Object.entries(version.overlays ?? {})) {
        overlays[jurisdiction] = { ...overlays[jurisdiction], ...items };
      }
      previous = { national: { ...previous.national, ...version.national }, overlays };
      resolved.set(version.id, { id: version.id, effectiveFrom: version.effectiveFrom, ...previous });
    }
    this.resolved = resolved;
  }

  /**
   * Validates fee data; `jurisdictions` are the ids an overlay may name (the time-limit policy's),
   * every unknown one refused.
   */
  static fromData(raw: unknown, jurisdictions: readonly string[], origin = 'fee schedule'): FeeSchedule {
    const parsed = scheduleSchema.safeParse(raw);
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    if (parsed.success) {
      parsed.data.versions.forEach((version, i) => {
        for (const id of Object.keys(version.overlays ?? {})) {
          if (id === NATIONAL || !jurisdictions.includes(id))
            issues.push(`versions.${i}.overlays.${id}: "${id}" is not an overlay jurisdiction`);
        }
      });
    }
    if (issues.length > 0 || !parsed.success) throw new Error(`${origin} is invalid: ${issues.join('; ')}`);
    return new FeeSchedule(parsed.data);
  }

  /** Reads and validates the fee data (by default the shared libs/shared/timelimits/data/fees.json). */
  static fromFile(jurisdictions: readonly string[], file = join(SHARED_DATA_DIR, 'fees.json')): FeeSchedule {
    return FeeSchedule.fromData(JSON.parse(readFileSync(file, 'utf8')), jurisdictions, file);
  }

  /** The fees of `jurisdiction` in the version in force at `at` (China Standard Time). */
  policyFor(jurisdiction: string, at: Date): FeePolicy {
    const version = versionInForceOn(
      [...this.resolved].map(([id, v]) => ({ id, effectiveFrom: v.effectiveFrom })),
      at,
      'fee schedule',
    );
    const { national, overlays } = this.resolved.get(version)!;
    const own = overlays[jurisdiction] ?? {};
    const items = {} as Record<CustomerCategory, readonly FeeItemRule[]>;
    for (const category of CUSTOMER_CATEGORIES) items[category] = own[category] ?? national[category] ?? [];
    return { version, jurisdiction: overlays[jurisdiction] ? jurisdiction : NATIONAL, currency: 'CNY', items };
  }
}
