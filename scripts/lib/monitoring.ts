// The monitoring configuration in deploy/ read as data: the metric names its PromQL uses (the
// dashboard's panels and the alert rules), the scrape jobs, and what a scrape offers, so a test
// can hold the names to a live scrape of the running system.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const PROMETHEUS_FILE = join('deploy', 'prometheus', 'prometheus.yml');
export const ALERTS_FILE = join('deploy', 'prometheus', 'alerts.yml');
export const ALERT_TESTS_FILE = join('deploy', 'prometheus', 'alerts.test.yml');
export const DASHBOARD_FILE = join('deploy', 'grafana', 'yekuo.json');

/** Words of PromQL that are no metric: binary and set operators, modifiers, number literals by name. */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/** Series Prometheus makes itself for every target (never in a scrape). */
export const SYNTHETIC_SERIES = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
]);

/**
 * The metric names a PromQL expression selects, in order of first use. Strings, label matchers,
 * ranges, grouping clauses and Grafana's variables (`$__rate_interval`, `${job}`) are taken out
 * first; of what is left, a word before `(` is a function or an aggregation, and a keyword or a
 * number is no name.
 */
export function promqlMetricNames(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/#[^\n]*/g, '')
    .replace(/\$\{[^}]*\}|\$\w+/g, '')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const match of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*|\d[\w.]*/g)) {
    const word = match[0];
    if (/^\d/.test(word) || KEYWORDS.has(word.toLowerCase())) continue;
    if (/^\s*\(/.test(bare.slice(match.index + word.length))) continue;
    if (!names.includes(word)) names.push(word);
  }
  return names;
}

/** Every `expr` of the dashboard's panels, rows' panels included. */
export function dashboardExpressions(dashboard: unknown): string[] {
  const found: string[] = [];
  const visit = (panels: unknown) => {
    for (const panel of Array.isArray(panels) ? (panels as { targets?: { expr?: unknown }[]; panels?: unknown }[]) : []) {
      for (const target of panel.targets ?? []) if (typeof target.expr === 'string' && target.expr.trim()) found.push(target.expr);
      visit(panel.panels);
    }
  };
  visit((dashboard as { panels?: unknown }).panels);
  return found;
}

/** Every rule's `expr` in a Prometheus rules file. */
export function ruleExpressions(rules: unknown): string[] {
  const groups = (rules as { groups?: { rules?: { expr?: unknown }[] }[] }).groups ?? [];
  return groups.flatMap((group) => (group.rules ?? []).map((rule) => String(rule.expr)));
}

/** The scrape jobs of a Prometheus configuration with their static targets. */
export function scrapeJobs(config: unknown): { job: string; targets: string[] }[] {
  const jobs = (config as { scrape_configs?: { job_name: string; static_configs?: { targets?: string[] }[] }[] }).scrape_configs ?? [];
  return jobs.map((job) => ({ job: job.job_name, targets: (job.static_configs ?? []).flatMap((c) => c.targets ?? []) }));
}

/** Metric name -> type, from the `# TYPE` lines of a scrape (prom-client writes them for metrics without samples too). */
export function exposedMetrics(scrape: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const [, name, type] of scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(name, type);
  return types;
}

/**
 * The names of `used` that no scrape offers: a histogram's or summary's `_bucket`, `_sum` and
 * `_count` series count as its base name; the series Prometheus makes itself are left out.
 */
export function missingMetrics(used: Iterable<string>, exposed: ReadonlyMap<string, string>): string[] {
  const offered = (name: string) => {
    if (exposed.has(name) || SYNTHETIC_SERIES.has(name)) return true;
    const base = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
    const type = base === undefined ? undefined : exposed.get(base);
    return type === 'histogram' || (type === 'summary' && !name.endsWith('_bucket'));
  };
  return [...new Set(used)].filter((name) => !offered(name)).sort();
}

/** The metric names the dashboard and the alert rules use, read from the files under `root`. */
export function monitoredMetricNames(root: string): { dashboard: string[]; alerts: string[] } {
  const dashboard = JSON.parse(readFileSync(join(root, DASHBOARD_FILE), 'utf8')) as unknown;
  const alerts = parseYaml(readFileSync(join(root, ALERTS_FILE), 'utf8')) as unknown;
  const names = (expressions: string[]) => [...new Set(expressions.flatMap(promqlMetricNames))].sort();
  return { dashboard: names(dashboardExpressions(dashboard)), alerts: names(ruleExpressions(alerts)) };
}
