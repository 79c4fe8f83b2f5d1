import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A small in-process TCP proxy for fault injection: point a client (e.g. AMQP_URL) at
 * `127.0.0.1:<proxy.port>` and cut or refuse its connections without touching the real
 * server (the shared broker is never stopped in tests).
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private blocked = false;
  private listeningPort = 0;

  /** The port the proxy listens on (after start()). */
  get port(): number {
    if (!this.server) throw new Error('TcpProxy is not started');
    return this.listeningPort;
  }

  /** How many client connections are open through the proxy. */
  get connectionCount(): number {
    return this.pairs.size;
  }

  /** Listens on 127.0.0.1:`listenPort` (0 = a free port) and forwards to `targetHost:targetPort`. */
  async start(targetHost: string, targetPort: number, listenPort = 0): Promise<number> {
    if (this.server) throw new Error('TcpProxy is already started');
    const server = createServer((client) => this.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.listeningPort = (server.address() as AddressInfo).port;
    return this.listeningPort;
  }

  /** Destroys every open connection pair (both sides see the connection drop). */
  cut(): void {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  /** From now on every new connection is destroyed at once (open ones are left alone; cut() them). */
  block(): void {
    this.blocked = true;
  }

  /** New connections are forwarded again. */
  unblock(): void {
    this.blocked = false;
  }

  /** Cuts every connection and stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.cut();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket, targetHost: string, targetPort: number): void {
    if (this.blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
