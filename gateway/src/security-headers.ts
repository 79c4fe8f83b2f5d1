import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The gateway's answers are JSON (GraphQL, health, errors) or a streamed document: nothing in
 * them may run, be framed or be sniffed into another type. So every answer carries helmet's
 * headers (`X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, no referrer, HSTS, ...)
 * and a CSP that allows nothing. The one HTML page, Apollo's landing page (GET /graphql from a
 * browser, outside production), brings its own CSP with a per-page nonce for the scripts it
 * loads; a header CSP would be enforced on top of it and break it, so that page gets the other
 * headers only.
 */
export function securityHeaders(): RequestHandler {
  const common = { frameguard: { action: 'deny' as const }, referrerPolicy: { policy: 'no-referrer' as const } };
  const api = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
  });
  const landingPage = helmet({ ...common, contentSecurityPolicy: false });
  return (req, res, next) => (isLandingPageRequest(req) ? landingPage : api)(req, res, next);
}

function isLandingPageRequest(req: Request): boolean {
  return req.method === 'GET' && req.path === '/graphql' && (req.headers.accept ?? '').includes('text/html');
}
