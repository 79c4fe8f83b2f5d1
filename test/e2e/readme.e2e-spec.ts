import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { liveMetricsChecks } from './live-metrics';
import { SystemFixture, startSystemFixture } from './system-fixture';

/** A GraphQL request the README shows: its document and the variables it sends (if any). */
interface ReadmeRequest {
  source: string;
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * The GraphQL requests of the README: the JSON body of every `curl … -d '…'` to /graphql in a
 * `sh` block (query and variables), and every `graphql` block (a document whose variables the
 * reader supplies).
 */
function readmeRequests(markdown: string): ReadmeRequest[] {
  const requests: ReadmeRequest[] = [];
  for (const block of markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    const [, language, body] = block;
    if (language === 'graphql') requests.push({ source: 'graphql block', query: body.trim() });
    if (language === 'sh' && body.includes('/graphql')) {
      for (const payload of body.matchAll(/-d '(\{[\s\S]*?\})'/g)) {
        const parsed = JSON.parse(payload[1]) as { query: string; variables?: Record<string, unknown> };
        requests.push({ source: 'curl example', query: parsed.query, variables: parsed.variables });
      }
    }
  }
  return requests;
}

describe('the README examples, run through the gateway', () => {
  let f: SystemFixture;
  let clerk: string;
  const requests = readmeRequests(readFileSync(resolve(__dirname, '../../README.md'), 'utf8'));

  beforeAll(async () => {
    f = await startSystemFixture();
    clerk = await f.token({ sub: 'clerk-1', roles: ['intake-clerk'], team: 'front-desk' });
  }, 180_000);

  afterAll(async () => {
    await f?.stop();
  }, 60_000);

  it('finds the submitApplication example with its variables and the case query', () => {
    const submit = requests.filter((r) => r.query.includes('submitApplication'));
    expect(submit).toHaveLength(1);
    expect(submit[0].variables?.input).toMatchObject({ businessType: 'NEW_CONNECTION', voltageLevel: 'AC380V' });
    expect(requests.filter((r) => /case\(id: \$id\)/.test(r.query))).toHaveLength(1);
  });

  it('submits the application as the curl example does, then reads the case from all five subgraphs', async () => {
    const submit = requests.find((r) => r.query.includes('submitApplication'))!;
    const submitted = await f.gql(submit.query, submit.variables ?? {}, clerk);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitApplication).toMatchObject({
      id: expect.any(String),
      number: expect.stringMatching(/^YK-\d{4}-\d{6}$/),
      category: 'LV_NON_RESIDENTIAL',
      status: 'SUBMITTED',
    });
    const id = submitted.data?.submitApplication.id as string;

    const caseQuery = requests.find((r) => /case\(id: \$id\)/.test(r.query))!;
    const read = await f.gql(caseQuery.query, { id }, clerk);
    expect(read.errors).toBeUndefined();
    expect(read.data?.case).toMatchObject({
      number: submitted.data?.submitApplication.number,
      status: 'SUBMITTED',
      category: 'LV_NON_RESIDENTIAL',
      journey: { currentStage: 'APPLICATION' },
    });
    // Every subgraph's field was resolved (null until its stage opens the case), none failed.
    expect(Object.keys(read.data?.case ?? {})).toEqual(
      expect.arrayContaining(['planningStatus', 'scheme', 'designReview', 'acceptance', 'contract', 'fees', 'metering', 'journey']),
    );

    // Any other document the README shows runs as well, on the same case.
    for (const request of requests.filter((r) => r !== submit && r !== caseQuery)) {
      const answer = await f.gql(request.query, request.variables ?? { id }, clerk);
      expect({ source: request.source, query: request.query, errors: answer.errors }).toEqual({
        source: request.source,
        query: request.query,
        errors: undefined,
      });
    }
  });

  // On this system rather than one of their own: a system start is most of an end-to-end spec's time.
  describe('the metrics the dashboard and the alert rules use, in a live scrape of every process', () => liveMetricsChecks(() => f));
});
