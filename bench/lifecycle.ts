// `npm run bench:lifecycle -- [--cases 40] [--concurrency 4] [--duration 600] [--base <ref>] [--only after] [--no-build]`
//
// Whole case lifecycles through the gateway, before and after: the high-voltage dual-source path
// of the end-to-end tests (test/e2e/operations.ts: every document uploaded, a design returned and
// approved, a failed countersign and its rectification, the contract PDF read, two payments,
// energized, archived), with a read of the case (bench/queries/case.graphql) after each step.
//
// "Before" is a git worktree of the base ref (--base, else BENCH_BASE, else the merge base with
// origin/main, else a fixed commit), installed and built in a temporary folder; "after" is this
// tree. Each side in turn runs as its own six processes from their builds, on databases, an
// exchange and queues of its own, walks two lifecycles to warm up, then --cases lifecycles,
// --concurrency at a time (no new one starts after --duration seconds). The run fails unless every
// case ends archived, with exactly the path's events in its journey and every service's audit
// chain of the case valid (read as an auditor).
//
// CPU seconds come from /proc/<pid>/stat (utime + stime): the six processes; PostgreSQL as the
// postmaster with its reaped children (cutime + cstime) and its live backends; RabbitMQ as the
// Erlang VM (beam.smp) and its children. The window runs from the first lifecycle to the moment
// every event of every case has been consumed. PostgreSQL and RabbitMQ are shared with anything
// else running on the machine; the load average shows whether something was. The client (this
// process) is reported apart. Peak memory is VmHWM from /proc/<pid>/status after the run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { send, unavailable, unavailableSummary } from './lib/graphql';
import { allProcesses, findPostmaster, findRabbitMq, peakRssMiB, procStat, treeCpu } from './lib/proc';
import { machine, percentile, progress } from './lib/report';
import {
  load1,
  observabilityNote,
  parseOptions,
  PG_URL,
  postgresVersion,
  prepareSides,
  runMain,
  shortCommit,
  Side,
  startSide,
  Teardown,
} from './lib/run';
import { Crew, crewFor, DUAL_SOURCE_EVENTS, loadOperations, newWalk, pool, prepareSystem, walkDualSource } from './lib/seed';
import { BenchSystem, PROCESS_NAMES, ProcessName, SERVICE_NAMES } from './lib/system';

const USAGE = `Usage: npm run bench:lifecycle -- [options]
  --cases <n>           lifecycles per side (default 40)
  --concurrency <n>     lifecycles in flight (default 4)
  --connections <n>     the same as --concurrency: a lifecycle in flight sends one request at a time
  --duration <s>        no new lifecycle starts after this many seconds (default 600)
  --base <ref>          the "before" commit (default: BENCH_BASE, the merge base with origin/main, or 9b94261)
  --only after          measure this tree only
  --no-build            do not build this tree first
  --out <file>          (default bench/results/lifecycle.md)`;

const { common: options, values } = parseOptions(USAGE, {
  duration: 600,
  cases: 40,
  concurrency: 4,
  out: join(__dirname, 'results', 'lifecycle.md'),
});
if (values.connections !== undefined && values.concurrency !== undefined && options.connections !== options.concurrency) {
  throw new Error(`--connections and --concurrency name the same thing; give one\n\n${USAGE}`);
}
const inFlight = values.connections !== undefined ? options.connections : options.concurrency;

const CASE_QUERY = readFileSync(join(__dirname, 'queries', 'case.graphql'), 'utf8');
const TARGET_RATE = 5;
const TARGET_CPU = 0.3;
const TARGET_RSS_MIB = 200;
const EXPECTED_EVENTS = Object.values(DUAL_SOURCE_EVENTS).reduce((a, b) => a + b, 0);

type Part = ProcessName | 'PostgreSQL' | 'RabbitMQ';
const PARTS: Part[] = [...PROCESS_NAMES, 'PostgreSQL', 'RabbitMQ'];

interface CpuReading {
  parts: Map<Part, number>;
  /** this system's backends, by pid */
  backends: Map<number, number>;
  client: number;
}

interface Measured {
  side: Side;
  startedLifecycles: number;
  /** completed (archived) */
  lifecycles: number;
  archivedSeconds: number;
  windowSeconds: number;
  cpu: Map<Part, number>;
  backendsCpu: number;
  clientCpu: number;
  rss: Map<Part, number | undefined>;
  durations: number[];
  verified: number;
  problems: string[];
  unavailable: string;
}

async function backendPids(system: BenchSystem): Promise<number[]> {
  const db = new Client({ connectionString: `${PG_URL}/postgres` });
  await db.connect();
  try {
    const names = SERVICE_NAMES.map((s) => system.database(s));
    const rows = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[])', [names]);
    return rows.rows.map((r) => r.pid);
  } finally {
    await db.end();
  }
}

async function readCpu(system: BenchSystem, postmaster: number | undefined, rabbit: number | undefined): Promise<CpuReading> {
  const processes = allProcesses();
  const parts = new Map<Part, number>();
  for (const [name, pid] of system.pids()) {
    const stat = procStat(pid);
    if (!stat) throw new Error(`${name} (pid ${pid}) is gone`);
    parts.set(name, stat.cpu + stat.childrenCpu);
  }
  parts.set('PostgreSQL', postmaster === undefined ? NaN : treeCpu(postmaster, processes));
  parts.set('RabbitMQ', rabbit === undefined ? NaN : treeCpu(rabbit, processes));
  const backends = new Map<number, number>();
  for (const pid of await backendPids(system)) {
    const stat = procStat(pid);
    if (stat) backends.set(pid, stat.cpu);
  }
  const usage = process.cpuUsage();
  return { parts, backends, client: (usage.user + usage.system) / 1e6 };
}

interface JourneyRead {
  case: { metering: { archivedAt: string | null } | null; journey: { steps: { type: string; eventId: string }[] } };
}

/** Problems with a case's journey: missing, extra or repeated events; empty when it holds exactly the path's events. */
function eventProblems(read: JourneyRead): string[] {
  const counts = new Map<string, number>();
  const ids = new Set<string>();
  for (const step of read.case.journey.steps) {
    if (ids.has(step.eventId)) return [`event ${step.eventId} recorded twice`];
    ids.add(step.eventId);
    if (!step.type.includes('.timelimit.')) counts.set(step.type, (counts.get(step.type) ?? 0) + 1);
  }
  const problems: string[] = [];
  for (const type of new Set([...counts.keys(), ...Object.keys(DUAL_SOURCE_EVENTS)])) {
    const seen = counts.get(type) ?? 0;
    const expected = DUAL_SOURCE_EVENTS[type] ?? 0;
    if (seen !== expected) problems.push(`${type} ${seen}× (expected ${expected}×)`);
  }
  return problems;
}

const JOURNEY = `query($id: ID!) { case(id: $id) { metering { archivedAt } journey { steps { type eventId } } } }`;
const AUDITS = `query($id: ID!) { case(id: $id) { ${SERVICE_NAMES.map((s) => `${s}Audit { valid length }`).join(' ')} } }`;

/** Waits until every case's journey holds its whole event set (the consumers have caught up); returns the problems left. */
async function awaitEvents(crew: Crew, ids: string[], timeoutMs = 120_000): Promise<Map<string, string[]>> {
  const pending = new Map(ids.map((id) => [id, ['not read yet']]));
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending.keys()]) {
      const read = await send<JourneyRead>(crew.driver.gatewayUrl, JOURNEY, { id }, crew.supervisor);
      const problems = eventProblems(read);
      if (!read.case.metering?.archivedAt) problems.push('not archived');
      if (problems.length === 0) pending.delete(id);
      else pending.set(id, problems);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return pending;
}

async function auditProblems(crew: Crew, id: string): Promise<string[]> {
  const data = await send<{ case: Record<string, { valid: boolean; length: number } | null> }>(
    crew.driver.gatewayUrl,
    AUDITS,
    { id },
    crew.auditor,
  );
  return SERVICE_NAMES.flatMap((s) => {
    const audit = data.case[`${s}Audit`];
    return audit?.valid && audit.length > 0 ? [] : [`${s} audit chain ${audit ? `invalid (${audit.length} records)` : 'missing'}`];
  });
}

async function measure(side: Side, teardown: Teardown): Promise<Measured> {
  progress(`starting ${side.name} (${shortCommit(side.commit)}) on ports ${side.basePort}-${side.basePort + 5}`, true);
  const system = await startSide(side, teardown);
  try {
    const crew = crewFor(system.gatewayUrl, system.keys, await loadOperations(side.root));
    await prepareSystem(crew);
    const readAfterEachStep = async (_step: unknown, walk: { caseId?: string }) => {
      await send(system.gatewayUrl, CASE_QUERY, { id: walk.caseId }, crew.supervisor);
    };
    progress(`${side.name}: two lifecycles to warm up`);
    await pool(2, 2, async (i) => {
      await walkDualSource(newWalk(crew, 900_000 + i), { afterStep: readAfterEachStep });
    });
    unavailable.clear();

    const processes = allProcesses();
    const postmaster = findPostmaster(processes);
    const rabbit = findRabbitMq(processes);
    const before = await readCpu(system, postmaster, rabbit);
    const started = performance.now();
    const ids: string[] = [];
    const durations: number[] = [];
    const failedWalks: string[] = [];
    let startedCount = 0;
    let archivedAt = started;
    const stopStarting = started + options.duration * 1000;
    await pool(
      options.cases,
      inFlight,
      async (i) => {
        if (performance.now() > stopStarting) return;
        const t0 = performance.now();
        startedCount++;
        try {
          const walk = await walkDualSource(newWalk(crew, i), { afterStep: readAfterEachStep });
          ids.push(walk.caseId!);
          archivedAt = performance.now();
          durations.push((archivedAt - t0) / 1000);
        } catch (error) {
          failedWalks.push((error as Error).message);
        }
      },
      `${side.name}: lifecycles (${inFlight} in flight)`,
    );
    progress(`${side.name}: waiting until every event of every case is consumed`);
    const pending = await awaitEvents(crew, ids);
    const after = await readCpu(system, postmaster, rabbit);
    const ended = performance.now();
    progress(`${side.name}: verifying audit chains`);
    const problems = [...failedWalks, ...[...pending].map(([id, p]) => `${id}: ${p.join('; ')}`)];
    let verified = 0;
    for (const id of ids) {
      const audit = await auditProblems(crew, id);
      problems.push(...audit.map((p) => `${id}: ${p}`));
      if (audit.length === 0 && !pending.has(id)) verified++;
    }
    progress('', true);
    const rss = new Map<Part, number | undefined>();
    for (const [name, pid] of system.pids()) rss.set(name, peakRssMiB(pid));
    const backendPeaks = (await backendPids(system)).map((pid) => peakRssMiB(pid) ?? 0);
    rss.set('PostgreSQL', backendPeaks.length > 0 ? Math.max(...backendPeaks) : undefined);
    rss.set('RabbitMQ', rabbit === undefined ? undefined : peakRssMiB(rabbit));
    const cpu = new Map(PARTS.map((p) => [p, after.parts.get(p)! - before.parts.get(p)!]));
    let backendsCpu = 0;
    for (const [pid, value] of after.backends) backendsCpu += value - (before.backends.get(pid) ?? 0);
    return {
      side,
      startedLifecycles: startedCount,
      lifecycles: ids.length,
      archivedSeconds: (archivedAt - started) / 1000,
      windowSeconds: (ended - started) / 1000,
      cpu,
      backendsCpu,
      clientCpu: after.client - before.client,
      rss,
      durations,
      verified,
      problems,
      unavailable: unavailableSummary(),
    };
  } finally {
    await system.dispose();
  }
}

function report(measured: Measured[], env: { pg: string; loadStart: string; started: Date; loadEnd: string }): string {
  const cols = measured.map((m) => `${m.side.name} (${shortCommit(m.side.commit)})`);
  const after = measured[measured.length - 1];
  const row = (label: string, cells: string[], target = '', pass = '') => `| ${label} | ${cells.join(' | ')} | ${target} | ${pass} |`;
  const yes = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
  const rate = (m: Measured) => m.lifecycles / m.archivedSeconds;
  const systemCpu = (m: Measured) => PARTS.reduce((sum, p) => sum + (Number.isNaN(m.cpu.get(p)!) ? 0 : m.cpu.get(p)!), 0);
  const perLifecycle = (m: Measured, v: number) => v / m.lifecycles;
  // Over the processes the side ran (a base commit may predate a service); one whose peak could not be read fails.
  const maxRss = (m: Measured) => Math.max(...PROCESS_NAMES.filter((p) => m.rss.has(p)).map((p) => m.rss.get(p) ?? Infinity));
  const args = [
    `--cases ${options.cases}`,
    `--concurrency ${inFlight}`,
    `--duration ${options.duration}`,
    ...(options.base ? [`--base ${options.base}`] : []),
    ...(options.onlyAfter ? ['--only after'] : []),
  ];
  const lines = [
    '# Case lifecycles through the gateway: high-voltage dual source, application to archive',
    '',
    `Command: \`npm run bench:lifecycle -- ${args.join(' ')}\``,
    '',
    `Machine: ${machine()}; ${env.pg}. Run ${env.started.toISOString().slice(0, 16)}Z; 1-minute load average ${env.loadStart} at the start, ${env.loadEnd} at the end.`,
    '',
    observabilityNote(),
    '',
    ...measured.map((m) => `- ${m.side.name}: commit ${m.side.commit}`),
    '',
    `One lifecycle: the dual-source path of the end-to-end tests (test/e2e/operations.ts), ${'`'}DUAL_SOURCE_STEPS${'`'}: submit, upload every`,
    'document of the checklist, accept, survey, draft, two approval levels, reply, confirm, choose a construction unit, contract parties,',
    'meter, two signatures, installation, the contract PDF read, two payments, a design returned and approved, construction, intermediate',
    'inspection, completion acceptance failed by one department and rectified, energize, archive; the case query',
    '(bench/queries/case.graphql) is read after each step. Each side runs alone (the other is stopped), after two warm-up lifecycles.',
    `A case passes when it is archived, its journey holds exactly the path's ${EXPECTED_EVENTS} events (time-limit events aside), and`,
    "every service's audit chain of it is valid.",
    '',
    `| | ${cols.join(' | ')} | target | after |`,
    `|---|${cols.map(() => '---|').join('')}---|---|`,
    row(
      'lifecycles completed of started (in flight)',
      measured.map((m) => `${m.lifecycles} of ${m.startedLifecycles} (${inFlight})`),
    ),
    row(
      'verified: archived, full event set, 5 valid audit chains',
      measured.map((m) => `${m.verified} of ${m.startedLifecycles}`),
      'all',
      yes(after.verified === after.startedLifecycles && after.problems.length === 0),
    ),
    row(
      'lifecycles/s (to the last archive)',
      measured.map((m) => rate(m).toFixed(2)),
      `≥ ${TARGET_RATE}`,
      yes(rate(after) >= TARGET_RATE),
    ),
    row(
      'lifecycle duration p50 / p99 (s)',
      measured.map((m) => `${percentile(m.durations, 50).toFixed(1)} / ${percentile(m.durations, 99).toFixed(1)}`),
    ),
    row(
      'CPU-s per lifecycle: six processes + PostgreSQL + RabbitMQ',
      measured.map((m) => perLifecycle(m, systemCpu(m)).toFixed(3)),
      `≤ ${TARGET_CPU}`,
      yes(perLifecycle(after, systemCpu(after)) <= TARGET_CPU),
    ),
    row(
      'CPU-s per lifecycle: client (apart)',
      measured.map((m) => perLifecycle(m, m.clientCpu).toFixed(3)),
    ),
    row(
      'peak RSS of the six processes, max (MiB)',
      measured.map((m) => maxRss(m).toFixed(0)),
      `≤ ${TARGET_RSS_MIB}`,
      yes(maxRss(after) <= TARGET_RSS_MIB),
    ),
    row(
      'measured window (s): to last archive; to all events consumed',
      measured.map((m) => `${m.archivedSeconds.toFixed(1)}; ${m.windowSeconds.toFixed(1)}`),
    ),
    row(
      'answers SERVICE_UNAVAILABLE (retried)',
      measured.map((m) => m.unavailable),
      'none',
      yes(after.unavailable === 'none'),
    ),
    '',
    '## Per process',
    '',
    `| process | ${measured.map((m) => `CPU-s per lifecycle, ${m.side.name}`).join(' | ')} | ${measured
      .map((m) => `VmHWM MiB, ${m.side.name}`)
      .join(' | ')} | VmHWM target | after |`,
    `|---|${measured.map(() => '---|---|').join('')}---|---|`,
    ...PARTS.map((p) => {
      const ours = (PROCESS_NAMES as readonly string[]).includes(p);
      const rss = (m: Measured) => (m.rss.get(p) === undefined ? 'n/a' : m.rss.get(p)!.toFixed(0));
      return `| ${p}${ours ? '' : p === 'PostgreSQL' ? ' (server; VmHWM: largest backend of this system)' : ' (node)'} | ${measured
        .map((m) => perLifecycle(m, m.cpu.get(p)!).toFixed(4))
        .join(' | ')} | ${measured.map(rss).join(' | ')} | ${ours ? `≤ ${TARGET_RSS_MIB}` : ''} | ${
        ours ? yes((after.rss.get(p) ?? Infinity) <= TARGET_RSS_MIB) : ''
      } |`;
    }),
    `| of PostgreSQL: this system's backends (live at the end; a lower bound) | ${measured
      .map((m) => perLifecycle(m, m.backendsCpu).toFixed(4))
      .join(' | ')} | ${measured.map(() => '').join(' | ')} | | |`,
    `| client (this process) | ${measured.map((m) => perLifecycle(m, m.clientCpu).toFixed(4)).join(' | ')} | ${measured
      .map(() => '')
      .join(' | ')} | | |`,
  ];
  const problems = measured.flatMap((m) => m.problems.slice(0, 20).map((p) => `- ${m.side.name}: ${p}`));
  if (problems.length > 0) lines.push('', '## Cases that failed verification', '', ...problems);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = load1();
  const pg = await postgresVersion();
  const teardown = new Teardown();
  let failed: boolean | undefined;
  try {
    const sides = await prepareSides(options, teardown);
    const measured: Measured[] = [];
    for (const side of sides) {
      const m = await measure(side, teardown);
      progress(
        `${side.name}: ${m.lifecycles} lifecycles, ${(m.lifecycles / m.archivedSeconds).toFixed(2)}/s, ${m.verified} verified (load ${load1()})`,
        true,
      );
      measured.push(m);
    }
    const text = report(measured, { pg, loadStart, started, loadEnd: load1() });
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, text);
    console.log(`\n${text}\nwrote ${options.out}`);
    failed = measured.some((m) => m.problems.length > 0 || m.verified !== m.startedLifecycles);
    if (failed) console.error('some cases did not end archived with their full event set and valid audit chains: the run fails');
  } finally {
    progress('stopping the systems and removing the worktree and bench databases', true);
    await teardown.run();
  }
  if (failed) process.exit(1);
}

runMain(main);
