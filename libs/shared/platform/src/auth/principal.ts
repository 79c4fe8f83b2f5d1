import { Role, STAFF_ROLES } from '@yekuo/events';

/** Who is calling, as established by a verified token. */
export interface Principal {
  /** A customer's id for customers, a staff id otherwise. */
  sub: string;
  roles: Role[];
  name?: string;
  /** Used for countersigning. */
  department?: string;
  team?: string;
  regions: string[];
  /** Customer ids an agent may act for. */
  actsFor: string[];
}

/** True when the principal holds at least one of `roles`. */
export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}

export function isStaff(p: Principal): boolean {
  return hasRole(p, ...STAFF_ROLES);
}

/**
 * Whether `p` may see or act on `customerId`'s behalf: the customer themself, an
 * agent the customer authorised, or any staff member (staff work on every case).
 */
export function mayActFor(p: Principal, customerId: string): boolean {
  if (isStaff(p)) return true;
  if (hasRole(p, 'customer') && p.sub === customerId) return true;
  return hasRole(p, 'agent') && p.actsFor.includes(customerId);
}
