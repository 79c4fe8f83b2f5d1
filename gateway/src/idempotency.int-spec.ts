import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { keyHashOf } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { application, PDF, residentId, startIntake, SUBMIT } from '../../services/intake/src/testing/intake.fixtures';
import { loadGatewayConfig } from './config';
import { RunningGateway, startGateway } from './server';

jest.setTimeout(120_000);

/** The URL of a port nothing listens on: the subgraphs other than intake are down in these tests. */
async function nowhere(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

describe('Idempotency-Key through the gateway (the real gateway, intake in process)', () => {
  let intake: ServiceHarness;
  let gateway: RunningGateway;
  let clerk: string;

  beforeAll(async () => {
    intake = await startIntake();
    const down = await nowhere();
    gateway = await startGateway(
      loadGatewayConfig({
        ...intake.run.gatewayEnv(),
        PORT: '0',
        SUPERGRAPH_FILE: 'gateway/supergraph.graphql',
        SUBGRAPH_INTAKE_URL: intake.url,
        SUBGRAPH_PLANNING_URL: down,
        SUBGRAPH_INSPECTION_URL: down,
        SUBGRAPH_CONTRACTS_URL: down,
        SUBGRAPH_METERING_URL: down,
        SUBGRAPH_NOTIFICATIONS_URL: down,
      }),
    );
    clerk = await intake.token('intake-clerk', { sub: 'clerk-1' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await intake?.stop();
  });

  const post = async (query: string, variables: Record<string, unknown>, key: string) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}`, 'idempotency-key': key },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const cases = async () =>
    (await intake.app.get(DataSource).query<{ n: number }[]>('SELECT count(*)::int AS n FROM connection_case'))[0].n;

  it('forwards the key to the subgraph: concurrent duplicates submit one application', async () => {
    const key = randomUUID();
    const input = application({}, { idNumber: residentId(), name: '陈一' });
    const before = await cases();
    const answers = await Promise.all([1, 2, 3].map(() => post(SUBMIT, { input }, key)));
    expect(answers[0]).toMatchObject({ status: 200, body: { data: { submitApplication: { status: 'SUBMITTED' } } } });
    for (const answer of answers) expect(answer.body.data).toEqual(answers[0].body.data);
    expect(await cases()).toBe(before + 1);
    const [row] = await intake.app
      .get(DataSource)
      .query<{ principal: string; operation: string }[]>('SELECT principal, operation FROM idempotency_key WHERE key_hash = $1', [
        keyHashOf(key),
      ]);
    expect(row).toEqual({ principal: 'clerk-1', operation: 'submitApplication' });
  });

  it('forwards the key of an upload: a repeated upload is stored once and answered alike', async () => {
    const created = await post(SUBMIT, { input: application({}, { idNumber: residentId(), name: '陈四' }) }, randomUUID());
    const caseId = created.body.data.submitApplication.id as string;
    const key = randomUUID();
    const send = async () => {
      const form = new FormData();
      form.set('caseId', caseId);
      form.set('slot', 'PROPERTY_PROOF');
      form.set('file', new Blob([PDF], { type: 'application/pdf' }), 'deed.pdf');
      const response = await fetch(new URL('/documents', gateway.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${clerk}`, 'idempotency-key': key },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const first = await send();
    expect(first).toMatchObject({ status: 201, body: { version: 1 } });
    expect(await send()).toEqual(first);
    const [{ n }] = await intake.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_document WHERE case_id = $1', [caseId]);
    expect(n).toBe(1);
  });

  it('refuses a keyed request with more than one mutation field before any service is asked', async () => {
    const two = `mutation ($a: SubmitApplicationInput!, $b: SubmitApplicationInput!) {
      a: submitApplication(input: $a) { id }
      b: submitApplication(input: $b) { id }
    }`;
    const variables = {
      a: application({}, { idNumber: residentId(), name: '陈二' }),
      b: application({}, { idNumber: residentId(), name: '陈三' }),
    };
    const before = await cases();
    const refused = await post(two, variables, randomUUID());
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'IDEMPOTENCY_KEY_MULTIPLE_MUTATIONS' } })]);
    expect(await cases()).toBe(before);
  });
});
