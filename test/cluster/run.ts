// `npm run test:cluster`: the cluster suite. A three-node RabbitMQ cluster of its own (three
// `rabbitmq-server` nodes with their own names, ports and folders, one Erlang scheduler each) and a
// PostgreSQL cluster of its own (the machine's servers are never touched), two instances of every
// service with AMQP_URL listing the three nodes, one gateway, and 200 high-voltage dual-source
// cases driven from application to archive through the fault suite's retrying client. Mid-run, the
// node that leads the most quorum queues and holds the most connections is stopped and started
// again; the clients fail over to the other two. Then the fault suite's checks (harness/checks.ts),
// printed as a table with the wall time. Everything started is stopped, pass or fail.
// CLUSTER_CASES and CLUSTER_CONCURRENCY override the 200 cases and 16 in flight.
import { rmSync } from 'node:fs';
import { SERVICES } from '@yekuo/platform/core';
import { TestRun } from '@yekuo/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the cluster suite runs on the fault suite's harness
import {
  Check,
  checkOutcome,
  driveCases,
  DriveResult,
  EventRecorder,
  explainFailures,
  Fault,
  FaultRecord,
  HV_DUAL_SOURCE_PATH,
  NodeLoad,
  PostgresCluster,
  RabbitCluster,
  RetryingClient,
  runFaults,
  settle,
  sleep,
  startTwoOfEach,
  suiteLog,
  summaryTable,
  Teardown,
} from '../faults/harness';

const CASES = Number(process.env.CLUSTER_CASES ?? 200);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY ?? 16);
const NODE_DOWN_MS = 5_000;
const began = Date.now();
const log = suiteLog(began);
const teardown = new Teardown('cluster suite');

const describeLoad = (load: NodeLoad[]) =>
  load.map((l) => `${l.node.node.split('@')[0]}: ${l.leaders} leaders, ${l.connections} connections`).join('; ');

/** What the node failure showed: the node stopped, its load before, and where the connections were while it was down. */
interface Failover {
  node: string;
  before: NodeLoad;
  connectionsElsewhere: number;
  connectionsBefore: number;
}

function nodeFailure(cluster: RabbitCluster, seen: Failover[]): Fault {
  return {
    name: 'the busiest RabbitMQ node stopped and started again',
    afterArchived: Math.max(1, Math.floor(CASES * 0.3)),
    inject: async () => {
      const load = await cluster.load();
      log(`  load: ${describeLoad(load)}`);
      const [busiest] = load;
      const connectionsBefore = load.reduce((n, l) => n + l.connections, 0);
      let t = Date.now();
      await busiest.node.shutdown();
      log(`  ${busiest.node.node} stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      await sleep(NODE_DOWN_MS);
      const during = await cluster.load();
      log(`  while it is down: ${describeLoad(during)}`);
      seen.push({
        node: busiest.node.node,
        before: busiest,
        connectionsBefore,
        connectionsElsewhere: during.filter((l) => l.node !== busiest.node).reduce((n, l) => n + l.connections, 0),
      });
      t = Date.now();
      await busiest.node.boot();
      log(
        `  ${busiest.node.node} started again in ${((Date.now() - t) / 1000).toFixed(1)} s; running: ${(await cluster.runningNodes()).length} nodes`,
      );
    },
  };
}

/** The failure hit a node that led queues and held connections, and the clients reconnected to the others while it was down. */
function failoverCheck(faults: FaultRecord[], seen: Failover[]): Check {
  const failover = seen[0];
  if (!failover || faults.length !== 1)
    return { name: 'busiest node stopped mid-run, clients failed over', ok: false, detail: 'not injected' };
  return {
    name: 'busiest node stopped mid-run, clients failed over',
    ok: failover.before.leaders > 0 && failover.before.connections > 0 && failover.connectionsElsewhere >= failover.connectionsBefore,
    detail:
      `${failover.node} (${failover.before.leaders} quorum-queue leaders, ${failover.before.connections} of ${failover.connectionsBefore} connections) ` +
      `stopped at ${faults[0].atSeconds} s, back after ${faults[0].tookSeconds} s; ${failover.connectionsElsewhere} connections on the other nodes meanwhile`,
  };
}

async function main(): Promise<boolean> {
  log('starting a three-node RabbitMQ cluster and a PostgreSQL cluster of this run’s own');
  const [pg, cluster] = await Promise.all([PostgresCluster.start(), RabbitCluster.start(3)]);
  teardown.push(
    () => pg.stop(),
    () => cluster.stop(),
  );
  log(`PostgreSQL on ${pg.port}; RabbitMQ nodes ${cluster.nodes.map((n) => `${n.node} on ${n.port}`).join(', ')}`);

  const run = new TestRun(pg.url, cluster.url);
  teardown.push(() => Promise.resolve(rmSync(run.keyDir, { recursive: true, force: true })));
  await run.prepare();
  const recorder = await EventRecorder.open(cluster.url, run.exchange, `${run.queuePrefix}cluster-subscriber`);
  teardown.push(() => recorder.close());
  const services = SERVICES.map((s) => s.name);
  for (const service of services) await run.provisionDatabase(service);

  const unexpected: string[] = [];
  log('starting two instances of every service (AMQP_URL: the three nodes) and the gateway');
  const system = await startTwoOfEach(run, log, unexpected);
  teardown.push(() => system.stop());

  const client = new RetryingClient(system.gatewayUrl);
  let archived = 0;
  let driving = true;
  const driveStarted = Date.now();
  log(`driving ${CASES} ${HV_DUAL_SOURCE_PATH.name} cases to archive, ${CONCURRENCY} in flight`);
  const faultsDone: FaultRecord[] = [];
  const failovers: Failover[] = [];
  const progress = setInterval(() => {
    const retries = [...client.stats.retries.values()].reduce((a, b) => a + b, 0);
    const seconds = (Date.now() - driveStarted) / 1000;
    log(`archived ${archived} of ${CASES} (${(archived / seconds).toFixed(2)}/s); ${client.stats.requests} requests, ${retries} retried`);
  }, 10_000);
  let drive: DriveResult;
  try {
    const faults = runFaults(
      [nodeFailure(cluster, failovers)],
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
      path: HV_DUAL_SOURCE_PATH,
      onArchived: () => archived++,
    }).finally(() => (driving = false));
    await faults;
  } finally {
    clearInterval(progress);
  }
  const driveSeconds = (Date.now() - driveStarted) / 1000;
  log(
    `drive done in ${driveSeconds.toFixed(0)} s (${(drive.archived.length / driveSeconds).toFixed(2)} cases/s): ` +
      `${drive.archived.length} archived, ${drive.failures.length} failed`,
  );

  const ctx = {
    run,
    services,
    client,
    recorder,
    caseIds: drive.archived,
    started: CASES,
    expectedEvents: HV_DUAL_SOURCE_PATH.events,
    supervisor: await run.token({ sub: 'supervisor-cluster', roles: ['supervisor'] }),
    auditor: await run.token({ sub: 'auditor-cluster', roles: ['auditor'] }),
  };
  log('waiting for the outboxes to drain and every event to arrive, then checking');
  await settle(ctx);
  const checks = [
    failoverCheck(faultsDone, failovers),
    ...(await checkOutcome(ctx)),
    { name: 'no process exited on its own', ok: unexpected.length === 0, detail: unexpected.join(', ') || 'none' },
  ];
  console.log(`\n${summaryTable(checks, drive, client)}\n`);
  explainFailures(system, drive);
  return checks.every((c) => c.ok);
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
    log('stopping everything the cluster suite started');
    await teardown.run();
    console.log(`cluster suite ${passed ? 'passed' : 'FAILED'}; wall time ${((Date.now() - began) / 1000).toFixed(1)} s`);
    process.exit(passed ? 0 : 1);
  });
