import type { CustomerCategory } from '@yekuo/events';
import { CURRENCY, exactDecimal, ExactDecimal, Fen, formatDecimal, multiplyDecimals, parseYuan, timesQuantity } from './money';

/**
 * How the amount of a fee item is found. Rates and amounts are yuan strings, as
 * the tariff notice states them.
 * - PER_KVA: rate × granted capacity;
 * - PER_KVA_PER_ADDITIONAL_SOURCE: rate × granted capacity × each supply source beyond the first
 *   (the high-reliability fee 高可靠性供电费 for a second source);
 * - FLAT: one amount.
 */
export type FeeBasis =
  { kind: 'PER_KVA'; rate: string } | { kind: 'PER_KVA_PER_ADDITIONAL_SOURCE'; rate: string } | { kind: 'FLAT'; amount: string };

export interface FeeItemRule {
  /** Stable code for reports. */
  code: string;
  /** Short name in English, for reports. */
  name: string;
  /** As printed on the invoice (Chinese). */
  description: string;
  basis: FeeBasis;
  /** Charged only for these business types (from intake's acceptance); for every business type when absent. */
  businessTypes?: readonly string[];
}

export interface FeePolicy {
  version: string;
  currency: typeof CURRENCY;
  /** The items invoiced for a case of each category; no items means nothing to pay. */
  items: Record<CustomerCategory, readonly FeeItemRule[]>;
}

/**
 * Business fees (业务费用) by customer category: data, not code branches. A new
 * rate or item is a new version of this table; an invoice records the version it
 * was computed under.
 */
const TEMPORARY_SUPPLY = ['TEMPORARY_SUPPLY'] as const;

export const FEE_POLICY: FeePolicy = {
  version: '2026-02',
  currency: CURRENCY,
  items: {
    LV_RESIDENTIAL: [],
    LV_NON_RESIDENTIAL: [
      {
        code: 'TEMPORARY_SUPPLY',
        name: 'temporary supply fee',
        description: '临时接电费',
        basis: { kind: 'PER_KVA', rate: '50.00' },
        businessTypes: TEMPORARY_SUPPLY,
      },
    ],
    HV_SINGLE_SOURCE: [
      {
        code: 'TEMPORARY_SUPPLY',
        name: 'temporary supply fee',
        description: '临时接电费',
        basis: { kind: 'PER_KVA', rate: '80.00' },
        businessTypes: TEMPORARY_SUPPLY,
      },
    ],
    HV_DUAL_SOURCE: [
      {
        code: 'HIGH_RELIABILITY',
        name: 'high-reliability fee',
        description: '高可靠性供电费',
        basis: { kind: 'PER_KVA_PER_ADDITIONAL_SOURCE', rate: '210.00' },
      },
      {
        code: 'TEMPORARY_SUPPLY',
        name: 'temporary supply fee',
        description: '临时接电费',
        basis: { kind: 'PER_KVA', rate: '80.00' },
        businessTypes: TEMPORARY_SUPPLY,
      },
    ],
  },
};

/**
 * What the fees are computed from: the terms of the confirmed scheme and, when intake's
 * acceptance has reached contracts, the business type (null: not known, so items
 * limited to business types are not charged).
 */
export interface FeeTerms {
  capacityKva: number;
  supplySources: number;
  businessType?: string | null;
}

export interface InvoiceLine {
  code: string;
  name: string;
  /** As printed on the invoice (Chinese). */
  description: string;
  /** How the amount was found, in words, e.g. "210.00 CNY per kVA × 800 kVA × 1 additional supply source". */
  basis: string;
  /** The exact quantity the unit price applies to ("800", "1250.5", "1"). */
  quantity: string;
  /** What the quantity counts: kVA, kVA × additional source, or item. */
  unit: string;
  unitPrice: Fen;
  amount: Fen;
}

export interface ComputedInvoice {
  policyVersion: string;
  currency: string;
  lines: InvoiceLine[];
  total: Fen;
}

function yuan(text: string, where: string): Fen {
  const fen = parseYuan(text);
  if (fen === null) throw new Error(`fee policy: ${where} is not an amount in yuan: ${text}`);
  return fen;
}

function lineOf(rule: FeeItemRule, terms: FeeTerms, currency: string): InvoiceLine {
  const { basis } = rule;
  const capacity = exactDecimal(terms.capacityKva);
  let unitPrice: Fen;
  let quantity: ExactDecimal;
  let unit: string;
  let words: string;
  switch (basis.kind) {
    case 'FLAT':
      unitPrice = yuan(basis.amount, rule.code);
      quantity = exactDecimal(1);
      unit = 'item';
      words = `flat ${basis.amount} ${currency}`;
      break;
    case 'PER_KVA':
      unitPrice = yuan(basis.rate, rule.code);
      quantity = capacity;
      unit = 'kVA';
      words = `${basis.rate} ${currency} per kVA × ${formatDecimal(capacity)} kVA`;
      break;
    case 'PER_KVA_PER_ADDITIONAL_SOURCE': {
      const additional = Math.max(0, terms.supplySources - 1);
      unitPrice = yuan(basis.rate, rule.code);
      quantity = multiplyDecimals(capacity, exactDecimal(additional));
      unit = 'kVA × additional source';
      words = `${basis.rate} ${currency} per kVA × ${formatDecimal(capacity)} kVA × ${additional} additional supply source${additional === 1 ? '' : 's'}`;
      break;
    }
  }
  return {
    code: rule.code,
    name: rule.name,
    description: rule.description,
    basis: words,
    quantity: formatDecimal(quantity),
    unit,
    unitPrice,
    amount: timesQuantity(unitPrice, quantity),
  };
}

/** Whether a rule applies to the case's business type. */
function applies(rule: FeeItemRule, terms: FeeTerms): boolean {
  return !rule.businessTypes || (terms.businessType != null && rule.businessTypes.includes(terms.businessType));
}

/**
 * The invoice of a case: the policy's items for its category, priced on the scheme's
 * terms. Items that come to nothing (e.g. a per-source fee with a single source) are
 * left out; no items means a total of zero.
 */
export function computeInvoice(category: CustomerCategory, terms: FeeTerms, policy: FeePolicy = FEE_POLICY): ComputedInvoice {
  const lines = policy.items[category]
    .filter((rule) => applies(rule, terms))
    .map((rule) => lineOf(rule, terms, policy.currency))
    .filter((line) => line.amount > 0n);
  return {
    policyVersion: policy.version,
    currency: policy.currency,
    lines,
    total: lines.reduce((sum, line) => sum + line.amount, 0n),
  };
}
