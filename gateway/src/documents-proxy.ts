import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import type { Request, RequestHandler, Response } from 'express';

/** Request headers passed to intake: the caller's identity, the body's framing, and the trace. */
const FORWARDED_REQUEST = ['authorization', 'content-type', 'content-length', 'transfer-encoding', 'traceparent', 'tracestate'] as const;
/** How long intake may take to answer before the client gets 504. */
const UPSTREAM_TIMEOUT_MS = 60_000;
/** Response headers passed back to the client. */
const FORWARDED_RESPONSE = ['content-type', 'content-length', 'content-disposition', 'x-content-sha256'] as const;

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
 */
export function documentsProxy(intakeUrl: () => string | undefined): RequestHandler {
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
    const upstream = send(target, {
      method: req.method,
      headers: { ...pick(req.headers, FORWARDED_REQUEST), 'x-request-id': String(res.locals.requestId) },
    });
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
