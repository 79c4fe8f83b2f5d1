import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CaseEventType, EVENT_CATALOG, EventPayload, EventType, isEventType } from './catalog';
import { TraceContext, traceparent, tracestate } from './trace-context';

/** A CloudEvents 1.0 JSON envelope whose `data` is one payload of the catalog (by default, of a type about a case). */
export interface CloudEvent<T extends EventType = CaseEventType> {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: EventPayload<T>;
  /** The W3C trace context of the change that wrote the event (CloudEvents distributed-tracing extension), when it was traced. */
  traceparent?: string;
  tracestate?: string;
}

const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
  traceparent: traceparent.optional(),
  tracestate: tracestate.optional(),
});

const traceSchema = z.object({ traceparent, tracestate: tracestate.optional() });

/** Raised when a message is not a valid event of the catalog; never retried. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Builds an event, validating the payload against the catalog before it is stored; `trace` (the
 * active span's W3C trace context) goes into the envelope as its distributed-tracing extension.
 */
export function createEvent<T extends EventType>(
  type: T,
  data: EventPayload<T>,
  options: { source: string; id?: string; time?: Date; trace?: TraceContext },
): CloudEvent<T> {
  const parsed = EVENT_CATALOG[type].safeParse(data);
  if (!parsed.success) throw new InvalidEventError(`${type} payload is invalid: ${describe(parsed.error)}`);
  const trace = options.trace && traceSchema.safeParse(options.trace);
  if (trace && !trace.success) throw new InvalidEventError(`${type} trace context is invalid: ${describe(trace.error)}`);
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source: options.source,
    type,
    // The case the event is about; an anchor of audit chains is about no one case and names itself.
    subject: (data as { caseId?: string }).caseId ?? (data as { anchorId: string }).anchorId,
    time: (options.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: parsed.data as EventPayload<T>,
    ...(trace ? withoutAbsent(trace.data) : {}),
  };
}

/** The trace attributes that have a value: an absent `tracestate` is left out of the envelope, not written as null. */
function withoutAbsent(trace: TraceContext): TraceContext {
  return trace.tracestate === undefined ? { traceparent: trace.traceparent } : trace;
}

/** Parses a received message; throws InvalidEventError naming what is wrong. */
export function parseEvent<T extends EventType = CaseEventType>(raw: unknown): CloudEvent<T> {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new InvalidEventError(`not a CloudEvent: ${describe(envelope.error)}`);
  const { type } = envelope.data;
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type ${type}`);
  const data = EVENT_CATALOG[type].safeParse(envelope.data.data);
  if (!data.success) throw new InvalidEventError(`${type} payload is invalid: ${describe(data.error)}`);
  // A consumer binds only the types it handles: the caller names them (case types unless it says otherwise).
  return { ...envelope.data, type, data: data.data } as CloudEvent<T>;
}
