// `npm run bench:reads -- [--duration 30] [--connections 8] [--cases 1000] [--concurrency 8] [--rounds 2]
//                         [--page-samples 200] [--base <ref>] [--only after] [--no-build]`
//
// Reads through the gateway, before and after: the README's five-subgraph case query
// (bench/queries/case.graphql) against `{ __typename }` on the same gateway, and a staff page of
// 50 cases with the same fields (bench/queries/cases-page.graphql) against one case.
//
// "Before" is a git worktree of the base ref (--base, else BENCH_BASE, else the merge base with
// origin/main, else a fixed commit), installed and built in a temporary folder; "after" is this
// tree. Each runs as its own six processes from their `dist` builds (before on ports 4100-4105,
// after on 4200-4205), on databases yekuo_bench_<side>_<service>, an exchange and queues of its
// own. Both sides are up at once but loaded in turns, never together, the order flipping from
// round to round, so the machine's slower minutes fall on both alike. Each side is seeded with --cases high-voltage dual-source cases
// through the real mutations, spread evenly over every step of the path (submitted ... archived),
// so every service holds its own copy of each case. Then, for --rounds rounds, wrk loads the
// gateway with --connections connections for --duration seconds per operation, each case query
// with an id drawn at random from the seeded cases; the best round is reported, and the ratio
// after / before of each round's pair. Then one client, one request at a time, alternates a
// random page and a random single case to get the p50 of each, in four turns per side. Everything (processes, worktree, databases, queues) is removed at the end.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { graphql, pageCursors, unavailable, unavailableSummary } from './lib/graphql';
import { machine, percentile, progress } from './lib/report';
import {
  load1,
  observabilityNote,
  parseOptions,
  postgresVersion,
  prepareSides,
  runMain,
  shortCommit,
  Side,
  startSide,
  Teardown,
} from './lib/run';
import { crewFor, loadOperations, prepareSystem, seedCases, stageOf } from './lib/seed';
import { BenchSystem } from './lib/system';
import { assertWrk, runWrk, WrkResult } from './lib/wrk';

const USAGE = `Usage: npm run bench:reads -- [options]
  --duration <s>        seconds of load per operation and round (default 30)
  --connections <n>     wrk connections (default 8)
  --cases <n>           cases seeded per side, spread over every stage (default 1000)
  --concurrency <n>     cases seeded at once (default 8)
  --rounds <n>          rounds of load per side; the best is reported (default 2)
  --page-samples <n>    sequential samples of the page and of one case (default 200)
  --base <ref>          the "before" commit (default: BENCH_BASE, the merge base with origin/main, or 9b94261)
  --only after          measure this tree only
  --no-build            do not build this tree first
  --out <file>          (default bench/results/reads.md)`;

const { common: options, values } = parseOptions(
  USAGE,
  { duration: 30, connections: 8, cases: 1000, concurrency: 8, out: join(__dirname, 'results', 'reads.md') },
  { rounds: { type: 'string', default: '2' }, 'page-samples': { type: 'string', default: '200' } },
);
const rounds = Number(values.rounds);
const pageSamples = Number(values['page-samples']);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(pageSamples) || pageSamples < 10) {
  throw new Error(`--rounds takes a positive integer, --page-samples an integer of at least 10\n\n${USAGE}`);
}

const CASE_FILE = join(__dirname, 'queries', 'case.graphql');
const PAGE_FILE = join(__dirname, 'queries', 'cases-page.graphql');
const TYPENAME = '{ __typename }';
const TARGET_RATIO = 0.25;
const TARGET_PAGE = 4;

interface Measured {
  side: Side;
  seedMs: number;
  cases: number;
  seedFailures: string[];
  unavailable: string;
  typename: WrkResult[];
  caseQuery: WrkResult[];
  oneP50: number;
  pageP50: number;
  pageRows: number;
  pageFailures: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const best = (results: WrkResult[]) => results.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));

/** Every seeded case reads without errors; otherwise the rates would measure error answers. */
async function checkReads(system: BenchSystem, token: string, caseQuery: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i++) {
    const response = await graphql(system.gatewayUrl, caseQuery, { id: ids[i] }, token);
    if (response.errors?.length || !response.data) throw new Error(`case ${ids[i]} does not read: ${JSON.stringify(response.errors)}`);
    if (i % 100 === 99) progress(`checking every case reads: ${i + 1} of ${ids.length}`);
  }
  progress('', true);
}

/** Raw timings of one client alternating a random page and a random single case, `samples` times each. */
interface PageSamples {
  one: number[];
  page: number[];
  rows: number;
  failures: string[];
}

async function pageVersusOne(
  system: BenchSystem,
  token: string,
  ids: string[],
  caseQuery: string,
  pageQuery: string,
  samples: number,
): Promise<PageSamples> {
  const cursors = await pageCursors(system.gatewayUrl, token, pageQuery);
  const one: number[] = [];
  const page: number[] = [];
  const failures: string[] = [];
  let rows = 0;
  /** One timed read; a failed one is counted (too many fail the run) and not sampled. */
  const timed = async (query: string, variables: Record<string, unknown>) => {
    const started = performance.now();
    const response = await graphql<{ cases?: { edges: unknown[] } }>(system.gatewayUrl, query, variables, token);
    const ms = performance.now() - started;
    if (response.errors?.length || !response.data) {
      failures.push(JSON.stringify(response.errors).slice(0, 300));
      if (failures.length > samples / 10) throw new Error(`too many failed reads:\n${failures.join('\n')}`);
      return undefined;
    }
    return { ms, rows: response.data.cases?.edges.length ?? 1 };
  };
  for (let i = 0; i < 10; i++) {
    await timed(pageQuery, { after: cursors[i % cursors.length] });
    await timed(caseQuery, { id: ids[i % ids.length] });
  }
  failures.length = 0;
  for (let i = 0; i < samples; i++) {
    const p = await timed(pageQuery, { after: cursors[Math.floor(Math.random() * cursors.length)] });
    if (p) {
      page.push(p.ms);
      rows += p.rows;
    }
    const o = await timed(caseQuery, { id: ids[Math.floor(Math.random() * ids.length)] });
    if (o) one.push(o.ms);
    if (i % 20 === 19) progress(`page of 50 vs one case: ${i + 1} of ${samples}`);
  }
  progress('', true);
  return { one, page, rows, failures };
}

function report(measured: Measured[], env: { pg: string; wrk: string; loadStart: string; started: Date }): string {
  const caseQuery = readFileSync(CASE_FILE, 'utf8');
  const pageQuery = readFileSync(PAGE_FILE, 'utf8');
  const cols = measured.map((m) => `${m.side.name} (${shortCommit(m.side.commit)})`);
  const row = (label: string, cells: string[], target = '', pass = '') => `| ${label} | ${cells.join(' | ')} | ${target} | ${pass} |`;
  const after = measured[measured.length - 1];
  const ratio = (m: Measured) => best(m.caseQuery).requestsPerSecond / best(m.typename).requestsPerSecond;
  const pageRatio = (m: Measured) => m.pageP50 / m.oneP50;
  const yes = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
  const args = [
    `--duration ${options.duration}`,
    `--connections ${options.connections}`,
    `--cases ${options.cases}`,
    `--concurrency ${options.concurrency}`,
    `--rounds ${rounds}`,
    `--page-samples ${pageSamples}`,
    ...(options.base ? [`--base ${options.base}`] : []),
    ...(options.onlyAfter ? ['--only after'] : []),
  ];
  const lines = [
    '# Reads through the gateway: the five-subgraph case query',
    '',
    `Command: \`npm run bench:reads -- ${args.join(' ')}\``,
    '',
    `Machine: ${machine()}; ${env.pg}; ${env.wrk}. Run ${env.started.toISOString().slice(0, 16)}Z; 1-minute load average ${env.loadStart} at the start, ${load1()} at the end.`,
    '',
    observabilityNote(),
    '',
    ...measured.map((m) => `- ${m.side.name}: commit ${m.side.commit}`),
    `- case query: \`bench/queries/case.graphql\`, sha256 ${sha256(caseQuery)}`,
    `- page query: \`bench/queries/cases-page.graphql\`, sha256 ${sha256(pageQuery)}`,
    '',
    `Each side runs its five services and gateway as separate processes from their builds, on databases of its own. It is seeded`,
    `with ${options.cases} high-voltage dual-source cases through the real mutations (${options.concurrency} at once), spread evenly over the`,
    `path's steps from submitted to archived. Both sides are up at once and loaded in turns, the order flipping each round. Rates: wrk, ${options.connections} connections, ${options.duration} s`,
    `per operation, ${rounds} round(s), the best round reported; every case request carries an id drawn at random from the seeded cases, and`,
    `an answer that is not HTTP 200 or carries GraphQL errors counts as a failure. Page vs one: one client, one request at a time,`,
    `${pageSamples} random pages of 50 (\`cases(first: 50, after)\` as a supervisor) alternating with ${pageSamples} random single cases.`,
    '',
    `| | ${cols.join(' | ')} | target | after |`,
    `|---|${cols.map(() => '---|').join('')}---|---|`,
    row(
      'seeded cases (seed time)',
      measured.map((m) => `${m.cases} (${(m.seedMs / 1000).toFixed(0)} s, ${((m.cases * 1000) / m.seedMs).toFixed(2)} cases/s)`),
    ),
    row(
      '`{ __typename }` req/s',
      measured.map((m) => best(m.typename).requestsPerSecond.toFixed(0)),
    ),
    row(
      'case query req/s',
      measured.map((m) => best(m.caseQuery).requestsPerSecond.toFixed(1)),
    ),
    row(
      'case query / `{ __typename }`',
      measured.map((m) => ratio(m).toFixed(3)),
      `≥ ${TARGET_RATIO}`,
      yes(ratio(after) >= TARGET_RATIO),
    ),
    row(
      'case query latency under load p50 / p99 (ms)',
      measured.map((m) => `${best(m.caseQuery).p50.toFixed(1)} / ${best(m.caseQuery).p99.toFixed(1)}`),
    ),
    row(
      'rounds: case req/s; `{ __typename }` req/s',
      measured.map(
        (m) =>
          `${m.caseQuery.map((r) => r.requestsPerSecond.toFixed(1)).join(', ')}; ${m.typename.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')}`,
      ),
    ),
    row(
      'failed answers (case; typename)',
      measured.map((m) => `${m.caseQuery.reduce((s, r) => s + r.failures, 0)}; ${m.typename.reduce((s, r) => s + r.failures, 0)}`),
      '0',
      yes(after.caseQuery.every((r) => r.failures === 0) && after.typename.every((r) => r.failures === 0)),
    ),
    row(
      'one case p50 (ms, sequential)',
      measured.map((m) => m.oneP50.toFixed(1)),
    ),
    row(
      'page of 50 p50 (ms, sequential)',
      measured.map((m) => `${m.pageP50.toFixed(1)} (${m.pageRows.toFixed(1)} rows/page)`),
    ),
    row(
      'failed sequential reads (pages and single cases; not sampled)',
      measured.map((m) => String(m.pageFailures.length)),
    ),
    row(
      'page of 50 / one case',
      measured.map((m) => `${pageRatio(m).toFixed(2)}×`),
      `≤ ${TARGET_PAGE}×`,
      yes(pageRatio(after) <= TARGET_PAGE),
    ),
    row(
      'seed walks that failed part-way (case kept at the step reached)',
      measured.map((m) => String(m.seedFailures.length)),
    ),
    row(
      'gateway answers SERVICE_UNAVAILABLE while seeding and checking (resent when nothing ran)',
      measured.map((m) => m.unavailable),
    ),
    '',
    ...(measured.length === 2 ? [afterOverBefore(measured[0], measured[1]), ''] : []),
    `Seeded stages (each side): ${stageSummary(options.cases)}.`,
    ...measured.flatMap((m) => m.seedFailures.slice(0, 10).map((f) => `- ${m.side.name}: seed walk failed: ${f}`)),
  ];
  return `${lines.join('\n')}\n`;
}

/** After / before, from the best rounds and from each round's pair (loaded back to back). */
function afterOverBefore(before: Measured, after: Measured): string {
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const pairs = (pick: (m: Measured) => WrkResult[]) =>
    pick(after)
      .map((r, i) => ratio(r.requestsPerSecond, pick(before)[i].requestsPerSecond))
      .join(', ');
  return [
    `After / before: case query ${ratio(best(after.caseQuery).requestsPerSecond, best(before.caseQuery).requestsPerSecond)} (best rounds;`,
    `per round ${pairs((m) => m.caseQuery)}); \`{ __typename }\` ${ratio(best(after.typename).requestsPerSecond, best(before.typename).requestsPerSecond)}`,
    `(per round ${pairs((m) => m.typename)}); one case p50 ${ratio(after.oneP50, before.oneP50)}; page of 50 p50 ${ratio(after.pageP50, before.pageP50)}`,
    '(a rate above 1 is faster after; a latency above 1 is slower after).',
  ].join(' ');
}

function stageSummary(count: number): string {
  const counts = new Map<string, number>();
  for (let i = 0; i < count; i++) counts.set(stageOf(i).name, (counts.get(stageOf(i).name) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${n} after "${name}"`).join(', ');
}

/** One side, started, seeded and checked; it stays up until the teardown. */
interface Ready {
  side: Side;
  system: BenchSystem;
  supervisor: string;
  ids: string[];
  seedMs: number;
  seedFailures: string[];
  unavailable: string;
}

async function startAndSeed(side: Side, teardown: Teardown, caseQuery: string): Promise<Ready> {
  progress(`starting ${side.name} (${shortCommit(side.commit)}) on ports ${side.basePort}-${side.basePort + 5}`, true);
  const system = await startSide(side, teardown);
  const crew = crewFor(system.gatewayUrl, system.keys, await loadOperations(side.root));
  await prepareSystem(crew);
  unavailable.clear();
  const seeded = await seedCases(crew, options.cases, options.concurrency, `seeding ${side.name}`);
  progress(`${side.name}: seeded ${options.cases} cases in ${(seeded.ms / 1000).toFixed(0)} s`, true);
  await checkReads(system, crew.supervisor, caseQuery, seeded.ids);
  return {
    side,
    system,
    supervisor: crew.supervisor,
    ids: seeded.ids,
    seedMs: seeded.ms,
    seedFailures: seeded.failures,
    unavailable: unavailableSummary(),
  };
}

/** One round of load on one side: a warm-up, then `{ __typename }`, then the case query. */
async function loadRound(ready: Ready, round: number, caseQuery: string): Promise<{ typename: WrkResult; caseQuery: WrkResult }> {
  const name = ready.side.name;
  const load = { url: ready.system.gatewayUrl, token: ready.supervisor, connections: options.connections };
  progress(`round ${round}, ${name}: warming up`);
  await runWrk({ ...load, query: caseQuery, ids: ready.ids, durationSeconds: Math.min(5, options.duration) });
  progress(`round ${round}, ${name}: { __typename } for ${options.duration} s`);
  const typename = await runWrk({ ...load, query: TYPENAME, durationSeconds: options.duration });
  progress(`round ${round}, ${name}: case query for ${options.duration} s`);
  const caseResult = await runWrk({ ...load, query: caseQuery, ids: ready.ids, durationSeconds: options.duration });
  progress(
    `round ${round}, ${name}: { __typename } ${typename.requestsPerSecond.toFixed(0)}/s, case query ${caseResult.requestsPerSecond.toFixed(1)}/s (load ${load1()})`,
    true,
  );
  return { typename, caseQuery: caseResult };
}

/**
 * Both sides up at once, loaded in turns: each round loads every side once, and the order flips
 * from round to round, so a slower minute of the machine falls on both sides alike rather than on
 * whichever ran second. The idle side's processes sit idle meanwhile.
 */
async function measureSides(sides: Side[], teardown: Teardown, caseQuery: string, pageQuery: string): Promise<Measured[]> {
  const ready: Ready[] = [];
  for (const side of sides) ready.push(await startAndSeed(side, teardown, caseQuery));
  const results = ready.map(() => ({ typename: [] as WrkResult[], caseQuery: [] as WrkResult[] }));
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? ready.map((_, i) => i) : ready.map((_, i) => ready.length - 1 - i);
    for (const i of order) {
      const { typename, caseQuery: caseResult } = await loadRound(ready[i], round, caseQuery);
      results[i].typename.push(typename);
      results[i].caseQuery.push(caseResult);
    }
  }
  // The sequential reads alternate between the sides too, in four turns each.
  const samples = ready.map((): PageSamples => ({ one: [], page: [], rows: 0, failures: [] }));
  const turns = 4;
  for (let turn = 0; turn < turns; turn++) {
    const order = turn % 2 === 0 ? ready.map((_, i) => i) : ready.map((_, i) => ready.length - 1 - i);
    for (const i of order) {
      const { system, supervisor, ids } = ready[i];
      const part = await pageVersusOne(system, supervisor, ids, caseQuery, pageQuery, Math.ceil(pageSamples / turns));
      samples[i].one.push(...part.one);
      samples[i].page.push(...part.page);
      samples[i].rows += part.rows;
      samples[i].failures.push(...part.failures);
    }
  }
  const measured: Measured[] = ready.map((one, i) => ({
    side: one.side,
    seedMs: one.seedMs,
    seedFailures: one.seedFailures,
    unavailable: one.unavailable,
    cases: one.ids.length,
    typename: results[i].typename,
    caseQuery: results[i].caseQuery,
    oneP50: percentile(samples[i].one, 50),
    pageP50: percentile(samples[i].page, 50),
    pageRows: samples[i].rows / samples[i].page.length,
    pageFailures: samples[i].failures,
  }));
  for (const m of measured)
    progress(`${m.side.name}: page of 50 p50 ${m.pageP50.toFixed(1)} ms, one case p50 ${m.oneP50.toFixed(1)} ms`, true);
  return measured;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = load1();
  const wrk = assertWrk();
  const pg = await postgresVersion();
  const caseQuery = readFileSync(CASE_FILE, 'utf8');
  const pageQuery = readFileSync(PAGE_FILE, 'utf8');
  const teardown = new Teardown();
  try {
    const sides = await prepareSides(options, teardown);
    const measured = await measureSides(sides, teardown, caseQuery, pageQuery);
    const text = report(measured, { pg, wrk, loadStart, started });
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, text);
    console.log(`\n${text}\nwrote ${options.out}`);
  } finally {
    progress('stopping the systems and removing the worktree and bench databases', true);
    await teardown.run();
  }
}

runMain(main);
