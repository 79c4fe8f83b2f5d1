import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';
import { runWithLogContext } from './log-context';

export interface RequestLogOptions {
  /** The request's id: the caller's `x-request-id` when it is a sane one, else a new one. */
  requestIdOf(req: IncomingMessage): string;
}

/** The path asked for: never the query string, where a search term or a token could be. */
function pathOf(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The access line's fields: no header, no body, no query string. */
function accessFields(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  return { requestId: req.id, method: req.method, path: pathOf(req), status: res.statusCode, durationMs };
}

/**
 * Health probes, which come every few seconds (and a 503 from `/health/ready` is their answer while
 * the database or the broker is away, said by the service's own lines), are debug; any other
 * failure is an error; everything else info.
 */
function accessLevel(req: IncomingMessage, res: ServerResponse, error?: Error): LevelWithSilent {
  if (req.url?.startsWith('/health/')) return 'debug';
  return error || res.statusCode >= 500 ? 'error' : 'info';
}

/**
 * Express middleware (any `(req, res, next)` host) that gives every request its id and writes one
 * access line when it ends (`GET /graphql 200`, with requestId, method, path, status and
 * durationMs, through pino-http), and runs the rest of the request in a log context with that id,
 * so every line logged while it is handled carries it. Placed after the body parser: the parser's
 * stream callbacks would run outside the context otherwise.
 */
export function requestLogging(
  logger: Logger,
  options: RequestLogOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const http = pinoHttp({
    logger,
    genReqId: (req) => options.requestIdOf(req),
    // The request itself is never bound to the line (pino-http binds it as `req` by default, headers and all).
    wrapSerializers: false,
    serializers: { req: () => undefined },
    customLogLevel: accessLevel,
    customSuccessObject: (req, res, fields: { responseTime: number }) => accessFields(req, res, fields.responseTime),
    customErrorObject: (req, res, _error, fields: { responseTime: number }) => accessFields(req, res, fields.responseTime),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  });
  return (req, res, next) => http(req, res, () => runWithLogContext({ requestId: loggedRequestId(req) }, next));
}

/** The id requestLogging gave `req` (undefined before it ran, e.g. for a body the parser refused). */
export function loggedRequestId(req: IncomingMessage): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}
