import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { SubgraphSigner } from '@yekuo/platform/core';
import { GatewayContext } from './context';
import { ForwardingDataSource } from './data-source';

/** A stand-in subgraph instance that answers every request with its own name. */
async function instance(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume().on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { who: name } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

/** The stand-ins do not check signatures; the data source signs every request all the same. */
const signer = SubgraphSigner.fromPem(String(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' })));

const request = {
  request: { query: '{ who }' },
  context: { forwardedHeaders: {} },
} as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

describe('ForwardingDataSource over several instances of a subgraph', () => {
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;
  let source: ForwardingDataSource;

  beforeEach(async () => {
    a = await instance('a');
    b = await instance('b');
    source = new ForwardingDataSource('intake', `${a.url},${b.url}`, signer);
  });

  afterEach(async () => {
    await source.close();
    for (const s of [a.server, b.server]) if (s.listening) await new Promise((resolve) => s.close(resolve));
  });

  const who = async () => ((await source.process(request)).data as { who: string }).who;

  it('spreads requests over every instance', async () => {
    const answers = new Set<string>();
    for (let i = 0; i < 20; i++) answers.add(await who());
    expect(answers).toEqual(new Set(['a', 'b']));
  });

  it('answers a request that meets a stopped instance as retryable SERVICE_UNAVAILABLE, and one retry reaches the other', async () => {
    await who();
    a.server.closeAllConnections();
    await new Promise((resolve) => a.server.close(resolve));
    const refusals: GraphQLError[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        expect(await who()).toBe('b');
      } catch (error) {
        refusals.push(error as GraphQLError);
        expect(await who()).toBe('b');
      }
    }
    for (const refusal of refusals)
      expect(refusal.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName: 'intake', retryable: true });
    // The stopped instance is weighted down after it fails: most requests never meet it.
    expect(refusals.length).toBeLessThan(10);
  });

  it('refuses instances that do not share one path', () => {
    expect(() => new ForwardingDataSource('intake', `${a.url},${b.url.replace('/graphql', '/other')}`, signer)).toThrow(
      /must share one path/,
    );
  });
});
