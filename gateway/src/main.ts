import { ConfigError } from '@yekuo/platform/core';
import { loadGatewayConfig } from './config';
import { startGateway, SupergraphFileError } from './server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const gateway = await startGateway(config);
  const routes = [...gateway.subgraphs].map(([name, url]) => `${name}=${url}`).join(', ');
  console.log(`gateway listening on ${gateway.url} (supergraph ${config.supergraphFile}; subgraphs ${routes})`);

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      console.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    console.log(`${signal}: stopping the gateway`);
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('gateway did not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof SupergraphFileError ? error.message : error);
  process.exit(1);
});
