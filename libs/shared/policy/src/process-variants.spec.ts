import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { PROCESS_VARIANTS, variantOf, walksStage } from './process-variants';

describe('process variants', () => {
  it('has a variant for every customer category', () => {
    expect(Object.keys(PROCESS_VARIANTS).sort()).toEqual([...CUSTOMER_CATEGORIES].sort());
  });

  it('spares low-voltage residential cases design review, inspection and completion acceptance', () => {
    for (const stage of ['DESIGN_REVIEW', 'INTERMEDIATE_INSPECTION', 'COMPLETION_ACCEPTANCE'] as const) {
      expect(walksStage('LV_RESIDENTIAL', stage)).toBe(false);
    }
    expect(variantOf('LV_RESIDENTIAL').surveyWithScheme).toBe(true);
    expect(variantOf('LV_RESIDENTIAL').gateConditions).toEqual(['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED']);
  });

  it('adds completion acceptance for low-voltage non-residential cases, and every stage for high voltage', () => {
    expect(walksStage('LV_NON_RESIDENTIAL', 'COMPLETION_ACCEPTANCE')).toBe(true);
    expect(walksStage('LV_NON_RESIDENTIAL', 'DESIGN_REVIEW')).toBe(false);
    for (const category of ['HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'] as const) {
      expect(walksStage(category, 'DESIGN_REVIEW')).toBe(true);
      expect(walksStage(category, 'INTERMEDIATE_INSPECTION')).toBe(true);
      expect(variantOf(category).gateConditions).toContain('COMPLETION_ACCEPTED');
    }
  });
});
