import type { Server } from 'node:http';
import 'reflect-metadata';
import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, serviceConfigSchema, ServiceConfig } from '../config';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { RpcErrorPassthroughFilter } from '../messaging/rpc-error.filter';
import { ServiceDefinition } from './service-definition';

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
 * Creates a service application from its root module: HTTP (GraphQL, health,
 * metrics) and the event consumer, both started. Used by `main.ts` and by tests
 * that start a service in process.
 */
export async function createServiceApp(rootModule: RootModule, config: ServiceConfig): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1),
    bufferLogs: false,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  // Initialise HTTP first so the JSON body parser sits before the GraphQL route.
  await app.init();
  app
    .connectMicroservice({ strategy: app.get(AmqpEventsServer) }, { deferInitialization: true })
    .useGlobalFilters(new RpcErrorPassthroughFilter());
  await app.startAllMicroservices();
  await app.listen(config.PORT, '0.0.0.0');
  // The gateway keeps idle keep-alive sockets open; a server that closes them first (Node's
  // default is 5 s) races the gateway's next request on that socket, which then fails with
  // "socket hang up" although the service is up. Idle sockets are closed by the client instead.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  return app;
}

/** Longer than any idle time the gateway's HTTP client keeps a socket for. */
export const KEEP_ALIVE_MS = 65_000;

/** The whole `main.ts` of a service. */
export async function runService(definition: ServiceDefinition, appModule: (config: ServiceConfig) => RootModule): Promise<void> {
  const config = readServiceConfig(definition);
  const logger = new Logger(definition.name);
  try {
    const app = await createServiceApp(appModule(config), config);
    logger.log(`listening on ${await app.getUrl()}`);
  } catch (error) {
    logger.error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
