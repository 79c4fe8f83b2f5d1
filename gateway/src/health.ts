/** The outcome of asking one subgraph whether it is ready. */
export interface SubgraphReadiness {
  name: string;
  /** Where it was asked; for the gateway's own log, never for an answer. */
  url: string;
  ready: boolean;
  /** Why it is not ready, without its address: `HTTP 503`, `timed out`, `ECONNREFUSED` or `unreachable`. */
  detail: string;
}

/** `http://host:4001/graphql` -> `http://host:4001/health/ready`. */
export function readinessUrlOf(graphqlUrl: string): string {
  return new URL('/health/ready', graphqlUrl).toString();
}

/**
 * Why a fetch() failed, e.g. ECONNREFUSED (undici hides it in `cause`, sometimes in an
 * AggregateError); a message is never passed on, as it may carry the address.
 */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const code = cause?.code ?? cause?.errors?.find((e) => e.code)?.code;
  return code && /^[A-Z0-9_]+$/.test(code) ? code : 'unreachable';
}

/** Asks every subgraph's `/health/ready` in parallel; a subgraph is ready only on a 200. */
export async function checkSubgraphs(subgraphs: ReadonlyMap<string, string>, timeoutMs: number): Promise<SubgraphReadiness[]> {
  return Promise.all(
    [...subgraphs].map(async ([name, url]): Promise<SubgraphReadiness> => {
      const healthUrl = readinessUrlOf(url);
      try {
        const response = await fetch(healthUrl, {
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        return {
          name,
          url: healthUrl,
          ready: response.status === 200,
          detail: `HTTP ${response.status}`,
        };
      } catch (error) {
        return { name, url: healthUrl, ready: false, detail: describeFetchError(error) };
      }
    }),
  );
}
