import { NATIONAL, TimeLimitPolicy } from '@yekuo/timelimits';
import { sameSupplyTerms, whyNotThreeZero } from './three-zero';

const policy = TimeLimitPolicy.fromFile();
const NATIONAL_LV = policy.lvCeilingOf({ version: '2021-01', jurisdiction: NATIONAL });
const SHOP = { voltageLevel: 'AC380V', capacityKva: 50, supplySources: 1 };

describe('三零 terms', () => {
  it('compares the supply a contract carries: voltage, capacity and sources, nothing else', () => {
    expect(sameSupplyTerms(SHOP, { ...SHOP })).toBe(true);
    expect(sameSupplyTerms(SHOP, { ...SHOP, voltageLevel: 'AC220V' })).toBe(false);
    expect(sameSupplyTerms(SHOP, { ...SHOP, capacityKva: 50.5 })).toBe(false);
    expect(sameSupplyTerms(SHOP, { ...SHOP, supplySources: 2 })).toBe(false);
  });

  it('names every term that takes a scheme out of 三零', () => {
    expect(whyNotThreeZero({ ...SHOP, capacityKva: 150 }, NATIONAL_LV, 'LV_NON_RESIDENTIAL', 'THREE_ZERO')).toBe(
      '150 kVA is above the low-voltage ceiling of the national default (up to 100 kVA)',
    );
    expect(
      whyNotThreeZero({ voltageLevel: 'AC10KV', capacityKva: 630, supplySources: 2 }, NATIONAL_LV, 'LV_NON_RESIDENTIAL', 'THREE_ZERO'),
    ).toBe(
      'the scheme supplies AC10KV, not low voltage; the scheme takes 2 supply sources, not one; ' +
        '630 kVA is above the low-voltage ceiling of the national default (up to 100 kVA)',
    );
  });

  it('names the policy when no term disqualifies the scheme', () => {
    const preReform = policy.lvCeilingOf({ version: '2020-01', jurisdiction: NATIONAL });
    expect(whyNotThreeZero(SHOP, preReform, 'LV_NON_RESIDENTIAL', 'PRE_REFORM')).toBe(
      'policy version 2020-01 names PRE_REFORM for LV_NON_RESIDENTIAL cases',
    );
  });
});
