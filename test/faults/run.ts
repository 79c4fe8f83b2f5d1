// `npm run test:faults`: the fault suite. A PostgreSQL cluster and a RabbitMQ node of its own (free
// ports, temporary folders; the machine's servers are never touched), two instances of every
// service behind one gateway, and 200 low-voltage residential cases driven concurrently from
// application to archive by a client that sends retryable failures again with the same
// idempotency key. Meanwhile the broker is stopped and started twice, one instance of each service
// is killed (SIGKILL) and restarted, and PostgreSQL is restarted. Then the outcome is checked (see
// harness/checks.ts) and printed as a table with the wall time. Everything started is stopped, pass
// or fail. FAULTS_CASES and FAULTS_CONCURRENCY override the 200 cases and 24 in flight.
import { SERVICES } from '@yekuo/platform/core';
import { Fault, FaultContext, LV_RESIDENTIAL_PATH, RabbitNode, runSuite, sleep } from './harness';

const CASES = Number(process.env.FAULTS_CASES ?? 200);
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY ?? 24);
const BROKER_DOWN_MS = 5_000;

function faultsFor({ system, pg, broker: rabbit, log, at }: FaultContext<RabbitNode>): Fault[] {
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

runSuite({
  name: 'fault suite',
  id: 'faults',
  broker: () => RabbitNode.start(),
  path: LV_RESIDENTIAL_PATH,
  cases: CASES,
  concurrency: CONCURRENCY,
  faults: faultsFor,
  faultChecks: (faults) => [
    {
      name: `faults injected while cases ran`,
      ok: faults.length === 4,
      detail: faults.map((f) => `${f.name} at ${f.atSeconds} s (${f.tookSeconds} s)`).join('; '),
    },
  ],
  lines: {
    starting: `starting a PostgreSQL cluster and a RabbitMQ node of this run's own`,
    started: (pg, rabbit) => `PostgreSQL on ${pg.port}, RabbitMQ on ${rabbit.port} (${rabbit.node})`,
    services: 'starting two instances of every service and the gateway',
    progressEveryMs: 5_000,
    progress: (p) => `archived ${p.archived} of ${CASES}; ${p.requests} requests, ${p.retries} retried; faults done ${p.faultsDone} of 4`,
    driveDone: (drive, seconds) =>
      `drive done in ${seconds.toFixed(0)} s: ${drive.archived.length} archived, ${drive.failures.length} failed`,
    settled: ({ caseIds: [sample], recorder }) =>
      sample && `events of case ${sample}: ${[...recorder.idsOf(sample)].map(([type, ids]) => `${type} ×${ids.size}`).join(', ')}`,
  },
});
