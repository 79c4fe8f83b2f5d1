export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; serviceName?: string } }[];
}

/** POSTs one operation; returns the parsed response (errors included). */
export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`${url} answered ${response.status} with non-JSON: ${text.slice(0, 300)}`);
  }
}

/**
 * Answers in which the gateway reported a subgraph unreachable (SERVICE_UNAVAILABLE), by subgraph.
 * The gateway gives it when its connection to a subgraph breaks. `send` then sends the operation
 * again (up to twice) when nothing of it ran: always for a query, and for a mutation only when its
 * root field has no data (the mutation itself did not reach its service). A mutation whose root
 * field answered ran once; its answer is taken as it is, without the fields that could not be fetched.
 */
export const unavailable = new Map<string, number>();

/** The data of an operation that must succeed; throws with its errors otherwise. */
export async function send<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const mutation = /^\s*mutation\b/.test(query);
  for (let attempt = 0; ; attempt++) {
    const response = await graphql<T>(url, query, variables, token);
    const down = response.errors?.filter((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') ?? [];
    for (const e of down) {
      const name = e.extensions?.serviceName ?? 'gateway';
      unavailable.set(name, (unavailable.get(name) ?? 0) + 1);
    }
    if (down.length > 0 && down.length === response.errors!.length) {
      const ran = response.data && Object.values(response.data).some((v) => v !== null);
      if (mutation && ran) return response.data!;
      if (attempt < 2) continue;
    }
    if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response)}`);
    return response.data;
  }
}

/** "contracts 2, metering 1", or "none". */
export function unavailableSummary(): string {
  return unavailable.size === 0 ? 'none' : [...unavailable].map(([name, n]) => `${name} ${n}`).join(', ');
}

/** The cursors of every page `pageQuery` reads of `cases` (null: the first), following `endCursor`. */
export async function pageCursors(gatewayUrl: string, token: string, pageQuery: string): Promise<(string | null)[]> {
  const cursors: (string | null)[] = [null];
  for (;;) {
    const read = () =>
      send<{ cases: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
        gatewayUrl,
        pageQuery,
        { after: cursors[cursors.length - 1] },
        token,
      );
    // A page is a heavy read; one that fails is read again once after a pause.
    const data = await read().catch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return read();
    });
    if (!data.cases.pageInfo.hasNextPage || !data.cases.pageInfo.endCursor) return cursors;
    cursors.push(data.cases.pageInfo.endCursor);
  }
}
