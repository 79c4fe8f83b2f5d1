import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { CustomerWait, CustomerWaitStage } from './customer-wait.entity';

/** Starts the customer's time of `stage` after `round` was returned or failed (inside the transaction that returned it). */
export async function startCustomerWait(
  manager: EntityManager,
  wait: { caseId: string; stage: CustomerWaitStage; round: number; reason: string; at: Date },
): Promise<void> {
  await manager.insert(CustomerWait, {
    id: randomUUID(),
    caseId: wait.caseId,
    stage: wait.stage,
    round: wait.round,
    reason: wait.reason,
    startedAt: wait.at,
    endedAt: null,
    endedBy: null,
  });
}

/** Ends the open wait of `stage` (if any) at `at`, by `by`; resolves to the wait it closed. */
export async function endCustomerWait(
  manager: EntityManager,
  caseId: string,
  stage: CustomerWaitStage | undefined,
  by: string,
  at: Date,
): Promise<CustomerWait[]> {
  const open = await manager.find(CustomerWait, { where: { caseId, endedAt: IsNull(), ...(stage ? { stage } : {}) } });
  for (const wait of open) {
    await manager.update(CustomerWait, { id: wait.id }, { endedAt: at, endedBy: by });
    Object.assign(wait, { endedAt: at, endedBy: by });
  }
  return open;
}

/** Whole seconds of customer time between two instants. */
export function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}
