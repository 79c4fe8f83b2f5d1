// Cases for a benchmark, made the way front ends make them: every step a real mutation through the
// gateway, so every service holds its own copy of each case.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// The benchmarks drive the very operations the end-to-end tests send.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the operations are plain GraphQL text and fetch calls, no test framework
import {
  CaseDriver,
  DEPARTMENTS,
  DUAL_SOURCE_EVENTS,
  DUAL_SOURCE_STEPS,
  DualSourceActors,
  DualSourceOperations,
  DualSourceStep,
  DualSourceWalk,
  registerConstructionUnits,
  residentId,
  walkDualSource,
} from '../../test/e2e/operations';
import { send } from './graphql';
import { progress } from './report';
import { mintToken, SigningKeys } from './tokens';

export { DUAL_SOURCE_EVENTS, walkDualSource };

/** Drives cases through a gateway, as a front end does. */
export function driverFor(gatewayUrl: string, waitTimeoutMs = 120_000): CaseDriver {
  return { gatewayUrl, waitTimeoutMs, send: (query, variables, token) => send(gatewayUrl, query, variables, token) };
}

/** The staff of one system; a customer token is minted per case. */
export interface Crew {
  driver: CaseDriver;
  /** The operation texts of the tree under test (its own test/e2e/operations.ts). */
  operations: DualSourceOperations;
  keys: SigningKeys;
  staff: Omit<DualSourceActors, 'customer'>;
  /** Reads everything: the README's case query, audits. */
  supervisor: string;
  auditor: string;
}

/**
 * The operations and values a source tree's own end-to-end tests use (its test/e2e/operations.ts),
 * so each version of the graph is driven with operations written for it. A tree from before the
 * dual-source values were exported gets the values that version of the graph took (accuracy
 * classes were plain strings then).
 */
export async function loadOperations(root: string): Promise<DualSourceOperations> {
  const loaded = (await import(pathToFileURL(join(root, 'test', 'e2e', 'operations.ts')).href)) as Record<string, unknown>;
  const module = (loaded.default && typeof loaded.default === 'object' ? loaded.default : loaded) as Record<string, unknown>;
  const operations: Record<string, unknown> = { ...EARLIER_VALUES };
  for (const name of OPERATION_NAMES) {
    const value = module[name];
    const expected = name === 'application' || name === 'upload' ? 'function' : 'string';
    if (typeof value !== expected) throw new Error(`${root}/test/e2e/operations.ts has no ${name} (a ${expected})`);
    operations[name] = value;
  }
  for (const name of Object.keys(EARLIER_VALUES)) if (module[name] && typeof module[name] === 'object') operations[name] = module[name];
  return operations as unknown as DualSourceOperations;
}

/** The dual-source values of trees whose operations.ts does not export them. */
const EARLIER_VALUES: Pick<DualSourceOperations, 'DUAL_SOURCE_TERMS' | 'DUAL_SOURCE_SCHEME' | 'DUAL_SOURCE_METER'> = {
  DUAL_SOURCE_TERMS: {
    usage: 'INDUSTRIAL',
    voltageLevel: 'AC10KV',
    capacityKva: 2000,
    supplySources: 2,
    loads: [{ name: '1600 kVA transformer load', kw: 1400, quantity: 1 }],
  },
  DUAL_SOURCE_SCHEME: {
    capacity: 2000,
    voltage: 'AC10KV',
    sources: 2,
    metering: 'HIGH_SUPPLY_HIGH_METERING',
    tariff: 'LARGE_INDUSTRIAL',
    points: ['Xuhui 110 kV substation, 10 kV bay 12', 'Longhua 35 kV substation, 10 kV bay 3'],
  },
  DUAL_SOURCE_METER: { type: 'HV_CT_PT', class: '0.5S', ct: '150/5', pt: '10000/100' },
};

const OPERATION_NAMES: readonly (keyof DualSourceOperations)[] = [
  'SUBMIT',
  'COMPLETENESS',
  'ACCEPT',
  'SCHEDULE',
  'RECORD',
  'DRAFT',
  'APPROVE',
  'REPLY',
  'CONFIRM',
  'CHOOSE_UNIT',
  'UPDATE_PARTIES',
  'REGISTER_METER',
  'ASSIGN_METER',
  'SCHEDULE_INSTALLATION',
  'SIGN',
  'INSTALL_METER',
  'PAY',
  'SUBMIT_DESIGN',
  'RETURN_DESIGN',
  'REVIEW_DESIGN',
  'START_CONSTRUCTION',
  'REQUEST_INTERMEDIATE',
  'RECORD_INTERMEDIATE',
  'REQUEST_ACCEPTANCE_DUAL',
  'COUNTERSIGN',
  'COUNTERSIGN_FAIL',
  'ENERGIZE',
  'ARCHIVE',
  'REGISTER_UNIT',
  'application',
  'upload',
];

export function crewFor(gatewayUrl: string, keys: SigningKeys, operations: DualSourceOperations): Crew {
  const mint = (sub: string, role: string, extra: Record<string, unknown> = {}) => mintToken(keys, { sub, roles: [role], ...extra });
  return {
    driver: driverFor(gatewayUrl),
    operations,
    keys,
    staff: {
      clerk: mint('clerk-1', 'intake-clerk', { team: 'front-desk' }),
      surveyor: mint('surveyor-1', 'surveyor', { regions: ['310104'] }),
      planner: mint('planner-1', 'planner'),
      approvers: [mint('approver-1', 'approver'), mint('approver-2', 'approver')],
      inspector: mint('inspector-1', 'inspector'),
      officer: mint('officer-1', 'contract-officer'),
      technician: mint('technician-1', 'metering-technician'),
      signers: Object.fromEntries(DEPARTMENTS.map((d) => [d, mint(`signer-${d}`, 'department-signer', { department: d })])) as Record<
        (typeof DEPARTMENTS)[number],
        string
      >,
    },
    supervisor: mint('supervisor-1', 'supervisor'),
    auditor: mint('auditor-1', 'auditor'),
  };
}

/** Registers the construction units the survey recommends from (once per system). */
export function prepareSystem(crew: Crew): Promise<void> {
  return registerConstructionUnits(crew.driver, crew.staff.planner, '310104', '', crew.operations);
}

/** A new walk for case `n` of a system: its own customer, identity and meter. */
export function newWalk(crew: Crew, n: number): DualSourceWalk {
  const customerId = randomUUID();
  return {
    driver: crew.driver,
    actors: { ...crew.staff, customer: mintToken(crew.keys, { sub: customerId, roles: ['customer'], name: '周工' }) },
    identity: { idNumber: residentId(n), name: '周工' },
    meterNumber: `HV-${n}-${customerId.slice(0, 8)}`,
    operations: crew.operations,
  };
}

/** Runs `work(0..count-1)` with at most `concurrency` at once; the first failure stops the rest and is thrown. */
export async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>, label?: string): Promise<void> {
  let next = 0;
  let done = 0;
  let failed: Error | undefined;
  const started = Date.now();
  const worker = async () => {
    while (next < count && failed === undefined) {
      const i = next++;
      try {
        await work(i);
      } catch (error) {
        failed ??= error instanceof Error ? error : new Error(String(error));
        return;
      }
      done++;
      if (label && (done % 10 === 0 || done === count)) {
        progress(`${label}: ${done} of ${count} (${((done * 1000) / (Date.now() - started)).toFixed(1)}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (label) progress('', true);
  if (failed !== undefined) throw failed;
}

/** The stage case `i` of a seeded set is left at: the path's steps in turn, so every stage holds cases. */
export function stageOf(i: number): DualSourceStep {
  return DUAL_SOURCE_STEPS[i % DUAL_SOURCE_STEPS.length];
}

/**
 * Seeds `count` dual-source cases, spread evenly over every step of the path; returns their ids.
 * A walk that fails part-way leaves its case at the step it reached (the case is kept); more
 * than 5 % failed walks stop the seeding.
 */
export async function seedCases(
  crew: Crew,
  count: number,
  concurrency: number,
  label: string,
  /** Called with each walk that submitted its case, where it stopped. */
  walked?: (walk: DualSourceWalk) => void,
): Promise<{ ids: string[]; ms: number; failures: string[] }> {
  const started = Date.now();
  const ids: string[] = [];
  const failures: string[] = [];
  await pool(
    count,
    concurrency,
    async (i) => {
      const walk = newWalk(crew, i);
      try {
        await walkDualSource(walk, { until: stageOf(i).name });
      } catch (error) {
        failures.push((error as Error).message);
        if (failures.length > Math.max(1, count / 20)) throw new Error(`too many failed walks:\n${failures.join('\n')}`, { cause: error });
      }
      if (walk.caseId) {
        ids.push(walk.caseId);
        walked?.(walk);
      }
    },
    label,
  );
  return { ids, ms: Date.now() - started, failures };
}
