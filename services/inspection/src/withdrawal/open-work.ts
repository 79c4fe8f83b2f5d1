import type { InspectionStatus } from '../inspection-case/inspection-case.state-machine';

/** The kinds of open work a withdrawal closes, as named in `inspection.case.cancelled.v1`'s `cancelledWork`. */
export const INSPECTION_WORK = [
  'DESIGN_REVIEW',
  'INTERMEDIATE_INSPECTION',
  'INTERMEDIATE_RECTIFICATION',
  'COMPLETION_ACCEPTANCE',
  'ACCEPTANCE_RECTIFICATION',
] as const;
export type InspectionWork = (typeof INSPECTION_WORK)[number];

/**
 * What is open in inspection for a case in `status`: a design review not yet approved, an
 * intermediate inspection awaiting its result, rectification items still open, an
 * acceptance round awaiting countersignatures, or a rectification notice not yet answered.
 * Construction is the customer's business, not inspection's work.
 */
export function openWorkOf(status: InspectionStatus, openRectificationItems: number): InspectionWork[] {
  const work: InspectionWork[] = [];
  switch (status) {
    case 'AWAITING_DESIGN':
    case 'DESIGN_SUBMITTED':
    case 'DESIGN_RETURNED':
      work.push('DESIGN_REVIEW');
      break;
    case 'INTERMEDIATE_REQUESTED':
      work.push('INTERMEDIATE_INSPECTION');
      break;
    case 'ACCEPTANCE_REQUESTED':
      work.push('COMPLETION_ACCEPTANCE');
      break;
    case 'ACCEPTANCE_FAILED':
      work.push('ACCEPTANCE_RECTIFICATION');
      break;
    case 'NOT_REQUIRED':
    case 'DESIGN_APPROVED':
    case 'AWAITING_CONSTRUCTION':
    case 'UNDER_CONSTRUCTION':
    case 'INTERMEDIATE_FAILED':
    case 'INTERMEDIATE_PASSED':
    case 'ACCEPTANCE_PASSED':
    case 'CANCELLED':
      break;
  }
  if (openRectificationItems > 0 && status !== 'CANCELLED') work.push('INTERMEDIATE_RECTIFICATION');
  return INSPECTION_WORK.filter((w) => work.includes(w));
}
