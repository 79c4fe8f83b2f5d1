import { generateKeyPairSync } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamicModule, Module } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { InProcessService, startServiceInProcess, subgraphFetch, TestRun } from '@yekuo/testing';
import { Public } from '../auth/auth.decorators';
import { bodyDigest, SIGNATURE_HEADER, SubgraphSigner } from '../auth/subgraph-signature';
import { ServiceConfig } from '../config';
import { CoreModule } from './core.module';
import { ServiceDefinition } from './service-definition';
import { ServiceMetrics } from './service-metrics';

@Resolver()
class ProbeResolver {
  @Public()
  @Query(() => String)
  hello(): string {
    return 'hello';
  }
}

const probeService: ServiceDefinition = { name: 'probe', defaultPort: 0, entities: [], migrations: [] };

@Module({})
class ProbeModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: ProbeModule, imports: [CoreModule.forService(probeService, config)], providers: [ProbeResolver] };
  }
}

/** What must never reach a caller: key files, paths, addresses, stack frames. */
const INTERNALS = /\.pem|var\/keys|\/tmp\/|\/graphql|127\.0\.0\.1|signature|at \w+ \(|\.ts\b/i;

/** An address of this machine other than loopback, if it has one. */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i?.family === 'IPv4' && !i.internal)?.address;

describe('a private subgraph (a probe service on the platform)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let signer: SubgraphSigner;
  const BODY = JSON.stringify({ query: '{ hello }' });

  /** POSTs `body` to the service's GraphQL with `headers` as they are (no signing by the kit). */
  const raw = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, text: await response.text() };
  };
  const signed = (body: string, headers: Record<string, string> = {}) => ({
    ...headers,
    ...signer.sign({ method: 'POST', path: '/graphql', payload: bodyDigest(body), headers }),
  });

  beforeAll(async () => {
    service = await startServiceInProcess(run, probeService, (config) => ProbeModule.forRoot(config));
    signer = await run.subgraphSigner();
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await run.cleanUp(['probe']);
  });

  it('listens on loopback only', async () => {
    expect(((service.app.getHttpServer() as Server).address() as AddressInfo).address).toBe('127.0.0.1');
    if (otherAddress) {
      const port = new URL(service.url).port;
      await expect(fetch(`http://${otherAddress}:${port}/health/live`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  });

  it('answers a request the gateway signed', async () => {
    const answer = await raw(BODY, signed(BODY, { 'x-request-id': 'req-1' }));
    expect(answer).toEqual({ status: 200, text: JSON.stringify({ data: { hello: 'hello' } }) + '\n' });
  });

  it.each([
    ['unsigned', () => ({})],
    ['with a tampered body', () => signed(JSON.stringify({ query: '{ __typename }' }))],
    ['with a tampered header', () => ({ ...signed(BODY, { 'x-request-id': 'req-1' }), 'x-request-id': 'req-2' })],
    [
      'signed with another key',
      () => SubgraphSigner.fromPem(otherKey()).sign({ method: 'POST', path: '/graphql', payload: bodyDigest(BODY), headers: {} }),
    ],
    ['with a malformed signature', () => ({ [SIGNATURE_HEADER]: 'let me in' })],
  ])('refuses a GraphQL request %s with 401 UNAUTHENTICATED, naming nothing internal', async (_what, headers) => {
    const answer = await raw(BODY, headers());
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [{ message: 'The request is not authenticated', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it('refuses an unsigned request to any other route, and lets probes reach health unsigned', async () => {
    expect((await fetch(new URL('/anything', service.url))).status).toBe(401);
    expect((await fetch(new URL('/health/live', service.url))).status).toBe(200);
    expect((await fetch(new URL('/health/ready', service.url))).status).toBe(200);
  });

  it('serves /metrics on the management port, on loopback, and not on the GraphQL port', async () => {
    const metrics = service.app.get(ServiceMetrics);
    expect(metrics.port).toBe(service.managementPort);
    expect(metrics.port).not.toBe(Number(new URL(service.url).port));
    const scraped = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(/^yekuo_outbox_pending 0$/m);
    expect(text).toMatch(/^yekuo_outbox_oldest_pending_age_seconds 0$/m);
    // The signed `{ hello }` above, timed; the queues read from the broker.
    expect(text).toMatch(/^yekuo_graphql_request_duration_seconds_count\{operation="anonymous",type="query",outcome="success"\} 1$/m);
    expect(text).toMatch(/^yekuo_event_queue_messages\{queue="dead_letter"\} 0$/m);
    expect(text).toMatch(/^yekuo_event_queue_messages\{queue="main"\} \d+$/m);
    expect(text).not.toMatch(/^yekuo_metrics_query_failures_total\{/m);
    expect((await fetch(`http://127.0.0.1:${metrics.port}/graphql`)).status).toBe(404);
    // On the GraphQL port /metrics is no route, even signed.
    expect((await subgraphFetch(new URL('/metrics', service.url))).status).toBe(404);
    if (otherAddress) {
      await expect(fetch(`http://${otherAddress}:${metrics.port}/metrics`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    }
  });
});

/** A key pair the gateway does not have. */
function otherKey(): string {
  return String(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
}
