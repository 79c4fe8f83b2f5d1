// `npm test`: PostgreSQL and RabbitMQ up, one build (end-to-end tests start the built
// processes), then unit, integration and end-to-end tests, sized for two cores.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { buildAll } from './lib/build';
import { ensureInfrastructure, InfrastructureError } from './lib/infrastructure';

const root = resolve(__dirname, '..');
const passThrough = process.argv.slice(2);

function jest(label: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n== ${label} ==`);
  const result = spawnSync('npx', ['jest', '--ci', ...args, ...passThrough], { cwd: root, stdio: 'inherit' });
  console.log(`== ${label}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ==`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main(): Promise<void> {
  try {
    await ensureInfrastructure();
  } catch (error) {
    console.error(error instanceof InfrastructureError ? error.message : error);
    process.exit(1);
  }
  await buildAll(root);
  jest('unit tests', ['--selectProjects', 'unit', '--maxWorkers=2']);
  // Each integration suite has its own databases, exchange and queues, so two can run side by side.
  jest('integration tests', ['--selectProjects', 'integration', '--maxWorkers=2']);
  // Each end-to-end suite starts the whole system as separate processes: one at a time.
  jest('end-to-end tests', ['--selectProjects', 'e2e', '--runInBand']);
}

void main();
