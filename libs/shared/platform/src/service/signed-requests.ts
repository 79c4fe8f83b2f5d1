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
 * Refuses, before GraphQL or any other route runs, a request the gateway did not sign (or one
 * signed outside the time window, or altered since): HTTP 401 with a GraphQL-shaped
 * UNAUTHENTICATED error that names nothing internal. Health checks pass unsigned. Placed after the
 * JSON body parser, which keeps the raw body (`rawBody: true`) for the hash.
 */
export function requireSignedRequests(verifier: SubgraphVerifier, log: (refusal: SignatureRefusal, what: string) => void): RequestHandler {
  return (req, res, next) => {
    if (UNSIGNED_ROUTES.has(req.path)) {
      next();
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
