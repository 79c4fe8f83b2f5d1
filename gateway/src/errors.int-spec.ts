import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureLog, LogCapture, ServiceHarness } from '@yekuo/testing';
import { application, residentId, startIntake, SUBMIT } from '../../services/intake/src/testing/intake.fixtures';
import { loadGatewayConfig } from './config';
import { RunningGateway, startGateway } from './server';

jest.setTimeout(120_000);

/** Stack frames, file paths, SQL, internal addresses, HTML error pages: nothing of it may reach a caller. */
const INTERNALS =
  /\bat \S+ \(|\/home\/|\/work\/|node_modules|\.ts\b|\.js\b|SELECT|INSERT|127\.0\.0\.1|localhost|https?:\/\/|<html|<pre|<!DOCTYPE/i;

/** The URL of a port nothing listens on (taken and let go again): the subgraphs other than intake are down in these tests. */
async function nowhere(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

/** A planning subgraph that fails as a broken process would: HTTP 500 with an HTML page, a stack trace and a path. */
async function brokenSubgraph(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res
      .writeHead(500, { 'content-type': 'text/html' })
      .end('<!DOCTYPE html><pre>TypeError: x is undefined<br> at plan (/home/yekuo/services/planning/src/x.ts:1:1)</pre>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server };
}

describe('errors through the gateway reveal nothing (the real gateway, intake in process, planning broken, the others down)', () => {
  let intake: ServiceHarness;
  let gateway: RunningGateway;
  let broken: Server;
  let clerk: string;
  let log: LogCapture;

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}`, ...headers },
      body,
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };

  beforeAll(async () => {
    // The gateway logs what failed where (with the address); the test reads only the line of the request it fails.
    log = captureLog();
    intake = await startIntake();
    const down = await nowhere();
    const planning = await brokenSubgraph();
    broken = planning.server;
    gateway = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        SUPERGRAPH_FILE: 'gateway/supergraph.graphql',
        SUBGRAPH_INTAKE_URL: intake.url,
        SUBGRAPH_PLANNING_URL: planning.url,
        SUBGRAPH_INSPECTION_URL: down,
        SUBGRAPH_CONTRACTS_URL: down,
        SUBGRAPH_METERING_URL: down,
        SUBGRAPH_NOTIFICATIONS_URL: down,
        ...intake.run.gatewayEnv(),
      }),
    );
    clerk = await intake.token('intake-clerk', { sub: 'clerk-1' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await intake?.stop();
    await new Promise<void>((resolve) => (broken ? broken.close(() => resolve()) : resolve()));
    log.stop();
  });

  const submitted = async (name: string) =>
    (
      JSON.parse(
        (await post(JSON.stringify({ query: SUBMIT, variables: { input: application({}, { idNumber: residentId(), name }) } }))).text,
      ) as {
        data: { submitApplication: { id: string } };
      }
    ).data.submitApplication.id;

  it('answers a body that is not JSON with 400 and a JSON error, not an HTML page with a stack trace', async () => {
    const answer = await post('{"query": "{ __typename }", ');
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/json');
    expect(JSON.parse(answer.text)).toEqual({
      errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it('answers a body over BODY_LIMIT with 413 and a JSON error', async () => {
    const answer = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } }));
    expect(answer.status).toBe(413);
    expect(answer.type).toContain('application/json');
    expect(JSON.parse(answer.text)).toEqual({
      errors: [{ message: 'The request body is larger than this server accepts', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it('lets a body within the limit reach the subgraph, whose rules answer (never a subgraph’s 413 with its address)', async () => {
    const input = { ...application({}, { idNumber: residentId(), name: '陈一' }), siteAddress: '徐'.repeat(150_000) };
    const answer = await post(JSON.stringify({ query: SUBMIT, variables: { input } }));
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as {
      errors: { extensions: { code: string; fields?: { field: string }[]; serviceName?: string } }[];
    };
    expect(body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', serviceName: 'intake' });
    expect(body.errors[0].extensions.fields?.map((f) => f.field)).toEqual(['input.siteAddress']);
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it('refuses invalid input at the subgraph as VALIDATION_FAILED naming the field, and a bad enum with GraphQL’s own code', async () => {
    const caseQuery = await post(JSON.stringify({ query: 'query ($id: ID!) { case(id: $id) { id } }', variables: { id: 'not-a-uuid' } }));
    expect(JSON.parse(caseQuery.text)).toMatchObject({
      errors: [{ extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'id' }] } }],
    });
    const badEnum = await post(JSON.stringify({ query: SUBMIT, variables: { input: { ...application(), usage: 'MINING' } } }));
    expect(JSON.parse(badEnum.text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    for (const answer of [caseQuery, badEnum]) expect(answer.text).not.toMatch(INTERNALS);
  });

  it('names a subgraph that is down, never its address, and says the call may be retried', async () => {
    const id = await submitted('陈二');
    const answer = await post(
      JSON.stringify({ query: 'query ($id: ID!) { case(id: $id) { id metering { blockedBy } } }', variables: { id } }),
    );
    const body = JSON.parse(answer.text) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'metering', retryable: true });
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it('answers a subgraph’s unexpected failure with "Internal server error" and the request id only', async () => {
    const id = await submitted('陈三');
    const requestId = `req-${randomUUID()}`;
    const answer = await post(JSON.stringify({ query: 'query ($id: ID!) { case(id: $id) { id planningStatus } }', variables: { id } }), {
      'x-request-id': requestId,
    });
    const body = JSON.parse(answer.text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'planning', requestId },
    });
    expect(Object.keys(body.errors[0].extensions).sort()).toEqual(['code', 'requestId', 'serviceName']);
    expect(answer.text).not.toMatch(INTERNALS);
    // The detail is in the gateway's log, under the same id.
    expect(log.lines().filter((line) => line.service === 'gateway' && line.level === 'error' && line.msg?.includes(requestId))).toEqual([
      expect.objectContaining({ requestId }),
    ]);
  });

  it('reports readiness by subgraph name and state only', async () => {
    const ready = await fetch(gateway.url.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(503);
    const text = await ready.text();
    expect(JSON.parse(text)).toMatchObject({
      status: 'unavailable',
      subgraphs: { intake: 'up', planning: 'down (HTTP 500)', metering: 'down (ECONNREFUSED)' },
    });
    expect(text).not.toMatch(INTERNALS);
  });
});
