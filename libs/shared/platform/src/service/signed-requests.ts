import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { bodyDigest, SignatureRefusal, SubgraphVerifier, UNSIGNED_PAYLOAD } from '../auth/subgraph-signature';
import { ErrorCode } from '../errors/error-code';
import { graphqlErrorBody } from '../errors/http-errors';

/** The raw body the JSON parser read, kept by its `verify` hook (NestFactory's `rawBody: true`). */
type WithRawBody = IncomingMessage & { rawBody?: Buffer };

/** Probes call these without a signature. */
const UNSIGNED_ROUTES = new Set(['/health/live', '/health/ready']);

/**
 * What stands for the body in the signed text: the hash of the body the JSON parser read, the
 * empty body's hash for GraphQL without one (a GET), and UNSIGNED_PAYLOAD only for a body nobody
 * read here because the route streams it (intake's `/documents`). A caller cannot choose the
 * marker: a body sent as JSON is always read, so always hashed.
 */
function payloadOf(req: WithRawBody, path: string): string {
  if (req.rawBody) return bodyDigest(req.rawBody);
  return path === '/graphql' ? bodyDigest() : UNSIGNED_PAYLOAD;
}

/**
 * Routes another caller than the gateway may call (a service signing with its own key), by path,
 * each with the check that stands in for the gateway's signature there: a handler that calls
 * `next()` only for a request it accepts and answers every other itself.
 */
export type OwnSignatureRoutes = Readonly<Record<string, RequestHandler>>;

/** A path as the router matches it: in any case, with or without a trailing slash. */
const routeKey = (path: string) => path.toLowerCase().replace(/(.)\/$/, '$1');

/**
 * Refuses, before GraphQL or any other route runs, a request the gateway did not sign (or one
 * signed outside the time window, or altered since): HTTP 401 with a GraphQL-shaped
 * UNAUTHENTICATED error that names nothing internal. Health checks pass unsigned; a route of
 * `ownRoutes` gets its own check instead (and never the gateway's). Placed after the JSON body
 * parser, which keeps the raw body (`rawBody: true`) for the hash.
 */
export function requireSignedRequests(
  verifier: SubgraphVerifier,
  log: (refusal: SignatureRefusal, what: string) => void,
  ownRoutes: OwnSignatureRoutes = {},
): RequestHandler {
  const own = new Map(Object.entries(ownRoutes).map(([path, check]) => [routeKey(path), check]));
  return (req, res, next) => {
    if (UNSIGNED_ROUTES.has(req.path)) {
      next();
      return;
    }
    const check = own.get(routeKey(req.path));
    if (check) {
      check(req, res, next);
      return;
    }
    const refusal = verifier.check({ method: req.method, path: req.originalUrl, payload: payloadOf(req, req.path), headers: req.headers });
    if (!refusal) {
      next();
      return;
    }
    log(refusal, `${req.method} ${req.path}`);
    res.status(401).json(graphqlErrorBody('The request is not authenticated', { code: ErrorCode.UNAUTHENTICATED }));
  };
}
