import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expectData, waitFor } from '@yekuo/testing';
import { exposedMetrics, missingMetrics, monitoredMetricNames, PROMETHEUS_FILE, scrapeJobs } from '../../scripts/lib/monitoring';
import { application, residentId } from './operations';
import type { SystemFixture } from './system-fixture';

const root = resolve(__dirname, '..', '..');

/** A named operation: the gateway passes its name on to the subgraph, behind the query planner's suffix. */
const SUBMIT = 'mutation SubmitForMetrics($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }';

/** `/metrics` of one process. */
async function scrape(port: number): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(answer.status).toBe(200);
  return answer.text();
}

/** The value of one sample line of a scrape (`name{labels}`), or 0 when it is not there. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/**
 * The checks of deploy/'s monitoring against a live scrape of every process of the system
 * `fixture()` gives (started by the spec that calls this: one system start less in the suite).
 */
export function liveMetricsChecks(fixture: () => SystemFixture): void {
  let f: SystemFixture;
  /** Process name (the scrape job) -> its management port. */
  const processes = new Map<string, number>();

  beforeAll(() => {
    f = fixture();
    for (const service of f.system.services) processes.set(service.process, service.managementPort);
    processes.set('gateway', f.system.gatewayManagementPort);
  });

  it('has a scrape job for every process of the running system', () => {
    const jobs = scrapeJobs(parseYaml(readFileSync(resolve(root, PROMETHEUS_FILE), 'utf8'))).map((j) => j.job);
    expect([...processes.keys()].filter((process) => !jobs.includes(process))).toEqual([]);
  });

  it("times a named operation at the gateway and at the subgraph under the client's name, and counts its event where it is published and applied", async () => {
    const customer = await f.token({ sub: randomUUID(), roles: ['customer'] });
    expectData(await f.gql(SUBMIT, { input: application({ idNumber: residentId(7_300_001), name: '孙七' }) }, customer));
    const labels = '{operation="SubmitForMetrics",type="mutation",outcome="success"}';
    expect(sample(await scrape(processes.get('gateway')!), `yekuo_gateway_graphql_request_duration_seconds_count${labels}`)).toBe(1);
    expect(sample(await scrape(processes.get('intake')!), `yekuo_graphql_request_duration_seconds_count${labels}`)).toBe(1);
    const submitted = 'intake.application.submitted.v1';
    await waitFor('the event published by intake', async () =>
      sample(await scrape(processes.get('intake')!), `yekuo_outbox_published_total{type="${submitted}"}`) >= 1 ? true : undefined,
    );
    // Notifications follows every case event.
    await waitFor('the event applied by notifications', async () =>
      sample(await scrape(processes.get('notifications')!), `yekuo_events_handled_total{type="${submitted}"}`) >= 1 ? true : undefined,
    );
    const notifications = await scrape(processes.get('notifications')!);
    expect(sample(notifications, 'yekuo_event_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(notifications, 'yekuo_event_queue_messages{queue="dead_letter"}')).toBe(0);
    expect(sample(await scrape(processes.get('intake')!), 'yekuo_cases_open{stage="APPLICATION"}')).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('serves every metric the dashboard and the alert rules name', async () => {
    const exposed = new Map<string, string>();
    for (const [process, port] of processes) {
      const metrics = exposedMetrics(await scrape(port));
      // Each process serves its own metrics besides the process's.
      expect([process, [...metrics.keys()].some((name) => name.startsWith('yekuo_'))]).toEqual([process, true]);
      for (const [name, type] of metrics) exposed.set(name, type);
    }
    const { dashboard, alerts } = monitoredMetricNames(root);
    expect({ dashboard: missingMetrics(dashboard, exposed), alerts: missingMetrics(alerts, exposed) }).toEqual({
      dashboard: [],
      alerts: [],
    });
  });
}
