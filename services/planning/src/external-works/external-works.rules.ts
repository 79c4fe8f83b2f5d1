import { ConflictError, DomainError, ErrorCode, ForbiddenError, InvalidTransitionError, Principal } from '@yekuo/platform';
import type { WorksOrderStatus } from './external-works-order.entity';
import type { PermitKind, PermitStatus } from './works-permit.entity';

/**
 * The rules of an external works order (配套工程), free of storage: what may happen to the order
 * and its permits now. The service applies them under the case's row lock.
 */

export interface PermitFacts {
  id: string;
  kind: PermitKind;
  status: PermitStatus;
  appliedAt: Date;
}

export interface OrderFacts {
  status: WorksOrderStatus;
  permits: readonly PermitFacts[];
}

/** The actions on a works order, as the errors name them. */
export type WorksAction = 'applyWorksPermit' | 'decideWorksPermit' | 'recordWorksProgress' | 'completeExternalWorks';

/** Whether a scheme's works order is opened at its confirmation: only when the scheme says the works are needed. */
export function ordersExternalWorks(scheme: { externalWorksRequired: boolean }): boolean {
  return scheme.externalWorksRequired;
}

/** Every action on the order needs it open (ORDERED): INVALID_TRANSITION naming its state otherwise. */
export function requireOrdered(order: Pick<OrderFacts, 'status'>, action: WorksAction): void {
  if (order.status !== 'ORDERED') throw new InvalidTransitionError(action, `external works ${order.status}`, ['external works ORDERED']);
}

/**
 * The staff member acts only in a region they serve: FORBIDDEN naming the case's region
 * otherwise. A case without a region (opened before events carried one) is served by everyone.
 */
export function requireRegion(principal: Principal, regionCode: string | null): void {
  if (regionCode && !principal.regions.includes(regionCode)) {
    throw new ForbiddenError(
      `The case's site is in region ${regionCode}, which you do not serve (${principal.regions.join(', ') || 'none'})`,
    );
  }
}

/** The latest application of each kind, by application time. */
export function latestPermitByKind(permits: readonly PermitFacts[]): Map<PermitKind, PermitFacts> {
  const latest = new Map<PermitKind, PermitFacts>();
  for (const permit of [...permits].sort((a, b) => a.appliedAt.getTime() - b.appliedAt.getTime())) latest.set(permit.kind, permit);
  return latest;
}

/** A kind may be applied for when none of its applications is pending or granted (again after a refusal). */
export function checkPermitApplication(order: OrderFacts, kind: PermitKind): void {
  requireOrdered(order, 'applyWorksPermit');
  const current = latestPermitByKind(order.permits).get(kind);
  if (current && current.status !== 'REFUSED') {
    throw new ConflictError(`A ${kind} permit is ${current.status} already (permit ${current.id}); apply again only after a refusal`);
  }
}

/** A decision is taken once, on a pending application of an open order. */
export function checkPermitDecision(order: OrderFacts, permit: PermitFacts): void {
  requireOrdered(order, 'decideWorksPermit');
  if (permit.status !== 'APPLIED') {
    throw new InvalidTransitionError('decideWorksPermit', `permit ${permit.status}`, ['permit APPLIED']);
  }
}

/**
 * What keeps the works from completing: every application still pending, and every kind whose
 * latest application was refused (the works need that permit and do not have it).
 */
export function permitsOutstanding(order: OrderFacts): string[] {
  return [...latestPermitByKind(order.permits).values()]
    .filter((p) => p.status !== 'GRANTED')
    .map((p) => `${p.kind} ${p.status === 'APPLIED' ? 'awaiting the decision' : 'refused'}`);
}

/** The works complete only with every permit they applied for granted (CONFLICT, `requires` listing the rest). */
export function checkCompletion(order: OrderFacts): void {
  requireOrdered(order, 'completeExternalWorks');
  const outstanding = permitsOutstanding(order);
  if (outstanding.length > 0) {
    throw new DomainError(`The external works cannot complete while permits are outstanding: ${outstanding.join('; ')}`, {
      code: ErrorCode.CONFLICT,
      requires: outstanding,
    });
  }
}
