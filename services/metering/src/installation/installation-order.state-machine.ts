import { StateMachine, Transitions } from '@yekuo/policy';

/** Where a case's installation order stands; NOT_SCHEDULED until the first scheduling. */
export const INSTALLATION_ORDER_STATUSES = ['NOT_SCHEDULED', 'SCHEDULED', 'COMPLETED', 'CANCELLED'] as const;
export type InstallationOrderStatus = (typeof INSTALLATION_ORDER_STATUSES)[number];

export const INSTALLATION_ORDER_ACTIONS = ['scheduleInstallation', 'rescheduleInstallation', 'recordMeterInstallation', 'cancel'] as const;
export type InstallationOrderAction = (typeof INSTALLATION_ORDER_ACTIONS)[number];

/**
 * One order per case: scheduled once, rescheduled (with a reason) while it is open,
 * completed by the installation it orders, or cancelled when the case is withdrawn.
 */
export const INSTALLATION_ORDER_TRANSITIONS: Transitions<InstallationOrderStatus, InstallationOrderAction> = {
  scheduleInstallation: { from: ['NOT_SCHEDULED'], to: 'SCHEDULED' },
  rescheduleInstallation: { from: ['SCHEDULED'], to: 'SCHEDULED' },
  recordMeterInstallation: { from: ['SCHEDULED'], to: 'COMPLETED' },
  cancel: { from: ['SCHEDULED'], to: 'CANCELLED' },
};

export const installationOrderStateMachine = new StateMachine<InstallationOrderStatus, InstallationOrderAction>(
  INSTALLATION_ORDER_TRANSITIONS,
);
