import type { CustomerCategory } from '@yekuo/events';
import type { FieldError } from '@yekuo/platform';

/**
 * Document checklists (policy as data): the slots a submission must fill, each with a
 * document uploaded through intake's `POST /documents`. Change the lists here, never
 * branch on a category in code.
 */
export interface ChecklistSlot {
  /** Stable code a front end sends (`SINGLE_LINE_DIAGRAM`). */
  item: string;
  /** What the slot asks for, as front ends show it. */
  description: string;
}

/** Design review (设计审查) of a high-voltage case: what the customer's design unit submits. */
export const DESIGN_CHECKLIST: readonly ChecklistSlot[] = [
  { item: 'DESIGN_DESCRIPTION', description: 'Design description (设计说明书)' },
  { item: 'SINGLE_LINE_DIAGRAM', description: 'Single-line (primary wiring) diagram (一次接线图)' },
  { item: 'PROTECTION', description: 'Relay protection configuration and settings (继电保护)' },
  { item: 'METERING', description: 'Metering arrangement: metering point, CT/VT, meter cabinet (计量装置)' },
  { item: 'REACTIVE_COMPENSATION', description: 'Reactive power compensation (无功补偿)' },
  { item: 'LAYOUT', description: 'Equipment layout and cable routing (平面布置)' },
];

const COMMON_COMPLETION: readonly ChecklistSlot[] = [
  { item: 'COMPLETION_REPORT', description: 'Completion report of the construction unit (竣工报告)' },
  { item: 'AS_BUILT_DRAWINGS', description: 'As-built drawings (竣工图纸)' },
  { item: 'TEST_REPORTS', description: 'Electrical handover test reports (电气试验报告)' },
];

/** Completion acceptance (竣工验收): what the customer submits with the request, by category. */
export const COMPLETION_CHECKLISTS: Readonly<Record<CustomerCategory, readonly ChecklistSlot[]>> = {
  LV_RESIDENTIAL: [],
  LV_NON_RESIDENTIAL: COMMON_COMPLETION,
  HV_SINGLE_SOURCE: [
    ...COMMON_COMPLETION,
    { item: 'EQUIPMENT_CERTIFICATES', description: 'Equipment certificates and factory test reports (设备合格证及出厂试验报告)' },
    { item: 'CONCEALED_WORKS_RECORDS', description: 'Records of concealed works (隐蔽工程记录)' },
    { item: 'PROTECTION_SETTING_TESTS', description: 'Relay protection setting test records (继电保护定值校验记录)' },
  ],
  HV_DUAL_SOURCE: [
    ...COMMON_COMPLETION,
    { item: 'EQUIPMENT_CERTIFICATES', description: 'Equipment certificates and factory test reports (设备合格证及出厂试验报告)' },
    { item: 'CONCEALED_WORKS_RECORDS', description: 'Records of concealed works (隐蔽工程记录)' },
    { item: 'PROTECTION_SETTING_TESTS', description: 'Relay protection setting test records (继电保护定值校验记录)' },
    { item: 'INTERLOCK_TESTS', description: 'Tests of the interlock between the two sources (双电源闭锁试验记录)' },
  ],
};

export function completionChecklist(category: CustomerCategory): readonly ChecklistSlot[] {
  return COMPLETION_CHECKLISTS[category];
}

/** One document filed in one checklist slot. */
export interface FiledDocument {
  /** The checklist slot; null only on rounds recorded before slots existed. */
  item: string | null;
  documentId: string;
}

/**
 * Every problem of a submission against its checklist at once: each slot left empty
 * (`input.documents.<ITEM>`) and each document filed in a slot the checklist does not have.
 */
export function checklistErrors(checklist: readonly ChecklistSlot[], documents: readonly FiledDocument[]): FieldError[] {
  const known = new Set(checklist.map((s) => s.item));
  const unknown = documents
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => d.item === null || !known.has(d.item))
    .map(({ d, index }) => ({
      field: `input.documents.${index}.item`,
      message: `${d.item ?? 'null'} is not an item of the checklist (${[...known].join(', ')})`,
    }));
  const missing = checklist
    .filter((slot) => !documents.some((d) => d.item === slot.item))
    .map((slot) => ({ field: `input.documents.${slot.item}`, message: `missing: ${slot.description}` }));
  return [...unknown, ...missing];
}
