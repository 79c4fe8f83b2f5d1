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
 * `POST /documents` and `GET /documents/:id`, streamed to intake's document endpoints
 * without buffering: the body goes through as it arrives, and intake's answer (201, or a
 * JSON error such as 413 or 415) comes back as intake gave it. `intakeUrl` returns the URL
 * the gateway uses for the intake subgraph (e.g. `http://intake:4001/graphql`); the documents
 * endpoint sits beside it (`http://intake:4001/documents`), behind any path prefix it has.
 *
 * Each request is signed as the GraphQL ones are, except that the body stands as UNSIGNED_PAYLOAD:
 * hashing it would mean buffering up to DOCUMENT_MAX_BYTES before intake hears of it. Method,
 * path, time, token and request id are signed, so a signature cannot be moved to another route,
 * caller or minute; what intake stored is given back by its hash (`x-content-sha256`).
 */
export function documentsProxy(intakeUrl: () => string | undefined, signer: SubgraphSigner): RequestHandler {
  return (req: Request, res: Response) => {
    const isUpload = req.method === 'POST' && req.path === '/';
    const isDownload = req.method === 'GET' && /^\/[0-9A-Za-z-]{1,64}$/.test(req.path);
    if (!isUpload && !isDownload) {
      const status = req.path === '/' ? 405 : 404;
      res
        .status(status)
        .json({ code: status === 405 ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', message: 'Use POST /documents or GET /documents/:id' });
      return;
    }
    const base = intakeUrl();
    if (!base) {
      res.status(503).json({ code: 'UNAVAILABLE', message: 'The document service is not configured' });
      return;
    }
    const target = new URL(`documents${req.path === '/' ? '' : req.path}`, base);
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
        message: `The document service did not answer${timedOut ? ' in time' : ''}`,
      });
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  };
}
