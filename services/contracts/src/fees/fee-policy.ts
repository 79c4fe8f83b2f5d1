import type { CustomerCategory } from '@yekuo/shared';
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
  /** As printed on the invoice. */
  name: string;
  basis: FeeBasis;
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
export const FEE_POLICY: FeePolicy = {
  version: '2026-01',
  currency: CURRENCY,
  items: {
    LV_RESIDENTIAL: [],
    LV_NON_RESIDENTIAL: [],
    HV_SINGLE_SOURCE: [],
    HV_DUAL_SOURCE: [
      { code: 'HIGH_RELIABILITY', name: 'high-reliability fee', basis: { kind: 'PER_KVA_PER_ADDITIONAL_SOURCE', rate: '210.00' } },
    ],
  },
};

/** What the fees are computed from: the terms of the confirmed scheme. */
export interface FeeTerms {
  capacityKva: number;
  supplySources: number;
}

export interface InvoiceLine {
  code: string;
  name: string;
  /** How the amount was found, in words, e.g. "210.00 CNY per kVA × 800 kVA × 1 additional supply source". */
  basis: string;
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
  let amount: Fen;
  let words: string;
  switch (basis.kind) {
    case 'FLAT':
      amount = yuan(basis.amount, rule.code);
      words = `flat ${basis.amount} ${currency}`;
      break;
    case 'PER_KVA':
      amount = timesQuantity(yuan(basis.rate, rule.code), capacity);
      words = `${basis.rate} ${currency} per kVA × ${formatDecimal(capacity)} kVA`;
      break;
    case 'PER_KVA_PER_ADDITIONAL_SOURCE': {
      const additional = Math.max(0, terms.supplySources - 1);
      const quantity: ExactDecimal = multiplyDecimals(capacity, exactDecimal(additional));
      amount = timesQuantity(yuan(basis.rate, rule.code), quantity);
      words = `${basis.rate} ${currency} per kVA × ${formatDecimal(capacity)} kVA × ${additional} additional supply source${additional === 1 ? '' : 's'}`;
      break;
    }
  }
  return { code: rule.code, name: rule.name, basis: words, amount };
}

/**
 * The invoice of a case: the policy's items for its category, priced on the scheme's
 * terms. Items that come to nothing (e.g. a per-source fee with a single source) are
 * left out; no items means a total of zero.
 */
export function computeInvoice(category: CustomerCategory, terms: FeeTerms, policy: FeePolicy = FEE_POLICY): ComputedInvoice {
  const lines = policy.items[category].map((rule) => lineOf(rule, terms, policy.currency)).filter((line) => line.amount > 0n);
  return {
    policyVersion: policy.version,
    currency: policy.currency,
    lines,
    total: lines.reduce((sum, line) => sum + line.amount, 0n),
  };
}
