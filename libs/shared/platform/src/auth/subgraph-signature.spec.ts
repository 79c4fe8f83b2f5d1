import { generateKeyPairSync } from 'node:crypto';
import { bodyDigest, SIGNATURE_HEADER, SubgraphRequest, SubgraphSigner, SubgraphVerifier, UNSIGNED_PAYLOAD } from './subgraph-signature';

function pair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    publicPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
  };
}

const NOW = Date.parse('2026-03-02T08:00:00Z');
const BODY = JSON.stringify({ query: '{ case(id: "1") { number } }', variables: {} });

describe('subgraph request signatures', () => {
  const gateway = pair();
  const signer = SubgraphSigner.fromPem(gateway.privatePem, () => NOW);
  const verifier = SubgraphVerifier.fromPem(gateway.publicPem, () => NOW);

  const request = (overrides: Partial<SubgraphRequest> = {}): SubgraphRequest => ({
    method: 'POST',
    path: '/graphql',
    payload: bodyDigest(BODY),
    headers: { authorization: 'Bearer token-a', 'x-request-id': 'req-1', 'idempotency-key': 'idem-1' },
    ...overrides,
  });
  /** `sent` as signed, then changed by `change` on the way (what the service receives). */
  const received = (sent: SubgraphRequest, change: (r: SubgraphRequest) => SubgraphRequest = (r) => r) => {
    const signed = { ...sent, headers: { ...sent.headers, ...signer.sign(sent) } };
    return change(signed);
  };

  it('accepts the request as signed, and a streamed one signed with the unhashed-body marker', () => {
    expect(verifier.check(received(request()))).toBeUndefined();
    const upload = request({ path: '/documents', payload: UNSIGNED_PAYLOAD });
    expect(verifier.check(received(upload))).toBeUndefined();
  });

  it('refuses an unsigned request and a malformed signature', () => {
    expect(verifier.check(request())).toBe('unsigned');
    expect(verifier.check({ ...request(), headers: { ...request().headers, [SIGNATURE_HEADER]: 't=1;sig=abc' } })).toBe('malformed');
  });

  it('refuses a tampered body', () => {
    expect(verifier.check(received(request(), (r) => ({ ...r, payload: bodyDigest(BODY.replace('number', 'status')) })))).toBe(
      'bad signature',
    );
    // A GraphQL body signed by its hash cannot pass as a streamed one, nor the reverse.
    expect(verifier.check(received(request(), (r) => ({ ...r, payload: UNSIGNED_PAYLOAD })))).toBe('bad signature');
    expect(verifier.check(received(request({ payload: UNSIGNED_PAYLOAD }), (r) => ({ ...r, payload: bodyDigest(BODY) })))).toBe(
      'bad signature',
    );
  });

  it.each([
    ['another token', { authorization: 'Bearer token-b' }],
    ['another request id', { 'x-request-id': 'req-2' }],
    ['another idempotency key', { 'idempotency-key': 'idem-2' }],
    ['no idempotency key', { 'idempotency-key': undefined }],
  ])('refuses a request with %s than was signed', (_what, headers) => {
    expect(verifier.check(received(request(), (r) => ({ ...r, headers: { ...r.headers, ...headers } })))).toBe('bad signature');
  });

  it('refuses another method or path', () => {
    expect(verifier.check(received(request(), (r) => ({ ...r, method: 'GET' })))).toBe('bad signature');
    expect(
      verifier.check(received(request({ path: '/documents', payload: UNSIGNED_PAYLOAD }), (r) => ({ ...r, path: '/documents/x' }))),
    ).toBe('bad signature');
  });

  it('ignores headers it does not sign (tracing may be added or dropped on the way)', () => {
    expect(verifier.check(received(request(), (r) => ({ ...r, headers: { ...r.headers, traceparent: '00-abc-def-01' } })))).toBeUndefined();
  });

  it('refuses a signature made more than 60 s before or after the service’s clock', () => {
    const at = (ms: number) => SubgraphVerifier.fromPem(gateway.publicPem, () => ms);
    const signed = received(request());
    expect(at(NOW + 60_000).check(signed)).toBeUndefined();
    expect(at(NOW + 61_000).check(signed)).toBe('outside the time window');
    expect(at(NOW - 61_000).check(signed)).toBe('outside the time window');
  });

  it('refuses a signature made with another key (a service holding only a public key cannot sign)', () => {
    const other = SubgraphSigner.fromPem(pair().privatePem, () => NOW);
    const forged = { ...request(), headers: { ...request().headers, ...other.sign(request()) } };
    expect(verifier.check(forged)).toBe('bad signature');
  });

  it('trusts every key of a file with several (a key roll), and only those', () => {
    const next = pair();
    const rolling = SubgraphVerifier.fromPem(`${gateway.publicPem}${next.publicPem}`, () => NOW);
    const byNext = SubgraphSigner.fromPem(next.privatePem, () => NOW);
    expect(rolling.check(received(request()))).toBeUndefined();
    expect(rolling.check({ ...request(), headers: { ...request().headers, ...byNext.sign(request()) } })).toBeUndefined();
    expect(verifier.check({ ...request(), headers: { ...request().headers, ...byNext.sign(request()) } })).toBe('bad signature');
  });

  it('takes Ed25519 keys only', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() => SubgraphSigner.fromPem(String(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })))).toThrow(/Ed25519/);
    expect(() => SubgraphVerifier.fromPem(String(rsa.publicKey.export({ type: 'spki', format: 'pem' })))).toThrow(/Ed25519/);
    expect(() => SubgraphVerifier.fromPem('no key here')).toThrow(/public key/);
  });
});
