import { generateKeyPairSync } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { bodyDigest, SubgraphSigner, SubgraphVerifier } from '../auth/subgraph-signature';
import { requireSignedRequests } from './signed-requests';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    signer: SubgraphSigner.fromPem(String(privateKey.export({ type: 'pkcs8', format: 'pem' }))),
    verifier: SubgraphVerifier.fromPem(String(publicKey.export({ type: 'spki', format: 'pem' }))),
  };
};

const gateway = pair();
const BODY = Buffer.from('{"customerIds":[]}');

/** What a handler did with one request: passed it on, or answered it with a status. */
function run(handler: RequestHandler, path: string, headers: Record<string, string>): 'next' | number {
  const req = { method: 'POST', path, originalUrl: path, headers, rawBody: BODY } as unknown as Request;
  let outcome: 'next' | number | undefined;
  const res = {
    status(code: number) {
      outcome = code;
      return this;
    },
    json() {
      return this;
    },
  } as unknown as Response;
  void handler(req, res, () => {
    outcome = 'next';
  });
  if (outcome === undefined) throw new Error('the handler neither answered nor passed the request on');
  return outcome;
}

const signedByGateway = (path: string) => gateway.signer.sign({ method: 'POST', path, payload: bodyDigest(BODY), headers: {} });

describe('requireSignedRequests with routes of their own check', () => {
  const ownCheck = jest.fn<void, Parameters<RequestHandler>>((req, res, next) => {
    if (req.headers['x-own'] === 'yes') next();
    else res.status(403).json({});
  });
  const handler = requireSignedRequests(gateway.verifier, () => undefined, { '/internal/contacts': ownCheck });

  beforeEach(() => ownCheck.mockClear());

  it('hands a listed route to its own check, which alone decides, whatever the gateway signed', () => {
    expect(run(handler, '/internal/contacts', { 'x-own': 'yes' })).toBe('next');
    expect(run(handler, '/internal/contacts', signedByGateway('/internal/contacts'))).toBe(403);
    expect(ownCheck).toHaveBeenCalledTimes(2);
  });

  it('finds the route as the router would: in any case, with a trailing slash', () => {
    expect(run(handler, '/Internal/CONTACTS/', signedByGateway('/Internal/CONTACTS/'))).toBe(403);
    expect(ownCheck).toHaveBeenCalledTimes(1);
  });

  it('still asks the gateway’s signature of every other route, and lets health through unsigned', () => {
    expect(run(handler, '/graphql', { 'x-own': 'yes' })).toBe(401);
    expect(run(handler, '/internal/contacts/more', { 'x-own': 'yes' })).toBe(401);
    expect(run(handler, '/graphql', signedByGateway('/graphql'))).toBe('next');
    expect(run(handler, '/health/live', {})).toBe('next');
    expect(ownCheck).not.toHaveBeenCalled();
  });

  it('lists no route of its own unless told', () => {
    expect(
      run(
        requireSignedRequests(gateway.verifier, () => undefined),
        '/internal/contacts',
        { 'x-own': 'yes' },
      ),
    ).toBe(401);
  });
});
