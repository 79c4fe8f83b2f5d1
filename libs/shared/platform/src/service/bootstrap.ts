import type { Server } from 'node:http';
import 'reflect-metadata';
import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, databaseOwnerUrl, loadConfig, serviceConfigSchema, ServiceConfig, subgraphBodyLimit } from '../config';
import { databaseOf, provisionForUrls, provisionWitnessForUrl } from '../database/roles';
import { describeForLog, jsonErrorHandler } from '../errors';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { RpcErrorPassthroughFilter } from '../messaging/rpc-error.filter';
import { readKeyFile, SubgraphVerifier } from '../auth/subgraph-signature';
import { ServiceDefinition } from './service-definition';
import { OwnSignatureRoutes, requireSignedRequests } from './signed-requests';

export type { OwnSignatureRoutes } from './signed-requests';

type RootModule = Parameters<typeof NestFactory.create>[0];

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

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
  // Read before anything starts: a missing or wrong key stops the boot, naming the variable.
  const verifier = readKeyFile('SUBGRAPH_VERIFY_KEY_FILE', config.SUBGRAPH_VERIFY_KEY_FILE, (pem) => SubgraphVerifier.fromPem(pem));
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
    bufferLogs: false,
    abortOnError: false,
    // The JSON parser keeps the raw body (req.rawBody): the signature covers its hash.
    rawBody: true,
  });
  app.enableShutdownHooks();
  // JSON bodies up to what the gateway lets through (BODY_LIMIT, with headroom); a body that is
  // not JSON or is too large is answered as GraphQL-shaped JSON, never Express's HTML page.
  app.useBodyParser('json', { limit: subgraphBodyLimit(config.BODY_LIMIT) });
  const logger = new Logger('http');
  // Only what the gateway signed gets further (health aside, and routes with their own check), checked on the body the parser read.
  app.use(requireSignedRequests(verifier, (refusal, what) => logger.warn(`refused ${what}: ${refusal}`), ownSignatureRoutesOf(app)));
  app.use(jsonErrorHandler({ log: (requestId, error) => logger.error(`request ${requestId}: ${describeForLog(error)}`) }));
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

/** A one-off operation of a service, run as `node . <name>` with the service's configuration; returns what it did. */
export type ServiceCommand = (definition: ServiceDefinition, config: ServiceConfig) => Promise<string>;

/**
 * The whole `main.ts` of a service, or, given a command name (`provision-database`, or one of the
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
  const command =
    name === PROVISION_DATABASE_COMMAND ? provisionServiceDatabase : name && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command) {
    try {
      logger.log(await command(definition, config));
      process.exit(0);
    } catch (error) {
      logger.error(`${name} failed: ${(error as Error).message}`);
      process.exit(error instanceof ConfigError ? 78 : 1);
    }
  }
  try {
    const app = await createServiceApp(appModule(config), config);
    logger.log(`listening on ${await app.getUrl()}`);
  } catch (error) {
    logger.error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
