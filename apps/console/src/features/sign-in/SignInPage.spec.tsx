/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { PageConfig } from '../../app/page-config';
import { PageConfigContext } from '../../app/page-config-context';
import { startProviderSignIn } from '../../auth/oidc';
import { SessionProvider } from '../../auth/session';
import { I18nProvider } from '../../i18n/i18n';
import { SignInPage } from './SignInPage';

jest.mock('../../auth/oidc', () => ({
  ...jest.requireActual<typeof import('../../auth/oidc')>('../../auth/oidc'),
  startProviderSignIn: jest.fn(),
}));
const startSignIn = jest.mocked(startProviderSignIn);

const OIDC = { issuer: 'https://login.example.com/realms/yekuo', clientId: 'yekuo-console', scope: 'openid profile' };

function renderSignIn(config: PageConfig, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const router = createMemoryRouter([{ path: '/sign-in', element: <SignInPage /> }], {
    initialEntries: [{ pathname: '/sign-in', state: { from: '/cases/c-1' } }],
  });
  return render(
    <PageConfigContext.Provider value={config}>
      <I18nProvider locale={locale}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </I18nProvider>
    </PageConfigContext.Provider>,
  );
}

describe('SignInPage', () => {
  beforeEach(() => startSignIn.mockReset());

  it('offers the customer roles in Chinese by default', () => {
    renderSignIn({ devSignIn: true });
    expect(screen.getByRole('checkbox', { name: '客户' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /登\s*录/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '使用单位账号登录' })).toBeNull();
  });

  it('says no sign-in is configured when the gateway offers none', () => {
    renderSignIn({ devSignIn: false }, 'en');
    expect(screen.getByText('No sign-in is configured for this system.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it("signs in through the organisation's provider only, when that is what the gateway offers, going on to the page asked for", () => {
    startSignIn.mockResolvedValue(undefined);
    renderSignIn({ devSignIn: false, oidc: OIDC }, 'en');
    expect(screen.queryByText('No sign-in is configured for this system.')).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: "Sign in with your organisation's account" }));
    expect(startSignIn).toHaveBeenCalledWith(OIDC, '/cases/c-1');
  });

  it('offers both sign-ins when both are on', () => {
    renderSignIn({ devSignIn: true, oidc: OIDC });
    expect(screen.getByRole('button', { name: '使用单位账号登录' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: '客户' })).toBeTruthy();
  });

  it('says in words when the provider cannot be reached', async () => {
    startSignIn.mockRejectedValue(new TypeError('Failed to fetch'));
    renderSignIn({ devSignIn: false, oidc: OIDC }, 'en');
    fireEvent.click(screen.getByRole('button', { name: "Sign in with your organisation's account" }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      "Your organisation's sign-in service cannot be reached. Check your network and try again.",
    );
  });
});
