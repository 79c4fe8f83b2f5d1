import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { assertOverridesUsed, GatewayConfig, subgraphUrlVariable } from './config';
import { buildContext, GatewayContext, requestIdOf } from './context';
import { ForwardingDataSource } from './data-source';
import { documentsProxy } from './documents-proxy';
import { checkSubgraphs } from './health';
import { GatewayMetrics } from './metrics';

export interface RunningGateway {
  /** `http://localhost:<port>/graphql` */
  url: string;
  port: number;
  /** Subgraph name -> the URL the gateway calls (after `SUBGRAPH_<NAME>_URL` overrides). */
  subgraphs: ReadonlyMap<string, string>;
  metrics: GatewayMetrics;
  /** Stops taking requests, lets running ones finish, then closes. Safe to call twice. */
  stop(): Promise<void>;
}

/** Drops stack traces a subgraph may have sent (outside production Apollo Server includes them). */
export function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions || 'exception' in formatted.extensions)) {
    return formatted;
  }
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** The supergraph file cannot be read. */
export class SupergraphFileError extends Error {
  override name = 'SupergraphFileError';
}

async function readSupergraph(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SupergraphFileError(
      `Cannot read the supergraph from ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ` +
        'compose it with `npm run compose` or set SUPERGRAPH_FILE',
    );
  }
}

/** Starts the gateway on `config.port` with the supergraph composed ahead of time (never introspects). */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const supergraphSdl = await readSupergraph(config.supergraphFile);
  const metrics = new GatewayMetrics();
  const subgraphs = new Map<string, string>();
  const sources: ForwardingDataSource[] = [];

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const effective = config.subgraphUrls[subgraphUrlVariable(name)] ?? url;
      if (!effective) throw new Error(`The supergraph gives subgraph "${name}" no URL; set ${subgraphUrlVariable(name)}`);
      subgraphs.set(name, effective);
      const source = new ForwardingDataSource(name, effective);
      sources.push(source);
      return source;
    },
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);

  const server = new ApolloServer<GatewayContext>({
    gateway,
    // Every extension a subgraph sent (code, fields, currentState, requires) reaches the
    // client as sent, plus `serviceName` added by @apollo/gateway. This option only stops
    // the gateway adding its own stack traces; a subgraph's are removed in formatError.
    includeStacktraceInErrorResponses: false,
    formatError: withoutStacktrace,
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: 10_000,
      }),
      metrics.plugin(),
    ],
  });
  await server.start();
  try {
    assertOverridesUsed(config, subgraphs.keys());
  } catch (error) {
    await server.stop();
    throw error;
  }

  let stopping = false;

  app.use(metrics.httpMiddleware);
  app.use((req, res, next) => {
    res.locals.requestId = requestIdOf(req);
    res.setHeader('x-request-id', res.locals.requestId as string);
    next();
  });
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const checks = await checkSubgraphs(subgraphs, config.readinessTimeoutMs);
    const ready = checks.every((c) => c.ready);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ok' : 'unavailable',
      gateway: 'loaded',
      subgraphs: Object.fromEntries(checks.map((c) => [c.name, c.ready ? 'up' : `down (${c.url}: ${c.detail})`])),
    });
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(metrics.render());
  });
  // Document uploads and downloads go to intake, streamed (not parsed or buffered here).
  app.use(
    '/documents',
    documentsProxy(() => subgraphs.get('intake')),
  );
  app.use(
    '/graphql',
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(server, {
      // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's context function must return a Promise.
      context: async ({ req, res }) => buildContext(req, res.locals.requestId as string),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    subgraphs,
    metrics,
    stop: () => {
      stopping = true;
      // The drain plugin closes the HTTP server once in-flight requests finish.
      stopped ??= server.stop().then(async () => {
        await Promise.all(sources.map((source) => source.close()));
      });
      return stopped;
    },
  };
}
