import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { createServiceApp, readServiceConfig, ServiceMetrics } from '@yekuo/platform';
import { signRequestsTo } from './subgraph-signing';
import { TestRun, waitFor } from './test-run';

export interface InProcessService {
  app: INestApplication;
  config: ServiceConfig;
  url: string;
  /** Where it serves `/metrics` (a free port: the run sets MANAGEMENT_PORT=0). */
  managementPort: number;
  stop(): Promise<void>;
}

/**
 * Starts one service inside the test process on a free port, with the run's database, exchange and
 * keys; the test kit's clients sign what they send it with the run's gateway key.
 */
export async function startServiceInProcess(
  run: TestRun,
  definition: ServiceDefinition,
  appModule: (config: ServiceConfig) => Parameters<typeof NestFactory.create>[0],
  env: Record<string, string> = {},
): Promise<InProcessService> {
  await run.prepare();
  await run.provisionDatabase(definition.name);
  const config = readServiceConfig(definition, { ...run.env(definition.name), PORT: '0', ...env });
  const app = await createServiceApp(appModule(config), config);
  const address = (app.getHttpServer() as Server).address() as { port: number };
  // Ready means the consumer has declared and bound its queue: an event published
  // earlier would find no queue and be dropped by the exchange.
  await waitFor(`${definition.name} to be ready`, () => fetch(`http://127.0.0.1:${address.port}/health/ready`).then((r) => r.ok));
  const url = `http://127.0.0.1:${address.port}/graphql`;
  const unsign = signRequestsTo(url, await run.subgraphSigner());
  return {
    app,
    config,
    url,
    managementPort: app.get(ServiceMetrics).port,
    stop: async () => {
      unsign();
      await app.close();
    },
  };
}
