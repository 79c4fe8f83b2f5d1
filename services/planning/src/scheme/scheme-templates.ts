import type { CustomerCategory } from '@yekuo/events';
import type { MeteringMethod, TariffCategory, VoltageLevel } from './scheme-terms';

/**
 * Standard scheme templates (典型供电方案) for the categories whose process variant
 * surveys and drafts the scheme in one step (low-voltage residential always, low-voltage
 * non-residential under 三零). A template scheme is approved by rule: no person signs it,
 * the audit names the rule.
 */
export interface SchemeTemplate {
  id: string;
  category: CustomerCategory;
  /** The approval rule recorded instead of an approver. */
  approvalRule: string;
  /** Single-phase 220 V up to this capacity, three-phase 380 V above (0: three-phase at any capacity). */
  singlePhaseMaxKva: number;
  supplySources: number;
  meteringMethod: MeteringMethod;
  tariffCategory: TariffCategory;
  /** Where the property boundary lies unless the surveyor states otherwise. */
  propertyBoundary: string;
}

export const SCHEME_TEMPLATES: readonly SchemeTemplate[] = [
  {
    id: 'TPL-LV-RES-2026-01',
    category: 'LV_RESIDENTIAL',
    approvalRule: 'AR-LV-RES-TEMPLATE',
    singlePhaseMaxKva: 12,
    supplySources: 1,
    meteringMethod: 'LOW_SUPPLY_LOW_METERING',
    tariffCategory: 'RESIDENTIAL',
    propertyBoundary: 'Outgoing terminal of the meter box (表箱出线端)',
  },
  {
    // Shops and small businesses up to the low-voltage ceiling of the case's jurisdiction (the scheme
    // rules hold it there): three-phase 380 V from one source, metered at low voltage, 一般工商业 tariff.
    id: 'TPL-LV-NONRES-2026-01',
    category: 'LV_NON_RESIDENTIAL',
    approvalRule: 'AR-LV-NONRES-TEMPLATE',
    singlePhaseMaxKva: 0,
    supplySources: 1,
    meteringMethod: 'LOW_SUPPLY_LOW_METERING',
    tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
    propertyBoundary: 'Outgoing terminal of the metering box (计量箱出线端)',
  },
];

export function templateFor(category: CustomerCategory): SchemeTemplate | undefined {
  return SCHEME_TEMPLATES.find((t) => t.category === category);
}

/** The scheme terms a template gives a case of `capacityKva`, supplied from `supplyPoint`. */
export function termsFromTemplate(template: SchemeTemplate, capacityKva: number, supplyPoint: string, propertyBoundary?: string) {
  const voltageLevel: VoltageLevel = capacityKva <= template.singlePhaseMaxKva ? 'AC220V' : 'AC380V';
  return {
    voltageLevel,
    capacityKva,
    supplySources: template.supplySources,
    supplyPoints: [supplyPoint],
    meteringMethod: template.meteringMethod,
    tariffCategory: template.tariffCategory,
    propertyBoundary: propertyBoundary?.trim() || template.propertyBoundary,
  };
}
