import { z } from 'zod';

// The W3C Trace Context of the change an event records, carried in the envelope as the
// CloudEvents distributed-tracing extension (`traceparent`, `tracestate`): a consumer continues
// the producer's trace from it, and anyone holding the event can find that trace.

/**
 * `version-traceid-parentid-flags`, lower-case hex. Version 00 has exactly these four fields; a
 * later version (never ff) may append more after a dash. An all-zero trace or parent id is invalid.
 */
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32}-)[0-9a-f]{32}-(?!0{16}-)[0-9a-f]{16}-[0-9a-f]{2}(?:-[!-~]*)?$/;

/** One `key=value` member: a simple or a multi-tenant (`tenant@system`) key, and a value of printable ASCII but `,` and `=`. */
const TRACESTATE_MEMBER =
  '(?:[a-z][a-z0-9_*/-]{0,255}|[a-z0-9][a-z0-9_*/-]{0,240}@[a-z][a-z0-9_*/-]{0,13})=[ !-+\\--<>-~]{0,255}[!-+\\--<>-~]';
/** Up to 32 members separated by commas (with optional spaces or tabs around them). */
const TRACESTATE = new RegExp(`^${TRACESTATE_MEMBER}(?:[ \\t]*,[ \\t]*${TRACESTATE_MEMBER}){0,31}$`);

/** The W3C `traceparent` of the span that wrote the event. */
export const traceparent = z
  .string()
  .regex(TRACEPARENT, 'not a W3C traceparent (version-traceid-parentid-flags in lower-case hex)')
  .refine((value) => !value.startsWith('00-') || value.length === 55, 'a version 00 traceparent has exactly four fields')
  .describe('W3C traceparent of the span that wrote the event (CloudEvents distributed-tracing extension).');

/** The W3C `tracestate` that came with it, when there was one (at most 512 characters). */
export const tracestate = z
  .string()
  .max(512)
  .regex(TRACESTATE, 'not a W3C tracestate (key=value list)')
  .describe('W3C tracestate that came with the traceparent.');

/** The trace context an event carries. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

/** The trace id of a traceparent (its second field). */
export function traceIdOf(value: string): string {
  return value.slice(3, 35);
}
