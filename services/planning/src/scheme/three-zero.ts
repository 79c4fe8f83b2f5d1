import { CustomerCategory, isLowVoltage, ProcessVariantName } from '@yekuo/events';
import { type LvCeiling, NATIONAL, type SupplyTerms, withinLvCeiling } from '@yekuo/timelimits';

/**
 * 三零: the customer's agreement is the contract signed with the application, so a scheme version
 * that still qualifies is confirmed by this rule when it is approved (no customer step); the
 * audit names the rule.
 */
export const THREE_ZERO_CONFIRMATION_RULE = 'CR-THREE-ZERO-CONTRACT-SIGNED';

/** Whether two sets of terms give the same supply: the terms a 三零 contract carries. */
export function sameSupplyTerms(a: SupplyTerms, b: SupplyTerms): boolean {
  return a.voltageLevel === b.voltageLevel && a.capacityKva === b.capacityKva && a.supplySources === b.supplySources;
}

/**
 * Why a scheme's terms take a case out of 三零 (TimeLimitPolicy.processVariantFor): every term that
 * disqualifies it, or, when none does, that its policy pin no longer names 三零 for the category.
 */
export function whyNotThreeZero(terms: SupplyTerms, ceiling: LvCeiling, category: CustomerCategory, named: ProcessVariantName): string {
  const reasons: string[] = [];
  if (!isLowVoltage(terms.voltageLevel)) reasons.push(`the scheme supplies ${terms.voltageLevel}, not low voltage`);
  if (terms.supplySources !== 1) reasons.push(`the scheme takes ${terms.supplySources} supply sources, not one`);
  if (!withinLvCeiling(ceiling, terms.capacityKva)) {
    const where = ceiling.jurisdiction === NATIONAL ? 'the national default' : ceiling.jurisdiction;
    reasons.push(`${terms.capacityKva} kVA is above the low-voltage ceiling of ${where} (${ceiling.description})`);
  }
  if (reasons.length === 0) reasons.push(`policy version ${ceiling.version} names ${named} for ${category} cases`);
  return reasons.join('; ');
}
