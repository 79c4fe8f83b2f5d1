/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { PageConfig } from '../../app/page-config';
import { PageConfigContext } from '../../app/page-config-context';
import { completeProviderSignIn } from '../../auth/oidc';
import { SessionProvider, useSession } from '../../auth/session';
import { I18nProvider } from '../../i18n/i18n';
import { SignInCallbackPage } from './SignInCallbackPage';

jest.mock('../../auth/oidc', () => ({
  ...jest.requireActual<typeof import('../../auth/oidc')>('../../auth/oidc'),
  completeProviderSignIn: jest.fn(),
}));
const complete = jest.mocked(completeProviderSignIn);

/** A token as the provider issues it (unsigned here: the console only reads it, the services verify it). */
function providerToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part({ sub: 'li.na', exp: Math.floor(Date.now() / 1000) + 600, ...claims })}.c2ln`;
}

const CONFIG: PageConfig = {
  devSignIn: false,
  oidc: { issuer: 'https://login.example.com/realms/yekuo', clientId: 'yekuo-console', scope: 'openid profile' },
  claims: { roles: 'realm_access.roles', roleNames: { 'yk-clerk': 'intake-clerk' } },
};

/** Where the callback went on to, and who is signed in there. */
function Landing() {
  const { session } = useSession();
  const { pathname } = useLocation();
  return <p>{`${pathname}: ${session ? `${session.claims.sub} as ${session.claims.roles.join(', ')}` : 'nobody'}`}</p>;
}

function renderCallback() {
  sessionStorage.clear();
  // A declarative router: the data router's navigation needs the Fetch API's Request, which jsdom lacks.
  render(
    <PageConfigContext.Provider value={CONFIG}>
      <I18nProvider locale="en">
        <SessionProvider>
          <MemoryRouter initialEntries={['/sign-in/callback?code=abc&state=xyz']}>
            <Routes>
              <Route path="/sign-in/callback" element={<SignInCallbackPage />} />
              <Route path="*" element={<Landing />} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </I18nProvider>
    </PageConfigContext.Provider>,
  );
}

describe('SignInCallbackPage', () => {
  it("keeps the provider's access token, read through the claim mapping, and goes on to the page asked for", async () => {
    complete.mockResolvedValue({ accessToken: providerToken({ realm_access: { roles: ['yk-clerk'] } }), from: '/cases/c-1' });
    renderCallback();
    await screen.findByText('/cases/c-1: li.na as intake-clerk');
    expect(sessionStorage.getItem('yekuo.session.provider')).toBe('true');
  });

  it('never goes on to another site', async () => {
    complete.mockResolvedValue({ accessToken: providerToken({ realm_access: { roles: ['yk-clerk'] } }), from: '//elsewhere.example/x' });
    renderCallback();
    await screen.findByText('/: li.na as intake-clerk');
  });

  it("says the provider's refusal in words, with the way back to the sign-in", async () => {
    complete.mockRejectedValue(Object.assign(new Error('access_denied'), { name: 'ErrorResponse', error: 'access_denied' }));
    renderCallback();
    expect((await screen.findByRole('alert')).textContent).toBe('The sign-in was cancelled, or your organisation did not allow it.');
    expect(screen.getByRole('button', { name: 'Sign in again' })).toBeTruthy();
    expect(sessionStorage.getItem('yekuo.session')).toBeNull();
  });

  it('refuses a token that carries no Yekuo role, saying so', async () => {
    complete.mockResolvedValue({ accessToken: providerToken({ realm_access: { roles: ['offline_access'] } }) });
    renderCallback();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your account has no role in this system. Ask your administrator to give you one.',
    );
    expect(sessionStorage.getItem('yekuo.session')).toBeNull();
  });
});
