import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';
import { contextOfTrace } from './trace-context';
import { tracer } from './tracing';

/**
 * Continues the caller's trace: the request's `traceparent`/`tracestate` become the active
 * context for everything the request does (the gateway's spans, its subgraph requests).
 */
export function continueCallersTrace(): RequestHandler {
  return (req, _res, next) => context.with(contextOfTrace(req.headers), next);
}

const OPERATION_TYPE = /^\s*(query|mutation|subscription)\b/;

/** The operation of a GraphQL request body: its type (a document in shorthand is a query) and its name, when it has one. */
export function graphqlOperationOf(body: unknown): { type: string; name?: string } {
  const { query, operationName } = (typeof body === 'object' && body !== null ? body : {}) as { query?: unknown; operationName?: unknown };
  const type = (typeof query === 'string' && OPERATION_TYPE.exec(query)?.[1]) || 'query';
  return typeof operationName === 'string' && operationName ? { type, name: operationName } : { type };
}

function isGraphQL(req: Request, path: string): boolean {
  return req.method === 'POST' && req.path === path;
}

/**
 * A SERVER span for each GraphQL request (`POST path`), a child of the request's
 * `traceparent` and named by its operation (`mutation Submit__intake__0`): the resolvers, the
 * transaction and the events it writes run in it. Any other request runs in the caller's trace
 * context without a span of its own. Mounted after the body is parsed.
 */
export function graphqlServerSpans(path = '/graphql'): RequestHandler {
  return (req, res, next) => {
    const parent = contextOfTrace(req.headers);
    if (!isGraphQL(req, path)) return context.with(parent, next);
    const operation = graphqlOperationOf(req.body);
    const span = tracer.startSpan(
      operation.name ? `${operation.type} ${operation.name}` : operation.type,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'url.path': req.path,
          'graphql.operation.type': operation.type,
          ...(operation.name ? { 'graphql.operation.name': operation.name } : {}),
        },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
