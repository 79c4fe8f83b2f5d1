import { StateMachine } from '@yekuo/policy';

export const APPLICATION_STATUSES = ['SUBMITTED', 'RETURNED', 'ACCEPTED', 'WITHDRAWN'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationAction =
  | 'acceptApplication'
  | 'returnApplication'
  | 'resubmitApplication'
  | 'withdrawApplication'
  | 'overrideCategory'
  | 'uploadDocument'
  | 'rejectDocument'
  | 'uploadStageDocument';

/** Acceptance at the front desk: returned applications come back on the same case. */
export const applicationStateMachine = new StateMachine<ApplicationStatus, ApplicationAction>({
  acceptApplication: { from: ['SUBMITTED'], to: 'ACCEPTED' },
  returnApplication: { from: ['SUBMITTED'], to: 'RETURNED' },
  resubmitApplication: { from: ['RETURNED'], to: 'SUBMITTED' },
  // Until energization, which the service checks from the fact metering reports.
  withdrawApplication: { from: ['SUBMITTED', 'RETURNED', 'ACCEPTED'], to: 'WITHDRAWN' },
  // Changes to the application that keep its status: only while the front desk has it.
  overrideCategory: { from: ['SUBMITTED', 'RETURNED'], to: 'SUBMITTED' },
  uploadDocument: { from: ['SUBMITTED', 'RETURNED'], to: 'SUBMITTED' },
  rejectDocument: { from: ['SUBMITTED', 'RETURNED'], to: 'SUBMITTED' },
  // A document a later stage asks for (design, acceptance): once the application is accepted.
  uploadStageDocument: { from: ['ACCEPTED'], to: 'ACCEPTED' },
});

/** Whether `action` may start from `status`; throws INVALID_TRANSITION otherwise. Keeps the status for in-place changes. */
export function checkInPlace(
  status: ApplicationStatus,
  action: 'overrideCategory' | 'uploadDocument' | 'rejectDocument' | 'uploadStageDocument',
): void {
  applicationStateMachine.next(status, action);
}
