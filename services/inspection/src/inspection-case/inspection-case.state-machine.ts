import { CustomerCategory, CUSTOMER_CATEGORIES, PROCESS_VARIANT_NAMES, ProcessVariantName } from '@yekuo/events';
import { DomainError, ErrorCode } from '@yekuo/platform';
import { CaseStage, hasVariant, ProcessVariant, StateMachine, Transitions, variantOf } from '@yekuo/policy';

/** Where a case stands in inspection (design review, construction, intermediate inspection, completion acceptance). */
export const INSPECTION_STATUSES = [
  'NOT_REQUIRED',
  'AWAITING_DESIGN',
  'DESIGN_SUBMITTED',
  'DESIGN_RETURNED',
  'DESIGN_APPROVED',
  'AWAITING_CONSTRUCTION',
  'UNDER_CONSTRUCTION',
  'INTERMEDIATE_REQUESTED',
  'INTERMEDIATE_FAILED',
  'INTERMEDIATE_PASSED',
  'ACCEPTANCE_REQUESTED',
  'ACCEPTANCE_PASSED',
  'ACCEPTANCE_FAILED',
  // The customer withdrew the application: final, every act is refused.
  'CANCELLED',
] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** The acts that move an inspection case; a mutation performs one or two of them (a decision follows the last countersign). */
export const INSPECTION_ACTIONS = [
  'submitDesign',
  'approveDesign',
  'returnDesign',
  'startConstruction',
  'requestIntermediateInspection',
  'passIntermediateInspection',
  'failIntermediateInspection',
  'requestCompletionAcceptance',
  'countersign',
  'passCompletionAcceptance',
  'failCompletionAcceptance',
] as const;
export type InspectionAction = (typeof INSPECTION_ACTIONS)[number];

/** The inspection stages each action belongs to (construction is inspected for the inspections that follow it). */
const ACTION_STAGES: Record<InspectionAction, readonly CaseStage[]> = {
  submitDesign: ['DESIGN_REVIEW'],
  approveDesign: ['DESIGN_REVIEW'],
  returnDesign: ['DESIGN_REVIEW'],
  startConstruction: ['INTERMEDIATE_INSPECTION', 'COMPLETION_ACCEPTANCE'],
  requestIntermediateInspection: ['INTERMEDIATE_INSPECTION'],
  passIntermediateInspection: ['INTERMEDIATE_INSPECTION'],
  failIntermediateInspection: ['INTERMEDIATE_INSPECTION'],
  requestCompletionAcceptance: ['COMPLETION_ACCEPTANCE'],
  countersign: ['COMPLETION_ACCEPTANCE'],
  passCompletionAcceptance: ['COMPLETION_ACCEPTANCE'],
  failCompletionAcceptance: ['COMPLETION_ACCEPTANCE'],
};

const walks = (variant: ProcessVariant, stage: CaseStage) => variant.stages.includes(stage);

/** Whether the variant inspects construction at all (an intermediate inspection or a completion acceptance follows it). */
export function inspectsConstruction(variant: ProcessVariant): boolean {
  return ACTION_STAGES.startConstruction.some((stage) => walks(variant, stage));
}

/**
 * The state a case opens in, read from the process variant it walks (null: a case from
 * before variants were walked, the pre-reform walk of its category): design review first
 * when the variant walks it, else construction when the variant inspects construction at
 * all, else inspection has nothing to do for the case.
 */
export function initialInspectionStatus(category: CustomerCategory, processVariant: ProcessVariantName | null = null): InspectionStatus {
  const variant = variantOf(category, processVariant);
  if (walks(variant, 'DESIGN_REVIEW')) return 'AWAITING_DESIGN';
  if (inspectsConstruction(variant)) return 'AWAITING_CONSTRUCTION';
  return 'NOT_REQUIRED';
}

/**
 * The transition table of one process variant (never a branch on the category itself).
 * An action of a stage the variant does not walk has no state to start from.
 */
export function inspectionTransitions(variant: ProcessVariant): Transitions<InspectionStatus, InspectionAction> {
  const design = walks(variant, 'DESIGN_REVIEW');
  const intermediate = walks(variant, 'INTERMEDIATE_INSPECTION');
  const acceptance = walks(variant, 'COMPLETION_ACCEPTANCE');
  const only = <S extends InspectionStatus>(walked: boolean, ...states: S[]): S[] => (walked ? states : []);
  const constructionFrom: InspectionStatus[] = design ? ['DESIGN_APPROVED'] : intermediate || acceptance ? ['AWAITING_CONSTRUCTION'] : [];
  return {
    submitDesign: { from: only(design, 'AWAITING_DESIGN', 'DESIGN_RETURNED'), to: 'DESIGN_SUBMITTED' },
    approveDesign: { from: only(design, 'DESIGN_SUBMITTED'), to: 'DESIGN_APPROVED' },
    returnDesign: { from: only(design, 'DESIGN_SUBMITTED'), to: 'DESIGN_RETURNED' },
    startConstruction: { from: constructionFrom, to: 'UNDER_CONSTRUCTION' },
    // After a failure the customer rectifies; the next request reports it done and asks for the re-inspection.
    requestIntermediateInspection: { from: only(intermediate, 'UNDER_CONSTRUCTION', 'INTERMEDIATE_FAILED'), to: 'INTERMEDIATE_REQUESTED' },
    passIntermediateInspection: { from: only(intermediate, 'INTERMEDIATE_REQUESTED'), to: 'INTERMEDIATE_PASSED' },
    failIntermediateInspection: { from: only(intermediate, 'INTERMEDIATE_REQUESTED'), to: 'INTERMEDIATE_FAILED' },
    requestCompletionAcceptance: {
      from: only(acceptance, intermediate ? 'INTERMEDIATE_PASSED' : 'UNDER_CONSTRUCTION', 'ACCEPTANCE_FAILED'),
      to: 'ACCEPTANCE_REQUESTED',
    },
    countersign: { from: only(acceptance, 'ACCEPTANCE_REQUESTED'), to: 'ACCEPTANCE_REQUESTED' },
    passCompletionAcceptance: { from: only(acceptance, 'ACCEPTANCE_REQUESTED'), to: 'ACCEPTANCE_PASSED' },
    failCompletionAcceptance: { from: only(acceptance, 'ACCEPTANCE_REQUESTED'), to: 'ACCEPTANCE_FAILED' },
  };
}

/**
 * The state machine of one process variant. An action the variant never allows is
 * refused with INVALID_TRANSITION naming the current state and an empty `requires`,
 * with a message that names the variant and the stage it does not walk (rather than
 * "requires nothing").
 */
export class InspectionStateMachine {
  private readonly machine: StateMachine<InspectionStatus, InspectionAction>;

  constructor(
    readonly variant: ProcessVariant,
    private readonly transitions = inspectionTransitions(variant),
  ) {
    this.machine = new StateMachine(transitions);
  }

  next(current: InspectionStatus, action: InspectionAction): InspectionStatus {
    if (this.transitions[action].from.length === 0) {
      const { name, category } = this.variant;
      throw new DomainError(
        `Cannot ${action} while the case is ${current}: the ${name} process variant of ${category} cases does not walk ${ACTION_STAGES[action].join(' or ')}`,
        { code: ErrorCode.INVALID_TRANSITION, currentState: current, requires: [] },
      );
    }
    return this.machine.next(current, action);
  }

  allows(current: InspectionStatus, action: InspectionAction): boolean {
    return this.machine.allows(current, action);
  }
}

/** One machine per walk: every variant of every category it exists for. */
const MACHINES = new Map<ProcessVariant, InspectionStateMachine>(
  CUSTOMER_CATEGORIES.flatMap((category) =>
    PROCESS_VARIANT_NAMES.filter((name) => hasVariant(category, name)).map((name) => {
      const variant = variantOf(category, name);
      return [variant, new InspectionStateMachine(variant)] as const;
    }),
  ),
);

/** The state machine of a case of `category` walking `processVariant` (null: the pre-reform walk of its category). */
export function inspectionStateMachine(
  category: CustomerCategory,
  processVariant: ProcessVariantName | null = null,
): InspectionStateMachine {
  return MACHINES.get(variantOf(category, processVariant))!;
}
