import { Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { TraceContext } from '@yekuo/events';

/** The W3C trace context of `ctx` (the active one by default) as an event carries it, or undefined when there is none. */
export function traceContextOf(ctx: Context = context.active()): TraceContext | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  if (!carrier.traceparent) return undefined;
  return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : { traceparent: carrier.traceparent };
}

/** The context a `traceparent`/`tracestate` pair (request headers, an event's envelope) continues; the root context without one. */
export function contextOfTrace(carrier: object): Context {
  return propagation.extract(ROOT_CONTEXT, carrier, TRACE_GETTER);
}

/** Reads `traceparent` and `tracestate` from headers or an envelope; anything but a string (or strings) is absent. */
const TRACE_GETTER = {
  keys: (carrier: object) => Object.keys(carrier),
  get: (carrier: object, key: string) => {
    const value = (carrier as Record<string, unknown>)[key];
    return typeof value === 'string' || Array.isArray(value) ? (value as string | string[]) : undefined;
  },
};
