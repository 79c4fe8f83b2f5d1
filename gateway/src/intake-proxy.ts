import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import type { Request, RequestHandler, Response } from 'express';
import { SubgraphSigner, UNSIGNED_PAYLOAD } from '@yekuo/platform/core';

/** Request headers passed to intake: the caller's identity, the body's framing, the trace, and the upload's idempotency key. */
const FORWARDED_REQUEST = [
  'authorization',
  'content-type',
  'content-length',
  'transfer-encoding',
  'traceparent',
  'tracestate',
  'idempotency-key',
] as const;
/** How long intake may take to answer before the client gets 504. */
const UPSTREAM_TIMEOUT_MS = 60_000;
/** Response headers passed back to the client. */
const FORWARDED_RESPONSE = ['content-type', 'content-length', 'content-disposition', 'cache-control', 'x-content-sha256'] as const;

/** One group of intake's HTTP endpoints the gateway streams through, mounted at `/<path>`. */
export interface IntakeRoutes {
  /** The mount point, and where the endpoints sit beside intake's GraphQL URL. */
  path: string;
  /** What the client is told is missing when intake cannot be reached. */
  service: string;
  /** The requests that go through: a method and a pattern of the path under the mount point (`/` for the mount point). */
  routes: readonly { method: 'GET' | 'POST'; path: RegExp }[];
  /** The answer to any other request (404, or 405 for a known path asked with another method). */
  usage: string;
}

/** `POST /documents` (an upload, streamed as it arrives) and `GET /documents/:id`. */
export const DOCUMENT_ROUTES: IntakeRoutes = {
  path: 'documents',
  service: 'document service',
  routes: [
    { method: 'POST', path: /^\/$/ },
    { method: 'GET', path: /^\/[0-9A-Za-z-]{1,64}$/ },
  ],
  usage: 'Use POST /documents or GET /documents/:id',
};

/** `GET /reports/time-limits?month=…&jurisdiction=…&format=…`: the regulator's report as a file. */
export const REPORT_ROUTES: IntakeRoutes = {
  path: 'reports',
  service: 'report service',
  routes: [{ method: 'GET', path: /^\/time-limits$/ }],
  usage: 'Use GET /reports/time-limits?month=YYYY-MM&jurisdiction=<id>&format=xlsx|csv',
};

class ProxyTimeout extends Error {}

function pick(headers: IncomingHttpHeaders, names: readonly string[]): Record<string, string | string[]> {
  const picked: Record<string, string | string[]> = {};
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/**
 * Streams the requests `endpoints` lists to intake without buffering: a body goes through as it
 * arrives, and intake's answer (a file, 201, or a JSON error such as 400, 413 or 415) comes back
 * as intake gave it. `intakeUrl` returns the URL the gateway uses for the intake subgraph (e.g.
 * `http://intake:4001/graphql`); the endpoints sit beside it (`http://intake:4001/documents`),
 * behind any path prefix it has, with the query string as the client sent it.
 *
 * Each request is signed as the GraphQL ones are, except that the body stands as UNSIGNED_PAYLOAD:
 * hashing it would mean buffering up to DOCUMENT_MAX_BYTES before intake hears of it. Method,
 * path with query, time, token and request id are signed, so a signature cannot be moved to
 * another route, query, caller or minute; what intake stored is given back by its hash
 * (`x-content-sha256`).
 */
export function intakeProxy(endpoints: IntakeRoutes, intakeUrl: () => string | undefined, signer: SubgraphSigner): RequestHandler {
  return (req: Request, res: Response) => {
    if (!endpoints.routes.some((route) => route.method === req.method && route.path.test(req.path))) {
      const knownPath = endpoints.routes.some((route) => route.path.test(req.path));
      res.status(knownPath ? 405 : 404).json({ code: knownPath ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', message: endpoints.usage });
      return;
    }
    const base = intakeUrl();
    if (!base) {
      res.status(503).json({ code: 'UNAVAILABLE', message: `The ${endpoints.service} is not configured` });
      return;
    }
    const target = new URL(`${endpoints.path}${req.path === '/' ? '' : req.path}`, base);
    target.search = new URL(req.url, 'http://client').search;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = { ...pick(req.headers, FORWARDED_REQUEST), 'x-request-id': String(res.locals.requestId) };
    Object.assign(headers, signer.sign({ method: req.method, path: target.pathname + target.search, payload: UNSIGNED_PAYLOAD, headers }));
    const upstream = send(target, { method: req.method, headers });
    upstream.setTimeout(UPSTREAM_TIMEOUT_MS, () => upstream.destroy(new ProxyTimeout()));
    upstream.on('response', (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const [name, value] of Object.entries(pick(answer.headers, FORWARDED_RESPONSE))) res.setHeader(name, value);
      // A download cut off half-way ends the client's response too, instead of leaving it hanging.
      pipeline(answer, res, () => undefined);
    });
    upstream.on('error', (error) => {
      // Intake answered early (e.g. 413) and closed while the body was still coming: the answer is already on its way.
      if (res.headersSent) return;
      const timedOut = error instanceof ProxyTimeout;
      res.status(timedOut ? 504 : 502).json({
        code: timedOut ? 'GATEWAY_TIMEOUT' : 'BAD_GATEWAY',
        message: `The ${endpoints.service} did not answer${timedOut ? ' in time' : ''}`,
      });
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  };
}
