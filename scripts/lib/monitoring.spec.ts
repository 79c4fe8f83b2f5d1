import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GATEWAY_MANAGEMENT_PORT, SERVICES } from '@yekuo/platform/core';
import {
  dashboardExpressions,
  exposedMetrics,
  missingMetrics,
  monitoredMetricNames,
  PROMETHEUS_FILE,
  promqlMetricNames,
  scrapeJobs,
} from './monitoring';

const root = resolve(__dirname, '..', '..');

describe('promqlMetricNames', () => {
  it.each([
    ['up{job=~"gateway|intake"} == 0', ['up']],
    ['max by (job) (yekuo_outbox_pending) > 100 and max by (job) (deriv(yekuo_outbox_pending[10m])) > 0', ['yekuo_outbox_pending']],
    [
      'histogram_quantile(0.95, sum by (job, le) (rate(yekuo_event_lag_seconds_bucket[$__rate_interval])))',
      ['yekuo_event_lag_seconds_bucket'],
    ],
    [
      'sum(rate(a_total{code=~"INTERNAL|UNAVAILABLE"}[5m])) / on (job) group_left (team) sum without (instance) (b_count offset 1h)',
      ['a_total', 'b_count'],
    ],
    ['sum(rate(x_total[5m])) by (job) / ignoring(le) y unless z', ['x_total', 'y', 'z']],
    ['count(x{label="with (parens) and or"}) > bool 1e3 + Inf - NaN', ['x']],
    ['max_over_time(g[${range}:1m]) # a comment naming not_a_metric', ['g']],
  ])('reads %s', (expression, names) => {
    expect(promqlMetricNames(expression)).toEqual(names);
  });
});

describe('dashboardExpressions', () => {
  it("reads every target's expr, in rows too, and skips empty ones", () => {
    const dashboard = {
      panels: [
        { type: 'row', panels: [{ targets: [{ expr: 'a' }, { expr: ' ' }] }] },
        { targets: [{ expr: 'b' }, { refId: 'B' }] },
        { type: 'text' },
      ],
    };
    expect(dashboardExpressions(dashboard)).toEqual(['a', 'b']);
  });
});

describe('missingMetrics', () => {
  const exposed = exposedMetrics(
    ['# HELP h A histogram', '# TYPE h histogram', 'h_bucket{le="1"} 0', '# TYPE c_total counter', '# TYPE s summary'].join('\n'),
  );

  it("counts a histogram's series as its name, and Prometheus's own series as there", () => {
    expect(missingMetrics(['h_bucket', 'h_sum', 'h_count', 'c_total', 's_count', 'up'], exposed)).toEqual([]);
  });

  it('names what no scrape offers', () => {
    expect(missingMetrics(['c', 'c_total_count', 's_bucket', 'gone_seconds', 'h_bucket'], exposed)).toEqual([
      'c',
      'c_total_count',
      'gone_seconds',
      's_bucket',
    ]);
  });
});

describe('deploy/', () => {
  it('scrapes every process, one job each, on its local management port', () => {
    const jobs = scrapeJobs(parseYaml(readFileSync(resolve(root, PROMETHEUS_FILE), 'utf8')));
    const expected = [
      { job: 'gateway', targets: [`127.0.0.1:${GATEWAY_MANAGEMENT_PORT}`] },
      ...SERVICES.map((s) => ({ job: s.name, targets: [`127.0.0.1:${s.managementPort}`] })),
    ];
    expect(jobs).toEqual(expected);
  });

  it('names only metrics of the processes and Prometheus in the dashboard and the alert rules (nothing misread from PromQL)', () => {
    const { dashboard, alerts } = monitoredMetricNames(root);
    expect(dashboard.length).toBeGreaterThan(10);
    expect(alerts.length).toBeGreaterThan(5);
    for (const name of [...dashboard, ...alerts]) expect(name).toMatch(/^(yekuo_\w+|process_\w+|nodejs_\w+|up)$/);
  });
});
