// `npm run bench:profile -- [--query case|page] [--cases 200] [--concurrency 8] [--connections 8] [--duration 20] [--no-build]`
//
// Where one read goes, on this tree: its six processes from their builds (ports 4200-4205), seeded
// with --cases high-voltage dual-source cases spread over every step of the path, then loaded by wrk
// with the README's case query (bench/queries/case.graphql, ids varying) or, with `--query page`, a
// staff page of 50 cases with the same fields (bench/queries/cases-page.graphql, cursors varying).
// First a run that only counts CPU per request per process (utime + stime from /proc, PostgreSQL
// as its postmaster with its backends); then a run of the same load with the V8 sampling profiler
// on in all six processes (bench/lib/profiler-hook.cjs), summarized per process as the top modules
// and functions by self time. Writes bench/results/profile-after.md (or --out).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CpuProfile, summarize, topTable } from './lib/cpuprofile';
import { pageCursors } from './lib/graphql';
import { allProcesses, findPostmaster, treeCpu } from './lib/proc';
import { machine, progress } from './lib/report';
import { load1, parseOptions, postgresVersion, REPO, runMain, startSide, Teardown } from './lib/run';
import { crewFor, loadOperations, prepareSystem, seedCases } from './lib/seed';
import { PROCESS_NAMES, ProcessName } from './lib/system';
import { buildTree, describeTree } from './lib/trees';
import { assertWrk, ID_SLOT, runWrk } from './lib/wrk';

const USAGE = `Usage: npm run bench:profile -- [options]
  --query <case|page> one case by id, or a page of 50 cases (default case)
  --cases <n>         cases seeded, spread over every step (default 200)
  --concurrency <n>   cases seeded at once (default 8)
  --connections <n>   wrk connections (default 8)
  --duration <s>      seconds of load for the CPU run and for the profiled run (default 20)
  --no-build          do not build this tree first
  --out <file>        (default bench/results/profile-after.md; profile-page-after.md for pages)`;

const CASE_OUT = join(__dirname, 'results', 'profile-after.md');
const { common: options, values } = parseOptions(
  USAGE,
  { duration: 20, connections: 8, cases: 200, concurrency: 8, out: CASE_OUT },
  { query: { type: 'string', default: 'case' } },
);
if (values.query !== 'case' && values.query !== 'page') throw new Error(`--query takes "case" or "page"\n\n${USAGE}`);
const pages = values.query === 'page';
if (pages && options.out === CASE_OUT) options.out = join(__dirname, 'results', 'profile-page-after.md');
const QUERY_FILE = pages ? 'cases-page.graphql' : 'case.graphql';
/** What one request reads, as the report says it. */
const READ = pages ? 'page of 50 cases' : 'read of a case';

async function main(): Promise<void> {
  const wrk = assertWrk();
  const pg = await postgresVersion();
  const query = readFileSync(join(__dirname, 'queries', QUERY_FILE), 'utf8');
  const started = new Date();
  const teardown = new Teardown();
  const profileDir = mkdtempSync(join(tmpdir(), 'yekuo-profile-'));
  teardown.add('the profile folder', () => rmSync(profileDir, { recursive: true, force: true }));
  try {
    if (options.build) await buildTree(REPO, 'building this tree');
    const commit = describeTree(REPO);
    const hook = ['-r', join(REPO, 'bench', 'lib', 'profiler-hook.cjs')];
    const system = await startSide({ name: 'after', commit, root: REPO, basePort: 4200 }, teardown, {
      env: { PROFILE_DIR: profileDir },
      nodeArgs: Object.fromEntries(PROCESS_NAMES.map((name) => [name, hook])),
    });
    const crew = crewFor(system.gatewayUrl, system.keys, await loadOperations(REPO));
    await prepareSystem(crew);
    const seeded = await seedCases(crew, options.cases, options.concurrency, 'seeding');
    progress(`seeded ${seeded.ids.length} cases in ${(seeded.ms / 1000).toFixed(0)} s`, true);
    // A page request takes the cursor of a page after the first, drawn at random; a case request a seeded case's id.
    const cursors = pages ? (await pageCursors(system.gatewayUrl, crew.supervisor, query)).slice(1) : [];
    if (pages && cursors.length === 0) throw new Error(`${seeded.ids.length} cases make one page: seed more than 50 (--cases)`);
    const load = {
      url: system.gatewayUrl,
      token: crew.supervisor,
      connections: options.connections,
      query,
      ...(pages ? { ids: cursors as string[], variables: { after: ID_SLOT } } : { ids: seeded.ids }),
    };
    await runWrk({ ...load, durationSeconds: 5 });

    const loadStart = load1();
    const pids = new Map<string, number>(system.pids());
    const postmaster = findPostmaster();
    if (postmaster) pids.set('PostgreSQL (server)', postmaster);
    const before = allProcesses();
    progress(`CPU run: ${options.duration} s of the ${values.query} query`);
    const cpuRun = await runWrk({ ...load, durationSeconds: options.duration });
    const after = allProcesses();
    const cpuMs = [...pids].map(([name, pid]) => [name, ((treeCpu(pid, after) - treeCpu(pid, before)) * 1000) / cpuRun.requests] as const);
    const total = cpuMs.reduce((sum, [, ms]) => sum + ms, 0);
    progress(`CPU run: ${cpuRun.requestsPerSecond.toFixed(1)} req/s, ${total.toFixed(1)} ms CPU per ${READ}`, true);

    progress(`profiled run: ${options.duration} s of the ${values.query} query`);
    writeFileSync(join(profileDir, 'control'), 'start case');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const profiledRun = await runWrk({ ...load, durationSeconds: options.duration });
    writeFileSync(join(profileDir, 'control'), 'stop case');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const loadEnd = load1();
    progress(`profiled run: ${profiledRun.requestsPerSecond.toFixed(1)} req/s`, true);

    const sections = PROCESS_NAMES.map((name: ProcessName) => {
      const file = join(profileDir, `${name}-case.cpuprofile`);
      let profile: CpuProfile;
      try {
        profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      } catch {
        return `### ${name}\n\nNo profile was written.\n`;
      }
      const summary = summarize(profile);
      const busy = summary.totalMs - summary.idleMs;
      return [
        `### ${name}`,
        '',
        `Window ${(summary.totalMs / 1000).toFixed(1)} s; on CPU or runnable ${(busy / 1000).toFixed(1)} s; garbage collector ${((100 * summary.gcMs) / busy).toFixed(1)} % of that.`,
        '',
        topTable(summary.modules, 'self', busy, 10, 'module'),
        '',
        topTable(summary.functions, 'self', busy, 10),
        '',
      ].join('\n');
    });

    const text = [
      `# Profile: what one ${READ} costs (after)`,
      '',
      `Command: \`npm run bench:profile -- ${pages ? '--query page ' : ''}--cases ${options.cases} --concurrency ${options.concurrency} --connections ${options.connections} --duration ${options.duration}\``,
      '',
      `Machine: ${machine()}; ${pg}; ${wrk}. Run ${started.toISOString().slice(0, 16)}Z; 1-minute load average ${loadStart} before the CPU run, ${loadEnd} after the profiled run.`,
      '',
      `- commit: ${commit}`,
      `- ${values.query} query: \`bench/queries/${QUERY_FILE}\`, sha256 ${createHash('sha256').update(query).digest('hex')}${pages ? `, ${cursors.length} pages after the first, as a supervisor` : ''}`,
      `- ${seeded.ids.length} high-voltage dual-source cases seeded through the gateway, spread over every step from submitted to archived`,
      '',
      `## CPU per ${READ}`,
      '',
      `wrk, ${options.connections} connections, ${options.duration} s: ${cpuRun.requestsPerSecond.toFixed(1)} req/s, p50 ${cpuRun.p50.toFixed(1)} ms, p99 ${cpuRun.p99.toFixed(1)} ms, ${cpuRun.failures} failed answers. CPU is utime + stime from /proc over the run, divided by the requests answered (PostgreSQL: the server with every backend, this system's and any other's).`,
      '',
      `| process | CPU ms per ${pages ? 'page' : 'read'} |`,
      '|---|---|',
      ...cpuMs.map(([name, ms]) => `| ${name} | ${ms.toFixed(2)} |`),
      `| **total** | **${total.toFixed(2)}** |`,
      '',
      '## Top modules and functions per process (the same load, profiled)',
      '',
      `V8 sampling profiler at 0.5 ms in all six processes at once, ${options.duration} s of wrk (${profiledRun.requestsPerSecond.toFixed(1)} req/s while profiled). Shares are of each process's non-idle samples; the profiler samples wall time, so on a loaded host a share includes time waiting for a CPU.`,
      '',
      ...sections,
    ].join('\n');
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, text);
    console.log(`\n${text}\nwrote ${options.out}`);
  } finally {
    progress('stopping the system and removing its databases', true);
    await teardown.run();
  }
}

runMain(main);
