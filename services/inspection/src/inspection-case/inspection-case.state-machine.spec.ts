import { CUSTOMER_CATEGORIES, CustomerCategory } from '@yekuo/events';
import { DomainError, ErrorCode, InvalidTransitionError } from '@yekuo/platform';
import {
  INSPECTION_ACTIONS,
  INSPECTION_STATUSES,
  InspectionAction,
  InspectionStatus,
  initialInspectionStatus,
  inspectionStateMachine,
} from './inspection-case.state-machine';

type Table = Partial<Record<InspectionStatus, Partial<Record<InspectionAction, InspectionStatus>>>>;

/** The whole tables written out independently of the implementation: every allowed (state, action) → next state. */
const HIGH_VOLTAGE: Table = {
  AWAITING_DESIGN: { submitDesign: 'DESIGN_SUBMITTED' },
  DESIGN_SUBMITTED: { approveDesign: 'DESIGN_APPROVED', returnDesign: 'DESIGN_RETURNED' },
  DESIGN_RETURNED: { submitDesign: 'DESIGN_SUBMITTED' },
  DESIGN_APPROVED: { startConstruction: 'UNDER_CONSTRUCTION' },
  UNDER_CONSTRUCTION: { requestIntermediateInspection: 'INTERMEDIATE_REQUESTED' },
  INTERMEDIATE_REQUESTED: { passIntermediateInspection: 'INTERMEDIATE_PASSED', failIntermediateInspection: 'INTERMEDIATE_FAILED' },
  INTERMEDIATE_FAILED: { requestIntermediateInspection: 'INTERMEDIATE_REQUESTED' },
  INTERMEDIATE_PASSED: { requestCompletionAcceptance: 'ACCEPTANCE_REQUESTED' },
  ACCEPTANCE_REQUESTED: {
    countersign: 'ACCEPTANCE_REQUESTED',
    passCompletionAcceptance: 'ACCEPTANCE_PASSED',
    failCompletionAcceptance: 'ACCEPTANCE_FAILED',
  },
  ACCEPTANCE_FAILED: { requestCompletionAcceptance: 'ACCEPTANCE_REQUESTED' },
};

const LV_NON_RESIDENTIAL: Table = {
  AWAITING_CONSTRUCTION: { startConstruction: 'UNDER_CONSTRUCTION' },
  UNDER_CONSTRUCTION: { requestCompletionAcceptance: 'ACCEPTANCE_REQUESTED' },
  ACCEPTANCE_REQUESTED: {
    countersign: 'ACCEPTANCE_REQUESTED',
    passCompletionAcceptance: 'ACCEPTANCE_PASSED',
    failCompletionAcceptance: 'ACCEPTANCE_FAILED',
  },
  ACCEPTANCE_FAILED: { requestCompletionAcceptance: 'ACCEPTANCE_REQUESTED' },
};

const EXPECTED: Record<CustomerCategory, Table> = {
  LV_RESIDENTIAL: {},
  LV_NON_RESIDENTIAL,
  HV_SINGLE_SOURCE: HIGH_VOLTAGE,
  HV_DUAL_SOURCE: HIGH_VOLTAGE,
};

/** What each refused action requires, per category; [] where the variant does not walk the stage at all. */
const HV_REQUIRES: Record<InspectionAction, InspectionStatus[]> = {
  submitDesign: ['AWAITING_DESIGN', 'DESIGN_RETURNED'],
  approveDesign: ['DESIGN_SUBMITTED'],
  returnDesign: ['DESIGN_SUBMITTED'],
  startConstruction: ['DESIGN_APPROVED'],
  requestIntermediateInspection: ['UNDER_CONSTRUCTION', 'INTERMEDIATE_FAILED'],
  passIntermediateInspection: ['INTERMEDIATE_REQUESTED'],
  failIntermediateInspection: ['INTERMEDIATE_REQUESTED'],
  requestCompletionAcceptance: ['INTERMEDIATE_PASSED', 'ACCEPTANCE_FAILED'],
  countersign: ['ACCEPTANCE_REQUESTED'],
  passCompletionAcceptance: ['ACCEPTANCE_REQUESTED'],
  failCompletionAcceptance: ['ACCEPTANCE_REQUESTED'],
};
const REQUIRES: Record<CustomerCategory, Record<InspectionAction, InspectionStatus[]>> = {
  LV_RESIDENTIAL: Object.fromEntries(INSPECTION_ACTIONS.map((a) => [a, []])) as unknown as Record<InspectionAction, InspectionStatus[]>,
  LV_NON_RESIDENTIAL: {
    submitDesign: [],
    approveDesign: [],
    returnDesign: [],
    startConstruction: ['AWAITING_CONSTRUCTION'],
    requestIntermediateInspection: [],
    passIntermediateInspection: [],
    failIntermediateInspection: [],
    requestCompletionAcceptance: ['UNDER_CONSTRUCTION', 'ACCEPTANCE_FAILED'],
    countersign: ['ACCEPTANCE_REQUESTED'],
    passCompletionAcceptance: ['ACCEPTANCE_REQUESTED'],
    failCompletionAcceptance: ['ACCEPTANCE_REQUESTED'],
  },
  HV_SINGLE_SOURCE: HV_REQUIRES,
  HV_DUAL_SOURCE: HV_REQUIRES,
};

const triples = CUSTOMER_CATEGORIES.flatMap((category) =>
  INSPECTION_STATUSES.flatMap((state) => INSPECTION_ACTIONS.map((action) => [category, state, action] as const)),
);
const expectedNext = (c: CustomerCategory, s: InspectionStatus, a: InspectionAction) => EXPECTED[c][s]?.[a];

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('inspection state machine (per process variant)', () => {
  it('covers 4 categories × 14 states × 11 actions (616 triples)', () => {
    expect(triples).toHaveLength(616);
  });

  it('opens a case in the state its variant starts in', () => {
    expect(Object.fromEntries(CUSTOMER_CATEGORIES.map((c) => [c, initialInspectionStatus(c)]))).toEqual({
      LV_RESIDENTIAL: 'NOT_REQUIRED',
      LV_NON_RESIDENTIAL: 'AWAITING_CONSTRUCTION',
      HV_SINGLE_SOURCE: 'AWAITING_DESIGN',
      HV_DUAL_SOURCE: 'AWAITING_DESIGN',
    });
  });

  it.each(triples.filter(([c, s, a]) => expectedNext(c, s, a) !== undefined))('%s: %s --%s--> allowed', (category, state, action) => {
    const machine = inspectionStateMachine(category);
    expect(machine.allows(state, action)).toBe(true);
    expect(machine.next(state, action)).toBe(expectedNext(category, state, action));
  });

  it.each(triples.filter(([c, s, a]) => expectedNext(c, s, a) === undefined))(
    '%s: %s --%s--> INVALID_TRANSITION',
    (category, state, action) => {
      const machine = inspectionStateMachine(category);
      expect(machine.allows(state, action)).toBe(false);
      const error = refusal(() => machine.next(state, action));
      expect(error).toBeInstanceOf(DomainError);
      expect(error.extensions).toEqual({ code: ErrorCode.INVALID_TRANSITION, currentState: state, requires: REQUIRES[category][action] });
      expect(error.message).toContain(state);
      if (REQUIRES[category][action].length === 0) {
        expect(error).not.toBeInstanceOf(InvalidTransitionError);
        expect(error.message).toContain(`process variant of ${category}`);
      } else {
        expect(error).toBeInstanceOf(InvalidTransitionError);
      }
    },
  );

  it('refuses everything on a NOT_REQUIRED (low-voltage residential) case, naming NOT_REQUIRED', () => {
    const machine = inspectionStateMachine('LV_RESIDENTIAL');
    for (const action of INSPECTION_ACTIONS) {
      expect(refusal(() => machine.next('NOT_REQUIRED', action)).extensions).toMatchObject({
        code: ErrorCode.INVALID_TRANSITION,
        currentState: 'NOT_REQUIRED',
      });
    }
  });

  it('walks a high-voltage case with a returned design, a failed inspection and a failed acceptance to ACCEPTANCE_PASSED', () => {
    const walk: InspectionAction[] = [
      'submitDesign',
      'returnDesign',
      'submitDesign',
      'approveDesign',
      'startConstruction',
      'requestIntermediateInspection',
      'failIntermediateInspection',
      'requestIntermediateInspection',
      'passIntermediateInspection',
      'requestCompletionAcceptance',
      'countersign',
      'failCompletionAcceptance',
      'requestCompletionAcceptance',
      'countersign',
      'passCompletionAcceptance',
    ];
    for (const category of ['HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'] as const) {
      const machine = inspectionStateMachine(category);
      expect(walk.reduce<InspectionStatus>((s, a) => machine.next(s, a), initialInspectionStatus(category))).toBe('ACCEPTANCE_PASSED');
    }
  });

  it('walks a low-voltage non-residential case straight from construction to acceptance', () => {
    const machine = inspectionStateMachine('LV_NON_RESIDENTIAL');
    const walk: InspectionAction[] = ['startConstruction', 'requestCompletionAcceptance', 'countersign', 'passCompletionAcceptance'];
    expect(walk.reduce<InspectionStatus>((s, a) => machine.next(s, a), initialInspectionStatus('LV_NON_RESIDENTIAL'))).toBe(
      'ACCEPTANCE_PASSED',
    );
  });

  it('leaves ACCEPTANCE_PASSED, NOT_REQUIRED and CANCELLED final in every variant', () => {
    for (const category of CUSTOMER_CATEGORIES) {
      const machine = inspectionStateMachine(category);
      expect(
        INSPECTION_ACTIONS.filter((a) => (['ACCEPTANCE_PASSED', 'NOT_REQUIRED', 'CANCELLED'] as const).some((s) => machine.allows(s, a))),
      ).toEqual([]);
    }
  });

  it('opens a case in the state the variant it walks starts in', () => {
    expect(initialInspectionStatus('LV_RESIDENTIAL', 'THREE_ZERO')).toBe('NOT_REQUIRED');
    expect(initialInspectionStatus('LV_NON_RESIDENTIAL', 'THREE_ZERO')).toBe('NOT_REQUIRED');
    expect(initialInspectionStatus('LV_NON_RESIDENTIAL', 'PRE_REFORM')).toBe('AWAITING_CONSTRUCTION');
    expect(initialInspectionStatus('HV_SINGLE_SOURCE', 'THREE_SAVINGS')).toBe('AWAITING_DESIGN');
    expect(initialInspectionStatus('HV_DUAL_SOURCE', 'THREE_SAVINGS')).toBe('AWAITING_DESIGN');
  });

  it('walks none of the inspection stages under 三零, naming the variant and the stage it does not walk', () => {
    for (const category of ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL'] as const) {
      const machine = inspectionStateMachine(category, 'THREE_ZERO');
      for (const state of INSPECTION_STATUSES) {
        expect(INSPECTION_ACTIONS.filter((a) => machine.allows(state, a))).toEqual([]);
      }
      const error = refusal(() => machine.next('NOT_REQUIRED', 'requestCompletionAcceptance'));
      expect(error).not.toBeInstanceOf(InvalidTransitionError);
      expect(error.extensions).toEqual({ code: ErrorCode.INVALID_TRANSITION, currentState: 'NOT_REQUIRED', requires: [] });
      expect(error.message).toBe(
        `Cannot requestCompletionAcceptance while the case is NOT_REQUIRED: the THREE_ZERO process variant of ${category} cases does not walk COMPLETION_ACCEPTANCE`,
      );
    }
    expect(
      refusal(() => inspectionStateMachine('LV_NON_RESIDENTIAL', 'THREE_ZERO').next('NOT_REQUIRED', 'startConstruction')).message,
    ).toContain('does not walk INTERMEDIATE_INSPECTION or COMPLETION_ACCEPTANCE');
  });

  it.each(triples.filter(([c]) => c.startsWith('HV')))('%s under 三省: %s --%s--> as before the reform', (category, state, action) => {
    const machine = inspectionStateMachine(category, 'THREE_SAVINGS');
    const next = expectedNext(category, state, action);
    expect(machine.allows(state, action)).toBe(next !== undefined);
    if (next !== undefined) expect(machine.next(state, action)).toBe(next);
  });

  it('refuses every act on a CANCELLED case with INVALID_TRANSITION naming CANCELLED', () => {
    for (const category of CUSTOMER_CATEGORIES) {
      const machine = inspectionStateMachine(category);
      for (const action of INSPECTION_ACTIONS) {
        expect(refusal(() => machine.next('CANCELLED', action)).extensions).toMatchObject({
          code: ErrorCode.INVALID_TRANSITION,
          currentState: 'CANCELLED',
        });
      }
    }
  });
});
