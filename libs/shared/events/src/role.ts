/** Every role a token may carry; anything else in a token is rejected. */
export const ROLES = [
  'customer',
  'agent',
  'intake-clerk',
  'surveyor',
  'planner',
  'approver',
  'inspector',
  'department-signer',
  'contract-officer',
  'metering-technician',
  'supervisor',
  'auditor',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

/** Utility staff: everyone who is neither the customer nor acting for one. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'customer' && r !== 'agent');

const known: ReadonlySet<string> = new Set(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && known.has(value);
}
