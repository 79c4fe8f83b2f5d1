import { z } from 'zod';

/**
 * What can be done on a case, as stable codes: the journey lists every one open now
 * (`journey.openActions`), and an event may name the ones it opens and closes.
 */
export const CASE_ACTION_CODES = [
  'REVIEW_APPLICATION',
  'RESUBMIT_APPLICATION',
  'SCHEDULE_SURVEY',
  'RECORD_SURVEY',
  'SURVEY_AND_DRAFT_SCHEME',
  'DRAFT_SCHEME',
  'APPROVE_SCHEME',
  'REPLY_SCHEME',
  'CONFIRM_SCHEME',
  'SUBMIT_DESIGN',
  'REVIEW_DESIGN',
  'START_CONSTRUCTION',
  'REQUEST_INTERMEDIATE_INSPECTION',
  'INSPECT_INTERMEDIATE',
  'REQUEST_COMPLETION_ACCEPTANCE',
  'COUNTERSIGN_ACCEPTANCE',
  'DRAFT_CONTRACT',
  'SIGN_CONTRACT',
  'SIGN_CONTRACT_FOR_UTILITY',
  'PAY_FEES',
  'COMPLETE_EXTERNAL_WORKS',
  'INSTALL_METER',
  'ENERGIZE',
  'ARCHIVE',
] as const;
export type CaseActionCode = (typeof CASE_ACTION_CODES)[number];
export const caseActionCode = z.enum(CASE_ACTION_CODES);

/** The work an event opens and closes, by action code (optional on every payload; absent on events that predate it). */
export const caseActions = z.object({
  opens: z.array(caseActionCode).optional(),
  closes: z.array(caseActionCode).optional(),
});
export type CaseActions = z.infer<typeof caseActions>;
