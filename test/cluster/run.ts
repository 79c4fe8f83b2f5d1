// `npm run test:cluster`: the cluster suite. A three-node RabbitMQ cluster of its own (three
// `rabbitmq-server` nodes with their own names, ports and folders, one Erlang scheduler each) and a
// PostgreSQL cluster of its own (the machine's servers are never touched), two instances of every
// service with AMQP_URL listing the three nodes, one gateway, and 200 high-voltage dual-source
// cases driven from application to archive through the fault suite's retrying client. Mid-run, the
// node that leads the most quorum queues and holds the most connections is stopped and started
// again; the clients fail over to the other two. Then the fault suite's checks (harness/checks.ts),
// printed as a table with the wall time. Everything started is stopped, pass or fail.
// CLUSTER_CASES and CLUSTER_CONCURRENCY override the 200 cases and 16 in flight.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the cluster suite runs on the fault suite's harness
import { Check, Fault, FaultContext, FaultRecord, HV_DUAL_SOURCE_PATH, NodeLoad, RabbitCluster, runSuite, sleep } from '../faults/harness';

const CASES = Number(process.env.CLUSTER_CASES ?? 200);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY ?? 16);
const NODE_DOWN_MS = 5_000;

const describeLoad = (load: NodeLoad[]) =>
  load.map((l) => `${l.node.node.split('@')[0]}: ${l.leaders} leaders, ${l.connections} connections`).join('; ');

/** What the node failure showed: the node stopped, its load before, and where the connections were while it was down. */
interface Failover {
  node: string;
  before: NodeLoad;
  connectionsElsewhere: number;
  connectionsBefore: number;
}

function nodeFailure({ broker: cluster, log, at }: FaultContext<RabbitCluster>, seen: Failover[]): Fault {
  return {
    name: 'the busiest RabbitMQ node stopped and started again',
    afterArchived: at(0.3),
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

const failovers: Failover[] = [];
runSuite({
  name: 'cluster suite',
  id: 'cluster',
  broker: () => RabbitCluster.start(3),
  path: HV_DUAL_SOURCE_PATH,
  cases: CASES,
  concurrency: CONCURRENCY,
  faults: (ctx) => [nodeFailure(ctx, failovers)],
  faultChecks: (faults) => [failoverCheck(faults, failovers)],
  lines: {
    starting: 'starting a three-node RabbitMQ cluster and a PostgreSQL cluster of this run’s own',
    started: (pg, cluster) => `PostgreSQL on ${pg.port}; RabbitMQ nodes ${cluster.nodes.map((n) => `${n.node} on ${n.port}`).join(', ')}`,
    services: 'starting two instances of every service (AMQP_URL: the three nodes) and the gateway',
    progressEveryMs: 10_000,
    progress: (p) =>
      `archived ${p.archived} of ${CASES} (${(p.archived / p.seconds).toFixed(2)}/s); ${p.requests} requests, ${p.retries} retried`,
    driveDone: (drive, seconds) =>
      `drive done in ${seconds.toFixed(0)} s (${(drive.archived.length / seconds).toFixed(2)} cases/s): ` +
      `${drive.archived.length} archived, ${drive.failures.length} failed`,
  },
});
