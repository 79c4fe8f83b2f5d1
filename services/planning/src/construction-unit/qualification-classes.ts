/**
 * Qualification classes of construction units (承装(修、试)电力设施许可证), lowest
 * first, and what each class covers (data). A case needs the lowest class that
 * covers both its voltage and its capacity; any higher class is sufficient too.
 */
export const QUALIFICATION_CLASSES = [
  { code: 'CLASS_5', label: '五级', maxVoltageKv: 10, maxCapacityKva: 630 },
  { code: 'CLASS_4', label: '四级', maxVoltageKv: 35, maxCapacityKva: 2000 },
  { code: 'CLASS_3', label: '三级', maxVoltageKv: 110, maxCapacityKva: 8000 },
  { code: 'CLASS_2', label: '二级', maxVoltageKv: 220, maxCapacityKva: 40000 },
  { code: 'CLASS_1', label: '一级', maxVoltageKv: Number.POSITIVE_INFINITY, maxCapacityKva: Number.POSITIVE_INFINITY },
] as const;
export type QualificationClass = (typeof QUALIFICATION_CLASSES)[number]['code'];
export const QUALIFICATION_CLASS_CODES: QualificationClass[] = QUALIFICATION_CLASSES.map((c) => c.code);

export function isQualificationClass(value: string): value is QualificationClass {
  return (QUALIFICATION_CLASS_CODES as string[]).includes(value);
}

/** Position in the class order: 0 for the lowest class. */
export function rankOf(code: QualificationClass): number {
  return QUALIFICATION_CLASS_CODES.indexOf(code);
}

export function classInfo(code: QualificationClass) {
  return QUALIFICATION_CLASSES[rankOf(code)];
}

/** The lowest class that covers `voltageKv` and `capacityKva`. */
export function requiredClass(voltageKv: number, capacityKva: number): QualificationClass {
  return QUALIFICATION_CLASSES.find((c) => voltageKv <= c.maxVoltageKv && capacityKva <= c.maxCapacityKva)!.code;
}

/** Whether a unit of class `held` may build for a case needing `needed`. */
export function classSuffices(held: QualificationClass, needed: QualificationClass): boolean {
  return rankOf(held) >= rankOf(needed);
}

const kv = (v: number) => (Number.isFinite(v) ? `${v} kV` : 'any voltage');
const kva = (v: number) => (Number.isFinite(v) ? `${v} kVA` : 'any capacity');

/** "class 二级 covers 220 kV / 40000 kVA" */
export function describeClass(code: QualificationClass): string {
  const info = classInfo(code);
  return `class ${info.label} covers ${kv(info.maxVoltageKv)} / ${kva(info.maxCapacityKva)}`;
}
