import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line written while a request or an event is handled carries, read from the
 * async context: code deep down logs without being handed the ids.
 */
export interface LogContext {
  /** The request's `x-request-id` (the gateway assigns one and forwards it to every service). */
  requestId?: string;
  /** The case the request or event acts on, once known. */
  caseId?: string;
  /** The CloudEvent being consumed or published: its id and type. */
  eventId?: string;
  eventType?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` added to the current log context (a copy: the outer context is left as it was). */
export function runWithLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/**
 * Adds `fields` to the context of the request or event being handled, for every line logged after
 * this in it (e.g. the case id, once a mutation has locked its case). Outside any context, nothing.
 */
export function addToLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

/** The context of the request or event being handled, if any. */
export function currentLogContext(): Readonly<LogContext> | undefined {
  return storage.getStore();
}

/** The log context of a CloudEvent: its id and type, and the case it is about (an anchor of audit chains is about none). */
export function eventLogContext(event: { id: string; type: string; data: unknown }): LogContext {
  const caseId = (event.data as { caseId?: unknown } | null)?.caseId;
  return { eventId: event.id, eventType: event.type, ...(typeof caseId === 'string' ? { caseId } : {}) };
}
