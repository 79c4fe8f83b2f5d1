import DataLoader from 'dataloader';
import type { Principal } from '../auth/principal';

/** The loaders of one GraphQL request, by name; built with the request's context and dropped with it. */
export type LoaderRegistry = Map<string, DataLoader<unknown, unknown>>;

/** The GraphQL context of every service: the HTTP request and the request's loaders. */
export interface RequestContext {
  req: unknown;
  loaders: LoaderRegistry;
}

/** Builds the context of one GraphQL request (CoreModule's `context`). */
export function requestContext({ req }: { req: unknown }): RequestContext {
  return { req, loaders: new Map() };
}

const registries = new WeakMap<Principal, LoaderRegistry>();

/**
 * Ties the principal the guard verified for a request to that request's loaders, so a read
 * made on the caller's behalf (`findVisible(principal, id)`) shares the request's batches.
 * The principal is verified once per request, so it names the request.
 */
export function bindLoaders(principal: Principal, loaders: LoaderRegistry | undefined): void {
  if (loaders) registries.set(principal, loaders);
}

/** The loaders of the principal's request; undefined outside a GraphQL request. */
export function loadersOf(principal: Principal | undefined): LoaderRegistry | undefined {
  return principal ? registries.get(principal) : undefined;
}

/**
 * Forgets what the principal's request loaded: a change is about to be made, and what
 * the request reads after it (a mutation's answer) must see it.
 */
export function forgetLoaded(principal: Principal | undefined): void {
  loadersOf(principal)?.clear();
}

/**
 * Collects the loads of one turn of the event loop: field resolvers of a list pass the
 * guard (an await each) before they load, so a batch waits for all of them.
 */
const schedule = (callback: () => void): void => void setImmediate(callback);

/**
 * The loader `name` of the principal's request, created on first use. Outside a request
 * (no registry) each call gets a loader of its own: it batches, but caches nothing.
 */
export function requestLoader<K, V>(
  principal: Principal | undefined,
  name: string,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
): DataLoader<K, V> {
  const loaders = loadersOf(principal);
  if (!loaders) return new DataLoader<K, V>(batch, { cache: false, batchScheduleFn: schedule });
  let loader = loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { batchScheduleFn: schedule });
    loaders.set(name, loader);
  }
  return loader;
}

/** Orders the rows found for `keys` as the keys (null where none was found). */
export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const found = new Map<K, V>();
  for (const row of rows) found.set(keyOf(row), row);
  return keys.map((key) => found.get(key) ?? null);
}

/** Groups the rows found for `keys` by key, in the order the query returned them (empty where none). */
export function groupedByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
