import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import { BalancedPool, Pool } from 'undici';
import { bodyDigest, SubgraphSigner } from '@yekuo/platform/core';
import { GatewayContext } from './context';
import { gatewayLog } from './log';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** The HTTP statuses a subgraph answers with whose meaning the client may act on. */
const STATUS_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 413: 'PAYLOAD_TOO_LARGE' };

/** The GraphQL response in `text` when it is one with errors or data, else undefined. */
function graphQLResponseIn(text: string): GatewayGraphQLResponse | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { errors, data } = body as { errors?: unknown; data?: unknown };
  if (!(Array.isArray(errors) && errors.length > 0) && (typeof data !== 'object' || data === null)) return undefined;
  return body;
}

/** What Apollo Server's per-request cache policy offers (typed `any` by its gateway interface). */
interface CachePolicy {
  restrict(hint: { maxAge: number }): void;
}

/**
 * Calls one subgraph. Forwards the caller's `authorization`, `x-request-id` and `idempotency-key`
 * (the subgraph checks the token and the key itself), sends the trace context of the fetch (W3C
 * `traceparent`/`tracestate`, a child of the caller's when it sent one), and
 * signs the request (method, path, the body's hash, the headers the subgraph acts on) with the
 * gateway's key: subgraphs answer nothing unsigned (SubgraphSigner).
 *
 * Requests go through one undici pool of keep-alive connections per subgraph rather than
 * @apollo/gateway's RemoteGraphQLDataSource and its fetch stack (make-fetch-happen over
 * minipass-fetch and agent-base), which cost the gateway about 1 ms of CPU per subgraph fetch,
 * five per read of a case (bench/results/floor.md). Idle connections close after undici's 4 s,
 * before a subgraph closes its side (65 s), so a request never meets a socket the subgraph has
 * just closed.
 *
 * A subgraph's GraphQL errors reach the client as it sent them (code, fields, currentState,
 * requires), with `serviceName` added by @apollo/gateway, whatever HTTP status came with them
 * (a request-level error is sent with 400). An answer that is not a GraphQL response gives an
 * error naming the subgraph and the status, never its address; a subgraph that cannot be
 * reached at all gives `SERVICE_UNAVAILABLE` with its `serviceName` (its address is only logged).
 *
 * A subgraph served by several instances (`url` a comma-separated list, all with the same path)
 * goes through an undici BalancedPool: requests are spread over the instances, and one that
 * refuses or drops connections is weighted down until it answers again, so after a request
 * fails (retryable, for the client to send again) the next ones reach the others.
 */
export class ForwardingDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool | BalancedPool;
  private readonly path: string;

  constructor(
    readonly subgraphName: string,
    readonly url: string,
    private readonly signer: SubgraphSigner,
    /** Told of each fetch: its seconds, and whether a GraphQL response came back (the gateway's metrics). */
    private readonly fetched?: (subgraph: string, seconds: number, ok: boolean) => void,
  ) {
    const targets = url.split(',').map((u) => new URL(u.trim()));
    this.path = targets[0].pathname + targets[0].search;
    if (targets.some((t) => t.pathname + t.search !== this.path)) {
      throw new Error(`The instances of subgraph ${subgraphName} must share one path (${url})`);
    }
    this.pool = targets.length > 1 ? new BalancedPool(targets.map((t) => t.origin)) : new Pool(targets[0].origin);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request, context } = options;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // Health checks carry an untyped context without forwarded headers.
    for (const [name, value] of Object.entries((context as Partial<GatewayContext> | undefined)?.forwardedHeaders ?? {})) {
      if (value) headers[name] = value;
    }
    // The active span (this fetch's, in the caller's trace) as `traceparent`/`tracestate`; not signed, as the subgraph only continues the trace with it.
    propagation.inject(otelContext.active(), headers);
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
    Object.assign(headers, this.signer.sign({ method: 'POST', path: this.path, payload: bodyDigest(body), headers }));
    let status: number;
    let text: string;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const answer = await this.pool.request({ path: this.path, method: 'POST', headers, body });
      status = answer.statusCode;
      text = await answer.body.text();
    } catch (error) {
      this.fetched?.(this.subgraphName, seconds(), false);
      gatewayLog().error(`subgraph ${this.subgraphName} (${this.url}) failed: ${(error as Error).message}`);
      throw new GraphQLError(`The ${this.subgraphName} service is unavailable`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.subgraphName, retryable: true },
      });
    }
    // Subgraph answers are never cached: say so to Apollo Server's cache policy, as the default data source does.
    if ('incomingRequestContext' in options) {
      (options.incomingRequestContext.overallCachePolicy as CachePolicy | undefined)?.restrict({ maxAge: 0 });
    }
    const response = graphQLResponseIn(text);
    this.fetched?.(this.subgraphName, seconds(), response !== undefined);
    if (response) return response;
    gatewayLog().error(`subgraph ${this.subgraphName} (${this.url}) answered HTTP ${status} with no GraphQL response`);
    throw new GraphQLError(`The ${this.subgraphName} service answered HTTP ${status}`, {
      extensions: { code: STATUS_CODES[status] ?? 'INTERNAL_SERVER_ERROR', serviceName: this.subgraphName },
    });
  }

  /** Closes the keep-alive connections (when the gateway stops). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
