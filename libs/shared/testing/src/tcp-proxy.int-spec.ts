import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';

/** A client connection with everything it received and how it ended. */
interface Client {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

function connectTo(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', () => undefined); // a reset is an expected outcome here; `closed` reports it
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('close', () => reject(new Error('closed before connecting')));
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function echo(client: Client, text: string): Promise<string> {
  const before = client.received().length;
  client.socket.write(text);
  await until(() => client.received().length >= before + text.length, `the echo of "${text}"`);
  return client.received().slice(before);
}

/** Resolves true when the connection is closed by the other side within `ms`, false if it stays open. */
async function closesWithin(client: Client, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([client.closed.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('TcpProxy', () => {
  let echoServer: Server;
  let serverSockets: Socket[];
  let proxy: TcpProxy;
  const clients: Client[] = [];

  beforeEach(async () => {
    serverSockets = [];
    echoServer = createServer((socket) => {
      serverSockets.push(socket);
      socket.on('error', () => undefined);
      socket.pipe(socket);
    });
    await new Promise<void>((r) => echoServer.listen(0, '127.0.0.1', r));
    proxy = new TcpProxy();
    await proxy.start('127.0.0.1', (echoServer.address() as AddressInfo).port);
  });

  afterEach(async () => {
    clients.splice(0).forEach((c) => c.socket.destroy());
    await proxy.stop();
    serverSockets.forEach((s) => s.destroy());
    await new Promise<void>((r) => echoServer.close(() => r()));
  });

  const open = async () => {
    const client = await connectTo(proxy.port);
    clients.push(client);
    return client;
  };

  it('forwards bytes both ways', async () => {
    const client = await open();
    expect(proxy.port).toBeGreaterThan(0);
    expect(proxy.port).not.toBe((echoServer.address() as AddressInfo).port);
    expect(await echo(client, 'hello')).toBe('hello');
    expect(await echo(client, 'again')).toBe('again');
    expect(proxy.connectionCount).toBe(1);
  });

  it('cut() breaks every open connection, on both sides', async () => {
    const first = await open();
    const second = await open();
    expect(await echo(first, 'one')).toBe('one');
    expect(await echo(second, 'two')).toBe('two');
    await until(() => serverSockets.length === 2, 'the server to see both connections');
    const serverClosed = serverSockets.map((s) => new Promise<void>((r) => s.once('close', () => r())));

    proxy.cut();

    expect(await closesWithin(first, 2000)).toBe(true);
    expect(await closesWithin(second, 2000)).toBe(true);
    await Promise.all(serverClosed);
    expect(proxy.connectionCount).toBe(0);
    // The proxy itself still works.
    const third = await open();
    expect(await echo(third, 'three')).toBe('three');
  });

  it('while blocked refuses new connections at once, keeps open ones, and works again when unblocked', async () => {
    const before = await open();
    proxy.block();

    const refused = await open();
    expect(await closesWithin(refused, 2000)).toBe(true);
    refused.socket.write('lost');
    await new Promise((r) => setTimeout(r, 100));
    expect(refused.received()).toBe('');
    expect(serverSockets.length).toBe(1); // the refused connection never reached the server
    expect(await echo(before, 'still here')).toBe('still here');

    proxy.unblock();
    const after = await open();
    expect(await echo(after, 'back')).toBe('back');
    expect(await closesWithin(after, 100)).toBe(false);
  });

  it('stop() closes connections and the listening port', async () => {
    const client = await open();
    const port = proxy.port;
    await proxy.stop();
    expect(await closesWithin(client, 2000)).toBe(true);
    await expect(connectTo(port)).rejects.toThrow();
  });
});
