import type { Role } from '@yekuo/shared';

/** Who may do what in metering (deny by default: anything else is FORBIDDEN). */
export const METERING_ROLES = {
  assignMeter: ['metering-technician'],
  recordMeterInstallation: ['metering-technician'],
  energize: ['metering-technician'],
  archiveCase: ['metering-technician', 'supervisor'],
  audit: ['auditor', 'supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
