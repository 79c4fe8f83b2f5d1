import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ensureDevKeys, ensureNotificationsServiceKeys, ensureSubgraphKeys, mintToken } from './dev-keys';
import { bodyDigest, JwtVerifier, SubgraphSigner, SubgraphVerifier } from '@yekuo/platform';

describe('ensureDevKeys', () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'yekuo-keys-')), 'var', 'keys');
  });

  afterEach(async () => {
    await rm(join(dir, '..', '..'), { recursive: true, force: true });
  });

  it('creates a matching key pair, private key readable by the owner only', async () => {
    const keys = await ensureDevKeys(dir);
    expect(await readFile(join(dir, 'jwt-private.pem'), 'utf8')).toBe(keys.privateKeyPem);
    expect(await readFile(join(dir, 'jwt-public.pem'), 'utf8')).toBe(keys.publicKeyPem);
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await stat(join(dir, 'jwt-private.pem'))).mode & 0o077).toBe(0);

    const token = await mintToken({ sub: 'u1', roles: ['surveyor'] }, { privateKeyPem: keys.privateKeyPem });
    const verifier = new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem: keys.publicKeyPem });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u1', roles: ['surveyor'] });
  });

  it('keeps existing keys', async () => {
    const first = await ensureDevKeys(dir);
    const second = await ensureDevKeys(dir);
    expect(second).toEqual(first);
  });

  it('recreates a missing public key from the private key', async () => {
    const first = await ensureDevKeys(dir);
    await rm(join(dir, 'jwt-public.pem'));
    await writeFile(join(dir, 'unrelated'), '');
    expect(await ensureDevKeys(dir)).toEqual(first);
  });

  it('ends with one matching pair and no temp files when several callers race', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => ensureDevKeys(dir)));
    const onDisk = {
      privateKeyPem: await readFile(join(dir, 'jwt-private.pem'), 'utf8'),
      publicKeyPem: await readFile(join(dir, 'jwt-public.pem'), 'utf8'),
    };
    for (const result of results) expect(result).toEqual(onDisk);
    expect((await readdir(dir)).sort()).toEqual([
      'audit-anchor-public.pem',
      'audit-anchor.pem',
      'jwt-private.pem',
      'jwt-public.pem',
      'notifications-service-public.pem',
      'notifications-service.pem',
    ]);
  });
});

describe('ensureSubgraphKeys', () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'yekuo-keys-')), 'keys');
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('creates an Ed25519 pair beside the token keys, kept once made, whose signatures verify', async () => {
    await ensureDevKeys(dir);
    const keys = await ensureSubgraphKeys(dir);
    expect(await ensureSubgraphKeys(dir)).toEqual(keys);
    expect(await readdir(dir)).toEqual(
      expect.arrayContaining(['jwt-private.pem', 'jwt-public.pem', 'subgraph-private.pem', 'subgraph-public.pem']),
    );
    expect((await stat(join(dir, 'subgraph-private.pem'))).mode & 0o077).toBe(0);
    expect(await readFile(join(dir, 'subgraph-public.pem'), 'utf8')).toBe(keys.publicKeyPem);

    const request = { method: 'POST', path: '/graphql', payload: bodyDigest('{}'), headers: {} };
    const headers = SubgraphSigner.fromPem(keys.privateKeyPem).sign(request);
    expect(SubgraphVerifier.fromPem(keys.publicKeyPem).check({ ...request, headers })).toBeUndefined();
  });
});

describe('ensureNotificationsServiceKeys', () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'yekuo-keys-')), 'keys');
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('is made with the token keys, kept once made, and its signatures verify with its public key only', async () => {
    await ensureDevKeys(dir);
    const keys = await ensureNotificationsServiceKeys(dir);
    expect(await ensureNotificationsServiceKeys(dir)).toEqual(keys);
    expect((await stat(join(dir, 'notifications-service.pem'))).mode & 0o077).toBe(0);
    expect(await readFile(join(dir, 'notifications-service.pem'), 'utf8')).toBe(keys.privateKeyPem);
    expect(await readFile(join(dir, 'notifications-service-public.pem'), 'utf8')).toBe(keys.publicKeyPem);

    const request = { method: 'POST', path: '/internal/contacts', payload: bodyDigest('{}'), headers: {} };
    const headers = SubgraphSigner.fromPem(keys.privateKeyPem).sign(request);
    expect(SubgraphVerifier.fromPem(keys.publicKeyPem).check({ ...request, headers })).toBeUndefined();
    // Not the gateway's pair: a gateway signature does not pass for the notifications service's.
    const gateway = await ensureSubgraphKeys(dir);
    expect(SubgraphVerifier.fromPem(gateway.publicKeyPem).check({ ...request, headers })).toBe('bad signature');
  });
});

describe('mintToken', () => {
  let privateKeyPem: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yekuo-keys-'));
    ({ privateKeyPem } = await ensureDevKeys(dir));
    await rm(dir, { recursive: true, force: true });
  });

  it('signs RS256 with the dev issuer, audience and an 8h expiry by default', async () => {
    const token = await mintToken({ sub: 'a1', roles: ['agent'], actsFor: ['c1'], team: 't' }, { privateKeyPem });
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'a1', roles: ['agent'], actsFor: ['c1'], regions: [], team: 't', iss: 'yekuo-dev', aud: 'yekuo' });
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
  });

  it('refuses unknown roles and an empty role list', async () => {
    await expect(mintToken({ sub: 'u1', roles: ['root' as never] }, { privateKeyPem })).rejects.toThrow(/Unknown role/);
    await expect(mintToken({ sub: 'u1', roles: [] }, { privateKeyPem })).rejects.toThrow(/At least one role/);
  });
});
