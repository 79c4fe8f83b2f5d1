// `npm run test:faults`: the fault suite. A PostgreSQL cluster and a RabbitMQ node of its own (free
// ports, temporary folders; the machine's servers are never touched), two instances of every
// service behind one gateway, and 200 low-voltage residential cases driven concurrently from
// application to archive by a client that sends retryable failures again with the same
// idempotency key. Meanwhile the broker is stopped and started twice, one instance of each service
// is killed (SIGKILL) and restarted, and PostgreSQL is restarted. Then the outcome is checked (see
// harness/checks.ts) and printed as a table with the wall time. Everything started is stopped, pass
// or fail. FAULTS_CASES and FAULTS_CONCURRENCY override the 200 cases and 24 in flight.
import { rmSync } from 'node:fs';
import { SERVICES } from '@yekuo/platform/core';
import { RunningSystem, startSystem, TestRun } from '@yekuo/testing';
import { LV_RESIDENTIAL_EVENTS } from '../e2e/operations';
import {
  Check,
  checkOutcome,
  driveCases,
  DriveResult,
  EventRecorder,
  Fault,
  FaultRecord,
  PostgresCluster,
  RabbitNode,
  RetryingClient,
  runFaults,
  settle,
  sleep,
} from './harness';

const CASES = Number(process.env.FAULTS_CASES ?? 200);
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY ?? 24);
const BROKER_DOWN_MS = 5_000;
const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => console.log(`[${elapsed()}] ${line}`);

/** What to undo, last started first; run once, pass or fail (also on SIGINT/SIGTERM). */
const teardown: (() => Promise<unknown>)[] = [];
let tornDown: Promise<void> | undefined;
function tearDown(): Promise<void> {
  tornDown ??= (async () => {
    for (const undo of teardown.reverse()) await undo().catch((error: Error) => console.error(`teardown: ${error.message}`));
  })();
  return tornDown;
}
// The progress lines must not be what stops the teardown when whoever reads them has gone.
process.stdout.on('error', () => undefined);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the fault suite started`);
    void tearDown().finally(() => process.exit(1));
  });
}

function faultsFor(system: RunningSystem, pg: PostgresCluster, rabbit: RabbitNode): Fault[] {
  const at = (share: number) => Math.max(1, Math.floor(CASES * share));
  const brokerOutage = async () => {
    let t = Date.now();
    await rabbit.stopApp();
    log(`  RabbitMQ stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await sleep(BROKER_DOWN_MS);
    t = Date.now();
    await rabbit.startApp();
    log(`  RabbitMQ started in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const services = SERVICES.map((s) => s.name);
  return [
    { name: 'RabbitMQ stopped and started', afterArchived: at(0.05), inject: brokerOutage },
    {
      name: 'one instance of each service killed (SIGKILL) and restarted',
      afterArchived: at(0.25),
      inject: async () => {
        await Promise.all(services.map((s) => system.kill(s, 'SIGKILL')));
        const t = Date.now();
        await Promise.all(services.map((s) => system.restart(s)));
        log(`  restarted and ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      },
    },
    { name: 'PostgreSQL restarted (pg_ctl restart -m fast)', afterArchived: at(0.45), inject: () => pg.restart() },
    { name: 'RabbitMQ stopped and started again', afterArchived: at(0.65), inject: brokerOutage },
  ];
}

function summary(checks: Check[], faults: FaultRecord[], drive: DriveResult, client: RetryingClient, unexpected: string[]): string {
  const count = (map: Map<string, number>) => [...map].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const allChecks: Check[] = [
    {
      name: `faults injected while cases ran`,
      ok: faults.length === 4,
      detail: faults.map((f) => `${f.name} at ${f.atSeconds} s (${f.tookSeconds} s)`).join('; '),
    },
    ...checks,
    { name: 'no process exited on its own', ok: unexpected.length === 0, detail: unexpected.join(', ') || 'none' },
  ];
  const rows = allChecks.map((c) => `| ${c.ok ? 'pass' : 'FAIL'} | ${c.name} | ${c.detail} |`);
  return [
    '| | check | detail |',
    '|---|---|---|',
    ...rows,
    '',
    `requests ${client.stats.requests}; retried: ${count(client.stats.retries)}`,
    `retried mutations refused as already done (duplicates without idempotency): ${count(client.stats.duplicates)}`,
    `retried mutations carried out whose answer was lost (IDEMPOTENT_REQUEST_DONE, state read instead): ${count(client.stats.lostAnswers)}`,
    ...drive.failures.slice(0, 5).map((f) => `failed case: ${f}`),
  ].join('\n');
}

/** The log lines of the processes' masked errors that failed cases were answered with (by the request id the answer carried). */
function explainFailures(system: RunningSystem, drive: DriveResult): void {
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

async function main(): Promise<boolean> {
  log(`starting a PostgreSQL cluster and a RabbitMQ node of this run's own`);
  const [pg, rabbit] = await Promise.all([PostgresCluster.start(), RabbitNode.start()]);
  teardown.push(
    () => pg.stop(),
    () => rabbit.stop(),
  );
  log(`PostgreSQL on ${pg.port}, RabbitMQ on ${rabbit.port} (${rabbit.node})`);

  const run = new TestRun(pg.url, rabbit.url);
  teardown.push(() => Promise.resolve(rmSync(run.keyDir, { recursive: true, force: true })));
  await run.prepare();
  const recorder = await EventRecorder.open(rabbit.url, run.exchange, `${run.queuePrefix}faults-subscriber`);
  teardown.push(() => recorder.close());
  const services = SERVICES.map((s) => s.name);
  for (const service of services) await run.provisionDatabase(service);

  const unexpected: string[] = [];
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _ownerUrl, WITNESS_DATABASE_URL: _witnessUrl, ...shared } = run.env('intake');
  log('starting two instances of every service and the gateway');
  const start = () =>
    startSystem({
      instances: 2,
      quiet: true,
      // The default retry delays of a consumer, shortened: a message met by a restarting database is retried, not dead-lettered.
      // Every case comes from this one address: the bulk rate-limit profile, as for the benchmarks (README, Rate limits).
      env: {
        ...shared,
        LOG_LEVEL: 'warn',
        CONSUMER_RETRY_DELAYS_MS: '1000,5000,15000',
        CONSUMER_MAX_ATTEMPTS: '5',
        RATE_LIMIT_PROFILE: 'bulk',
        // The suite is about cases reaching archive; no mail server is started for it.
        EMAIL_ENABLED: 'false',
      },
      databaseUrl: (service) => run.env(service).DATABASE_URL,
      databaseOwnerUrl: (service) => run.env(service).DATABASE_OWNER_URL,
      witnessUrl: (service) => run.env(service).WITNESS_DATABASE_URL,
      readyTimeoutMs: 120_000,
      onUnexpectedExit: (name, code, signal) => unexpected.push(`${name} (${signal ?? `code ${code}`})`),
    });
  // A port found free can be taken before its process binds it (by an outgoing connection of another): start once more then.
  const system = await start().catch((error: Error) => {
    if (!error.message.includes('EADDRINUSE')) throw error;
    log('a port was taken meanwhile; starting the processes again');
    unexpected.length = 0;
    return start();
  });
  teardown.push(() => system.stop());

  const client = new RetryingClient(system.gatewayUrl);
  let archived = 0;
  let driving = true;
  const driveStarted = Date.now();
  log(`driving ${CASES} low-voltage residential cases to archive, ${CONCURRENCY} in flight`);
  const faultsDone: FaultRecord[] = [];
  const progress = setInterval(() => {
    const retries = [...client.stats.retries.values()].reduce((a, b) => a + b, 0);
    log(`archived ${archived} of ${CASES}; ${client.stats.requests} requests, ${retries} retried; faults done ${faultsDone.length} of 4`);
  }, 5_000);
  let drive: DriveResult;
  try {
    const faults = runFaults(
      faultsFor(system, pg, rabbit),
      () => archived,
      () => driving,
      log,
      faultsDone,
    );
    drive = await driveCases(run, client, { count: CASES, concurrency: CONCURRENCY, onArchived: () => archived++ }).finally(
      () => (driving = false),
    );
    await faults;
  } finally {
    clearInterval(progress);
  }
  log(
    `drive done in ${((Date.now() - driveStarted) / 1000).toFixed(0)} s: ${drive.archived.length} archived, ${drive.failures.length} failed`,
  );

  const ctx = {
    run,
    services,
    client,
    recorder,
    caseIds: drive.archived,
    started: CASES,
    expectedEvents: LV_RESIDENTIAL_EVENTS,
    supervisor: await run.token({ sub: 'supervisor-faults', roles: ['supervisor'] }),
    auditor: await run.token({ sub: 'auditor-faults', roles: ['auditor'] }),
  };
  log('waiting for the outboxes to drain and every event to arrive, then checking');
  await settle(ctx);
  const sample = drive.archived[0];
  if (sample) log(`events of case ${sample}: ${[...recorder.idsOf(sample)].map(([type, ids]) => `${type} ×${ids.size}`).join(', ')}`);
  const checks = await checkOutcome(ctx);
  const allChecks = summary(checks, faultsDone, drive, client, unexpected);
  console.log(`\n${allChecks}\n`);
  explainFailures(system, drive);
  return checks.every((c) => c.ok) && faultsDone.length === 4 && unexpected.length === 0;
}

void main()
  .then(
    (passed) => passed,
    (error: Error) => {
      console.error(error.stack ?? error.message);
      return false;
    },
  )
  .then(async (passed) => {
    log('stopping everything the fault suite started');
    await tearDown();
    console.log(`fault suite ${passed ? 'passed' : 'FAILED'}; wall time ${((Date.now() - began) / 1000).toFixed(1)} s`);
    process.exit(passed ? 0 : 1);
  });
