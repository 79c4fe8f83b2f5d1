// `npm run check:monitoring` (part of `npm test`): Prometheus's own checks of deploy/prometheus with
// `promtool` (Debian's `prometheus` package): the scrape configuration, the alert rules, and the
// rules' unit tests (alerts.test.yml). That every metric the dashboard and the rules name is served
// is held by test/e2e/metrics.e2e-spec.ts against the running system.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ALERT_TESTS_FILE, ALERTS_FILE, PROMETHEUS_FILE } from './lib/monitoring';

const root = resolve(__dirname, '..');

const checks: [string, string[]][] = [
  ['scrape configuration', ['check', 'config', PROMETHEUS_FILE]],
  ['alert rules', ['check', 'rules', ALERTS_FILE]],
  ['alert rule tests', ['test', 'rules', ALERT_TESTS_FILE]],
];

function main(): void {
  let failed = false;
  for (const [label, args] of checks) {
    const result = spawnSync('promtool', args, { cwd: root, encoding: 'utf8' });
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error('promtool is not on PATH: install it with `apt-get install prometheus` (Debian), then run this again.');
      process.exit(1);
    }
    const ok = result.status === 0;
    console.log(`${ok ? 'ok' : 'FAILED'}: ${label} (promtool ${args.join(' ')})`);
    if (!ok) {
      process.stderr.write(`${result.stdout}${result.stderr}`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

main();
