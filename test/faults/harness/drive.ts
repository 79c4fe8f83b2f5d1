import { randomUUID } from 'node:crypto';
import type { TestRun } from '@yekuo/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the fault suite drives the operations the end-to-end tests send: plain GraphQL text and fetch calls
import {
  DualSourceActors,
  DualSourceWalk,
  LV_RESIDENTIAL_METER,
  LV_RESIDENTIAL_STEPS,
  LV_RESIDENTIAL_TERMS,
  OPERATIONS,
  residentId,
  walkPath,
} from '../../e2e/operations';
import type { RetryingClient } from './client';

/** The outcome of driving cases: the ids of the archived ones, and why the others stopped. */
export interface DriveResult {
  archived: string[];
  failures: string[];
}

/**
 * The people acting on case `n`: a customer and staff of their own, so that no principal's rate
 * limit is shared between cases. The low-voltage path needs no approvers or department signers.
 */
async function actorsOf(run: TestRun, n: number): Promise<DualSourceActors> {
  const staff = async (role: string, extra: Record<string, unknown> = {}) =>
    run.token({ sub: `${role}-${n}`, roles: [role as never], ...extra });
  const unused = '';
  return {
    customer: await run.token({ sub: randomUUID(), roles: ['customer'], name: '周工' }),
    clerk: await staff('intake-clerk', { team: 'front-desk' }),
    surveyor: await staff('surveyor', { regions: ['310104'] }),
    planner: await staff('planner'),
    approvers: [unused, unused],
    inspector: unused,
    officer: await staff('contract-officer'),
    technician: await staff('metering-technician'),
    signers: { marketing: unused, operations: unused, dispatch: unused, metering: unused, safety: unused },
  };
}

/**
 * Walks `count` low-voltage residential cases from application to archive through the gateway,
 * `concurrency` at a time, each with its own principals; `onArchived` is called after each.
 * A case that fails is recorded and the others go on.
 */
export async function driveCases(
  run: TestRun,
  client: RetryingClient,
  options: { count: number; concurrency: number; onArchived?: () => void },
): Promise<DriveResult> {
  const result: DriveResult = { archived: [], failures: [] };
  const operations = { ...OPERATIONS, upload: client.upload.bind(client) };
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const n = next++;
      const walk: DualSourceWalk = {
        driver: client,
        actors: await actorsOf(run, n),
        identity: { idNumber: residentId(100_000 + n), name: '周工' },
        meterNumber: `LV-${n}-${randomUUID().slice(0, 8)}`,
        operations,
        terms: LV_RESIDENTIAL_TERMS,
        meter: LV_RESIDENTIAL_METER,
      };
      try {
        await walkPath(LV_RESIDENTIAL_STEPS, walk);
        result.archived.push(walk.caseId!);
        options.onArchived?.();
      } catch (error) {
        result.failures.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
  return result;
}
