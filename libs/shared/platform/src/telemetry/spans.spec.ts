import { EventEmitter } from 'node:events';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { CloudEvent, createEvent, EventPayload, traceIdOf } from '@yekuo/events';
import type { Request, Response } from 'express';
import { graphqlServerSpans } from './http-spans';
import { inConsumerSpan, inProducerSpans } from './spans';
import { traceContextOf } from './trace-context';

// Traces on, with the SDK recording into memory instead of exporting.
const exporter = new InMemorySpanExporter();
const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const CALLER_TRACE = traceIdOf(CALLER);

beforeAll(() => {
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register({ propagator: new W3CTraceContextPropagator() });
});
afterEach(() => exporter.reset());

function accepted(traceparent?: string): CloudEvent<'intake.application.accepted.v1'> {
  const data: EventPayload<'intake.application.accepted.v1'> = {
    caseId: '3f0c6a52-8a3e-4c1e-9a7b-2d5e6f1a0b11',
    caseNumber: 'YK-2025-000123',
    customerId: '7b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    category: 'LV_RESIDENTIAL',
    policyVersion: '2025.1',
    actor: { id: 'clerk-1', role: 'intake-clerk' },
    businessType: 'NEW_CONNECTION',
    capacityKva: 10,
    voltageLevel: '0.4kV',
    supplySources: 1,
    regionCode: 'R01',
    acceptedAt: '2025-03-03T09:00:00+08:00',
  };
  return createEvent('intake.application.accepted.v1', data, {
    source: '/yekuo/intake',
    ...(traceparent ? { trace: { traceparent } } : {}),
  });
}

describe('inConsumerSpan', () => {
  it('runs the handler in a CONSUMER span that continues the trace the event carries', async () => {
    const event = accepted(CALLER);
    const written = await inConsumerSpan(event, 'yekuo.events', 2, () => Promise.resolve(traceContextOf()));
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('process intake.application.accepted.v1');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.spanContext().traceId).toBe(CALLER_TRACE);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': 'yekuo.events',
      'messaging.message.id': event.id,
      'cloudevents.event_type': event.type,
      'cloudevents.event_subject': event.subject,
      'yekuo.delivery.attempt': 2,
    });
    // What the handler writes (its events) carries the consumer span, in the same trace.
    expect(written?.traceparent).toBe(`00-${CALLER_TRACE}-${span.spanContext().spanId}-01`);
  });

  it('starts a trace of its own for an event that carries none', async () => {
    await inConsumerSpan(accepted(), 'yekuo.events', 1, () => Promise.resolve());
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).not.toBe(CALLER_TRACE);
    expect(span.parentSpanContext).toBeUndefined();
  });

  it('records a failed handler on the span and throws its error on', async () => {
    await expect(inConsumerSpan(accepted(CALLER), 'yekuo.events', 1, () => Promise.reject(new Error('database gone')))).rejects.toThrow(
      'database gone',
    );
    const [span] = exporter.getFinishedSpans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database gone' });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });
});

describe('inProducerSpans', () => {
  it('gives each event a PRODUCER span in its own trace, ended once the broker confirmed', async () => {
    const other = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await inProducerSpans([accepted(CALLER), accepted(other)], 'yekuo.events', () => Promise.resolve());
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.kind, s.spanContext().traceId])).toEqual([
      ['publish intake.application.accepted.v1', SpanKind.PRODUCER, CALLER_TRACE],
      ['publish intake.application.accepted.v1', SpanKind.PRODUCER, traceIdOf(other)],
    ]);
  });

  it('marks every span of a batch the broker did not confirm', async () => {
    await expect(inProducerSpans([accepted(CALLER)], 'yekuo.events', () => Promise.reject(new Error('no confirm')))).rejects.toThrow();
    expect(exporter.getFinishedSpans()[0].status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('graphqlServerSpans', () => {
  function request(path: string, body: unknown, headers: Record<string, string> = {}): { req: Request; res: Response & EventEmitter } {
    const res = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as Response & EventEmitter;
    return { req: { method: 'POST', path, headers, body } as Request, res };
  }

  it('serves a GraphQL request in a SERVER span named by its operation, a child of the caller’s', () => {
    const { req, res } = request(
      '/graphql',
      { query: 'mutation Submit__intake__0 { a }', operationName: 'Submit__intake__0' },
      { traceparent: CALLER },
    );
    let active: string | undefined;
    graphqlServerSpans()(req, res, () => {
      active = trace.getActiveSpan()?.spanContext().traceId;
    });
    expect(active).toBe(CALLER_TRACE);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    res.statusCode = 503;
    res.emit('close');
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'mutation Submit__intake__0', kind: SpanKind.SERVER, status: { code: SpanStatusCode.ERROR } });
    expect(span.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'http.response.status_code': 503 });
    expect(span.spanContext().traceId).toBe(CALLER_TRACE);
  });

  it('runs any other request in the caller’s context without a span of its own', () => {
    const { req, res } = request('/documents', undefined, { traceparent: CALLER });
    let seen: string | undefined;
    graphqlServerSpans()(req, res, () => {
      seen = traceContextOf()?.traceparent;
    });
    res.emit('close');
    expect(seen).toBe(CALLER);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});
