import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphql, ServiceHarness } from '@yekuo/testing';
import { application, clerkOf, residentId, startIntake, SUBMIT } from '../../services/intake/src/testing/intake.fixtures';
import { loadGatewayConfig } from './config';
import { RunningGateway, startGateway } from './server';

jest.setTimeout(120_000);

const READ = 'query ($id: ID!) { case(id: $id) { id number status } }';

describe('the gateway in front of a private subgraph (intake in process, requests signed)', () => {
  let intake: ServiceHarness;
  let gateway: RunningGateway;
  /** A gateway whose signing key intake does not trust (a forger's). */
  let forger: RunningGateway;
  let clerk: string;

  const start = (env: Record<string, string> = {}) =>
    startGateway(
      loadGatewayConfig({
        PORT: '0',
        SUPERGRAPH_FILE: 'gateway/supergraph.graphql',
        SUBGRAPH_INTAKE_URL: intake.url,
        ...intake.run.gatewayEnv(),
        ...env,
      }),
    );

  beforeAll(async () => {
    intake = await startIntake();
    gateway = await start();
    const otherKey = join(intake.run.keyDir, 'forged-private.pem');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    forger = await start({ SUBGRAPH_SIGNING_KEY_FILE: otherKey });
    clerk = await intake.token('intake-clerk', { sub: 'clerk-1' });
  });

  afterAll(async () => {
    await forger?.stop();
    await gateway?.stop();
    await intake?.stop();
  });

  it('writes and reads through the gateway, which signs every subgraph request', async () => {
    const submitted = await graphql(gateway.url, SUBMIT, { input: application({}, { idNumber: residentId(), name: '周一' }) }, clerk);
    expect(submitted.errors).toBeUndefined();
    const { id, number } = (submitted.data as { submitApplication: { id: string; number: string } }).submitApplication;
    const read = await graphql(gateway.url, READ, { id }, clerk);
    expect(read).toEqual({ data: { case: { id, number, status: 'SUBMITTED' } } });
    // The same case straight from intake, as the kit signs it (the gateway's key), reads the same.
    expect((await clerkOf(intake).query(READ, { id })).case).toEqual({ id, number, status: 'SUBMITTED' });
  });

  it('is refused by the subgraph when it signs with a key the subgraph does not trust', async () => {
    const read = await graphql(forger.url, READ, { id: '7b0c1cf0-5b5e-4a51-9d1f-0e1f3c9f6a11' }, clerk);
    expect(read.data).toBeNull();
    expect(read.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED', serviceName: 'intake' } })]);
  });

  it('serves /metrics on its management port only', async () => {
    expect(gateway.managementPort).not.toBe(gateway.port);
    const scraped = await fetch(`http://127.0.0.1:${gateway.managementPort}/metrics`);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    // The read above (an anonymous query), timed, and the fetches of intake it made.
    expect(text).toMatch(
      /^yekuo_gateway_graphql_request_duration_seconds_count\{operation="anonymous",type="query",outcome="success"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(/^yekuo_gateway_subgraph_fetch_duration_seconds_count\{subgraph="intake",outcome="ok"\} [1-9]\d*$/m);
    expect((await fetch(gateway.url.replace('/graphql', '/metrics'))).status).toBe(404);
  });
});
