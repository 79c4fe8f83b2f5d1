import { StateMachine, Transitions } from '@yekuo/policy';

/** Where a case stands in planning (site survey and supply scheme). */
export const PLANNING_STATUSES = [
  'AWAITING_SURVEY',
  'SURVEY_SCHEDULED',
  'SURVEYED',
  'SCHEME_DRAFTED',
  'SCHEME_APPROVED',
  'SCHEME_REJECTED',
  'SCHEME_REPLIED',
  'SCHEME_CHANGE_REQUESTED',
  'SCHEME_CONFIRMED',
  'CANCELLED',
] as const;
export type PlanningStatus = (typeof PLANNING_STATUSES)[number];

/** The acts that move a planning case: one per mutation, and the withdrawal of the application. */
export const PLANNING_ACTIONS = [
  'scheduleSurvey',
  'rescheduleSurvey',
  'recordSurvey',
  'completeFastPath',
  'draftScheme',
  'approveScheme',
  'rejectScheme',
  'replyScheme',
  'confirmScheme',
  'requestSchemeChange',
  'cancel',
] as const;
export type PlanningAction = (typeof PLANNING_ACTIONS)[number];

/**
 * Scheduling again reschedules the appointment; drafting after a rejection or a
 * customer's change request produces the next version of the scheme. An
 * intermediate approval level leaves the case SCHEME_DRAFTED (the service moves
 * only on the last level). The fast path (survey and scheme in one step) walks
 * record → draft → approve → reply at once. A withdrawal cancels from any state.
 */
export const PLANNING_TRANSITIONS: Transitions<PlanningStatus, PlanningAction> = {
  scheduleSurvey: { from: ['AWAITING_SURVEY', 'SURVEY_SCHEDULED'], to: 'SURVEY_SCHEDULED' },
  rescheduleSurvey: { from: ['SURVEY_SCHEDULED'], to: 'SURVEY_SCHEDULED' },
  recordSurvey: { from: ['SURVEY_SCHEDULED'], to: 'SURVEYED' },
  completeFastPath: { from: ['AWAITING_SURVEY', 'SURVEY_SCHEDULED'], to: 'SCHEME_REPLIED' },
  draftScheme: { from: ['SURVEYED', 'SCHEME_REJECTED', 'SCHEME_CHANGE_REQUESTED'], to: 'SCHEME_DRAFTED' },
  approveScheme: { from: ['SCHEME_DRAFTED'], to: 'SCHEME_APPROVED' },
  rejectScheme: { from: ['SCHEME_DRAFTED'], to: 'SCHEME_REJECTED' },
  replyScheme: { from: ['SCHEME_APPROVED'], to: 'SCHEME_REPLIED' },
  confirmScheme: { from: ['SCHEME_REPLIED'], to: 'SCHEME_CONFIRMED' },
  requestSchemeChange: { from: ['SCHEME_REPLIED'], to: 'SCHEME_CHANGE_REQUESTED' },
  cancel: { from: PLANNING_STATUSES.filter((s) => s !== 'CANCELLED'), to: 'CANCELLED' },
};

export const planningStateMachine = new StateMachine<PlanningStatus, PlanningAction>(PLANNING_TRANSITIONS);

/**
 * States in which the customer may record the construction unit they chose: from
 * the survey (when the recommendation is issued) on, until the case is cancelled.
 */
export const CHOOSE_CONSTRUCTION_UNIT_STATES: readonly PlanningStatus[] = PLANNING_STATUSES.filter(
  (s) => s !== 'AWAITING_SURVEY' && s !== 'SURVEY_SCHEDULED' && s !== 'CANCELLED',
);
