import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Principal } from '@yekuo/platform/core';

/**
 * Incoming headers the gateway passes on to every subgraph request. The trace context is not among
 * them: each subgraph request carries the gateway's own (data-source.ts), a child of the caller's.
 */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id', 'idempotency-key'] as const;
export type ForwardedHeader = (typeof FORWARDED_HEADERS)[number];

/** The per-request GraphQL context of the gateway. */
export interface GatewayContext {
  forwardedHeaders: Partial<Record<ForwardedHeader, string>>;
  /** The caller of a token that verified at the gateway, for its rate limits only (each subgraph verifies the token itself). */
  principal?: Principal;
}

/**
 * Returns the request id of `req`: the client's `x-request-id` when it sent a sane one,
 * otherwise a new one (so every subgraph call of one request can be correlated).
 */
export function requestIdOf(req: Request): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** Builds the context from the incoming request; `requestId` wins over the raw header. */
export function buildContext(req: Request, requestId: string): GatewayContext {
  const forwardedHeaders: GatewayContext['forwardedHeaders'] = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    const single = Array.isArray(value) ? value.join(', ') : value;
    if (single) forwardedHeaders[name] = single;
  }
  forwardedHeaders['x-request-id'] = requestId;
  return { forwardedHeaders };
}
