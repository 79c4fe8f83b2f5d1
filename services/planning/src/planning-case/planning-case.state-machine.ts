import { StateMachine, Transitions } from '@yekuo/shared';

/** Where a case stands in planning (site survey and supply scheme). */
export const PLANNING_STATUSES = [
  'AWAITING_SURVEY',
  'SURVEY_SCHEDULED',
  'SURVEYED',
  'SCHEME_DRAFTED',
  'SCHEME_APPROVED',
  'SCHEME_REJECTED',
  'SCHEME_REPLIED',
  'SCHEME_CONFIRMED',
] as const;
export type PlanningStatus = (typeof PLANNING_STATUSES)[number];

/** The acts that move a planning case, one per mutation. */
export const PLANNING_ACTIONS = [
  'scheduleSurvey',
  'recordSurvey',
  'draftScheme',
  'approveScheme',
  'rejectScheme',
  'replyScheme',
  'confirmScheme',
] as const;
export type PlanningAction = (typeof PLANNING_ACTIONS)[number];

/**
 * Scheduling again reschedules the appointment; drafting after a rejection
 * produces the next version of the scheme.
 */
export const PLANNING_TRANSITIONS: Transitions<PlanningStatus, PlanningAction> = {
  scheduleSurvey: { from: ['AWAITING_SURVEY', 'SURVEY_SCHEDULED'], to: 'SURVEY_SCHEDULED' },
  recordSurvey: { from: ['SURVEY_SCHEDULED'], to: 'SURVEYED' },
  draftScheme: { from: ['SURVEYED', 'SCHEME_REJECTED'], to: 'SCHEME_DRAFTED' },
  approveScheme: { from: ['SCHEME_DRAFTED'], to: 'SCHEME_APPROVED' },
  rejectScheme: { from: ['SCHEME_DRAFTED'], to: 'SCHEME_REJECTED' },
  replyScheme: { from: ['SCHEME_APPROVED'], to: 'SCHEME_REPLIED' },
  confirmScheme: { from: ['SCHEME_REPLIED'], to: 'SCHEME_CONFIRMED' },
};

export const planningStateMachine = new StateMachine<PlanningStatus, PlanningAction>(PLANNING_TRANSITIONS);
