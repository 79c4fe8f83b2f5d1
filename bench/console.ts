// `npm run bench:console -- [--cases 10000] [--loads 20] [--concurrency 8] [--no-build] [--out bench/results/console.md]`
//
// The console's budgets, measured on this tree:
// - initial JavaScript: the entry chunk of the built console and every chunk it imports statically
//   (from Vite's manifest), each gzipped at level 9; the budget is 300 KB, with the routes split
//   into chunks of their own (counted and listed);
// - the case page: from navigation start to the moment the progress timeline is drawn and the
//   action panel stands ready (its forms or its "nothing waiting" line, with the main thread free:
//   a frame and a task after both appear), over --loads cold loads of different cases (a fresh
//   browser context each: empty cache and storage), each by the case's customer; the budget is
//   p50 ≤ 1 s.
// The system runs as its six processes from their builds (ports 4300-4306, databases
// yekuo_bench_after_<service>), its gateway serving the built console. It is seeded through the
// real mutations with --cases cases: --loads of them walked along the high-voltage dual-source
// path, spread over its steps (the cases loaded), the rest submitted. Everything is removed at
// the end.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { consoleContext, launchChromium } from '@yekuo/testing/chromium';
import { buildAll, buildConsole } from '../scripts/lib/build';
import { machine, percentile, progress } from './lib/report';
import { load1, postgresVersion, REPO, runMain, shortCommit, startSide, Teardown } from './lib/run';
import { crewFor, loadOperations, newWalk, pool, prepareSystem, seedCases, walkDualSource } from './lib/seed';
import { describeTree } from './lib/trees';

const USAGE = `Usage: npm run bench:console -- [options]
  --cases <n>        cases seeded (default 10000)
  --loads <n>        cold loads of the case page, each of a different case (default 20)
  --concurrency <n>  cases seeded at once (default 8)
  --no-build         do not build this tree and the console first
  --out <file>       (default bench/results/console.md)`;

const INITIAL_JS_BUDGET_KB = 300;
const CASE_PAGE_BUDGET_MS = 1000;
const DIST = join(REPO, 'apps', 'console', 'dist');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

interface Bundle {
  entry: string;
  /** The entry and its static imports, with their gzipped sizes in bytes. */
  initial: { file: string; gzipped: number }[];
  /** Chunks loaded on demand (routes, and what only they import). */
  lazy: number;
}

function options() {
  const values = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      loads: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '8' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results/console.md' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: 'cases' | 'loads' | 'concurrency') => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive integer\n\n${USAGE}`);
    return n;
  };
  const cases = positive('cases');
  const loads = positive('loads');
  if (loads > cases) throw new Error(`--loads (${loads}) cannot exceed --cases (${cases})`);
  return { cases, loads, concurrency: positive('concurrency'), build: !values['no-build'], out: values.out };
}

/** The entry chunk and everything it imports statically, from the built console's manifest. */
function measureBundle(): Bundle {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1) throw new Error(`the console's manifest has ${entries.length} entry chunks, expected one`);
  const initial = new Set<string>();
  const visit = (key: string) => {
    if (initial.has(key)) return;
    initial.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  visit(entries[0][0]);
  const jsFiles = Object.values(manifest).filter((c) => c.file.endsWith('.js'));
  return {
    entry: entries[0][1].file,
    initial: [...initial].map((key) => {
      const file = manifest[key].file;
      return { file, gzipped: gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length };
    }),
    lazy: jsFiles.filter((c) => ![...initial].some((key) => manifest[key].file === c.file)).length,
  };
}

/** Milestones of one cold load, in ms from navigation start. */
interface Load {
  /** The HTML received. */
  document: number;
  /** The entry chunk received. */
  entry: number;
  /** The case page's route chunk received. */
  route: number;
  /** The first GraphQL request sent, and its answer received. */
  queryStart: number;
  queryEnd: number;
  /** The timeline and action panel shown, and the main thread free. */
  ready: number;
}

/** One cold load of `caseId`'s page as `token`'s person. */
async function loadCasePage(browser: Browser, origin: string, caseId: string, token: string): Promise<Load> {
  const context = await consoleContext(browser, origin, { token });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`/cases/${caseId}`, { waitUntil: 'commit' });
    const load = await page.evaluate(
      `new Promise((resolve, reject) => {
        const shown = () =>
          document.querySelector('section[aria-labelledby="case-progress"] .ant-steps') &&
          document.querySelector('section[aria-labelledby="case-actions"] > :not(h2)');
        const giveUp = setTimeout(() => reject(new Error('the case page did not show its timeline and action panel within 30 s')), 30000);
        const milestones = (ready) => {
          const resources = performance.getEntriesByType('resource');
          const end = (pattern) => Math.round(resources.find((r) => pattern.test(r.name))?.responseEnd ?? -1);
          const query = resources.find((r) => r.name.endsWith('/graphql'));
          return {
            document: Math.round(performance.getEntriesByType('navigation')[0].responseEnd),
            entry: end(/\\/assets\\/index-[^/]+\\.js$/),
            route: end(/\\/assets\\/CasePage-[^/]+\\.js$/),
            queryStart: Math.round(query?.startTime ?? -1),
            queryEnd: Math.round(query?.responseEnd ?? -1),
            ready: Math.round(ready),
          };
        };
        const check = () => {
          if (!shown()) return requestAnimationFrame(check);
          clearTimeout(giveUp);
          // Interactive: the frame that shows both is painted and the main thread has taken its next task.
          requestAnimationFrame(() => setTimeout(() => resolve(milestones(performance.now())), 0));
        };
        check();
      })`,
    );
    if (errors.length > 0) throw new Error(`the case page reported errors: ${errors.join('; ')}`);
    return load as Load;
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const opts = options();
  const started = new Date();
  const loadStart = load1();
  const teardown = new Teardown();
  try {
    if (opts.build) {
      progress('building this tree and the console', true);
      await buildAll(REPO);
      await buildConsole(REPO);
    }
    const bundle = measureBundle();
    const initialKb = bundle.initial.reduce((sum, c) => sum + c.gzipped, 0) / 1024;
    progress(
      `initial JavaScript: ${initialKb.toFixed(1)} KB gzipped in ${bundle.initial.length} chunks; ${bundle.lazy} chunks on demand`,
      true,
    );

    const side = { name: 'after' as const, commit: describeTree(REPO), root: REPO, basePort: 4300 };
    const system = await startSide(side, teardown, { env: { CONSOLE_DIR: DIST } });
    const crew = crewFor(system.gatewayUrl, system.keys, await loadOperations(REPO));
    await prepareSystem(crew);

    // The cases loaded, walked along the path and spread over its steps; their customers' tokens kept.
    const walked = await seedWalks(crew, opts.loads, opts.concurrency);
    const submittedStarted = Date.now();
    const rest = opts.cases - opts.loads;
    await pool(
      rest,
      opts.concurrency,
      (i) => walkDualSource(newWalk(crew, opts.loads + i), { until: 'submit' }).then(() => undefined),
      'submitting',
    );
    const submitSeconds = (Date.now() - submittedStarted) / 1000;

    const origin = new URL(system.gatewayUrl).origin;
    const browser = await launchChromium();
    teardown.add('Chromium', () => browser.close());
    // One load first, not counted: the gateway's and services' first requests pay for their warm-up.
    await loadCasePage(browser, origin, walked[0].caseId, walked[0].token);
    const loads: Load[] = [];
    for (const [i, { caseId, token }] of walked.entries()) {
      loads.push(await loadCasePage(browser, origin, caseId, token));
      progress(`case page, cold load ${i + 1} of ${walked.length}: ${loads.at(-1)!.ready} ms`);
    }
    progress('', true);
    const samples = loads.map((l) => l.ready);
    const p50 = percentile(samples, 50);
    const report = render({
      opts,
      side,
      started,
      loadStart,
      pg: await postgresVersion(),
      bundle,
      initialKb,
      samples,
      loads,
      p50,
      submitSeconds,
      rest,
    });
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, report);
    console.log(report);
    const over = [
      ...(initialKb > INITIAL_JS_BUDGET_KB ? [`initial JavaScript ${initialKb.toFixed(1)} KB > ${INITIAL_JS_BUDGET_KB} KB`] : []),
      ...(p50 > CASE_PAGE_BUDGET_MS ? [`case page p50 ${p50} ms > ${CASE_PAGE_BUDGET_MS} ms`] : []),
    ];
    if (over.length > 0) throw new Error(`over budget: ${over.join('; ')}`);
  } finally {
    await teardown.run();
  }
}

/** Walks `count` cases along the dual-source path, each left at another step; their ids and customers' tokens. */
async function seedWalks(crew: ReturnType<typeof crewFor>, count: number, concurrency: number) {
  const walks: { caseId: string; token: string }[] = [];
  const seeded = await seedCases(crew, count, concurrency, 'walking the cases to load', (walk) => {
    if (walk.caseId) walks.push({ caseId: walk.caseId, token: walk.actors.customer });
  });
  if (seeded.failures.length > 0) throw new Error(`walks failed:\n${seeded.failures.join('\n')}`);
  return walks;
}

function render(r: {
  opts: ReturnType<typeof options>;
  side: { commit: string };
  started: Date;
  loadStart: string;
  pg: string;
  bundle: Bundle;
  initialKb: number;
  samples: number[];
  loads: Load[];
  p50: number;
  submitSeconds: number;
  rest: number;
}): string {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  return [
    '# Console budgets',
    '',
    `Command: \`npm run bench:console -- --cases ${r.opts.cases} --loads ${r.opts.loads} --concurrency ${r.opts.concurrency}\`. Commit ${shortCommit(r.side.commit)}.`,
    `Machine: ${machine()}; ${r.pg}; Chromium (headless). Run ${r.started.toISOString().slice(0, 16)}Z; 1-minute load average ${r.loadStart} at the start, ${load1()} at the end.`,
    '',
    '| budget | measured | limit | within |',
    '| --- | --- | --- | --- |',
    `| initial JavaScript (entry chunk and its static imports, gzip -9) | ${r.initialKb.toFixed(1)} KB in ${r.bundle.initial.length} chunks | ${INITIAL_JS_BUDGET_KB} KB | ${r.initialKb <= INITIAL_JS_BUDGET_KB ? 'yes' : 'no'} |`,
    `| case page, navigation start to timeline and action panel ready, p50 of ${r.samples.length} cold loads | ${r.p50} ms | ${CASE_PAGE_BUDGET_MS} ms | ${r.p50 <= CASE_PAGE_BUDGET_MS ? 'yes' : 'no'} |`,
    '',
    `Case page loads (ms, in order): ${r.samples.join(', ')}; p90 ${percentile(r.samples, 90)} ms, max ${Math.max(...r.samples)} ms.`,
    '',
    'Where the time goes (p50 of each milestone, ms from navigation start):',
    '',
    '| HTML received | entry chunk received | route chunk received | case query sent | case query answered | ready |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${(['document', 'entry', 'route', 'queryStart', 'queryEnd', 'ready'] as const)
      .map((m) =>
        percentile(
          r.loads.map((l) => l[m]),
          50,
        ),
      )
      .join(' | ')} |`,
    '',
    `Seeded: ${r.opts.cases} cases: ${r.opts.loads} walked along the high-voltage dual-source path, each left at another step (the cases loaded, each by its customer), and ${r.rest} submitted (${r.submitSeconds.toFixed(0)} s).`,
    '',
    `Initial chunks (gzipped): ${r.bundle.initial.map((c) => `${c.file} ${kb(c.gzipped)} KB`).join(', ')}. ${r.bundle.lazy} further chunks load on demand (the routes and what only they use).`,
    '',
  ].join('\n');
}

runMain(main);
