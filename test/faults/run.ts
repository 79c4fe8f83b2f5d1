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
import { RunningSystem, TestRun } from '@yekuo/testing';
import {
  Check,
  checkOutcome,
  driveCases,
  DriveResult,
  EventRecorder,
  explainFailures,
  Fault,
  FaultRecord,
  LV_RESIDENTIAL_PATH,
  PostgresCluster,
  RabbitNode,
  RetryingClient,
  runFaults,
  settle,
  sleep,
  startTwoOfEach,
  suiteLog,
  summaryTable,
  Teardown,
} from './harness';

const CASES = Number(process.env.FAULTS_CASES ?? 200);
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY ?? 24);
const BROKER_DOWN_MS = 5_000;
const began = Date.now();
const log = suiteLog(began);
const teardown = new Teardown('fault suite');

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
  const allChecks: Check[] = [
    {
      name: `faults injected while cases ran`,
      ok: faults.length === 4,
      detail: faults.map((f) => `${f.name} at ${f.atSeconds} s (${f.tookSeconds} s)`).join('; '),
    },
    ...checks,
    { name: 'no process exited on its own', ok: unexpected.length === 0, detail: unexpected.join(', ') || 'none' },
  ];
  return summaryTable(allChecks, drive, client);
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
  log('starting two instances of every service and the gateway');
  const system = await startTwoOfEach(run, log, unexpected);
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
    // Thrown when awaited below, after the drive; not an unhandled rejection meanwhile.
    faults.catch(() => undefined);
    drive = await driveCases(run, client, {
      count: CASES,
      concurrency: CONCURRENCY,
      path: LV_RESIDENTIAL_PATH,
      onArchived: () => archived++,
    }).finally(() => (driving = false));
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
    expectedEvents: LV_RESIDENTIAL_PATH.events,
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
    await teardown.run();
    console.log(`fault suite ${passed ? 'passed' : 'FAILED'}; wall time ${((Date.now() - began) / 1000).toFixed(1)} s`);
    process.exit(passed ? 0 : 1);
  });
