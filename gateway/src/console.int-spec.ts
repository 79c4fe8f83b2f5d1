import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, JwtVerifier } from '@yekuo/platform/core';
import { captureLog, freePort, TestRun } from '@yekuo/testing';
import { DEV_PRIVATE_KEY_FILE } from '@yekuo/testing/dev-keys';
import { loadGatewayConfig } from './config';
import { RunningGateway, startGateway } from './server';

jest.setTimeout(60_000);

/** A built console as Vite leaves it: an index.html naming a hashed script, and the script. */
function fakeConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yekuo-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("console")');
  return dir;
}

const page = (url: string, path: string) => fetch(new URL(path, url), { headers: { accept: 'text/html' } });
const postToken = (url: string, body: unknown) =>
  fetch(new URL('/dev/token', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('The console at / and its development sign-in (the gateway, no subgraph needed)', () => {
  const run = new TestRun();
  const consoleDir = fakeConsole();
  let env: Record<string, string>;
  let development: RunningGateway;
  let plain: RunningGateway;

  beforeAll(async () => {
    await run.prepare();
    env = { ...run.gatewayEnv(), PORT: '0', CONSOLE_DIR: consoleDir };
    development = await startGateway(loadGatewayConfig({ ...env, DEV_SIGN_IN_KEY_FILE: join(run.keyDir, DEV_PRIVATE_KEY_FILE) }));
    plain = await startGateway(loadGatewayConfig(env));
  });

  afterAll(async () => {
    await development?.stop();
    await plain?.stop();
  });

  it('serves every page of the console as its index.html with a fresh nonce under a CSP that allows only the site and that nonce', async () => {
    const first = await page(development.url, '/cases/some-id');
    const second = await page(development.url, '/');
    expect(first.status).toBe(200);
    const html = await first.text();
    const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(html)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect((await second.text()).includes(nonce!)).toBe(false);
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' 'report-sample'");
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}' 'report-sample'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(JSON.parse(/<script type="application\/json" id="yekuo-config"[^>]*>(.*?)<\/script>/.exec(html)![1])).toEqual({
      devSignIn: true,
    });
  });

  it('serves hashed assets as immutable files, and a missing one as 404, never as the page', async () => {
    const script = await fetch(new URL('/assets/index-abc123.js', development.url));
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(new URL('/assets/nope.js', development.url), { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
  });

  it('leaves the API paths to the API: GraphQL, health and documents are not the console', async () => {
    const health = await page(development.url, '/health/live');
    expect(health.headers.get('content-type')).toContain('application/json');
    const graphql = await fetch(development.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(graphql.headers.get('content-type')).toContain('application/json');
  });

  it('signs a development token the services accept, with the roles, team, regions, department and actsFor asked for', async () => {
    const response = await postToken(development.url, {
      sub: 'clerk-7',
      roles: ['intake-clerk', 'supervisor'],
      name: '王受理',
      team: 'intake-310104',
      regions: ['310104'],
      department: 'marketing',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token } = (await response.json()) as { token: string };
    const verifier = new JwtVerifier({ issuer: 'yekuo-dev', audience: 'yekuo', publicKeyPem: readFileSync(run.publicKeyFile, 'utf8') });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      sub: 'clerk-7',
      roles: ['intake-clerk', 'supervisor'],
      team: 'intake-310104',
      regions: ['310104'],
      department: 'marketing',
    });
  });

  it('refuses a sign-in without roles, with an unknown role or with control characters, naming each field', async () => {
    const response = await postToken(development.url, { sub: 'a\u0000b', roles: ['root'] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string; fields: { field: string }[] } }[] };
    expect(body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(body.errors[0].extensions.fields.map((f) => f.field).sort()).toEqual(['input.roles.0', 'input.sub']);
    const none = await postToken(development.url, { sub: 'c-1', roles: [] });
    expect(none.status).toBe(400);
    // A customer is known by id (a UUID), as every service's token check requires.
    const customer = await postToken(development.url, { sub: 'customer-1', roles: ['customer'] });
    expect(((await customer.json()) as { errors: { extensions: { fields: { field: string }[] } }[] }).errors[0].extensions.fields).toEqual([
      { field: 'input.sub', message: "a customer's user id is the customer's id (a UUID)" },
    ]);
    const agent = await postToken(development.url, { sub: 'agent-1', roles: ['agent'], actsFor: ['c-1'] });
    expect(agent.status).toBe(400);
  });

  it('has no token endpoint without the development key: 404, and the page says so', async () => {
    expect((await postToken(plain.url, { sub: 'c-1', roles: ['customer'] })).status).toBe(404);
    const html = await (await page(plain.url, '/sign-in')).text();
    expect(html).toContain('{"devSignIn":false}');
  });

  it('hands the console its identity provider and claim mapping, lets the page call the provider, and serves the callback as a page', async () => {
    const jwksUrl = `http://127.0.0.1:${await freePort()}/certs`;
    const log = captureLog();
    const provider = await startGateway(
      loadGatewayConfig({
        ...env,
        OIDC_ISSUER: 'https://login.example.com/realms/yekuo',
        OIDC_CLIENT_ID: 'yekuo-console',
        OIDC_RESOURCE: 'yekuo',
        JWT_ISSUER: 'https://login.example.com/realms/yekuo',
        // Not answering: the gateway starts all the same (the provider may come up later).
        JWT_JWKS_URL: jwksUrl,
        JWT_CLAIMS: '{"roles": "realm_access.roles", "roleNames": {"yk-clerk": "intake-clerk"}}',
      }),
    );
    const lines = log.lines().filter((line) => line.level === 'error');
    log.stop();
    try {
      expect(lines).toEqual([
        expect.objectContaining({
          service: 'gateway',
          msg: `The JWKS at ${jwksUrl} cannot be fetched (ECONNREFUSED); tokens are refused as UNAUTHENTICATED until it answers`,
        }),
      ]);
      const response = await page(provider.url, '/sign-in/callback?code=abc&state=xyz');
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(JSON.parse(/<script type="application\/json" id="yekuo-config"[^>]*>(.*?)<\/script>/.exec(html)![1])).toEqual({
        devSignIn: false,
        oidc: { issuer: 'https://login.example.com/realms/yekuo', clientId: 'yekuo-console', scope: 'openid profile', resource: 'yekuo' },
        claims: { roles: 'realm_access.roles', roleNames: { 'yk-clerk': 'intake-clerk' } },
      });
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("connect-src 'self' https://login.example.com;");
      // Everything else stays the site's own: the provider's pages are visited, never framed or posted to from here.
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("script-src 'self' 'report-sample'");
      expect((await page(development.url, '/')).headers.get('content-security-policy')).toContain("connect-src 'self';");
    } finally {
      await provider.stop();
    }
  });

  it('refuses to start a development sign-in in production, for another issuer, with a key that is not the verification key, or with a provider’s keys or claims', async () => {
    const devKey = join(run.keyDir, DEV_PRIVATE_KEY_FILE);
    const otherKey = join(run.keyDir, 'other-private.pem');
    writeFileSync(otherKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const refusals: [Record<string, string>, RegExp][] = [
      [{ ...env, DEV_SIGN_IN_KEY_FILE: devKey, NODE_ENV: 'production' }, /refused when NODE_ENV=production/],
      [{ ...env, DEV_SIGN_IN_KEY_FILE: devKey, JWT_ISSUER: 'https://login.example.com' }, /needs the development issuer/],
      [{ ...env, DEV_SIGN_IN_KEY_FILE: otherKey }, /not the private half of JWT_PUBLIC_KEY_FILE/],
      [{ ...env, DEV_SIGN_IN_KEY_FILE: devKey, JWT_JWKS_URL: 'http://127.0.0.1:1/certs' }, /refused with JWT_JWKS_URL/],
      [{ ...env, DEV_SIGN_IN_KEY_FILE: devKey, JWT_CLAIMS: '{"roles": "groups"}' }, /refused with JWT_CLAIMS/],
    ];
    for (const [refused, reason] of refusals) {
      const start = startGateway(loadGatewayConfig(refused));
      await expect(start).rejects.toBeInstanceOf(ConfigError);
      await expect(start).rejects.toThrow(reason);
    }
  });
});
