import { subgraphFetch } from './subgraph-signing';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fields?: { field: string; message: string }[]; currentState?: string; requires?: string[] } & Record<
    string,
    unknown
  >;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/**
 * POSTs one GraphQL operation, as a front end would (signed as the gateway signs when `url` is a
 * subgraph this process started), with any further request `headers` (e.g. `idempotency-key`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- by default tests read the untyped JSON response field by field.
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await subgraphFetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`${url} answered ${response.status} with non-JSON: ${text.slice(0, 300)}`);
  }
}

/** The data of a response that must have succeeded; otherwise throws with the errors. */
export function expectData<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}

/** Reads a case from one subgraph as the gateway does, through `_entities`; throws on any error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- by default tests read the untyped JSON response field by field.
export async function readCaseEntity<T = Record<string, any>>(url: string, token: string, caseId: string, fields: string): Promise<T> {
  const response = await graphql<{ _entities: T[] }>(
    url,
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { ${fields} } } }`,
    { r: [{ __typename: 'Case', id: caseId }] },
    token,
  );
  return expectData(response)._entities[0];
}
