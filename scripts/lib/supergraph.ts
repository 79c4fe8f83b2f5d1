// Composing the supergraph from the services' own SDL: shared by `npm run compose` (which writes
// gateway/supergraph.graphql and each subgraph's SDL in gateway/subgraphs/), `npm run schema:check`
// (one service's candidate SDL with the others' committed files) and the drift tests.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { composeSupergraph } from '../../gateway/src/compose';
import { ensureDevKeys, ensureSubgraphKeys } from '@yekuo/testing/dev-keys';
import { SERVICES, queueNames } from '@yekuo/platform/core';
import { PreparedDatabase, prepareServiceDatabase } from '@yekuo/platform/database-roles';
import { subgraphFetch } from '@yekuo/testing/subgraph-signing';
import { startSystem } from '@yekuo/testing/system';
import { DEFAULT_AMQP_URL, DEFAULT_DATABASE_ADMIN_URL, dropDatabases } from './infrastructure';

export { SUPERGRAPH_FILE } from './contract-check';

/** Where a service's subgraph SDL is committed, relative to the repository root: what it serves as `_service { sdl }`. */
export const subgraphFile = (service: string): string => `gateway/subgraphs/${service}.graphql`;

/**
 * The text of a committed schema file (the supergraph or a subgraph) for an SDL as composed or
 * served: the SDL itself, ending in one newline. Compare a fresh SDL with its file through this.
 */
export function schemaFileContent(sdl: string): string {
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
}

/** One subgraph's SDL, by service name. */
export interface SubgraphSdl {
  name: string;
  sdl: string;
}

/** Composes subgraphs with the URLs the committed supergraph names (see canonicalSubgraphUrl). */
export function composeWithCanonicalUrls(subgraphs: readonly SubgraphSdl[]): string {
  return composeSupergraph(subgraphs.map(({ name, sdl }) => ({ name, url: canonicalSubgraphUrl(name), sdl })));
}

/**
 * The committed SDL of each service named (all by default), read from gateway/subgraphs under `root`.
 * Rejects naming the file of a service that has none.
 */
export async function readCommittedSubgraphs(
  root: string,
  services: readonly string[] = SERVICES.map((s) => s.name),
): Promise<SubgraphSdl[]> {
  return Promise.all(
    services.map(async (name) => {
      const file = subgraphFile(name);
      const sdl = await readFile(join(root, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new Error(
          error.code === 'ENOENT' ? `${file} is missing; write it with: npm run compose` : `cannot read ${file}: ${error.message}`,
        );
      });
      return { name, sdl };
    }),
  );
}

/** The URL a subgraph has in the committed supergraph: its local default port (the gateway overrides it per deployment). */
export function canonicalSubgraphUrl(name: string): string {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw new Error(`Unknown service ${name}`);
  return `http://localhost:${service.port}/graphql`;
}

/**
 * Asks a running subgraph for its SDL (`{ _service { sdl } }`; no token needed), signed as the
 * gateway signs (the subgraph answers nothing else): `startSystem` gave the kit the key.
 */
export async function fetchSubgraphSdl(url: string): Promise<string> {
  const response = await subgraphFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} with no JSON: ${text.slice(0, 300)}`);
  }
  const sdl = body.data?._service?.sdl;
  if (!sdl) {
    const why = body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    throw new Error(`${url} did not return its SDL: ${why}`);
  }
  return sdl;
}

/** Fetches the SDL of each running subgraph, in the order given. */
export async function fetchSubgraphSdls(services: readonly { name: string; url: string }[]): Promise<SubgraphSdl[]> {
  return Promise.all(services.map(async ({ name, url }) => ({ name, sdl: await fetchSubgraphSdl(url) })));
}

/** The graph as the running subgraphs make it: each one's SDL, and the supergraph they compose to. */
export interface ComposedGraph {
  subgraphs: SubgraphSdl[];
  supergraph: string;
}

/** Fetches the SDL of each running subgraph and composes them with the canonical URLs. */
export async function composeFromRunningSubgraphs(services: readonly { name: string; url: string }[]): Promise<ComposedGraph> {
  const subgraphs = await fetchSubgraphSdls(services);
  return { subgraphs, supergraph: composeWithCanonicalUrls(subgraphs) };
}

export interface ComposeFromFreshServicesOptions {
  /** default: DATABASE_ADMIN_URL or the local default */
  databaseAdminUrl?: string;
  /** default: AMQP_URL or the local default */
  amqpUrl?: string;
  /** Forward the services' output (default false: it is shown only if one fails to start). */
  verbose?: boolean;
}

/** Deletes what the services of one throwaway run declared on the broker. */
async function deleteBrokerTopology(amqpUrl: string, services: readonly string[], exchange: string, prefix: string, retryDelays: number[]) {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const name of services) {
      const queues = queueNames(name, prefix);
      for (const queue of [queues.main, queues.deadLetter, ...retryDelays.map(queues.retry)]) {
        await channel.deleteQueue(queue);
      }
    }
    await channel.deleteExchange(exchange);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/**
 * Starts the services named (built `dist`, no gateway) on ephemeral ports with throwaway
 * databases and a unique exchange and queue prefix, fetches each one's SDL, then stops them
 * and removes the databases, queues and exchange. Returns the SDLs in the order named.
 */
export async function fetchFreshSubgraphSdls(
  services: readonly string[],
  options: ComposeFromFreshServicesOptions = {},
): Promise<SubgraphSdl[]> {
  const adminUrl = options.databaseAdminUrl ?? process.env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;
  const amqpUrl = options.amqpUrl ?? process.env.AMQP_URL ?? DEFAULT_AMQP_URL;
  const id = randomBytes(4).toString('hex');
  const databaseOf = (service: string) => `yekuo_${service}_compose_${id}`;
  const exchange = `yekuo.compose.${id}`;
  const prefix = `compose-${id}.`;
  const retryDelays = [1000];

  // Services read the public keys at boot; this process signs its requests with the gateway's key.
  await ensureDevKeys();
  await ensureSubgraphKeys();
  try {
    // Each service's roles (decision 0015) and its throwaway database.
    const databases = new Map<string, PreparedDatabase>();
    for (const name of services) databases.set(name, await prepareServiceDatabase(adminUrl, name, databaseOf(name)));
    const system = await startSystem({
      services,
      gateway: false,
      ports: 'ephemeral',
      quiet: !options.verbose,
      databaseUrl: (service) => databases.get(service)!.url,
      databaseOwnerUrl: (service) => databases.get(service)!.ownerUrl,
      env: {
        AMQP_URL: amqpUrl,
        AMQP_EXCHANGE: exchange,
        AMQP_QUEUE_PREFIX: prefix,
        CONSUMER_RETRY_DELAYS_MS: retryDelays.join(','),
        // Only the schema is read: no audit anchors (the throwaway databases have no witness).
        AUDIT_ANCHOR_INTERVAL_MS: '0',
        LOG_LEVEL: 'warn',
      },
    });
    try {
      return await fetchSubgraphSdls(system.services);
    } finally {
      await system.stop();
    }
  } finally {
    await dropDatabases(adminUrl, services.map(databaseOf)).catch((error: unknown) =>
      console.error(`could not drop the compose databases: ${String(error)}`),
    );
    await deleteBrokerTopology(amqpUrl, services, exchange, prefix, retryDelays).catch((error: unknown) =>
      console.error(`could not delete the compose queues and exchange: ${String(error)}`),
    );
  }
}

/** Starts every service afresh (see fetchFreshSubgraphSdls) and composes the supergraph from their SDL. */
export async function composeFromFreshServices(options: ComposeFromFreshServicesOptions = {}): Promise<ComposedGraph> {
  const subgraphs = await fetchFreshSubgraphSdls(
    SERVICES.map((s) => s.name),
    options,
  );
  return { subgraphs, supergraph: composeWithCanonicalUrls(subgraphs) };
}
