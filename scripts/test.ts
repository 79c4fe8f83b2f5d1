// `npm test`: PostgreSQL, RabbitMQ and Redis up, then the format, contract, lint and type checks, then every
// project's build and unit tests through Nx (cached: an unchanged project is not checked again), then
// the integration suites of every project and the end-to-end suite (never cached: they talk to the
// database and the broker). Sized for two cores. `--skip-nx-cache` (what CI passes) builds and tests
// everything afresh.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInfrastructure, InfrastructureError } from './lib/infrastructure';

const root = resolve(__dirname, '..');
const nxFlags = process.argv.slice(2).filter((a) => a === '--skip-nx-cache');
const counts = join(mkdtempSync(join(tmpdir(), 'yekuo-test-')), 'counts.jsonl');
const env = { ...process.env, YEKUO_TEST_COUNTS: counts, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

function step(label: string, command: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n== ${label} ==`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  const ok = result.status === 0;
  console.log(`== ${label}: ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ==`);
  if (!ok) finish(result.status ?? 1);
}

function totals(): { passed: number; failed: number } {
  let lines: string[] = [];
  try {
    lines = readFileSync(counts, 'utf8').split('\n').filter(Boolean);
  } catch {
    // no test ran yet
  }
  return lines
    .map((l) => JSON.parse(l) as { passed: number; failed: number; suitesFailed: number })
    .reduce((t, c) => ({ passed: t.passed + c.passed, failed: t.failed + c.failed + c.suitesFailed }), { passed: 0, failed: 0 });
}

function finish(code: number): never {
  const { passed, failed } = totals();
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
}

async function main(): Promise<void> {
  try {
    await ensureInfrastructure();
  } catch (error) {
    console.error(error instanceof InfrastructureError ? error.message : error);
    process.exit(1);
  }
  step('format', 'npx', ['prettier', '--check', '.']);
  step('committed migrations unchanged', 'npm', ['run', '-s', 'check:migrations']);
  step('event catalog and graph contracts', 'npm', ['run', '-s', 'check:contracts']);
  // promtool checks the scrape configuration and the alert rules, and runs the rules' unit tests.
  step('monitoring configuration', 'npm', ['run', '-s', 'check:monitoring']);
  step('kubernetes manifests', 'npm', ['run', '-s', 'check:k8s']);
  // One ESLint process for the workspace: its typed rules build each TypeScript program once, where a
  // process per project (`nx affected -t lint`, the developer loop) builds the shared libraries' again
  // for every project (about 50 s against 190 s of CPU on two cores).
  // The module-boundary rule reads Nx's cached project graph, and on a fresh clone, where nothing has made it
  // yet, it is skipped with a warning: make the graph first.
  step('project graph', 'npx', ['nx', 'show', 'projects']);
  step('lint', 'npx', ['eslint', '.']);
  // The builds check what ships; this checks the tests, fixtures, scripts and benchmarks too (the console's build checks its own).
  step('typecheck', 'npm', ['run', '-s', 'typecheck']);
  step('build and unit tests', 'npx', ['nx', 'run-many', '-t', 'build', 'test-unit', '--outputStyle=stream', ...nxFlags]);
  // Each integration suite has its own databases, exchange and queues, so projects run side by side: three at
  // once, because their tests wait on the broker and the database (two at once: 411 s; three: 353 s, CPU 92 % busy).
  step('integration tests', 'npx', ['nx', 'run-many', '-t', 'test-int', '--parallel=3', '--outputStyle=stream', ...nxFlags]);
  // The end-to-end suite starts the whole system as separate processes.
  step('end-to-end tests', 'npx', ['nx', 'run', 'e2e:test-e2e', '--outputStyle=stream', ...nxFlags]);
  finish(0);
}

void main();
