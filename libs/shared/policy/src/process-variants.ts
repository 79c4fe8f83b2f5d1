import type { CustomerCategory, ProcessVariantName } from '@yekuo/events';

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

/** A link (环节) of a variant as the customer counts them: the stages it groups, in order. */
export interface ProcessLink {
  id: string;
  title: string;
  stages: readonly CaseStage[];
}

export interface ProcessVariant {
  name: ProcessVariantName;
  category: CustomerCategory;
  /** Survey and scheme in one utility step from a standard template. */
  surveyWithScheme: boolean;
  stages: readonly CaseStage[];
  gateConditions: readonly GateCondition[];
  /** The links the customer walks; every stage in exactly one, in the order of `stages`. */
  links: readonly ProcessLink[];
  /**
   * 三零: the contract is drafted at acceptance from the application's terms (a template with no
   * scheme terms) and signed with the application; a later scheme that changes its voltage,
   * capacity or sources re-drafts it as a new version to sign again.
   */
  contractAtAcceptance: boolean;
  /** The customer confirms the replied scheme; under 三零 the signed contract is the customer's agreement and the scheme is confirmed when approved. */
  customerConfirmsScheme: boolean;
  /** Connection fees are invoiced; 三零 charges none (零投资: the utility builds up to the meter). */
  invoicesFees: boolean;
}

const LV_GATE: GateCondition[] = ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'];
const FULL_GATE: GateCondition[] = [...LV_GATE, 'COMPLETION_ACCEPTED'];
const HV_STAGES: CaseStage[] = [...CASE_STAGES];
/** 三零: contract signed, meter installed (and the external works when the scheme needs them). */
const THREE_ZERO_GATE: GateCondition[] = ['CONTRACT_SIGNED', 'METER_INSTALLED'];
const THREE_ZERO_STAGES: CaseStage[] = ['ACCEPTANCE', 'CONTRACT_AND_FEES', 'SURVEY', 'SUPPLY_SCHEME', 'METER_INSTALLATION', 'ENERGIZATION'];
const THREE_ZERO_LINKS: ProcessLink[] = [
  { id: 'APPLY_AND_SIGN', title: '受理签约: application accepted and contract signed', stages: ['ACCEPTANCE', 'CONTRACT_AND_FEES'] },
  {
    id: 'CONSTRUCT_AND_CONNECT',
    title: "施工接电: survey, the utility's works, meter and power on",
    stages: ['SURVEY', 'SUPPLY_SCHEME', 'METER_INSTALLATION', 'ENERGIZATION'],
  },
];
const THREE_SAVINGS_LINKS: ProcessLink[] = [
  { id: 'APPLY', title: '申请受理: application accepted', stages: ['ACCEPTANCE'] },
  { id: 'SCHEME_REPLY', title: '供电方案答复: survey and supply scheme', stages: ['SURVEY', 'SUPPLY_SCHEME'] },
  {
    id: 'INSPECT_AND_CONNECT',
    title: "验收接电: the customer's works inspected, contract, meter and power on",
    // Every high-voltage stage after the scheme.
    stages: HV_STAGES.slice(HV_STAGES.indexOf('SUPPLY_SCHEME') + 1),
  },
];

/** Before the reform every stage is a link of its own. */
function preReform(
  category: CustomerCategory,
  surveyWithScheme: boolean,
  stages: CaseStage[],
  gateConditions: GateCondition[],
): ProcessVariant {
  return {
    name: 'PRE_REFORM',
    category,
    surveyWithScheme,
    stages,
    gateConditions,
    links: stages.map((stage) => ({ id: stage, title: stage, stages: [stage] })),
    contractAtAcceptance: false,
    customerConfirmsScheme: true,
    invoicesFees: true,
  };
}

function threeZero(category: 'LV_RESIDENTIAL' | 'LV_NON_RESIDENTIAL'): ProcessVariant {
  return {
    name: 'THREE_ZERO',
    category,
    surveyWithScheme: true,
    stages: THREE_ZERO_STAGES,
    gateConditions: THREE_ZERO_GATE,
    links: THREE_ZERO_LINKS,
    contractAtAcceptance: true,
    customerConfirmsScheme: false,
    invoicesFees: false,
  };
}

/**
 * 三省 groups the high-voltage stages in three links and drops none: the public sources found
 * (docs/DOMAIN.md, "Process variants") do not say which inspections the reform removed for which
 * customers, so design review and intermediate inspection stay.
 */
function threeSavings(category: 'HV_SINGLE_SOURCE' | 'HV_DUAL_SOURCE'): ProcessVariant {
  return { ...preReform(category, false, HV_STAGES, FULL_GATE), name: 'THREE_SAVINGS', links: THREE_SAVINGS_LINKS };
}

/** ARCHITECTURE.md, "Process variants": the pre-reform walk of each category (the walk of every case accepted before variants were walked). */
export const PROCESS_VARIANTS: Record<CustomerCategory, ProcessVariant> = {
  LV_RESIDENTIAL: preReform(
    'LV_RESIDENTIAL',
    true,
    ['ACCEPTANCE', 'SURVEY', 'SUPPLY_SCHEME', 'CONTRACT_AND_FEES', 'METER_INSTALLATION', 'ENERGIZATION'],
    LV_GATE,
  ),
  LV_NON_RESIDENTIAL: preReform(
    'LV_NON_RESIDENTIAL',
    false,
    ['ACCEPTANCE', 'SURVEY', 'SUPPLY_SCHEME', 'COMPLETION_ACCEPTANCE', 'CONTRACT_AND_FEES', 'METER_INSTALLATION', 'ENERGIZATION'],
    FULL_GATE,
  ),
  HV_SINGLE_SOURCE: preReform('HV_SINGLE_SOURCE', false, HV_STAGES, FULL_GATE),
  HV_DUAL_SOURCE: preReform('HV_DUAL_SOURCE', false, HV_STAGES, FULL_GATE),
};

/** The reform variants, for the categories they exist for (三零 low voltage, 三省 high voltage). */
export const REFORM_VARIANTS: Record<Exclude<ProcessVariantName, 'PRE_REFORM'>, Partial<Record<CustomerCategory, ProcessVariant>>> = {
  THREE_ZERO: { LV_RESIDENTIAL: threeZero('LV_RESIDENTIAL'), LV_NON_RESIDENTIAL: threeZero('LV_NON_RESIDENTIAL') },
  THREE_SAVINGS: { HV_SINGLE_SOURCE: threeSavings('HV_SINGLE_SOURCE'), HV_DUAL_SOURCE: threeSavings('HV_DUAL_SOURCE') },
};

/** Whether the variant `name` exists for `category` (三零 is low voltage only, 三省 high voltage only). */
export function hasVariant(category: CustomerCategory, name: ProcessVariantName): boolean {
  return name === 'PRE_REFORM' || REFORM_VARIANTS[name][category] !== undefined;
}

/**
 * The walk of a case of `category` under the variant it walks (`null`/absent: a case from before
 * variants were walked, which walks the pre-reform process).
 */
export function variantOf(category: CustomerCategory, name?: ProcessVariantName | null): ProcessVariant {
  if (!name || name === 'PRE_REFORM') return PROCESS_VARIANTS[category];
  const variant = REFORM_VARIANTS[name][category];
  if (!variant) throw new Error(`The ${name} variant has no walk for ${category} cases`);
  return variant;
}

export function walksStage(category: CustomerCategory, stage: CaseStage, name?: ProcessVariantName | null): boolean {
  return variantOf(category, name).stages.includes(stage);
}

/**
 * Whether a contract version carrying the terms of scheme version `carried` (0: the application's;
 * absent: it names none) is one the case may be switched on with, when the case needs the terms of
 * scheme version `required` (decision 0021; absent: a case that never walked 三零, any version does).
 */
export function carriesRequiredTerms(carried: number | null | undefined, required: number | null | undefined): boolean {
  return typeof required !== 'number' || (typeof carried === 'number' && carried >= required);
}

/** The link of the variant a stage belongs to. */
export function linkOf(variant: ProcessVariant, stage: CaseStage): ProcessLink {
  const link = variant.links.find((l) => l.stages.includes(stage));
  if (!link) throw new Error(`Stage ${stage} is in no link of the ${variant.name} variant for ${variant.category}`);
  return link;
}
