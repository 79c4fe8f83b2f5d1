import { RunningSystem, startSystem, TestRun } from '@yekuo/testing';
import type { Check } from './checks';
import type { RetryingClient } from './client';
import type { DriveResult } from './drive';

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
