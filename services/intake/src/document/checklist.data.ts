import type { CustomerCategory } from '@yekuo/events';
import type { BusinessType } from '../case/category';

/** A place on the checklist a document is uploaded into. */
export const DOCUMENT_SLOTS = {
  APPLICANT_ID: 'Identity document of the applicant',
  PROPERTY_PROOF: 'Proof of property of the site (property certificate or purchase contract)',
  PROPERTY_OR_LAND_USE_PROOF: 'Proof of property or land-use right of the site',
  TEMPORARY_USE_PROOF: 'Approval of the temporary use (construction permit or temporary land-use approval)',
  BUSINESS_LICENCE: 'Business licence of the enterprise',
  AUTHORIZATION_LETTER: 'Letter of authorization for the person handling the application',
  AGENT_ID: 'Identity document of the authorized agent',
  EQUIPMENT_LIST: 'List of electrical equipment',
  PROJECT_APPROVAL: 'Project approval or filing document',
  LOAD_LIST: 'Load list with the capacity of each load',
  EXISTING_ACCOUNT_BILL: 'A recent electricity bill of the existing account',
} as const;

export type DocumentSlot = keyof typeof DOCUMENT_SLOTS;
export const DOCUMENT_SLOT_NAMES = Object.keys(DOCUMENT_SLOTS) as DocumentSlot[];

/** When a slot is asked for: always, or only when an agent handles the application. */
export type SlotCondition = 'ALWAYS' | 'WHEN_AGENT';

export interface ChecklistEntry {
  slot: DocumentSlot;
  required: boolean;
  when: SlotCondition;
}

const required = (slot: DocumentSlot, when: SlotCondition = 'ALWAYS'): ChecklistEntry => ({ slot, required: true, when });

const LV_NON_RESIDENTIAL: ChecklistEntry[] = [
  required('BUSINESS_LICENCE'),
  required('AUTHORIZATION_LETTER'),
  required('AGENT_ID'),
  required('PROPERTY_OR_LAND_USE_PROOF'),
  required('EQUIPMENT_LIST'),
];
const HIGH_VOLTAGE: ChecklistEntry[] = [...LV_NON_RESIDENTIAL, required('PROJECT_APPROVAL'), required('LOAD_LIST')];

/**
 * The documents the front desk asks for, by customer category: the baseline for a new
 * connection. Residential: the applicant's ID and proof of property (plus the letter of
 * authorization and the agent's ID when an agent applies). Low-voltage non-residential:
 * business licence, letter of authorization and agent ID, property or land-use proof,
 * equipment list. High voltage: additionally project approval or filing, and the load list.
 */
export const CHECKLIST_BY_CATEGORY: Readonly<Record<CustomerCategory, readonly ChecklistEntry[]>> = {
  LV_RESIDENTIAL: [
    required('APPLICANT_ID'),
    required('PROPERTY_PROOF'),
    required('AUTHORIZATION_LETTER', 'WHEN_AGENT'),
    required('AGENT_ID', 'WHEN_AGENT'),
  ],
  LV_NON_RESIDENTIAL,
  HV_SINGLE_SOURCE: HIGH_VOLTAGE,
  HV_DUAL_SOURCE: HIGH_VOLTAGE,
};

/** How a business type changes the baseline. */
export interface BusinessTypeAdjustment {
  /** Slots swapped for another (same position, same condition). */
  replace: Partial<Record<DocumentSlot, DocumentSlot>>;
  /** Slots asked for but no longer required. */
  optional: DocumentSlot[];
  /** Slots added at the end. */
  add: ChecklistEntry[];
}

export const ADJUSTMENT_BY_BUSINESS_TYPE: Readonly<Record<BusinessType, BusinessTypeAdjustment>> = {
  NEW_CONNECTION: { replace: {}, optional: [], add: [] },
  // The site is already connected: its property proof is on file; the current account is named by a bill.
  CAPACITY_INCREASE: {
    replace: {},
    optional: ['PROPERTY_PROOF', 'PROPERTY_OR_LAND_USE_PROOF'],
    add: [required('EXISTING_ACCOUNT_BILL')],
  },
  // A construction site or event: the temporary-use approval stands in for ownership.
  TEMPORARY_SUPPLY: {
    replace: { PROPERTY_PROOF: 'TEMPORARY_USE_PROOF', PROPERTY_OR_LAND_USE_PROOF: 'TEMPORARY_USE_PROOF' },
    optional: [],
    add: [],
  },
};

/** The checklist of one case. */
export function checklistFor(category: CustomerCategory, businessType: BusinessType, viaAgent: boolean): ChecklistEntry[] {
  const adjustment = ADJUSTMENT_BY_BUSINESS_TYPE[businessType];
  return [...CHECKLIST_BY_CATEGORY[category], ...adjustment.add]
    .filter((entry) => entry.when === 'ALWAYS' || viaAgent)
    .map((entry) => {
      const slot = adjustment.replace[entry.slot] ?? entry.slot;
      return { ...entry, slot, required: entry.required && !adjustment.optional.includes(entry.slot) };
    });
}
