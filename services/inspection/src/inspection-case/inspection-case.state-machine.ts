import { CustomerCategory, CUSTOMER_CATEGORIES } from '@yekuo/events';
import { DomainError, ErrorCode } from '@yekuo/platform';
import { StateMachine, Transitions, walksStage } from '@yekuo/policy';

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

/**
 * The state a case opens in, read from its process variant: design review first when
 * the variant walks it, else construction when the variant inspects construction at
 * all, else inspection has nothing to do for the case.
 */
export function initialInspectionStatus(category: CustomerCategory): InspectionStatus {
  if (walksStage(category, 'DESIGN_REVIEW')) return 'AWAITING_DESIGN';
  if (walksStage(category, 'INTERMEDIATE_INSPECTION') || walksStage(category, 'COMPLETION_ACCEPTANCE')) return 'AWAITING_CONSTRUCTION';
  return 'NOT_REQUIRED';
}

/**
 * The transition table of one category, derived from its process variant (never a
 * branch on the category itself). An action of a stage the variant does not walk
 * has no state to start from.
 */
export function inspectionTransitions(category: CustomerCategory): Transitions<InspectionStatus, InspectionAction> {
  const design = walksStage(category, 'DESIGN_REVIEW');
  const intermediate = walksStage(category, 'INTERMEDIATE_INSPECTION');
  const acceptance = walksStage(category, 'COMPLETION_ACCEPTANCE');
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
 * The state machine of one category. An action the variant never allows is refused
 * with INVALID_TRANSITION naming the current state and an empty `requires`, with a
 * message that says the variant does not walk it (rather than "requires nothing").
 */
export class InspectionStateMachine {
  private readonly machine: StateMachine<InspectionStatus, InspectionAction>;

  constructor(
    readonly category: CustomerCategory,
    private readonly transitions = inspectionTransitions(category),
  ) {
    this.machine = new StateMachine(transitions);
  }

  next(current: InspectionStatus, action: InspectionAction): InspectionStatus {
    if (this.transitions[action].from.length === 0) {
      throw new DomainError(
        `Cannot ${action} while the case is ${current}: the process variant of ${this.category} cases does not include it`,
        { code: ErrorCode.INVALID_TRANSITION, currentState: current, requires: [] },
      );
    }
    return this.machine.next(current, action);
  }

  allows(current: InspectionStatus, action: InspectionAction): boolean {
    return this.machine.allows(current, action);
  }
}

const MACHINES = new Map<CustomerCategory, InspectionStateMachine>(
  CUSTOMER_CATEGORIES.map((category) => [category, new InspectionStateMachine(category)]),
);

export function inspectionStateMachine(category: CustomerCategory): InspectionStateMachine {
  return MACHINES.get(category)!;
}
