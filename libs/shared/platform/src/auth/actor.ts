import type { Actor, Role } from '@yekuo/events';
import { ForbiddenError } from '../errors/domain-error';
import type { Principal } from './principal';

/**
 * The actor of a change: the caller with the first of `allowed` roles they hold
 * (the role the operation was granted for). The guard has checked already; this
 * only fails closed if it was bypassed.
 */
export function actorOf(principal: Principal, allowed: readonly Role[]): Actor {
  const role = allowed.find((r) => principal.roles.includes(r));
  if (!role) throw new ForbiddenError(`This operation requires one of the roles: ${allowed.join(', ')}`);
  return { id: principal.sub, role };
}
