import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { GatewayContext } from './context';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** The GraphQL body a subgraph sent with a non-2xx status, if it sent one. */
function graphQLBodyOf(error: unknown): GatewayGraphQLResponse | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const response = (error.extensions as { response?: { body?: unknown } } | undefined)?.response;
  const body = response?.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const { errors, data } = body as { errors?: unknown; data?: unknown };
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return { errors, data: (data ?? null) as GatewayGraphQLResponse['data'] };
}

/**
 * Calls one subgraph. Forwards the caller's `authorization`, `traceparent`, `tracestate`
 * and `x-request-id` (the subgraph checks the token itself).
 *
 * Subgraph errors keep their `extensions` (code, fields, currentState, requires):
 * @apollo/gateway copies a subgraph error's extensions and adds `serviceName`. But when a
 * subgraph answers with a non-2xx status (e.g. 400 for a request-level error, or an error
 * carrying `extensions.http.status`), RemoteGraphQLDataSource would replace its errors with
 * a generic "400: Bad Request" whose original body is buried in `extensions.response`. That
 * case is turned back into an ordinary GraphQL response here so its errors reach the
 * client as the subgraph sent them. A subgraph that cannot be reached at all gives
 * `SERVICE_UNAVAILABLE` with its `serviceName` (its address is only logged).
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraphName: string,
    url: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loads carry an untyped context without forwarded headers.
    const headers = (context as Partial<GatewayContext> | undefined)?.forwardedHeaders;
    if (!headers || !request.http) return;
    for (const [name, value] of Object.entries(headers)) {
      if (value) request.http.headers.set(name, value);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const body = graphQLBodyOf(error);
      if (body) return body;
      if (error instanceof GraphQLError) throw error;
      // Network failure: say which subgraph, but not its internal address, to the client.
      console.error(`subgraph ${this.subgraphName} (${this.url}) failed: ${(error as Error).message}`);
      throw new GraphQLError(`The ${this.subgraphName} service is unavailable`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.subgraphName },
      });
    }
  }
}
