import type { CustomerCategory } from '@yekuo/events';

/**
 * Countersign (会签) policy: which departments must sign the completion acceptance of a
 * case, by customer category. Policy is data: change it here,
 * never branch on a category in code. A round keeps the set in force when it was
 * requested (`acceptance_round.required_departments`), so a change never alters a
 * running round. Department ids are the org data's (`DEFAULT_ORG.departments`).
 */
export const COUNTERSIGN_DEPARTMENTS: Readonly<Record<CustomerCategory, readonly string[]>> = {
  LV_RESIDENTIAL: [],
  LV_NON_RESIDENTIAL: ['marketing', 'metering', 'safety'],
  HV_SINGLE_SOURCE: ['marketing', 'operations', 'dispatch', 'metering', 'safety'],
  HV_DUAL_SOURCE: ['marketing', 'operations', 'dispatch', 'metering', 'safety'],
};

export const COUNTERSIGN_RESULTS = ['PASS', 'FAIL'] as const;
export type CountersignResult = (typeof COUNTERSIGN_RESULTS)[number];

/** The departments that countersign a case of `category`, in signing-sheet order. */
export function countersignDepartments(category: CustomerCategory): readonly string[] {
  return COUNTERSIGN_DEPARTMENTS[category];
}

export interface SignatureFact {
  department: string;
  result: CountersignResult;
  items: readonly string[];
}

export interface RectificationItemFact {
  department: string;
  item: string;
}

/** Where a round stands given its signatures. */
export type AcceptanceOutcome =
  | { decided: false; pending: string[] }
  | { decided: true; result: 'PASSED' }
  | { decided: true; result: 'FAILED'; items: RectificationItemFact[] };

/**
 * Decides a round from the recorded signatures (facts, in any order): pending while a
 * required department has not signed; once all have, PASSED when every one passed,
 * else FAILED with every item of every failing department (in the order of `required`).
 * Signatures of departments outside `required` do not count.
 */
export function decideAcceptance(required: readonly string[], signatures: readonly SignatureFact[]): AcceptanceOutcome {
  const byDepartment = new Map(signatures.filter((s) => required.includes(s.department)).map((s) => [s.department, s]));
  const pending = required.filter((d) => !byDepartment.has(d));
  if (pending.length > 0) return { decided: false, pending };
  const items = required.flatMap((department) => {
    const signature = byDepartment.get(department)!;
    return signature.result === 'FAIL' ? signature.items.map((item) => ({ department, item })) : [];
  });
  const failed = required.some((d) => byDepartment.get(d)!.result === 'FAIL');
  return failed ? { decided: true, result: 'FAILED', items } : { decided: true, result: 'PASSED' };
}

/**
 * Who countersigns the re-inspection after a failed round: the departments that failed
 * it, and only those (a department's PASS carries over to later rounds).
 */
export function reinspectionDepartments(required: readonly string[], signatures: readonly SignatureFact[]): string[] {
  return required.filter((d) => signatures.some((s) => s.department === d && s.result === 'FAIL'));
}
