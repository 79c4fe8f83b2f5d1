/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import type { PageConfig } from '../app/page-config';
import { PageConfigContext } from '../app/page-config-context';
import { endProviderSession } from './oidc';
import { claimsOf, SessionProvider, useSession } from './session';

jest.mock('./oidc', () => ({ ...jest.requireActual<typeof import('./oidc')>('./oidc'), endProviderSession: jest.fn() }));
const endAtProvider = jest.mocked(endProviderSession);

function token(claims: Record<string, unknown>): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${part({ alg: 'RS256' })}.${part({ sub: 'li.na', exp: Math.floor(Date.now() / 1000) + 600, ...claims })}.c2ln`;
}

const OIDC = { issuer: 'https://login.example.com/realms/yekuo', clientId: 'yekuo-console', scope: 'openid profile' };
const PLANNER = token({ roles: ['planner'] });

/** Who is signed in, and the session's four ways in and out as buttons. */
function Probe() {
  const { session, signIn, signOut, expire } = useSession();
  return (
    <>
      <p>{session ? session.claims.roles.join(', ') : 'nobody'}</p>
      <button onClick={() => signIn(PLANNER, 'provider')}>through the provider</button>
      <button onClick={() => signIn(PLANNER)}>through the development sign-in</button>
      <button onClick={signOut}>sign out</button>
      <button onClick={expire}>refused by the graph</button>
    </>
  );
}

function renderSession(config: PageConfig) {
  render(
    <PageConfigContext.Provider value={config}>
      <SessionProvider>
        <Probe />
      </SessionProvider>
    </PageConfigContext.Provider>,
  );
}

const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('the session', () => {
  beforeEach(() => {
    sessionStorage.clear();
    endAtProvider.mockReset().mockResolvedValue(undefined);
  });

  it('reads a token through the claim mapping of the page config, also when the page is loaded again', () => {
    const mapped = token({ groups: ['yk-clerk', 'yk-other'] });
    const config: PageConfig = { devSignIn: false, oidc: OIDC, claims: { roles: 'groups', roleNames: { 'yk-clerk': 'intake-clerk' } } };
    expect(claimsOf(mapped, config.claims)?.roles).toEqual(['intake-clerk']);
    sessionStorage.setItem('yekuo.session', mapped);
    renderSession(config);
    expect(screen.getByText('intake-clerk')).toBeTruthy();
  });

  it("ends the provider's session too when the person signed in there and signs out", () => {
    renderSession({ devSignIn: false, oidc: OIDC });
    click('through the provider');
    expect(screen.getByText('planner')).toBeTruthy();
    click('sign out');
    expect(screen.getByText('nobody')).toBeTruthy();
    expect(endAtProvider).toHaveBeenCalledWith(OIDC);
  });

  it("leaves the provider's session alone when the graph refused the token, and after a development sign-in", () => {
    renderSession({ devSignIn: true, oidc: OIDC });
    click('through the provider');
    click('refused by the graph');
    expect(screen.getByText('nobody')).toBeTruthy();
    click('through the development sign-in');
    click('sign out');
    expect(sessionStorage.getItem('yekuo.session')).toBeNull();
    expect(endAtProvider).not.toHaveBeenCalled();
  });
});
