import type { Role } from '@yekuo/events';

/** Who may do what in metering (deny by default: anything else is FORBIDDEN). */
export const METERING_ROLES = {
  /** The meter inventory is kept by metering technicians, with admins for corrections. */
  registerMeter: ['metering-technician', 'admin'],
  retireMeter: ['metering-technician', 'admin'],
  meters: ['metering-technician', 'supervisor', 'auditor', 'admin'],
  assignMeter: ['metering-technician'],
  scheduleInstallation: ['metering-technician', 'supervisor'],
  rescheduleInstallation: ['metering-technician', 'supervisor'],
  recordMeterInstallation: ['metering-technician'],
  recordMeterRemoval: ['metering-technician'],
  energize: ['metering-technician'],
  /** The customer's wait is recorded by the staff who took their call or found the site not ready. */
  postponeEnergization: ['metering-technician', 'supervisor'],
  resumeEnergization: ['metering-technician', 'supervisor'],
  /** The meter installation waits on the customer: recorded as the power-on's wait is. */
  postponeMeterInstallation: ['metering-technician', 'supervisor'],
  resumeMeterInstallation: ['metering-technician', 'supervisor'],
  archiveCase: ['metering-technician', 'supervisor'],
  audit: ['auditor', 'supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
