import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { checkSmtp } from './infrastructure';

/** A TCP server on a free loopback port that writes `greeting` to each connection (nothing when undefined). */
async function serverGreeting(greeting: string | undefined): Promise<{ url: string; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    if (greeting !== undefined) socket.write(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sockets };
}

describe('checkSmtp (what `npm start` asks before it turns email on)', () => {
  const servers: { server: Server; sockets: Socket[] }[] = [];
  const start = async (greeting: string | undefined) => {
    const started = await serverGreeting(greeting);
    servers.push(started);
    return started.url;
  };

  afterEach(async () => {
    for (const { server, sockets } of servers.splice(0)) {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('passes a server that greets as SMTP does, in one line or several', async () => {
    expect(await checkSmtp(await start('220 mailpit ESMTP ready\r\n'))).toBeUndefined();
    expect(await checkSmtp(await start('220-mailpit ESMTP\r\n220 ready\r\n'))).toBeUndefined();
  });

  it('names what a server that is no SMTP server answered', async () => {
    expect(await checkSmtp(await start('554 no service here\r\n'))).toBe('answered 554 no service here');
    expect(await checkSmtp(await start('HTTP/1.1 400 Bad Request\r\n'))).toMatch(/^answered HTTP\/1\.1 400/);
  });

  it('says the connection was refused when nothing listens', async () => {
    const url = await start(undefined);
    const { server } = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await checkSmtp(url)).toBe('ECONNREFUSED');
  });
});
