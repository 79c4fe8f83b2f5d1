import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import {
  carriesRequiredTerms,
  CASE_STAGES,
  hasVariant,
  linkOf,
  PROCESS_VARIANTS,
  REFORM_VARIANTS,
  variantOf,
  walksStage,
} from './process-variants';

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

  it('walks 三零 in two links: the contract signed with the application, then construction and connection, with no fees', () => {
    for (const category of ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL'] as const) {
      const variant = variantOf(category, 'THREE_ZERO');
      expect(variant.links.map((link) => link.stages)).toEqual([
        ['ACCEPTANCE', 'CONTRACT_AND_FEES'],
        ['SURVEY', 'SUPPLY_SCHEME', 'METER_INSTALLATION', 'ENERGIZATION'],
      ]);
      expect(variant).toMatchObject({
        surveyWithScheme: true,
        contractAtAcceptance: true,
        customerConfirmsScheme: false,
        invoicesFees: false,
      });
      expect(variant.gateConditions).toEqual(['CONTRACT_SIGNED', 'METER_INSTALLED']);
      expect(walksStage(category, 'COMPLETION_ACCEPTANCE', 'THREE_ZERO')).toBe(false);
    }
  });

  it('groups the high-voltage stages of 三省 in three links, and knows no 三零 for high voltage nor 三省 for low', () => {
    const variant = variantOf('HV_SINGLE_SOURCE', 'THREE_SAVINGS');
    expect(variant.links).toHaveLength(3);
    expect(variant.stages).toEqual(PROCESS_VARIANTS.HV_SINGLE_SOURCE.stages);
    expect(linkOf(variant, 'DESIGN_REVIEW').id).toBe('INSPECT_AND_CONNECT');
    expect(hasVariant('HV_DUAL_SOURCE', 'THREE_ZERO')).toBe(false);
    expect(hasVariant('LV_RESIDENTIAL', 'THREE_SAVINGS')).toBe(false);
    expect(() => variantOf('HV_DUAL_SOURCE', 'THREE_ZERO')).toThrow('The THREE_ZERO variant has no walk for HV_DUAL_SOURCE cases');
  });

  it('puts every stage of every variant in exactly one link, in the order of its stages', () => {
    const all = [...Object.values(PROCESS_VARIANTS), ...Object.values(REFORM_VARIANTS).flatMap((byCategory) => Object.values(byCategory))];
    for (const variant of all) {
      expect(variant.links.flatMap((link) => link.stages)).toEqual(variant.stages);
      expect(variant.stages.every((stage) => CASE_STAGES.includes(stage))).toBe(true);
    }
    expect(variantOf('LV_NON_RESIDENTIAL', null)).toBe(PROCESS_VARIANTS.LV_NON_RESIDENTIAL);
  });

  it('counts a contract only when it carries the terms the case needs, any contract when it needs none', () => {
    expect(carriesRequiredTerms(0, 0)).toBe(true);
    expect(carriesRequiredTerms(2, 1)).toBe(true);
    expect(carriesRequiredTerms(0, 2)).toBe(false);
    expect(carriesRequiredTerms(null, 0)).toBe(false);
    expect(carriesRequiredTerms(null, null)).toBe(true);
    expect(carriesRequiredTerms(undefined, undefined)).toBe(true);
  });
});
