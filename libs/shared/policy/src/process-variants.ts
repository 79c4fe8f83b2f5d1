import type { CustomerCategory } from '@yekuo/events';

/** Stages a case can walk, in order. */
export const CASE_STAGES = [
  'ACCEPTANCE',
  'SURVEY',
  'SUPPLY_SCHEME',
  'DESIGN_REVIEW',
  'INTERMEDIATE_INSPECTION',
  'COMPLETION_ACCEPTANCE',
  'CONTRACT_AND_FEES',
  'METER_INSTALLATION',
  'ENERGIZATION',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/**
 * Facts metering waits for before it may switch the supply on. EXTERNAL_WORKS_COMPLETED is no
 * variant's by default: a case needs it when its confirmed scheme says external works are needed.
 */
export const GATE_CONDITIONS = [
  'CONTRACT_SIGNED',
  'FEES_SETTLED',
  'METER_INSTALLED',
  'COMPLETION_ACCEPTED',
  'EXTERNAL_WORKS_COMPLETED',
] as const;
export type GateCondition = (typeof GATE_CONDITIONS)[number];

export interface ProcessVariant {
  category: CustomerCategory;
  /** Survey and scheme in one utility step from a standard template. */
  surveyWithScheme: boolean;
  stages: readonly CaseStage[];
  gateConditions: readonly GateCondition[];
}

const LV_GATE: GateCondition[] = ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'];
const FULL_GATE: GateCondition[] = [...LV_GATE, 'COMPLETION_ACCEPTED'];
const HV_STAGES: CaseStage[] = [...CASE_STAGES];

/** ARCHITECTURE.md, "Process variants": data, read by every service, never a branch on category. */
export const PROCESS_VARIANTS: Record<CustomerCategory, ProcessVariant> = {
  LV_RESIDENTIAL: {
    category: 'LV_RESIDENTIAL',
    surveyWithScheme: true,
    stages: ['ACCEPTANCE', 'SURVEY', 'SUPPLY_SCHEME', 'CONTRACT_AND_FEES', 'METER_INSTALLATION', 'ENERGIZATION'],
    gateConditions: LV_GATE,
  },
  LV_NON_RESIDENTIAL: {
    category: 'LV_NON_RESIDENTIAL',
    surveyWithScheme: false,
    stages: ['ACCEPTANCE', 'SURVEY', 'SUPPLY_SCHEME', 'COMPLETION_ACCEPTANCE', 'CONTRACT_AND_FEES', 'METER_INSTALLATION', 'ENERGIZATION'],
    gateConditions: FULL_GATE,
  },
  HV_SINGLE_SOURCE: { category: 'HV_SINGLE_SOURCE', surveyWithScheme: false, stages: HV_STAGES, gateConditions: FULL_GATE },
  HV_DUAL_SOURCE: { category: 'HV_DUAL_SOURCE', surveyWithScheme: false, stages: HV_STAGES, gateConditions: FULL_GATE },
};

export function variantOf(category: CustomerCategory): ProcessVariant {
  return PROCESS_VARIANTS[category];
}

export function walksStage(category: CustomerCategory, stage: CaseStage): boolean {
  return PROCESS_VARIANTS[category].stages.includes(stage);
}
