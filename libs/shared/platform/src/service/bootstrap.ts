import type { Server } from 'node:http';
import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, databaseOwnerUrl, loadConfig, logSettingsOf, serviceConfigSchema, ServiceConfig, subgraphBodyLimit } from '../config';
import { openDatabase } from '../database/database';
import { credentialsOf } from '../database/role-names';
import { databaseOf, provisionForUrls, provisionWitnessForUrl } from '../database/roles';
import { describeForLog, jsonErrorHandler, requestIdFrom } from '../errors';
import { createLogger, loggedRequestId, requestLogging } from '../logging';
import { NestLogger } from '../logging/nest-logger';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { RpcErrorPassthroughFilter } from '../messaging/rpc-error.filter';
import { readKeyFile, SubgraphVerifier } from '../auth/subgraph-signature';
import { graphqlServerSpans, startTracing, Tracing, tracingSettings } from '../telemetry';
import { ServiceDefinition } from './service-definition';
import { OwnSignatureRoutes, requireSignedRequests } from './signed-requests';

export type { OwnSignatureRoutes } from './signed-requests';

type RootModule = Parameters<typeof NestFactory.create>[0];

/** Reads the environment for a service; exits with the variable at fault when it is wrong. */
export function readServiceConfig(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  try {
    return loadConfig(serviceConfigSchema(definition.name, definition.defaultPort), env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * Sends every NestJS log line of the process (each `new Logger(context)`, and Nest's own) through
 * pino: JSON or readable per LOG_FORMAT, at LOG_LEVEL and above, personal data redacted. Returns
 * the logger, for the application and the access log.
 */
export function useServiceLogger(config: ServiceConfig): NestLogger {
  const logger = new NestLogger(createLogger({ service: config.SERVICE_NAME, ...logSettingsOf(config, config.NODE_ENV) }));
  Logger.overrideLogger(logger);
  return logger;
}

/**
 * A module provides OwnSignatureRoutes under this token for routes that answer a caller other than
 * the gateway (another service, signing with its own key): those routes get their own check in
 * place of the gateway's signature. No provider, no such route.
 */
export const OWN_SIGNATURE_ROUTES = Symbol('OWN_SIGNATURE_ROUTES');

/** Every route the application's modules list under OWN_SIGNATURE_ROUTES. */
function ownSignatureRoutesOf(app: INestApplication): OwnSignatureRoutes {
  const modules = [...app.get(ModulesContainer).values()];
  return Object.assign(
    {},
    ...modules.flatMap((module) =>
      module.hasProvider(OWN_SIGNATURE_ROUTES) ? [module.getProviderByKey<OwnSignatureRoutes>(OWN_SIGNATURE_ROUTES).instance] : [],
    ),
  ) as OwnSignatureRoutes;
}

/**
 * Creates a service application from its root module: HTTP on HOST:PORT (health, and GraphQL and
 * every other route only for requests the gateway signed, but those listed under OWN_SIGNATURE_ROUTES,
 * which check their caller themselves), metrics on MANAGEMENT_HOST:MANAGEMENT_PORT
 * (ServiceMetrics), and the event consumer, all started. Used by `main.ts` and by
 * tests that start a service in process.
 */
export async function createServiceApp(rootModule: RootModule, config: ServiceConfig): Promise<INestApplication> {
  const serviceLogger = useServiceLogger(config);
  // Read before anything starts: a missing or wrong key stops the boot, naming the variable.
  const verifier = readKeyFile('SUBGRAPH_VERIFY_KEY_FILE', config.SUBGRAPH_VERIFY_KEY_FILE, (pem) => SubgraphVerifier.fromPem(pem));
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    logger: serviceLogger,
    abortOnError: false,
    // The JSON parser keeps the raw body (req.rawBody): the signature covers its hash.
    rawBody: true,
  });
  app.enableShutdownHooks();
  // JSON bodies up to what the gateway lets through (BODY_LIMIT, with headroom); a body that is
  // not JSON or is too large is answered as GraphQL-shaped JSON, never Express's HTML page.
  app.useBodyParser('json', { limit: subgraphBodyLimit(config.BODY_LIMIT) });
  const logger = new Logger('http');
  // One access line per request, and the request's id on every line logged while it is handled.
  app.use(requestLogging(serviceLogger.pino, { requestIdOf: (req) => requestIdFrom([req.headers['x-request-id']].flat()[0]) }));
  // Only what the gateway signed gets further (health aside, and routes with their own check), checked on the body the parser read.
  app.use(requireSignedRequests(verifier, (refusal, what) => logger.warn(`refused ${what}: ${refusal}`), ownSignatureRoutesOf(app)));
  // A span per GraphQL request, named by its operation, in the caller's trace: its resolvers, transaction and events run in it.
  app.use(graphqlServerSpans());
  app.use(
    jsonErrorHandler({
      requestIdOf: loggedRequestId,
      log: (requestId, error) => logger.error(`request ${requestId}: ${describeForLog(error)}`),
    }),
  );
  // Initialise HTTP first so the JSON body parser sits before the GraphQL route.
  await app.init();
  app
    .connectMicroservice({ strategy: app.get(AmqpEventsServer) }, { deferInitialization: true })
    .useGlobalFilters(new RpcErrorPassthroughFilter());
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
  // The gateway keeps idle keep-alive sockets open; a server that closes them first (Node's
  // default is 5 s) races the gateway's next request on that socket, which then fails with
  // "socket hang up" although the service is up. Idle sockets are closed by the client instead.
  const server: Server = app.getHttpServer();
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return app;
}

/** Longer than any idle time the gateway's HTTP client keeps a socket for. */
export const KEEP_ALIVE_MS = 65_000;

/** `node . provision-database` (in an image) or `node dist/main.js provision-database`: the bootstrap, then exit. */
export const PROVISION_DATABASE_COMMAND = 'provision-database';

/**
 * The bootstrap of the service's database (decision 0015), as the superuser of DATABASE_ADMIN_URL:
 * the roles DATABASE_URL and DATABASE_OWNER_URL name (with their passwords, when the URLs carry
 * them), the database owned by the owner, and the runtime role's rights; then the audit witness with
 * the writer WITNESS_DATABASE_URL names (decision 0016). Idempotent.
 */
export async function provisionServiceDatabase(definition: ServiceDefinition, config: ServiceConfig): Promise<string> {
  if (!config.DATABASE_ADMIN_URL) {
    throw new ConfigError([{ variable: 'DATABASE_ADMIN_URL', message: `${PROVISION_DATABASE_COMMAND} needs a superuser's URL` }]);
  }
  const { created, spec } = await provisionForUrls(config.DATABASE_ADMIN_URL, {
    url: config.DATABASE_URL,
    ownerUrl: databaseOwnerUrl(config),
    appendOnlyTables: definition.appendOnlyTables,
  });
  // The audit witness with this service's writer (decision 0016): the same superuser, its own database.
  const witness = await provisionWitnessForUrl(config.DATABASE_ADMIN_URL, definition.name, config.WITNESS_DATABASE_URL);
  return (
    `database ${spec.database} ${created ? 'created' : 'exists'}: owned by ${spec.owner}, used by ${spec.runtime}; ` +
    `audit witness ${databaseOf(config.WITNESS_DATABASE_URL)} ${witness.created ? 'created' : 'exists'}`
  );
}

/** `node . migrate`: the service's migrations and its runtime role's rights, then exit; a step before a rollout. */
export const MIGRATE_COMMAND = 'migrate';

/**
 * What a start does to the database before serving, alone: the owner role (DATABASE_OWNER_URL) migrates
 * under the migration lock and grants the runtime role its rights, which are checked; then the runtime
 * role (DATABASE_URL) connects once. Run as a job before a new version rolls out, so that its instances
 * find nothing to migrate. Idempotent; safe beside running instances.
 */
export async function migrateServiceDatabase(definition: ServiceDefinition, config: ServiceConfig): Promise<string> {
  const ownerUrl = databaseOwnerUrl(config);
  const dataSource = await openDatabase({
    url: config.DATABASE_URL,
    ownerUrl,
    appendOnlyTables: definition.appendOnlyTables,
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: 1,
  });
  await dataSource.destroy();
  return `database ${databaseOf(config.DATABASE_URL)} migrated as ${credentialsOf(ownerUrl).role ?? 'its owner'}`;
}

/** A one-off operation of a service, run as `node . <name>` with the service's configuration; returns what it did. */
export type ServiceCommand = (definition: ServiceDefinition, config: ServiceConfig) => Promise<string>;

/**
 * Starts tracing as the OTEL_* variables say (telemetry/tracing-config.ts), before the application
 * exists so that everything it creates is traced; exits naming the variable when one is wrong.
 */
async function startServiceTracing(definition: ServiceDefinition): Promise<Tracing & { description: string }> {
  try {
    const settings = tracingSettings(process.env, definition.name);
    return { ...(await startTracing(settings)), description: `exported as ${settings.serviceName} to ${settings.endpoint}` };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * The whole `main.ts` of a service, or, given a command name (`provision-database`, `migrate`, or one of the
 * service's `commands`, e.g. `encrypt-documents`), that command, then exit.
 */
export async function runService(
  definition: ServiceDefinition,
  appModule: (config: ServiceConfig) => RootModule,
  commands: Record<string, ServiceCommand> = {},
): Promise<void> {
  const config = readServiceConfig(definition);
  const logger = new Logger(definition.name);
  const name = process.argv[2];
  const builtIn: Record<string, ServiceCommand> = {
    [PROVISION_DATABASE_COMMAND]: provisionServiceDatabase,
    [MIGRATE_COMMAND]: migrateServiceDatabase,
  };
  const command = name && Object.hasOwn(builtIn, name) ? builtIn[name] : name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command) {
    // What the command did is its output: said even when LOG_LEVEL keeps only warnings.
    useServiceLogger(config.LOG_LEVEL === 'error' || config.LOG_LEVEL === 'warn' ? { ...config, LOG_LEVEL: 'log' } : config);
    try {
      logger.log(await command(definition, config));
      process.exit(0);
    } catch (error) {
      logger.error(`${name} failed: ${(error as Error).message}`);
      process.exit(error instanceof ConfigError ? 78 : 1);
    }
  }
  const tracing = await startServiceTracing(definition);
  try {
    const app = await createServiceApp(appModule(config), config);
    logger.log(`listening on ${await app.getUrl()}`);
    if (tracing.enabled) logger.log(`traces: ${tracing.description}`);
  } catch (error) {
    logger.error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
