import { Attributes, Context, context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { CloudEvent, EventType } from '@yekuo/events';
import { contextOfTrace } from './trace-context';
import { tracer } from './tracing';

/**
 * Runs `fn` with a new span active, as a child of `parent`, and ends the span when `fn` settles;
 * a thrown error is recorded on the span (status ERROR) and thrown on. Without the SDK the span
 * is a no-op that still carries `parent`'s trace context.
 */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes },
  parent: Context,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function failed(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The attributes of an event on the bus: messaging semantic conventions and the CloudEvents ones. */
function eventAttributes(event: CloudEvent<EventType>, exchange: string, operation: 'send' | 'process'): Attributes {
  return {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': operation,
    'messaging.destination.name': exchange,
    'messaging.rabbitmq.destination.routing_key': event.type,
    'messaging.message.id': event.id,
    'cloudevents.event_id': event.id,
    'cloudevents.event_type': event.type,
    'cloudevents.event_source': event.source,
    'cloudevents.event_subject': event.subject,
  };
}

/**
 * Runs a consumer's handling of `event` (its transaction included) in a CONSUMER span that
 * continues the trace the event carries (`traceparent` in its envelope), so the consumer's work,
 * the events it writes in turn and its log lines belong to the trace of the change that caused it.
 */
export function inConsumerSpan<T>(event: CloudEvent<EventType>, exchange: string, attempt: number, fn: () => Promise<T>): Promise<T> {
  return withSpan(
    `process ${event.type}`,
    { kind: SpanKind.CONSUMER, attributes: { ...eventAttributes(event, exchange, 'process'), 'yekuo.delivery.attempt': attempt } },
    contextOfTrace(event),
    () => fn(),
  );
}

/**
 * Publishes `events` (`publish` resolves once the broker confirmed them) with a PRODUCER span per
 * event, each a child of the trace context the event carries: the relay's send shows in the trace
 * of the change that wrote the event, between the mutation and its consumers.
 */
export async function inProducerSpans(events: CloudEvent<EventType>[], exchange: string, publish: () => Promise<void>): Promise<void> {
  const spans = events.map((event) =>
    tracer.startSpan(
      `publish ${event.type}`,
      { kind: SpanKind.PRODUCER, attributes: eventAttributes(event, exchange, 'send') },
      contextOfTrace(event),
    ),
  );
  try {
    await publish();
  } catch (error) {
    spans.forEach((span) => failed(span, error));
    throw error;
  } finally {
    spans.forEach((span) => span.end());
  }
}
