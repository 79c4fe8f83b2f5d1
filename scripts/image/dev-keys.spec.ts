// The keys container's script (dev-keys.mjs) and the development kit's ensureDevKeys make and
// read the same two files: either one picks up what the other wrote, unchanged.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtVerifier } from '@yekuo/platform';
import { ensureAuditAnchorKeys, ensureDevKeys, ensureNotificationsServiceKeys, ensureSubgraphKeys, mintToken } from '@yekuo/testing';

const SCRIPT = join(__dirname, 'dev-keys.mjs');

function runScript(dir: string): void {
  const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dev-keys.mjs failed (${result.status}): ${result.stderr}`);
}

async function filesIn(dir: string) {
  const [privatePem, publicPem, privateStat, publicStat] = await Promise.all([
    readFile(join(dir, 'jwt-private.pem'), 'utf8'),
    readFile(join(dir, 'jwt-public.pem'), 'utf8'),
    stat(join(dir, 'jwt-private.pem')),
    stat(join(dir, 'jwt-public.pem')),
  ]);
  return { privatePem, publicPem, privateMode: privateStat.mode & 0o777, publicMode: publicStat.mode & 0o777 };
}

describe('dev-keys.mjs', () => {
  let base: string;
  let dir: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'yekuo-keys-'));
    dir = join(base, 'var', 'keys');
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('writes a pair ensureDevKeys takes as it is, and whose tokens verify', async () => {
    runScript(dir);
    const written = await filesIn(dir);
    expect(written.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(written.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(written.privateMode).toBe(0o600);
    expect(written.publicMode).toBe(0o644);

    const keys = await ensureDevKeys(dir);
    expect(keys).toEqual({ privateKeyPem: written.privatePem, publicKeyPem: written.publicPem });
    expect(await filesIn(dir)).toEqual(written);

    const token = await mintToken({ sub: 'u1', roles: ['surveyor'] }, { privateKeyPem: keys.privateKeyPem });
    const verifier = new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem: written.publicPem });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u1', roles: ['surveyor'] });
  });

  it('writes the Ed25519 pair for subgraph requests that ensureSubgraphKeys takes as it is', async () => {
    runScript(dir);
    const [privatePem, publicPem, privateStat] = await Promise.all([
      readFile(join(dir, 'subgraph-private.pem'), 'utf8'),
      readFile(join(dir, 'subgraph-public.pem'), 'utf8'),
      stat(join(dir, 'subgraph-private.pem')),
    ]);
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(privateStat.mode & 0o777).toBe(0o600);
    expect(await ensureSubgraphKeys(dir)).toEqual({ privateKeyPem: privatePem, publicKeyPem: publicPem });
    expect(await readFile(join(dir, 'subgraph-public.pem'), 'utf8')).toBe(publicPem);
  });

  it('writes the Ed25519 pair for audit anchors that ensureAuditAnchorKeys takes as it is', async () => {
    runScript(dir);
    const [privatePem, publicPem, privateStat] = await Promise.all([
      readFile(join(dir, 'audit-anchor.pem'), 'utf8'),
      readFile(join(dir, 'audit-anchor-public.pem'), 'utf8'),
      stat(join(dir, 'audit-anchor.pem')),
    ]);
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(privateStat.mode & 0o777).toBe(0o600);
    expect(await ensureAuditAnchorKeys(dir)).toEqual({ privateKeyPem: privatePem, publicKeyPem: publicPem });
  });

  it('writes the Ed25519 pair of the notifications service that ensureNotificationsServiceKeys takes as it is', async () => {
    runScript(dir);
    const [privatePem, publicPem, privateStat, publicStat] = await Promise.all([
      readFile(join(dir, 'notifications-service.pem'), 'utf8'),
      readFile(join(dir, 'notifications-service-public.pem'), 'utf8'),
      stat(join(dir, 'notifications-service.pem')),
      stat(join(dir, 'notifications-service-public.pem')),
    ]);
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(privateStat.mode & 0o777).toBe(0o600);
    expect(publicStat.mode & 0o777).toBe(0o644);
    expect(await ensureNotificationsServiceKeys(dir)).toEqual({ privateKeyPem: privatePem, publicKeyPem: publicPem });
    expect(await readFile(join(dir, 'notifications-service-public.pem'), 'utf8')).toBe(publicPem);
  });

  it('keeps a notifications service pair ensureNotificationsServiceKeys made', async () => {
    const keys = await ensureNotificationsServiceKeys(dir);
    runScript(dir);
    expect(await readFile(join(dir, 'notifications-service.pem'), 'utf8')).toBe(keys.privateKeyPem);
    expect(await readFile(join(dir, 'notifications-service-public.pem'), 'utf8')).toBe(keys.publicKeyPem);
  });

  it('keeps a pair ensureDevKeys made', async () => {
    const keys = await ensureDevKeys(dir);
    const before = await filesIn(dir);
    runScript(dir);
    expect(await filesIn(dir)).toEqual(before);
    expect(before.publicPem).toBe(keys.publicKeyPem);
  });

  it('derives a missing public key from the private key it keeps', async () => {
    runScript(dir);
    const first = await filesIn(dir);
    await rm(join(dir, 'jwt-public.pem'));
    runScript(dir);
    expect(await filesIn(dir)).toEqual(first);
  });
});
