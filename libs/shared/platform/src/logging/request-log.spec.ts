import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addToLogContext } from './log-context';
import { createLogger } from './logger';
import { requestLogging } from './request-log';

describe('requestLogging', () => {
  const lines: string[] = [];
  const read = () => lines.splice(0).map((line) => JSON.parse(line) as Record<string, unknown>);
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const logger = createLogger({ service: 'gateway', level: 'debug', format: 'json', destination: { write: (line) => lines.push(line) } });
    const logged = requestLogging(logger, {
      requestIdOf: (req) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' ? given : 'assigned-id';
      },
    });
    server = createServer((req, res) =>
      logged(req, res, () => {
        // Deep code: no request handed down, yet its lines carry the request's id (and the case, once known).
        setTimeout(() => {
          addToLogContext({ caseId: 'case-1' });
          logger.info('handled');
          res.statusCode = req.url?.startsWith('/fail') ? 500 : 200;
          res.end('{}');
        }, 5);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Waits for the access line: it is written when the response has finished. */
  async function linesOf(path: string, headers: Record<string, string> = {}) {
    await (await fetch(`${url}${path}`, { method: 'POST', headers, body: '{}' })).text();
    for (let i = 0; i < 50 && lines.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return read();
  }

  it('writes one access line per request with its id, method, path, status and duration, and the id on every line of the request', async () => {
    const requestId = randomUUID();
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    const [handled, access] = await linesOf('/graphql?phone=13812345678&q=%E9%99%88%E4%B8%80', {
      'x-request-id': requestId,
      authorization: `Bearer ${token}`,
      'idempotency-key': 'key-123456',
    });
    expect(handled).toMatchObject({ level: 'info', requestId, caseId: 'case-1', msg: 'handled' });
    expect(access).toEqual({
      level: 'info',
      time: expect.any(String),
      service: 'gateway',
      requestId,
      // The case the request acted on: the line is written in the request's context.
      caseId: 'case-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      durationMs: expect.any(Number),
      msg: 'POST /graphql 200',
    });
    const output = JSON.stringify([handled, access]);
    for (const secret of ['13812345678', '%E9%99%88', token, 'key-123456', 'authorization', 'Bearer']) expect(output).not.toContain(secret);
  });

  it('assigns an id to a request that brings none, and logs a failure at error and a health probe at debug', async () => {
    const [, failed] = await linesOf('/fail');
    expect(failed).toMatchObject({ level: 'error', requestId: 'assigned-id', path: '/fail', status: 500, msg: 'POST /fail 500' });
    const [, probe] = await linesOf('/health/ready');
    expect(probe).toMatchObject({ level: 'debug', path: '/health/ready', status: 200 });
  });
});
