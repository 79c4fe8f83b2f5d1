/** The outcome of asking one subgraph whether it is ready. */
export interface SubgraphReadiness {
  name: string;
  url: string;
  ready: boolean;
  detail: string;
}

/** `http://host:4001/graphql` -> `http://host:4001/health/ready`. */
export function readinessUrlOf(graphqlUrl: string): string {
  return new URL('/health/ready', graphqlUrl).toString();
}

/** Why a fetch() failed, e.g. ECONNREFUSED (undici hides it in `cause`, sometimes in an AggregateError). */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.errors?.find((e) => e.code)?.code ?? cause?.message ?? (error as Error).message;
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
