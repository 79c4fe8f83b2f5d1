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

/** Asks every subgraph's `/health/ready` in parallel; a subgraph is ready only on a 200. */
export async function checkSubgraphs(
  subgraphs: ReadonlyMap<string, string>,
  timeoutMs: number,
): Promise<SubgraphReadiness[]> {
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
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return {
          name,
          url: healthUrl,
          ready: false,
          detail: cause ?? (error as Error).message,
        };
      }
    }),
  );
}
