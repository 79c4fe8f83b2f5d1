import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK, SignJWT } from 'jose';
import { ErrorCode } from '../errors/error-code';
import type { ClaimMapping } from './claim-mapping';
import { type JwtAlgorithm, JwtVerifier } from './jwt-verifier';

/** A provider's signing key: its private half, and its public half as the JWKS lists it. */
interface ProviderKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function providerKey(kid: string, alg: ProviderKey['alg'] = 'RS256'): Promise<ProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A provider's JWKS endpoint on loopback: the keys it lists (and whether it answers) change as a test goes. */
class JwksEndpoint {
  keys: ProviderKey[] = [];
  answering = true;
  fetches = 0;
  private readonly server: Server = createServer((_req, res) => {
    this.fetches += 1;
    if (!this.answering) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks`;
  }

  start(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const ISSUER = 'https://login.example.test/realms/yekuo';

/** A token as the provider issues it: signed with `key`, naming its `kid`. */
function issued(key: ProviderKey, claims: Record<string, unknown> = { roles: ['planner'] }, issuer = ISSUER, audience = 'yekuo') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setSubject('p-1')
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

describe('JwtVerifier against a JWKS', () => {
  const endpoint = new JwksEndpoint();
  let first: ProviderKey;
  let second: ProviderKey;
  let log: string[];
  const verifier = (options: { jwksCooldownMs?: number; algorithms?: JwtAlgorithm[]; claims?: ClaimMapping } = {}) =>
    new JwtVerifier({ issuer: ISSUER, audience: 'yekuo', jwksUrl: endpoint.url, log: (line) => log.push(line), ...options });

  beforeAll(async () => {
    [first, second] = await Promise.all([providerKey('2026-01'), providerKey('2026-02')]);
    await endpoint.start();
  });

  beforeEach(() => {
    endpoint.keys = [first, second];
    endpoint.answering = true;
    endpoint.fetches = 0;
    log = [];
  });

  afterAll(() => endpoint.stop());

  it('verifies a token with the key its kid names', async () => {
    const v = verifier();
    await v.ready();
    await expect(v.verify(await issued(second))).resolves.toEqual({ sub: 'p-1', roles: ['planner'], regions: [], actsFor: [] });
    await expect(v.verify(await issued(first))).resolves.toMatchObject({ sub: 'p-1' });
    // Both keys came in the one fetch at boot.
    expect(endpoint.fetches).toBe(1);
  });

  it('picks up a rotated key without a restart: a new kid fetches the set again, and the removed key is gone', async () => {
    const v = verifier({ jwksCooldownMs: 0 });
    endpoint.keys = [first];
    await v.ready();
    await expect(v.verify(await issued(first))).resolves.toMatchObject({ sub: 'p-1' });
    const third = await providerKey('2026-03');
    endpoint.keys = [third];
    await expect(v.verify(await issued(third))).resolves.toMatchObject({ sub: 'p-1' });
    expect(endpoint.fetches).toBe(2);
    await expect(v.verify(await issued(first, { roles: ['admin'] }))).rejects.toMatchObject({
      extensions: { code: ErrorCode.UNAUTHENTICATED },
      message: 'Invalid token: signed with a key the identity provider does not publish',
    });
  });

  it('refuses a kid the provider does not publish, fetching again at most once per cooldown', async () => {
    const v = verifier({ jwksCooldownMs: 60_000 });
    await v.ready();
    const stranger = await providerKey('2026-01-forged');
    for (let i = 0; i < 3; i++) {
      await expect(v.verify(await issued(stranger))).rejects.toMatchObject({
        extensions: { code: ErrorCode.UNAUTHENTICATED },
        message: 'Invalid token: signed with a key the identity provider does not publish',
      });
    }
    expect(endpoint.fetches).toBe(1);
  });

  it('refuses a token signed with another key under a published kid', async () => {
    const v = verifier();
    const impostor = { ...(await providerKey(first.kid)), jwk: first.jwk };
    await expect(v.verify(await issued(impostor))).rejects.toMatchObject({ message: 'Invalid token: bad signature' });
  });

  it.each([
    ['a wrong issuer', 'https://login.example.test/realms/other', 'yekuo', 'Invalid token: wrong issuer'],
    ['a wrong audience', ISSUER, 'account', 'Invalid token: wrong audience'],
  ])('refuses %s', async (_label, issuer, audience, message) => {
    const v = verifier();
    await expect(v.verify(await issued(first, { roles: ['planner'] }, issuer, audience))).rejects.toMatchObject({
      extensions: { code: ErrorCode.UNAUTHENTICATED },
      message,
    });
  });

  it('accepts only the algorithms configured', async () => {
    const ec = await providerKey('ec-1', 'ES256');
    endpoint.keys = [first, ec];
    await expect(verifier().verify(await issued(ec))).rejects.toMatchObject({
      message: 'Invalid token: algorithm not allowed (RS256 required)',
    });
    const both = verifier({ algorithms: ['RS256', 'ES256'] });
    await expect(both.verify(await issued(ec))).resolves.toMatchObject({ sub: 'p-1' });
    await expect(both.verify(await issued(first))).resolves.toMatchObject({ sub: 'p-1' });
  });

  it('reads the claims through the mapping: provider roles named in roleNames only', async () => {
    const v = verifier({
      claims: { roles: 'realm_access.roles', team: 'org.team', regions: 'org.regions', roleNames: { 'yk-clerk': 'intake-clerk' } },
    });
    const claims = { realm_access: { roles: ['yk-clerk', 'offline_access', 'admin'] }, org: { team: 'front-desk', regions: ['310104'] } };
    await expect(v.verify(await issued(first, claims))).resolves.toEqual({
      sub: 'p-1',
      roles: ['intake-clerk'],
      team: 'front-desk',
      regions: ['310104'],
      actsFor: [],
    });
    await expect(v.verify(await issued(first, { realm_access: { roles: ['offline_access'] } }))).rejects.toMatchObject({
      extensions: { code: ErrorCode.UNAUTHENTICATED },
      message: "Invalid token: none of the token's roles is mapped to a Yekuo role (JWT_CLAIMS roleNames)",
    });
  });

  it('starts while the JWKS cannot be fetched, refuses tokens saying why, and verifies once it answers', async () => {
    endpoint.answering = false;
    const v = verifier();
    await expect(v.ready()).resolves.toBeUndefined();
    expect(log).toEqual([
      `The JWKS at ${endpoint.url} cannot be fetched (Expected 200 OK from the JSON Web Key Set HTTP response); tokens are refused as UNAUTHENTICATED until it answers`,
    ]);
    const token = await issued(first);
    await expect(v.verify(token)).rejects.toMatchObject({
      extensions: { code: ErrorCode.UNAUTHENTICATED },
      message: "The token cannot be checked now: the identity provider's signing keys cannot be fetched",
    });
    // Told once per outage, not once per request.
    expect(log).toHaveLength(1);
    endpoint.answering = true;
    await expect(v.verify(token)).resolves.toMatchObject({ sub: 'p-1' });
    expect(log[1]).toBe(`The JWKS at ${endpoint.url} answers again`);
  });

  it('says when nothing listens at the JWKS URL', async () => {
    const closed = new JwksEndpoint();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const v = new JwtVerifier({ issuer: ISSUER, audience: 'yekuo', jwksUrl: url, log: (line) => log.push(line) });
    await v.ready();
    expect(log).toEqual([`The JWKS at ${url} cannot be fetched (ECONNREFUSED); tokens are refused as UNAUTHENTICATED until it answers`]);
  });
});
