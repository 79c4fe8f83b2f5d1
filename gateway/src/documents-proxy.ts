import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Request, RequestHandler, Response } from 'express';

/** Request headers passed to intake: the caller's identity, the body's framing, and the trace. */
const FORWARDED_REQUEST = ['authorization', 'content-type', 'content-length', 'transfer-encoding', 'traceparent', 'tracestate'] as const;
/** Response headers passed back to the client. */
const FORWARDED_RESPONSE = ['content-type', 'content-length', 'content-disposition', 'x-content-sha256'] as const;

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
 * the gateway uses for the intake subgraph; its origin receives the request.
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
    const target = new URL(`/documents${req.path === '/' ? '' : req.path}`, new URL(base).origin);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, {
      method: req.method,
      headers: { ...pick(req.headers, FORWARDED_REQUEST), 'x-request-id': String(res.locals.requestId) },
    });
    upstream.on('response', (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const [name, value] of Object.entries(pick(answer.headers, FORWARDED_RESPONSE))) res.setHeader(name, value);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      // Intake answered early (e.g. 413) and closed while the body was still coming: the answer is already on its way.
      if (res.headersSent) return;
      res.status(502).json({ code: 'BAD_GATEWAY', message: 'The document service did not answer' });
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  };
}
