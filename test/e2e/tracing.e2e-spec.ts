import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventTap, expectData, graphql, RunningSystem, startSystem, TestRun } from '@yekuo/testing';
import { application, COMPLETENESS, residentId, SUBMIT, upload } from './operations';

/** One span as the OTLP/HTTP JSON exporter sends it, with the `service.name` of its process. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[] }[];
    }[];
  }[];
}

const valueOf = (value: OtlpValue): unknown => value.stringValue ?? value.boolValue ?? value.intValue ?? value.doubleValue;
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** An OTLP/HTTP JSON receiver on 127.0.0.1 (POST /v1/traces), as a collector would be, keeping every span. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest;
      for (const resource of body.resourceSpans ?? []) {
        const service = String(attributesOf(resource.resource?.attributes)['service.name']);
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              service,
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ACCEPT = `mutation Accept($caseId: ID!) { acceptApplication(input: { caseId: $caseId }) { id status } }`;
const SERVICES = ['intake', 'planning'];

describe('a trace from the caller through the gateway, intake, the outbox and RabbitMQ into planning', () => {
  let run: TestRun;
  let system: RunningSystem;
  let tap: EventTap;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    run = new TestRun();
    await run.prepare();
    receiver = await startOtlpReceiver();
    tap = await EventTap.open(run.amqpUrl, run.exchange, 'intake.#');
    const { DATABASE_URL: _url, DATABASE_OWNER_URL: _ownerUrl, WITNESS_DATABASE_URL: _witnessUrl, ...shared } = run.env('intake');
    for (const service of SERVICES) await run.provisionDatabase(service);
    system = await startSystem({
      services: SERVICES,
      ports: 'ephemeral',
      quiet: true,
      // Each process exports its spans to the receiver, in batches sent every 100 ms.
      env: { ...shared, LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
      databaseUrl: (service) => run.env(service).DATABASE_URL,
      databaseOwnerUrl: (service) => run.env(service).DATABASE_OWNER_URL,
      witnessUrl: (service) => run.witnessUrl(service),
    });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await tap?.close();
    await receiver?.close();
    await run?.cleanUp(SERVICES);
  }, 60_000);

  it('keeps the caller’s trace id from the mutation to the consumer’s transaction, and on the message', async () => {
    const customer = await run.token({ sub: randomUUID(), roles: ['customer'], name: '陈一' });
    const clerk = await run.token({ sub: 'clerk-1', roles: ['intake-clerk'], team: 'front-desk' });
    const gateway = system.gatewayUrl;
    const { submitApplication } = expectData(
      await graphql<{ submitApplication: { id: string } }>(
        gateway,
        SUBMIT,
        { input: application({ idNumber: residentId(Math.floor(Math.random() * 10_000_000)), name: '陈一' }) },
        customer,
      ),
    );
    const caseId = submitApplication.id;
    const { completenessCheck } = expectData(
      await graphql<{ completenessCheck: { items: { slot: string }[] } }>(gateway, COMPLETENESS, { caseId }, clerk),
    );
    for (const { slot } of completenessCheck.items) await upload(gateway, customer, caseId, slot);

    // The caller's own trace: a random trace id, its span as the parent, sampled.
    const traceId = randomUUID().replace(/-/g, '');
    const callerSpanId = randomUUID().replace(/-/g, '').slice(0, 16);
    const accepted = await graphql(gateway, ACCEPT, { caseId }, clerk, { traceparent: `00-${traceId}-${callerSpanId}-01` });
    expect(expectData(accepted)).toEqual({ acceptApplication: { id: caseId, status: 'ACCEPTED' } });

    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    const apply = await eventually('planning to apply the event in the caller’s trace', () =>
      inTrace().find((s) => s.service === 'planning' && s.name === 'apply intake.application.accepted.v1'),
    );
    await eventually('intake’s producer span', () => inTrace().find((s) => s.service === 'intake' && s.kind === PRODUCER));
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['gateway', 'intake', 'planning']));

    // The gateway's root span is the caller's child; its fetch to intake is the parent of intake's server span.
    const request = spans.find((s) => s.service === 'gateway' && s.name === 'gateway.request');
    expect(request?.parentSpanId).toBe(callerSpanId);
    const server = spans.find((s) => s.service === 'intake' && s.kind === SERVER && s.attributes['graphql.operation.type'] === 'mutation');
    expect(server).toBeDefined();
    expect(byId.get(server!.parentSpanId!)).toMatchObject({ service: 'gateway', name: 'gateway.fetch' });

    // The relay's send, then planning's consumer span and its transaction, in the same trace.
    const producer = spans.find(
      (s) => s.service === 'intake' && s.kind === PRODUCER && s.name === 'publish intake.application.accepted.v1',
    );
    expect(producer?.parentSpanId).toBe(server!.spanId);
    const consumer = byId.get(apply.parentSpanId!);
    expect(consumer).toMatchObject({ service: 'planning', kind: CONSUMER, name: 'process intake.application.accepted.v1' });
    expect(consumer?.parentSpanId).toBe(server!.spanId);
    expect(consumer?.attributes).toMatchObject({ 'cloudevents.event_subject': caseId, 'messaging.system': 'rabbitmq' });
    expect(apply.attributes).toMatchObject({ 'yekuo.consumer': 'planning', 'yekuo.inbox.applied': true });

    // Another system on the bus sees the trace in the envelope: the span of intake's mutation.
    const message = await eventually('the accepted event on the bus', () =>
      tap.ofType('intake.application.accepted.v1').find((m) => (m.body as { subject?: string }).subject === caseId),
    );
    expect((message.body as { traceparent?: string }).traceparent).toBe(`00-${traceId}-${server!.spanId}-01`);
  }, 90_000);
});
