import { rmSync } from 'node:fs';
import { SERVICES } from '@yekuo/platform/core';
import { RunningSystem, startSystem, TestRun } from '@yekuo/testing';
import { Check, CheckContext, checkOutcome, settle } from './checks';
import { RetryingClient } from './client';
import { CasePath, driveCases, DriveResult } from './drive';
import { Fault, FaultRecord, runFaults } from './faults';
import { PostgresCluster } from './postgres-cluster';
import type { QueueBacklog } from './rabbit-node';
import { EventRecorder } from './subscriber';

/** A suite's clock and its progress lines: `[  12 s] …`. */
export function suiteLog(began = Date.now()): (line: string) => void {
  // The progress lines must not be what stops the teardown when whoever reads them has gone.
  process.stdout.on('error', () => undefined);
  return (line) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

/**
 * What a suite undoes, last started first; run once, pass or fail, and also on SIGINT/SIGTERM
 * (then the process exits 1 afterwards).
 */
export class Teardown {
  private readonly undo: (() => Promise<unknown>)[] = [];
  private done?: Promise<void>;

  constructor(suite: string) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: stopping everything the ${suite} started`);
        void this.run().finally(() => process.exit(1));
      });
    }
  }

  push(...steps: (() => Promise<unknown>)[]): void {
    this.undo.push(...steps);
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.undo.reverse()) await step().catch((error: Error) => console.error(`teardown: ${error.message}`));
    })();
    return this.done;
  }
}

/** The checks as a table, then what the client saw and the first failed cases. */
export function summaryTable(checks: Check[], drive: DriveResult, client: RetryingClient): string {
  const count = (map: Map<string, number>) => [...map].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  return [
    '| | check | detail |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.ok ? 'pass' : 'FAIL'} | ${c.name} | ${c.detail} |`),
    '',
    `requests ${client.stats.requests}; retried: ${count(client.stats.retries)}`,
    `retried mutations refused as already done (duplicates without idempotency): ${count(client.stats.duplicates)}`,
    `retried mutations carried out whose answer was lost (IDEMPOTENT_REQUEST_DONE, state read instead): ${count(client.stats.lostAnswers)}`,
    ...drive.failures.slice(0, 5).map((f) => `failed case: ${f}`),
  ].join('\n');
}

/** The log lines of the processes' masked errors that failed cases were answered with (by the request id the answer carried). */
export function explainFailures(system: RunningSystem, drive: DriveResult): void {
  const ids = new Set(drive.failures.flatMap((f) => [...f.matchAll(/"requestId":"([0-9a-f-]+)"/g)].map((m) => m[1])));
  if (ids.size === 0) return;
  const processes = [...system.services.map((s) => s.process), 'gateway'];
  const lines = processes.flatMap((name) =>
    system
      .output(name)
      .split('\n')
      .filter((line) => [...ids].some((id) => line.includes(id)))
      .map((line) => `${name}: ${line}`),
  );
  console.log(['what the processes logged for those answers:', ...lines.slice(0, 20)].join('\n'));
}

/**
 * Counts, over every service process, of the warnings that explain redeliveries and late events:
 * connections lost, outbox relays warning that batches keep failing (each is published again)
 * and events a consumer scheduled for another attempt.
 */
function messagingTrouble(system: RunningSystem): string {
  const kinds = {
    'connections lost': /lost the broker/,
    'warnings of repeated outbox publish failures': /publishing failed/,
    'consumer retries': /failed \(attempt \d+\)/,
    'overdue confirms': /did not confirm within/,
  };
  const counts = Object.entries(kinds).map(([kind, pattern]) => {
    const n = system.services.reduce(
      (sum, s) =>
        sum +
        system
          .output(s.process)
          .split('\n')
          .filter((line) => pattern.test(line)).length,
      0,
    );
    return `${n} ${kind}`;
  });
  return counts.join(', ');
}

/**
 * Two instances of every service and the gateway on `run`'s databases, exchange and queues. A
 * message met by a restarting database or broker is retried (the default delays, shortened), not
 * dead-lettered; every case comes from this one address (the bulk rate-limit profile, as for the
 * benchmarks: README, Rate limits); no mail server is started. A process that exits on its own is
 * named in `unexpected`.
 */
export async function startTwoOfEach(run: TestRun, log: (line: string) => void, unexpected: string[]): Promise<RunningSystem> {
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _ownerUrl, WITNESS_DATABASE_URL: _witnessUrl, ...shared } = run.env('intake');
  const start = () =>
    startSystem({
      instances: 2,
      quiet: true,
      env: {
        ...shared,
        LOG_LEVEL: 'warn',
        CONSUMER_RETRY_DELAYS_MS: '1000,5000,15000',
        CONSUMER_MAX_ATTEMPTS: '5',
        RATE_LIMIT_PROFILE: 'bulk',
        EMAIL_ENABLED: 'false',
      },
      databaseUrl: (service) => run.env(service).DATABASE_URL,
      databaseOwnerUrl: (service) => run.env(service).DATABASE_OWNER_URL,
      witnessUrl: (service) => run.env(service).WITNESS_DATABASE_URL,
      readyTimeoutMs: 120_000,
      onUnexpectedExit: (name, code, signal) => unexpected.push(`${name} (${signal ?? `code ${code}`})`),
    });
  // A port found free can be taken before its process binds it (by an outgoing connection of another): start once more then.
  return start().catch((error: Error) => {
    if (!error.message.includes('EADDRINUSE')) throw error;
    log('a port was taken meanwhile; starting the processes again');
    unexpected.length = 0;
    return start();
  });
}

/** A suite's broker of its own (a RabbitNode or a RabbitCluster): what the services and the recorder connect to. */
export interface SuiteBroker {
  url: string;
  stop(): Promise<void>;
  /** The queues that hold messages: what the suite prints when the drive stalls. */
  backlog(): Promise<QueueBacklog[]>;
}

/** How long no case may be archived before the suite prints where messages wait. */
const STALL_MS = 60_000;

/** One line per queue that holds messages: ready, unacked, consumers and, for a quorum queue, its leader and members online. */
function describeBacklog(queues: QueueBacklog[]): string {
  if (queues.length === 0) return 'no queue holds messages';
  return queues
    .map((q) => {
      const quorum = q.leader ? `; leader ${q.leader.split('@')[0]}, ${q.online?.length ?? 0} members online` : '';
      return `    ${q.name}: ${q.messages_ready} ready, ${q.messages_unacknowledged} unacked, ${q.consumers} consumers${quorum}`;
    })
    .join('\n');
}

/** What a suite's faults act on, and the number of archived cases after which `share` of the run has passed. */
export interface FaultContext<B extends SuiteBroker> {
  system: RunningSystem;
  pg: PostgresCluster;
  broker: B;
  log: (line: string) => void;
  at: (share: number) => number;
}

/** Where the drive stands at a progress line: cases archived, requests sent and retried, seconds since it began, faults done. */
export interface DriveProgress {
  archived: number;
  requests: number;
  retries: number;
  seconds: number;
  faultsDone: number;
}

/** What a suite brings to `runSuite`: its broker, cases, faults, the checks of those faults, and its own wording. */
export interface SuiteOptions<B extends SuiteBroker> {
  /** As the teardown and the verdict name it: `fault suite`. */
  name: string;
  /** Names the recorder's queue (`<id>-subscriber`) and the principals that read the outcome (`supervisor-<id>`). */
  id: string;
  broker: () => Promise<B>;
  path: CasePath;
  cases: number;
  concurrency: number;
  faults: (ctx: FaultContext<B>) => Fault[];
  /** Checks of how the faults ran, listed before the outcome's. */
  faultChecks: (done: FaultRecord[]) => Check[];
  /** The suite's own lines: while its servers start, once they run, while the services start, as the drive goes and when it ends. */
  lines: {
    starting: string;
    started: (pg: PostgresCluster, broker: B) => string;
    services: string;
    progressEveryMs: number;
    progress: (p: DriveProgress) => string;
    driveDone: (drive: DriveResult, seconds: number) => string;
    /** A line once the events have settled, before the checks (none when it gives nothing). */
    settled?: (ctx: CheckContext) => string | undefined;
  };
}

/**
 * Runs a suite and exits with its verdict (0 passed, 1 failed): a PostgreSQL cluster and
 * `options.broker` of its own, this run's databases, the independent subscriber (before the first
 * case), two instances of every service and the gateway, then `options.cases` cases driven along
 * `options.path` through the retrying client while `options.faults` are injected. Once the outboxes
 * and the events have settled (published, seen by the subscriber and applied by every consumer),
 * the fault checks, the outcome's and that no process exited on its own are printed as a table.
 * Everything started is stopped, pass or fail.
 */
export function runSuite<B extends SuiteBroker>(options: SuiteOptions<B>): void {
  const began = Date.now();
  const log = suiteLog(began);
  const teardown = new Teardown(options.name);
  void driveAndCheck(options, log, teardown)
    .then(
      (passed) => passed,
      (error: Error) => {
        console.error(error.stack ?? error.message);
        return false;
      },
    )
    .then(async (passed) => {
      log(`stopping everything the ${options.name} started`);
      await teardown.run();
      console.log(`${options.name} ${passed ? 'passed' : 'FAILED'}; wall time ${((Date.now() - began) / 1000).toFixed(1)} s`);
      process.exit(passed ? 0 : 1);
    });
}

/** `runSuite` up to its verdict: whether every check passed. */
async function driveAndCheck<B extends SuiteBroker>(
  options: SuiteOptions<B>,
  log: (line: string) => void,
  teardown: Teardown,
): Promise<boolean> {
  const { lines } = options;
  log(lines.starting);
  const [pg, broker] = await Promise.all([PostgresCluster.start(), options.broker()]);
  teardown.push(
    () => pg.stop(),
    () => broker.stop(),
  );
  log(lines.started(pg, broker));

  const run = new TestRun(pg.url, broker.url);
  teardown.push(() => Promise.resolve(rmSync(run.keyDir, { recursive: true, force: true })));
  await run.prepare();
  const recorder = await EventRecorder.open(broker.url, run.exchange, `${run.queuePrefix}${options.id}-subscriber`);
  teardown.push(() => recorder.close());
  const services = SERVICES.map((s) => s.name);
  for (const service of services) await run.provisionDatabase(service);

  const unexpected: string[] = [];
  log(lines.services);
  const system = await startTwoOfEach(run, log, unexpected);
  teardown.push(() => system.stop());

  const client = new RetryingClient(system.gatewayUrl);
  let archived = 0;
  let driving = true;
  const driveStarted = Date.now();
  log(`driving ${options.cases} ${options.path.name} cases to archive, ${options.concurrency} in flight`);
  const faultsDone: FaultRecord[] = [];
  // A drive that archives nothing for STALL_MS says once where the messages wait, and what the services logged of the broker.
  let lastArchived = { count: 0, at: Date.now() };
  let stallReported = false;
  const progress = setInterval(() => {
    const retries = [...client.stats.retries.values()].reduce((a, b) => a + b, 0);
    const seconds = (Date.now() - driveStarted) / 1000;
    log(lines.progress({ archived, requests: client.stats.requests, retries, seconds, faultsDone: faultsDone.length }));
    if (archived !== lastArchived.count) {
      lastArchived = { count: archived, at: Date.now() };
      stallReported = false;
    } else if (!stallReported && Date.now() - lastArchived.at >= STALL_MS) {
      stallReported = true;
      const logged = messagingTrouble(system);
      void broker.backlog().then(
        (queues) => log(`no case archived for ${STALL_MS / 1000} s; the services logged ${logged}; queues:\n${describeBacklog(queues)}`),
        (error: Error) => log(`no case archived for ${STALL_MS / 1000} s; the services logged ${logged}; queues unknown: ${error.message}`),
      );
    }
  }, lines.progressEveryMs);
  let drive: DriveResult;
  try {
    const at = (share: number) => Math.max(1, Math.floor(options.cases * share));
    const faults = runFaults(
      options.faults({ system, pg, broker, log, at }),
      () => archived,
      () => driving,
      log,
      faultsDone,
    );
    // Thrown when awaited below, after the drive; not an unhandled rejection meanwhile.
    faults.catch(() => undefined);
    drive = await driveCases(run, client, {
      count: options.cases,
      concurrency: options.concurrency,
      path: options.path,
      onArchived: () => archived++,
    }).finally(() => (driving = false));
    await faults;
  } finally {
    clearInterval(progress);
  }
  log(lines.driveDone(drive, (Date.now() - driveStarted) / 1000));

  const ctx: CheckContext = {
    run,
    services,
    client,
    recorder,
    caseIds: drive.archived,
    started: options.cases,
    expectedEvents: options.path.events,
    supervisor: await run.token({ sub: `supervisor-${options.id}`, roles: ['supervisor'] }),
    auditor: await run.token({ sub: `auditor-${options.id}`, roles: ['auditor'] }),
  };
  log('waiting for the outboxes to drain and every event to arrive and be applied, then checking');
  const settledIn = await settle(ctx);
  log(
    settledIn.outstanding
      ? `still outstanding after ${settledIn.seconds.toFixed(0)} s: ${settledIn.outstanding}`
      : `settled in ${settledIn.seconds.toFixed(0)} s: outboxes drained, every event arrived and applied`,
  );
  log(`what the services logged of the broker: ${messagingTrouble(system)}`);
  const settled = lines.settled?.(ctx);
  if (settled) log(settled);
  const checks = [
    ...options.faultChecks(faultsDone),
    ...(await checkOutcome(ctx)),
    { name: 'no process exited on its own', ok: unexpected.length === 0, detail: unexpected.join(', ') || 'none' },
  ];
  console.log(`\n${summaryTable(checks, drive, client)}\n`);
  explainFailures(system, drive);
  return checks.every((c) => c.ok);
}
