import { randomUUID } from 'node:crypto';
import type { TestRun } from '@yekuo/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the fault suite drives the operations the end-to-end tests send: plain GraphQL text and fetch calls
import {
  DEPARTMENTS,
  DUAL_SOURCE_EVENTS,
  DUAL_SOURCE_STEPS,
  DualSourceActors,
  DualSourceStep,
  DualSourceWalk,
  LV_RESIDENTIAL_EVENTS,
  LV_RESIDENTIAL_METER,
  LV_RESIDENTIAL_STEPS,
  LV_RESIDENTIAL_TERMS,
  OPERATIONS,
  registerConstructionUnits,
  residentId,
  walkPath,
} from '../../e2e/operations';
import type { RetryingClient } from './client';

/** The outcome of driving cases: the ids of the archived ones, and why the others stopped. */
export interface DriveResult {
  archived: string[];
  failures: string[];
}

/** A path of the end-to-end tests to drive cases along, with what its walk needs. */
export interface CasePath {
  name: string;
  steps: readonly DualSourceStep[];
  /** The application's terms and the meter (default: the path's own). */
  terms?: Record<string, unknown>;
  meter?: DualSourceWalk['meter'];
  /** Every event one case raises on it (time-limit events aside), with how often. */
  events: Readonly<Record<string, number>>;
  /** Whether its survey recommends construction units, which must be registered first. */
  needsConstructionUnits: boolean;
}

/** 三零: eleven steps, survey and scheme in one, no design review, inspection or fees. */
export const LV_RESIDENTIAL_PATH: CasePath = {
  name: 'low-voltage residential',
  steps: LV_RESIDENTIAL_STEPS,
  terms: LV_RESIDENTIAL_TERMS,
  meter: LV_RESIDENTIAL_METER,
  events: LV_RESIDENTIAL_EVENTS,
  needsConstructionUnits: false,
};

/** 10 kV, two sources: every stage, a design returned once, a failed countersign rectified, two payments. */
export const HV_DUAL_SOURCE_PATH: CasePath = {
  name: 'high-voltage dual-source',
  steps: DUAL_SOURCE_STEPS,
  events: DUAL_SOURCE_EVENTS,
  needsConstructionUnits: true,
};

/** The people acting on case `n`: a customer and staff of their own, so that no principal's rate limit is shared between cases. */
async function actorsOf(run: TestRun, n: number): Promise<DualSourceActors> {
  const staff = async (role: string, extra: Record<string, unknown> = {}, sub = `${role}-${n}`) =>
    run.token({ sub, roles: [role as never], ...extra });
  const signers = await Promise.all(DEPARTMENTS.map((d) => staff('department-signer', { department: d }, `signer-${d}-${n}`)));
  return {
    customer: await run.token({ sub: randomUUID(), roles: ['customer'], name: '周工' }),
    clerk: await staff('intake-clerk', { team: 'front-desk' }),
    surveyor: await staff('surveyor', { regions: ['310104'] }),
    planner: await staff('planner'),
    approvers: [await staff('approver', {}, `approver-1-${n}`), await staff('approver', {}, `approver-2-${n}`)],
    inspector: await staff('inspector'),
    officer: await staff('contract-officer'),
    technician: await staff('metering-technician'),
    signers: Object.fromEntries(DEPARTMENTS.map((d, i) => [d, signers[i]])) as DualSourceActors['signers'],
  };
}

/**
 * Walks `count` cases along `path` (low-voltage residential by default) from application to
 * archive through the gateway, `concurrency` at a time, each with its own principals;
 * `onArchived` is called after each. A case that fails is recorded and the others go on.
 */
export async function driveCases(
  run: TestRun,
  client: RetryingClient,
  options: { count: number; concurrency: number; path?: CasePath; onArchived?: () => void },
): Promise<DriveResult> {
  const path = options.path ?? LV_RESIDENTIAL_PATH;
  const result: DriveResult = { archived: [], failures: [] };
  const operations = { ...OPERATIONS, upload: client.upload.bind(client) };
  if (path.needsConstructionUnits) {
    await registerConstructionUnits(client, await run.token({ sub: 'planner-units', roles: ['planner'] }), '310104', run.id);
  }
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const n = next++;
      const walk: DualSourceWalk = {
        driver: client,
        actors: await actorsOf(run, n),
        identity: { idNumber: residentId(100_000 + n), name: '周工' },
        meterNumber: `M-${n}-${randomUUID().slice(0, 8)}`,
        operations,
        terms: path.terms,
        meter: path.meter,
      };
      try {
        await walkPath(path.steps, walk);
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
