import { Client, cacheExchange, fetchExchange, makeOperation, mapExchange, type OperationContext } from 'urql';

/**
 * The console's one GraphQL client: every request to the gateway's `/graphql` carries the
 * signed-in token, and a mutation its idempotency key (see oncePerAction). Document caching: a
 * query is answered from the cache until a mutation returns one of its types, then fetched again.
 */
export function createGraphClient(token: () => string | undefined, onUnauthenticated: () => void): Client {
  const headers = mapExchange({
    onOperation(operation) {
      const bearer = token();
      const key = (operation.context as { idempotencyKey?: string }).idempotencyKey;
      const fetchOptions =
        typeof operation.context.fetchOptions === 'function' ? operation.context.fetchOptions() : operation.context.fetchOptions;
      return makeOperation(operation.kind, operation, {
        ...operation.context,
        fetchOptions: {
          ...fetchOptions,
          headers: {
            ...(fetchOptions?.headers as Record<string, string> | undefined),
            ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
            ...(key ? { 'idempotency-key': key } : {}),
          },
        },
      });
    },
    onResult(result) {
      if (result.error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated();
    },
  });
  return new Client({ url: '/graphql', exchanges: [headers, cacheExchange, fetchExchange], preferGetMethod: false });
}

/**
 * The context of one mutation a person asked for: an idempotency key the gateway forwards, so
 * that a click sent twice (or a retry after a lost answer) acts once (README, Retrying safely).
 * The key is kept for the retry of the same action and renewed for the next (useAction).
 */
export function oncePerAction(key: string): Partial<OperationContext> & { idempotencyKey: string } {
  return { idempotencyKey: key };
}
