import { StateMachine } from '@yekuo/shared';

export const APPLICATION_STATUSES = ['SUBMITTED', 'RETURNED', 'ACCEPTED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationAction = 'acceptApplication' | 'returnApplication' | 'resubmitApplication';

/** Acceptance at the front desk: returned applications come back on the same case. */
export const applicationStateMachine = new StateMachine<ApplicationStatus, ApplicationAction>({
  acceptApplication: { from: ['SUBMITTED'], to: 'ACCEPTED' },
  returnApplication: { from: ['SUBMITTED'], to: 'RETURNED' },
  resubmitApplication: { from: ['RETURNED'], to: 'SUBMITTED' },
});
