import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The management port of a process: `/metrics` for Prometheus, apart from the port callers use. */
export interface ManagementServer {
  /** The port it listens on (the one asked for, or the free one taken for 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text format) on `host:port` and nothing else (404). Metrics
 * say how busy a process is and what it failed at; they are for the operator's scraper, so they
 * sit on their own port, bound to loopback unless MANAGEMENT_HOST says otherwise, and never on
 * the port the gateway (or the world, for the gateway) calls.
 */
export async function startManagementServer(options: {
  host: string;
  port: number;
  metrics: () => string | Promise<string>;
  log?: (error: unknown) => void;
}): Promise<ManagementServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    Promise.resolve()
      .then(options.metrics)
      .then(
        (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text),
        (error: unknown) => {
          options.log?.(error);
          res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics are unavailable\n');
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
