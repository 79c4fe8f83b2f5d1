// `npm test`: PostgreSQL and RabbitMQ up, lint, one build (end-to-end tests start the
// built processes), then unit, integration and end-to-end tests, sized for two cores.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAll } from './lib/build';
import { ensureInfrastructure, InfrastructureError } from './lib/infrastructure';

const root = resolve(__dirname, '..');
const passThrough = process.argv.slice(2);
const reports = mkdtempSync(join(tmpdir(), 'yekuo-test-'));
const totals = { passed: 0, failed: 0 };

function jest(label: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n== ${label} ==`);
  const report = join(reports, `${label.replace(/\W+/g, '-')}.json`);
  const result = spawnSync('npx', ['jest', '--ci', '--json', `--outputFile=${report}`, ...args, ...passThrough], {
    cwd: root,
    stdio: 'inherit',
  });
  try {
    const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    totals.passed += counts.numPassedTests;
    totals.failed += counts.numFailedTests;
  } catch {
    totals.failed += 1; // no report: the run itself failed
  }
  console.log(`== ${label}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ==`);
  if (result.status !== 0) finish(result.status ?? 1);
}

function finish(code: number): never {
  console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
  process.exit(code);
}

async function main(): Promise<void> {
  try {
    await ensureInfrastructure();
  } catch (error) {
    console.error(error instanceof InfrastructureError ? error.message : error);
    process.exit(1);
  }
  console.log('\n== lint ==');
  const lint = spawnSync('npm', ['run', '-s', 'lint'], { cwd: root, stdio: 'inherit' });
  if (lint.status !== 0) finish(lint.status ?? 1);
  await buildAll(root);
  jest('unit tests', ['--selectProjects', 'unit', '--maxWorkers=2']);
  // Each integration suite has its own databases, exchange and queues, so two can run side by side.
  jest('integration tests', ['--selectProjects', 'integration', '--maxWorkers=2']);
  // Each end-to-end suite starts the whole system as separate processes: one at a time.
  jest('end-to-end tests', ['--selectProjects', 'e2e', '--runInBand']);
  finish(0);
}

void main();
