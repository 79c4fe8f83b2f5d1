// `npm run bench:floor -- [--duration 15] [--connections 8] [--rounds 2] [--out bench/results/floor.md]`
//
// What the read target can be at best with this gateway: the real gateway (this tree's build,
// its own process) in front of five stub subgraphs (bench/lib/stub-subgraph.ts, five processes)
// that answer their part of the README's case query from memory, with no framework, no database
// and no token check. wrk loads the README's case query (bench/queries/case.graphql, ids varying)
// and `{ __typename }` through the same gateway, same connections, same run, as bench:reads does,
// for two kinds of stub: `apollo` (Apollo Server executes every request) and `cached` (plain
// node:http answers each query text with the same bytes after executing it once). CPU per request
// is read from /proc for the gateway and the stubs. The ratio measured here bounds the ratio of
// the real system from above: its subgraphs do strictly more than these. The gateway checks the
// token for its rate limits as in production, under the `bulk` profile (one address and one
// token at thousands of requests a second).
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDevKeys, ensureSubgraphKeys, mintToken } from '@yekuo/testing/dev-keys';
import { graphql } from './lib/graphql';
import { allProcesses, treeCpu } from './lib/proc';
import { machine } from './lib/report';
import { load1, REPO, runMain, Teardown } from './lib/run';
import { describeTree } from './lib/trees';
import { assertWrk, runWrk, WrkResult } from './lib/wrk';

const USAGE = `Usage: npm run bench:floor -- [options]
  --duration <s>      seconds of load per operation and round (default 15)
  --connections <n>   wrk connections (default 8)
  --rounds <n>        rounds per operation and stub kind; the best is reported (default 2)
  --out <file>        (default bench/results/floor.md)`;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
    out: { type: 'string', default: join(__dirname, 'results', 'floor.md') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [duration, connections, rounds] = [values.duration, values.connections, values.rounds].map(Number);
if (![duration, connections, rounds].every((n) => Number.isInteger(n) && n > 0)) {
  throw new Error(`--duration, --connections and --rounds take positive integers\n\n${USAGE}`);
}

const SUBGRAPHS = ['intake', 'planning', 'inspection', 'contracts', 'metering'] as const;
const KINDS = ['apollo', 'cached'] as const;
type Kind = (typeof KINDS)[number];
const GATEWAY_PORT = 4400;
const CASE_FILE = join(__dirname, 'queries', 'case.graphql');
const TYPENAME = '{ __typename }';
const TARGET_RATIO = 0.25;
/** Reads of the case per lifecycle in bench:lifecycle (one after each of the path's steps). */
const READS_PER_LIFECYCLE = 33;
const TARGET_LIFECYCLE_CPU = 0.3;

interface Measured {
  typename: WrkResult;
  caseQuery: WrkResult;
  /** CPU ms per case query: gateway, then each stub. */
  cpuMs: Record<string, number>;
  typenameGatewayCpuMs: number;
}

/** A child process of this benchmark; its last lines of output are shown when it fails. */
class Child {
  private readonly child: ChildProcess;
  private output = '';
  private readonly exited: Promise<void>;

  constructor(
    readonly label: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', '--conditions=yekuo-source', ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)));
    }
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.label} did not start:\n${this.output}`);
    return this.child.pid;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  get lastOutput(): string {
    return this.output;
  }
}

function start(teardown: Teardown, label: string, args: string[], env: Record<string, string> = {}): Child {
  const child = new Child(label, args, env);
  teardown.add(label, () => child.stop());
  return child;
}

async function waitForGraphQL(url: string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const answer = await graphql<{ __typename: string }>(url, TYPENAME, {});
      if (answer.data?.__typename === 'Query') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function cpuDuring<T>(pids: Record<string, number>, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number> }> {
  const before = allProcesses();
  const result = await work();
  const after = allProcesses();
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, treeCpu(pid, after) - treeCpu(pid, before)]));
  return { result, cpu };
}

async function measureKind(kind: Kind, caseQuery: string, ids: string[], token: string, teardown: Teardown): Promise<Measured> {
  const stubs = SUBGRAPHS.map((name, i) =>
    start(teardown, `stub ${name} (${kind})`, ['bench/lib/stub-subgraph.ts', name, String(GATEWAY_PORT + 1 + i), kind]),
  );
  const gateway = start(teardown, `gateway (${kind} stubs)`, ['gateway/src/main.ts'], {
    PORT: String(GATEWAY_PORT),
    // It signs every stub request with the development key (var/keys), as it signs the real subgraphs'.
    MANAGEMENT_PORT: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    RATE_LIMIT_PROFILE: 'bulk',
    ...Object.fromEntries(
      SUBGRAPHS.map((name, i) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `http://127.0.0.1:${GATEWAY_PORT + 1 + i}/graphql`]),
    ),
  });
  const url = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
  await waitForGraphQL(url, 'the gateway');
  const check = await graphql<{ case: { number: string; metering: { blockedBy: string[] } } }>(url, caseQuery, { id: ids[0] });
  if (check.errors || check.data?.case.metering.blockedBy[0] !== 'CONTRACT_SIGNED') {
    throw new Error(`the case query through the stubs failed: ${JSON.stringify(check)}`);
  }
  const pids = { gateway: gateway.pid, ...Object.fromEntries(SUBGRAPHS.map((name, i) => [name, stubs[i].pid])) };
  const load = { url, token, connections };
  await runWrk({ ...load, query: caseQuery, ids, durationSeconds: 3 }); // warm-up

  let best: Measured | undefined;
  for (let round = 1; round <= rounds; round++) {
    console.log(`${kind} stubs, round ${round}/${rounds}: { __typename } then the case query, ${duration} s each (load ${load1()})`);
    const typename = await cpuDuring(pids, () => runWrk({ ...load, query: TYPENAME, durationSeconds: duration }));
    const caseRun = await cpuDuring(pids, () => runWrk({ ...load, query: caseQuery, ids, durationSeconds: duration }));
    const cpuMs = Object.fromEntries(Object.entries(caseRun.cpu).map(([name, s]) => [name, (s * 1000) / caseRun.result.requests]));
    const measured: Measured = {
      typename: typename.result,
      caseQuery: caseRun.result,
      cpuMs,
      typenameGatewayCpuMs: (typename.cpu.gateway * 1000) / typename.result.requests,
    };
    const ratio = (m: Measured) => m.caseQuery.requestsPerSecond / m.typename.requestsPerSecond;
    if (!best || ratio(measured) > ratio(best)) best = measured;
  }
  for (const p of [gateway, ...stubs]) await p.stop();
  return best!;
}

async function main(): Promise<void> {
  const wrkVersion = assertWrk();
  const teardown = new Teardown();
  await ensureSubgraphKeys(join(REPO, 'var', 'keys'));
  // The gateway reads var/keys/jwt-public.pem (its default) to know who calls.
  const { privateKeyPem } = await ensureDevKeys(join(REPO, 'var', 'keys'));
  const token = await mintToken({ sub: 'bench-floor', roles: ['supervisor'] }, { privateKeyPem });
  try {
    const caseQuery = readFileSync(CASE_FILE, 'utf8');
    const hash = createHash('sha256').update(caseQuery).digest('hex');
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const startedAt = new Date().toISOString().slice(0, 16) + 'Z';
    const loadStart = load1();
    const results = {} as Record<Kind, Measured>;
    for (const kind of KINDS) results[kind] = await measureKind(kind, caseQuery, ids, token, teardown);
    const loadEnd = load1();

    const f = (n: number, d = 1) => n.toFixed(d);
    const ratio = (m: Measured) => m.caseQuery.requestsPerSecond / m.typename.requestsPerSecond;
    const total = (m: Measured) => Object.values(m.cpuMs).reduce((a, b) => a + b, 0);
    const verdict = (ok: boolean) => (ok ? 'reachable' : '**out of reach**');
    const row = (label: string, cell: (m: Measured) => string) => `| ${label} | ${KINDS.map((k) => cell(results[k])).join(' | ')} |`;
    const report = [
      '# The floor of a five-subgraph read: the real gateway in front of subgraphs that do nothing',
      '',
      `Command: \`npm run bench:floor -- --duration ${duration} --connections ${connections} --rounds ${rounds}\``,
      '',
      `Machine: ${machine()}; ${wrkVersion}. Run ${startedAt}; 1-minute load average ${loadStart} at the start, ${loadEnd} at the end.`,
      '',
      `- gateway: commit ${describeTree(REPO)}, run from source (\`gateway/src/main.ts\`, NODE_ENV=production)`,
      `- case query: \`bench/queries/case.graphql\`, sha256 ${hash}, ids drawn at random per request`,
      '',
      'The gateway plans the case query as for the real system: one fetch from intake, then four `_entities`',
      'fetches. Each subgraph is a stub process answering its fields from memory: no NestJS, no database, no',
      'token verification. `apollo`: Apollo Server executes every request. `cached`: plain `node:http` answers a',
      'query text it has seen with the same bytes. Rates: wrk, the same connections for both operations, best',
      'round by ratio. CPU: utime + stime of each process from /proc over the run, per case query.',
      '',
      `| | ${KINDS.map((k) => `${k} stubs`).join(' | ')} |`,
      `|---|${KINDS.map(() => '---').join('|')}|`,
      row('`{ __typename }` req/s', (m) => f(m.typename.requestsPerSecond, 0)),
      row('case query req/s', (m) => f(m.caseQuery.requestsPerSecond, 0)),
      row('case query / `{ __typename }`', (m) => `${f(ratio(m), 3)} (target ≥ ${TARGET_RATIO}: ${verdict(ratio(m) >= TARGET_RATIO)})`),
      row('failed answers (case; typename)', (m) => `${m.caseQuery.failures}; ${m.typename.failures}`),
      row('case query p50 / p99 (ms)', (m) => `${f(m.caseQuery.p50)} / ${f(m.caseQuery.p99)}`),
      row('gateway CPU ms per `{ __typename }`', (m) => f(m.typenameGatewayCpuMs, 2)),
      row('gateway CPU ms per case query', (m) => f(m.cpuMs.gateway, 2)),
      ...SUBGRAPHS.map((name) => row(`${name} stub CPU ms per case query`, (m) => f(m.cpuMs[name], 2))),
      row('**total CPU ms per case query**', (m) => `**${f(total(m), 2)}**`),
      row(
        `CPU-s of ${READS_PER_LIFECYCLE} case reads (one lifecycle's reads alone)`,
        (m) =>
          `${f((total(m) * READS_PER_LIFECYCLE) / 1000, 3)} (target ≤ ${TARGET_LIFECYCLE_CPU} for the whole lifecycle: ${verdict((total(m) * READS_PER_LIFECYCLE) / 1000 < TARGET_LIFECYCLE_CPU)})`,
      ),
      '',
    ].join('\n');
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, report);
    console.log(`\n${report}\nwritten to ${values.out}`);
  } finally {
    await teardown.run();
  }
}

runMain(main);
