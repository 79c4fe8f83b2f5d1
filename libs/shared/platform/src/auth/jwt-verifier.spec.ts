import { SignJWT, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { ErrorCode } from '../errors/error-code';
import { DomainError } from '../errors/domain-error';
import { mintToken } from '@yekuo/testing';
import { JwtVerifier } from './jwt-verifier';

async function pemPair() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey), privateKey };
}

/** Resolves to the error `promise` rejected with; fails the test if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<DomainError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(DomainError);
  return outcome.error as DomainError;
}

describe('JwtVerifier', () => {
  let keys: Awaited<ReturnType<typeof pemPair>>;
  let otherKeys: Awaited<ReturnType<typeof pemPair>>;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    [keys, otherKeys] = await Promise.all([pemPair(), pemPair()]);
    verifier = new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem: keys.publicKeyPem });
  });

  const signed = (payload: Record<string, unknown>) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('u1')
      .setIssuer('yekuo-dev')
      .setAudience('yekuo')
      .setExpirationTime('1h');

  it('accepts a good token and returns the principal', async () => {
    const token = await mintToken(
      { sub: 'u1', roles: ['surveyor', 'planner'], name: 'Li Wei', department: 'planning', team: 't1', regions: ['north'], actsFor: [] },
      { privateKeyPem: keys.privateKeyPem },
    );
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'u1',
      roles: ['surveyor', 'planner'],
      name: 'Li Wei',
      department: 'planning',
      team: 't1',
      regions: ['north'],
      actsFor: [],
    });
  });

  it('defaults missing regions and actsFor to empty lists', async () => {
    const token = await signed({ roles: ['agent'] }).sign(keys.privateKey);
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'u1', roles: ['agent'], regions: [], actsFor: [] });
  });

  it.each([
    ['a wrong issuer', { issuer: 'someone-else' }, /wrong issuer/],
    ['a wrong audience', { audience: 'other-app' }, /wrong audience/],
    ['an expired token', { expiresIn: Math.floor(Date.now() / 1000) - 60 }, /expired/],
  ])('rejects %s with UNAUTHENTICATED', async (_label, options, reason) => {
    const token = await mintToken({ sub: 'u1', roles: ['surveyor'] }, { privateKeyPem: keys.privateKeyPem, ...options });
    const error = await rejectionOf(verifier.verify(token));
    expect(error.extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(error.message).toMatch(reason);
  });

  it('rejects a token signed by another key', async () => {
    const token = await mintToken({ sub: 'u1', roles: ['admin'] }, { privateKeyPem: otherKeys.privateKeyPem });
    const error = await rejectionOf(verifier.verify(token));
    expect(error.extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(error.message).toMatch(/bad signature/);
  });

  it('rejects an HS256 token, even one keyed with the public key', async () => {
    const secret = new TextEncoder().encode(keys.publicKeyPem);
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('yekuo-dev')
      .setAudience('yekuo')
      .setExpirationTime('1h')
      .sign(secret);
    const error = await rejectionOf(verifier.verify(token));
    expect(error.extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(error.message).toMatch(/algorithm/);
  });

  it('rejects a customer token whose sub is not a customer id, and actsFor that names no customer id, before any database sees them', async () => {
    const customer = await mintToken({ sub: 'customer-1', roles: ['customer'] }, { privateKeyPem: keys.privateKeyPem });
    await expect(verifier.verify(customer)).rejects.toMatchObject({
      extensions: { code: ErrorCode.UNAUTHENTICATED },
      message: expect.stringMatching(/customer's sub claim must be the customer's id/) as unknown,
    });
    const agent = await mintToken({ sub: 'agent-1', roles: ['agent'], actsFor: ['c-1'] }, { privateKeyPem: keys.privateKeyPem });
    await expect(verifier.verify(agent)).rejects.toMatchObject({
      message: expect.stringMatching(/actsFor claim must list customer ids/) as unknown,
    });
    const id = '0b8e2a4c-5d6f-4a1b-9c3d-2e4f6a8b0c1d';
    const good = await mintToken({ sub: id, roles: ['customer'] }, { privateKeyPem: keys.privateKeyPem });
    await expect(verifier.verify(good)).resolves.toMatchObject({ sub: id, roles: ['customer'] });
  });

  it('rejects a token carrying an unknown role', async () => {
    const token = await signed({ roles: ['surveyor', 'superuser'] }).sign(keys.privateKey);
    const error = await rejectionOf(verifier.verify(token));
    expect(error.extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(error.message).toMatch(/superuser/);
  });

  it('rejects a token without exp', async () => {
    const token = await new SignJWT({ roles: ['surveyor'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('u1')
      .setIssuer('yekuo-dev')
      .setAudience('yekuo')
      .sign(keys.privateKey);
    const error = await rejectionOf(verifier.verify(token));
    expect(error.extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(error.message).toMatch(/missing exp/);
  });

  it.each([
    ['roles is not an array', { roles: 'admin' }],
    ['roles is empty', { roles: [] }],
    ['regions holds a non-string', { roles: ['planner'], regions: [1] }],
  ])('rejects a token whose %s', async (_label, payload) => {
    const token = await signed(payload).sign(keys.privateKey);
    expect((await rejectionOf(verifier.verify(token))).extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it('rejects garbage as UNAUTHENTICATED', async () => {
    const error = await rejectionOf(verifier.verify('not.a.jwt'));
    expect(error.extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it('reports a bad public key at ready(), not as the caller’s fault', async () => {
    const bad = new JwtVerifier({ issuer: 'i', audience: 'a', publicKeyPem: 'not a pem' });
    await expect(bad.ready()).rejects.toThrow(/not a valid RS256 SPKI PEM/);
    await expect(bad.ready()).rejects.not.toBeInstanceOf(DomainError);
  });

  describe('verified tokens', () => {
    afterEach(() => jest.useRealTimers());

    it('are remembered until their exp, then refused as expired', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      jest.setSystemTime(new Date('2026-12-06T10:00:00Z'));
      const fresh = new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem: keys.publicKeyPem });
      const token = await signed({ roles: ['surveyor'] })
        .setExpirationTime(Math.floor(Date.now() / 1000) + 60)
        .sign(keys.privateKey);
      const first = await fresh.verify(token);
      first.roles.push('admin');
      await expect(fresh.verify(token)).resolves.toMatchObject({ sub: 'u1', roles: ['surveyor'] });
      jest.setSystemTime(new Date('2026-12-06T10:01:01Z'));
      const error = await rejectionOf(fresh.verify(token));
      expect(error.message).toBe('Invalid token: expired');
    });

    it('never make a forged token pass because a genuine one with the same claims was seen', async () => {
      const genuine = await signed({ roles: ['surveyor'] }).sign(keys.privateKey);
      const forged = await signed({ roles: ['surveyor'] }).sign(otherKeys.privateKey);
      await expect(verifier.verify(genuine)).resolves.toMatchObject({ sub: 'u1' });
      const error = await rejectionOf(verifier.verify(forged));
      expect(error.message).toBe('Invalid token: bad signature');
    });
  });
});
