import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import {
  createJwtVerifier,
  describeForLog,
  errorMaskingPlugin,
  jsonErrorHandler,
  publicError,
  readKeyFile,
  readPublicKeyFile,
  startManagementServer,
  SubgraphSigner,
} from '@yekuo/platform/core';
import { loggedRequestId, requestLogging } from '@yekuo/platform/logging';
import { continueCallersTrace } from '@yekuo/platform/telemetry';
import { assertOverridesUsed, GatewayConfig, subgraphUrlVariable } from './config';
import { buildContext, GatewayContext, requestIdOf } from './context';
import { ForwardingDataSource } from './data-source';
import { consoleRouter } from './console';
import { assertDevelopmentKeys, devSignInRouter } from './dev-sign-in';
import { checkSubgraphs } from './health';
import { idempotencyKeyPlugin } from './idempotency';
import { useGatewayLog } from './log';
import { DOCUMENT_ROUTES, intakeProxy, REPORT_ROUTES } from './intake-proxy';
import { limitsFormatter, limitsPlugin } from './limits';
import { GatewayMetrics } from './metrics';
import { securityHeaders } from './security-headers';
import { GatewayRateLimiter, rateLimitMiddleware, rateLimitPlugin } from './rate-limits';

export interface RunningGateway {
  /** `http://localhost:<port>/graphql` */
  url: string;
  port: number;
  /** Where `/metrics` is served (MANAGEMENT_PORT, or the free one taken for 0). */
  managementPort: number;
  /** Subgraph name -> the URL the gateway calls (after `SUBGRAPH_<NAME>_URL` overrides). */
  subgraphs: ReadonlyMap<string, string>;
  metrics: GatewayMetrics;
  /** Stops taking requests, lets running ones finish, then closes. Safe to call twice. */
  stop(): Promise<void>;
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

/** Each call the next of `urls()`: an upload that meets a stopped instance fails (for the client to send again), the next goes to another. */
function inTurn(urls: () => string[] | undefined): () => string | undefined {
  let turn = 0;
  return () => {
    const list = urls();
    return list?.[turn++ % list.length];
  };
}

/** Starts the gateway on `config.port` with the supergraph composed ahead of time (never introspects). */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const log = useGatewayLog(config.log);
  const supergraphSdl = await readSupergraph(config.supergraphFile);
  // Every request to a subgraph is signed with this key; the services refuse anything else.
  const signer = readKeyFile('SUBGRAPH_SIGNING_KEY_FILE', config.subgraphSigningKeyFile, (pem) => SubgraphSigner.fromPem(pem));
  const devSignInKeyPem = config.devSignInKeyFile && readKeyFile('DEV_SIGN_IN_KEY_FILE', config.devSignInKeyFile, (pem) => pem);
  const devSignIn = devSignInKeyPem
    ? {
        privateKeyPem: devSignInKeyPem,
        publicKeyPem: config.auth.jwksUrl ? undefined : await readPublicKeyFile(config.auth.publicKeyFile),
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        claimsMapped: config.auth.claims !== undefined,
        production: config.production,
      }
    : undefined;
  // Refused before anything starts: a development sign-in only with the development keys.
  if (devSignIn) assertDevelopmentKeys(devSignIn);
  const verifier = await createJwtVerifier(config.auth, (line) => log.error(line));
  const metrics = new GatewayMetrics();
  const rateLimiter = await GatewayRateLimiter.create(
    { ...config.rateLimits, verifier, onRefusal: (limit) => metrics.rateLimited.inc({ limit }) },
    (line) => log.warn(line),
  );
  const subgraphs = new Map<string, string>();
  const instances = new Map<string, string[]>();
  const sources: ForwardingDataSource[] = [];

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const effective = config.subgraphUrls[subgraphUrlVariable(name)] ?? url;
      if (!effective) throw new Error(`The supergraph gives subgraph "${name}" no URL; set ${subgraphUrlVariable(name)}`);
      // Readiness checks a subgraph's first instance; GraphQL requests are balanced (data-source.ts), documents and reports taken in turn.
      instances.set(
        name,
        effective.split(',').map((u) => u.trim()),
      );
      subgraphs.set(name, instances.get(name)![0]);
      const source = new ForwardingDataSource(name, effective, signer, metrics.subgraphFetched);
      sources.push(source);
      return source;
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // The client address the rate limits count by: behind TRUST_PROXY proxies, from their X-Forwarded-For.
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);

  const formatLimited = limitsFormatter(config.limits);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    // Every extension a subgraph sent (code, fields, currentState, requires) reaches the
    // client as sent, plus `serviceName` added by @apollo/gateway. This option only stops
    // the gateway adding its own stack traces; a subgraph's are removed in formatError
    // (publicError), which also turns an unexpected error into "Internal server error" with
    // the request id (errorMaskingPlugin), its detail logged here under that id.
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatLimited(publicError(formatted, error)),
    // The limits of one request (limits.ts), each refusal with its own code: introspection is
    // answered only with GRAPHQL_INTROSPECTION (else INTROSPECTION_DISABLED, from limitsPlugin),
    // suggestions ("Did you mean …") likewise; the parser stops past GRAPHQL_MAX_TOKENS.
    introspection: true,
    hideSchemaDetailsFromClientErrors: !config.limits.introspection,
    parseOptions: { maxTokens: config.limits.maxTokens },
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: 10_000,
      }),
      ...metrics.plugins<GatewayContext>(),
      limitsPlugin(config.limits),
      idempotencyKeyPlugin(),
      rateLimitPlugin(rateLimiter),
      errorMaskingPlugin<GatewayContext>({
        requestIdOf: ({ contextValue }) => contextValue.forwardedHeaders['x-request-id'],
        log: ({ requestId, kind, path, error }) =>
          log.error(`request ${requestId}${path ? ` at ${path.join('.')}` : ''} (${kind}): ${describeForLog(error)}`),
      }),
    ],
  });
  await server.start();
  try {
    assertOverridesUsed(config, subgraphs.keys());
  } catch (error) {
    await server.stop();
    await rateLimiter.close();
    throw error;
  }

  let stopping = false;

  // The caller's `traceparent` is honoured: the gateway's spans (gateway.request, plan, fetch) continue its trace.
  app.use(continueCallersTrace());
  app.use(metrics.httpMiddleware);
  // One access line per request, and the request's id on every line logged while it is handled.
  app.use(requestLogging(log, { requestIdOf }));
  app.use((req, res, next) => {
    res.locals.requestId = loggedRequestId(req);
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
      // Each subgraph by name and state only: its address stays inside.
      subgraphs: Object.fromEntries(checks.map((c) => [c.name, c.ready ? 'up' : `down (${c.detail})`])),
    });
  });
  // Document uploads and downloads, and report downloads, go to intake, streamed (not parsed or buffered here).
  const intakeInTurn = inTurn(() => instances.get('intake'));
  app.use('/documents', rateLimitMiddleware(rateLimiter, { uploads: true }), intakeProxy(DOCUMENT_ROUTES, intakeInTurn, signer));
  app.use('/reports', rateLimitMiddleware(rateLimiter), intakeProxy(REPORT_ROUTES, intakeInTurn, signer));
  // The console's development sign-in (POST /dev/token), only while the development keys are in use.
  if (devSignIn) app.use('/dev', devSignInRouter(devSignIn, rateLimitMiddleware(rateLimiter)));
  app.use(
    '/graphql',
    rateLimitMiddleware(rateLimiter),
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(server, {
      // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's context function must return a Promise.
      context: async ({ req, res }) => ({
        ...buildContext(req, res.locals.requestId as string),
        principal: res.locals.principal as GatewayContext['principal'],
      }),
    }),
  );
  // The console at `/` (its pages, scripts and styles), when it is built.
  const consolePages = consoleRouter(config.consoleDir, {
    devSignIn: devSignIn !== undefined,
    ...(config.oidc ? { oidc: config.oidc } : {}),
    ...(config.auth.claims ? { claims: config.auth.claims } : {}),
  });
  if (consolePages) app.use(consolePages);
  else log.warn(`console: not built in ${config.consoleDir}; the graph is served without it`);
  // A body that is not JSON (400) or over BODY_LIMIT (413), and anything else that fails before
  // GraphQL runs, answered as GraphQL-shaped JSON: never Express's HTML page with a stack trace.
  app.use(
    jsonErrorHandler({
      requestIdOf: (_req, res) => res.locals.requestId as string | undefined,
      log: (requestId, error) => log.error(`request ${requestId}: ${describeForLog(error)}`),
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
  // Metrics on their own port, loopback unless MANAGEMENT_HOST says otherwise: never on the public one.
  let management;
  try {
    management = await startManagementServer({
      host: config.managementHost,
      port: config.managementPort,
      metrics: () => metrics.render(),
      log: (error) => log.error(`metrics: ${describeForLog(error)}`),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    managementPort: management.port,
    subgraphs,
    metrics,
    stop: () => {
      stopping = true;
      // The drain plugin closes the HTTP server once in-flight requests finish.
      stopped ??= server.stop().then(async () => {
        await Promise.all([...sources.map((source) => source.close()), rateLimiter.close(), management.close()]);
      });
      return stopped;
    },
  };
}
