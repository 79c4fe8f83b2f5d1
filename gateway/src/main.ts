import { ConfigError } from '@yekuo/platform/core';
import { flushTraces, startTracing, tracingSettings } from '@yekuo/platform/telemetry';
import { loadGatewayConfig } from './config';
import { gatewayLog } from './log';
import { startGateway, SupergraphFileError } from './server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  // Before the gateway exists, so that every request it serves is traced (when OTEL_* says so).
  const traces = tracingSettings(process.env, 'gateway');
  await startTracing(traces);
  const gateway = await startGateway(config);
  const routes = [...gateway.subgraphs].map(([name, url]) => `${name}=${url}`).join(', ');
  const log = gatewayLog();
  log.info(`gateway listening on ${gateway.url} (supergraph ${config.supergraphFile}; subgraphs ${routes})`);
  if (traces.enabled) log.info(`traces: exported as ${traces.serviceName} to ${traces.endpoint}`);

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    log.info(`${signal}: stopping the gateway`);
    // The spans of the last requests are exported before the process exits.
    gateway
      .stop()
      .then(flushTraces)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'gateway did not stop cleanly');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  // A wrong setting or a missing supergraph is said plainly (there is nothing to log yet); anything else is logged.
  if (error instanceof ConfigError || error instanceof SupergraphFileError) console.error(error.message);
  else gatewayLog().error({ err: error }, 'could not start');
  process.exit(1);
});
