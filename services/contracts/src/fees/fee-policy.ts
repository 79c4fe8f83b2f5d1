import type { CustomerCategory } from '@yekuo/events';
import type { FeeItemRule, FeePolicy } from '@yekuo/timelimits';
import { exactDecimal, ExactDecimal, Fen, formatDecimal, multiplyDecimals, parseYuan, timesQuantity } from './money';

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
export function computeInvoice(category: CustomerCategory, terms: FeeTerms, policy: FeePolicy): ComputedInvoice {
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
