import type { ErrorRequestHandler, Request, Response } from 'express';
import { ErrorCode } from './error-code';
import { INTERNAL_MESSAGE, requestIdFrom } from './public-errors';

// HTTP-level errors (before GraphQL runs) as GraphQL-shaped JSON, for the gateway and the
// subgraphs alike: never Express's HTML page with a stack trace and file paths.

/** `{ errors: [{ message, extensions: { code, ... } }] }`, the shape every answer of the graph has. */
export function graphqlErrorBody(message: string, extensions: { code: string } & Record<string, unknown>) {
  return { errors: [{ message, extensions }] };
}

/** The parts of an error from Express's body parser (http-errors) this reads. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
}

/**
 * Answers what went wrong before GraphQL ran as JSON: a body that is not JSON is 400
 * BAD_REQUEST, one over the limit 413 PAYLOAD_TOO_LARGE, another client fault its own 4xx
 * with BAD_REQUEST, anything else 500 INTERNAL_SERVER_ERROR with a request id only (the
 * detail is logged under it). `requestIdOf` reads the request's id (default: its sane
 * `x-request-id`, else a new one).
 */
export function jsonErrorHandler(options: {
  log: (requestId: string, error: unknown) => void;
  requestIdOf?: (req: Request, res: Response) => string | undefined;
}): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { type, status, statusCode } = (error ?? {}) as BodyParserError;
    const httpStatus = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 500;
    if (type === 'entity.too.large' || httpStatus === 413) {
      res.status(413).json(graphqlErrorBody('The request body is larger than this server accepts', { code: ErrorCode.PAYLOAD_TOO_LARGE }));
      return;
    }
    if (type === 'entity.parse.failed') {
      res.status(400).json(graphqlErrorBody('The request body is not valid JSON', { code: ErrorCode.BAD_REQUEST }));
      return;
    }
    if (httpStatus >= 400 && httpStatus < 500) {
      res.status(httpStatus).json(graphqlErrorBody('The request cannot be read', { code: ErrorCode.BAD_REQUEST }));
      return;
    }
    const header = req.headers['x-request-id'];
    const requestId = options.requestIdOf?.(req, res) ?? requestIdFrom(Array.isArray(header) ? header[0] : header);
    options.log(requestId, error);
    res.status(500).json(graphqlErrorBody(INTERNAL_MESSAGE, { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId }));
  };
}
