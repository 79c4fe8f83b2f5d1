import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';
import type { BrowserContext, Page } from 'playwright-core';
import { freePort } from '@yekuo/testing';
import { axeViolations, ConsoleFixture, failureShot, openConsole, PageWatch, startConsoleFixture } from './browser.fixtures';

jest.setTimeout(120_000);

/** The API the console asks the provider for an access token to: the services' JWT_AUDIENCE (an absolute URI, as RFC 8707 wants). */
const AUDIENCE = 'urn:yekuo:graph';
const CLIENT_ID = 'yekuo-console';

/** The people the provider knows, by login, with their claims under the provider's own names. */
const PEOPLE: Record<string, Record<string, unknown>> = {
  'li.na': { name: 'Li Na', realm_access: { roles: ['yk-clerk', 'offline_access'] }, org: { team: 'front-desk', regions: ['310104'] } },
};

/** Where Yekuo's claims are in the provider's tokens, and its role names as Yekuo's. */
const CLAIMS = { roles: 'realm_access.roles', team: 'org.team', regions: 'org.regions', roleNames: { 'yk-clerk': 'intake-clerk' } };

/** An OpenID Connect provider on loopback, signing with one RS256 key of its own (`kid`). */
interface RunningProvider {
  kid: string;
  stop(): Promise<void>;
}

/**
 * Starts oidc-provider at `issuer` (its port) with a new signing key: the console as a public client
 * (PKCE, no secret) coming back to `consoleOrigin`, JWT access tokens for AUDIENCE carrying each
 * person's claims, and the provider's development login and consent pages.
 */
async function startProvider(issuer: string, consoleOrigin: string): Promise<RunningProvider> {
  const kid = `key-${randomBytes(4).toString('hex')}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${consoleOrigin}/sign-in/callback`],
        post_logout_redirect_uris: [`${consoleOrigin}/sign-in`],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    findAccount: (_ctx, id) => (PEOPLE[id] ? { accountId: id, claims: () => ({ sub: id }) } : undefined),
    extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' && token.accountId ? PEOPLE[token.accountId] : undefined),
    clientBasedCORS: (_ctx, origin) => origin === consoleOrigin,
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== AUDIENCE) throw new errors.InvalidTarget();
          return { scope: '', audience: AUDIENCE, accessTokenTTL: 600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  });
  const port = Number(new URL(issuer).port);
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = provider.listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    kid,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Chromium and the services keep connections open; the next provider takes the port at once.
        server.closeAllConnections();
      }),
  };
}

/** A person's own browser context; requests anywhere but loopback (the provider's web fonts) are dropped. */
async function personalConsole(f: ConsoleFixture): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  const opened = await openConsole(f);
  await opened.context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  return opened;
}

/** The session token the console keeps after a sign-in (browser code, so a string). */
const sessionToken = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('yekuo.session')");

describe("Signing in through the organisation's OpenID Connect provider", () => {
  let f: ConsoleFixture;
  let issuer: string;
  let provider: RunningProvider;

  /** From the console's sign-in page through the provider's login and consent, back to the console signed in. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    await page.waitForURL((url) => url.origin === issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password will do');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    // The provider asks for consent once per grant.
    const consent = page.getByRole('button', { name: 'Continue' });
    const signedIn = page.getByTestId('signed-in-as');
    await consent.or(signedIn).first().waitFor();
    if (await consent.isVisible()) await consent.click();
    await signedIn.waitFor();
  }

  /** Runs `steps` in a fresh browser context; a failing step is reported with what the person saw. */
  async function inBrowser(who: string, steps: (page: Page, watch: PageWatch) => Promise<void>): Promise<void> {
    const { context, page, watch } = await personalConsole(f);
    try {
      await steps(page, watch).catch(async (error: unknown) => {
        throw new Error(`${(error as Error).message}\n${await failureShot(page, who)}`, { cause: error });
      });
      expect(watch).toEqual({ cspViolations: [], pageErrors: [] });
    } finally {
      await context.close();
    }
  }

  /** What a clerk sees after signing in: their name and role in the header, and their (empty) work read from the graph. */
  async function expectClerkSignedIn(page: Page): Promise<string> {
    await page.getByTestId('signed-in-as').getByText('Li Na (Intake clerk)').waitFor();
    await page.waitForURL('**/work');
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    await page.getByText('Nothing to do right now').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const token = await sessionToken(page);
    expect(token).toBeTruthy();
    // The graph answers the access token itself, read through the claim mapping (team and region scope the work).
    const answer = await f.gql('{ myWork(first: 5) { edges { cursor } } }', {}, token!);
    expect(answer).toEqual({ data: { myWork: { edges: [] } } });
    return token!;
  }

  beforeAll(async () => {
    // oidc-provider's notices on what a deployment of it must configure: not this suite's business.
    for (const level of ['info', 'warn'] as const) {
      const print = console[level].bind(console);
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        if (!String(args[0]).startsWith('oidc-provider ')) print(...args);
      });
    }
    issuer = `http://127.0.0.1:${await freePort()}`;
    // The services start before the provider does: they must come up all the same, and verify once it answers.
    f = await startConsoleFixture({
      // My work (intake) and the unread count in the header (notifications): nothing else is asked.
      services: ['intake', 'notifications'],
      env: {
        DEV_SIGN_IN_KEY_FILE: undefined,
        JWT_ISSUER: issuer,
        JWT_AUDIENCE: AUDIENCE,
        JWT_JWKS_URL: `${issuer}/jwks`,
        // A rotated key is picked up at the next sign-in, not up to 30 s later.
        JWT_JWKS_COOLDOWN_MS: '1000',
        JWT_CLAIMS: JSON.stringify(CLAIMS),
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_RESOURCE: AUDIENCE,
      },
    });
    provider = await startProvider(issuer, f.origin);
  }, 240_000);

  afterAll(async () => {
    await provider?.stop();
    await f?.stop();
    jest.restoreAllMocks();
  });

  it('signs a clerk in with the authorization code and PKCE, the graph accepts the access token, and signing out ends the provider session', async () => {
    // Started before the provider, the services said so and came up all the same.
    for (const name of ['intake', 'gateway']) {
      expect(f.system.output(name)).toContain(`The JWKS at ${issuer}/jwks cannot be fetched (ECONNREFUSED)`);
    }
    await inBrowser('li.na', async (page) => {
      await page.goto('/work');
      await page.waitForURL('**/sign-in');
      await page.getByRole('button', { name: "Sign in with your organisation's account" }).waitFor();
      // Offered alone: the development sign-in is off.
      expect(await page.getByRole('checkbox').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await signInAtProvider(page, 'li.na');
      const token = await expectClerkSignedIn(page);
      expect(decodeProtectedHeader(token).kid).toBe(provider.kid);
      expect(decodeJwt(token)).toMatchObject({
        iss: issuer,
        aud: AUDIENCE,
        sub: 'li.na',
        realm_access: { roles: ['yk-clerk', 'offline_access'] },
      });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL((url) => url.origin === f.origin && url.pathname === '/sign-in');
      expect(await sessionToken(page)).toBeNull();
      // The provider forgot the person: the next sign-in asks for the login again.
      await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
      await page.locator('input[name="login"]').waitFor();
    });
  });

  it('says in words when the person cancels at the provider', async () => {
    await inBrowser('cancelled', async (page) => {
      await page.goto('/sign-in');
      await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
      await page.getByRole('link', { name: '[ Cancel ]' }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in/callback' && url.searchParams.get('error') === 'access_denied');
      expect(await page.getByRole('alert').textContent()).toBe('The sign-in was cancelled, or your organisation did not allow it.');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Sign in again' }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in');
      expect(await sessionToken(page)).toBeNull();
    });
  });

  it("signs in with the provider's new key after it rotated (the old one removed), without restarting anything", async () => {
    const before = provider.kid;
    await provider.stop();
    provider = await startProvider(issuer, f.origin);
    const published = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(published.keys.map((key) => key.kid)).toEqual([provider.kid]);
    expect(provider.kid).not.toBe(before);
    await inBrowser('li.na-rotated', async (page) => {
      await signInAtProvider(page, 'li.na');
      const token = await expectClerkSignedIn(page);
      expect(decodeProtectedHeader(token).kid).toBe(provider.kid);
    });
  });
});
