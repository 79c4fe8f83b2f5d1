import { ErrorCode, InvalidTransitionError } from '@yekuo/platform';
import {
  CHOOSE_CONSTRUCTION_UNIT_STATES,
  PLANNING_ACTIONS,
  PLANNING_STATUSES,
  PlanningAction,
  PlanningStatus,
  planningStateMachine,
} from './planning-case.state-machine';

/** The whole table written out independently of the implementation: every allowed (state, action) → next state. */
const ALL_BUT_CANCELLED = PLANNING_STATUSES.filter((s) => s !== 'CANCELLED');
const EXPECTED: Partial<Record<PlanningStatus, Partial<Record<PlanningAction, PlanningStatus>>>> = {
  AWAITING_SURVEY: { scheduleSurvey: 'SURVEY_SCHEDULED', completeFastPath: 'SCHEME_REPLIED', cancel: 'CANCELLED' },
  SURVEY_SCHEDULED: {
    scheduleSurvey: 'SURVEY_SCHEDULED',
    rescheduleSurvey: 'SURVEY_SCHEDULED',
    recordSurvey: 'SURVEYED',
    completeFastPath: 'SCHEME_REPLIED',
    cancel: 'CANCELLED',
  },
  SURVEYED: { draftScheme: 'SCHEME_DRAFTED', cancel: 'CANCELLED' },
  SCHEME_DRAFTED: { approveScheme: 'SCHEME_APPROVED', rejectScheme: 'SCHEME_REJECTED', cancel: 'CANCELLED' },
  SCHEME_REJECTED: { draftScheme: 'SCHEME_DRAFTED', cancel: 'CANCELLED' },
  SCHEME_APPROVED: { replyScheme: 'SCHEME_REPLIED', cancel: 'CANCELLED' },
  SCHEME_REPLIED: { confirmScheme: 'SCHEME_CONFIRMED', requestSchemeChange: 'SCHEME_CHANGE_REQUESTED', cancel: 'CANCELLED' },
  SCHEME_CHANGE_REQUESTED: { draftScheme: 'SCHEME_DRAFTED', cancel: 'CANCELLED' },
  SCHEME_CONFIRMED: { cancel: 'CANCELLED' },
  CANCELLED: {},
};

const REQUIRES: Record<PlanningAction, PlanningStatus[]> = {
  scheduleSurvey: ['AWAITING_SURVEY', 'SURVEY_SCHEDULED'],
  rescheduleSurvey: ['SURVEY_SCHEDULED'],
  recordSurvey: ['SURVEY_SCHEDULED'],
  completeFastPath: ['AWAITING_SURVEY', 'SURVEY_SCHEDULED'],
  draftScheme: ['SURVEYED', 'SCHEME_REJECTED', 'SCHEME_CHANGE_REQUESTED'],
  approveScheme: ['SCHEME_DRAFTED'],
  rejectScheme: ['SCHEME_DRAFTED'],
  replyScheme: ['SCHEME_APPROVED'],
  confirmScheme: ['SCHEME_REPLIED'],
  requestSchemeChange: ['SCHEME_REPLIED'],
  cancel: ALL_BUT_CANCELLED,
};

const pairs = PLANNING_STATUSES.flatMap((state) => PLANNING_ACTIONS.map((action) => [state, action] as const));

describe('planning state machine', () => {
  it('covers 10 states and 11 actions (110 pairs)', () => {
    expect(pairs).toHaveLength(110);
    expect(Object.keys(EXPECTED).sort()).toEqual([...PLANNING_STATUSES].sort());
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s]?.[a] !== undefined))('%s --%s--> allowed', (state, action) => {
    expect(planningStateMachine.allows(state, action)).toBe(true);
    expect(planningStateMachine.next(state, action)).toBe(EXPECTED[state]?.[action]);
  });

  it.each(pairs.filter(([s, a]) => EXPECTED[s]?.[a] === undefined))('%s --%s--> INVALID_TRANSITION', (state, action) => {
    expect(planningStateMachine.allows(state, action)).toBe(false);
    const step = () => planningStateMachine.next(state, action);
    expect(step).toThrow(InvalidTransitionError);
    expect(step).toThrow(
      expect.objectContaining({ extensions: { code: ErrorCode.INVALID_TRANSITION, currentState: state, requires: REQUIRES[action] } }),
    );
  });

  it('walks the happy path with one rejection from AWAITING_SURVEY to SCHEME_CONFIRMED', () => {
    const walk: PlanningAction[] = [
      'scheduleSurvey',
      'scheduleSurvey',
      'recordSurvey',
      'draftScheme',
      'rejectScheme',
      'draftScheme',
      'approveScheme',
      'replyScheme',
      'confirmScheme',
    ];
    const end = walk.reduce<PlanningStatus>((state, action) => planningStateMachine.next(state, action), 'AWAITING_SURVEY');
    expect(end).toBe('SCHEME_CONFIRMED');
  });

  it('walks a change request back to a new draft', () => {
    const walk: PlanningAction[] = [
      'completeFastPath',
      'requestSchemeChange',
      'draftScheme',
      'approveScheme',
      'replyScheme',
      'confirmScheme',
    ];
    const end = walk.reduce<PlanningStatus>((state, action) => planningStateMachine.next(state, action), 'AWAITING_SURVEY');
    expect(end).toBe('SCHEME_CONFIRMED');
  });

  it('leaves SCHEME_CONFIRMED final but for a withdrawal, and CANCELLED final', () => {
    expect(PLANNING_ACTIONS.filter((a) => planningStateMachine.allows('SCHEME_CONFIRMED', a))).toEqual(['cancel']);
    expect(PLANNING_ACTIONS.filter((a) => planningStateMachine.allows('CANCELLED', a))).toEqual([]);
  });

  it('lets the customer choose a construction unit from the survey on, never once cancelled', () => {
    expect(CHOOSE_CONSTRUCTION_UNIT_STATES).toEqual([
      'SURVEYED',
      'SCHEME_DRAFTED',
      'SCHEME_APPROVED',
      'SCHEME_REJECTED',
      'SCHEME_REPLIED',
      'SCHEME_CHANGE_REQUESTED',
      'SCHEME_CONFIRMED',
    ]);
  });
});
