import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type AnyVariables, type CombinedError, type TypedDocumentNode } from 'urql';

/** One row of a list: the item and the cursor after which the next page starts. */
export interface CursorEdge<N> {
  cursor: string;
  node: N;
}

export interface CursorPage<N> {
  edges: readonly CursorEdge<N>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface CursorList<N> {
  edges: CursorEdge<N>[];
  hasNextPage: boolean;
  /** The first page is on its way (at start, on reload, when the variables change). */
  fetching: boolean;
  loadingMore: boolean;
  error?: CombinedError;
  reload: () => void;
  loadMore: () => void;
  /** Changes the shown nodes in place (e.g. one marked read) without fetching again. */
  patch: (update: (node: N) => N) => void;
}

interface Loaded<N> {
  /** The variables and reload the list answers. */
  answers: string;
  edges: CursorEdge<N>[];
  hasNextPage: boolean;
  endCursor: string | null;
  error?: CombinedError;
}

/**
 * A list read page by page (`first`/`after`): the first page, then each next page appended after
 * the last cursor. The pages are kept here rather than in urql's document cache so that a mutation
 * on one item (which drops every cached page of its type) does not throw away the pages loaded.
 * `pageOf` must be a stable function (declared at module level).
 */
export function useCursorList<Data, Vars extends AnyVariables, N>(
  query: TypedDocumentNode<Data, Vars>,
  variables: Vars,
  pageOf: (data: Data) => CursorPage<N>,
): CursorList<N> {
  const client = useClient();
  const key = JSON.stringify(variables);
  const [generation, setGeneration] = useState(0);
  const wanted = `${generation}:${key}`;
  const [loaded, setLoaded] = useState<Loaded<N>>();
  const [loadingMore, setLoadingMore] = useState(false);
  // The request whose answer the list waits for: an older one's answer is dropped.
  const latest = useRef('');

  const fetchPage = useCallback(
    async (after: string | null) => {
      const vars = { ...(JSON.parse(key) as Vars), after };
      const result = await client.query(query, vars, { requestPolicy: 'network-only' }).toPromise();
      return { data: result.data ? pageOf(result.data) : undefined, error: result.error };
    },
    [client, query, key, pageOf],
  );

  useEffect(() => {
    latest.current = wanted;
    let live = true;
    void fetchPage(null).then(({ data, error }) => {
      if (!live) return;
      setLoaded({
        answers: wanted,
        edges: data ? [...data.edges] : [],
        hasNextPage: data?.pageInfo.hasNextPage ?? false,
        endCursor: data?.pageInfo.endCursor ?? null,
        error,
      });
    });
    return () => {
      live = false;
    };
  }, [fetchPage, wanted]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const loadMore = useCallback(() => {
    if (!loaded?.endCursor || loaded.answers !== wanted) return;
    const answers = loaded.answers;
    setLoadingMore(true);
    void fetchPage(loaded.endCursor).then(({ data, error }) => {
      setLoadingMore(false);
      if (latest.current !== answers) return;
      setLoaded((l) => {
        if (!l || l.answers !== answers) return l;
        if (!data) return { ...l, error };
        const seen = new Set(l.edges.map((e) => e.cursor));
        return {
          ...l,
          edges: [...l.edges, ...data.edges.filter((e) => !seen.has(e.cursor))],
          hasNextPage: data.pageInfo.hasNextPage,
          endCursor: data.pageInfo.endCursor,
          error,
        };
      });
    });
  }, [fetchPage, loaded, wanted]);

  const patch = useCallback((update: (node: N) => N) => {
    setLoaded((l) => l && { ...l, edges: l.edges.map((e) => ({ ...e, node: update(e.node) })) });
  }, []);

  // A reload keeps the rows on screen until the new answer; other variables (another filter) do not.
  const sameVariables = loaded?.answers.slice(loaded.answers.indexOf(':') + 1) === key;
  return {
    edges: sameVariables ? loaded.edges : [],
    hasNextPage: sameVariables ? loaded.hasNextPage : false,
    fetching: loaded?.answers !== wanted,
    loadingMore,
    error: sameVariables ? loaded.error : undefined,
    reload,
    loadMore,
    patch,
  };
}
