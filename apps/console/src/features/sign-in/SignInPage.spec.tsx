/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { PageConfigContext } from '../../app/page-config-context';
import { SessionProvider } from '../../auth/session';
import { I18nProvider } from '../../i18n/i18n';
import { SignInPage } from './SignInPage';

function renderSignIn(devSignIn: boolean, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const router = createMemoryRouter([{ path: '/sign-in', element: <SignInPage /> }], { initialEntries: ['/sign-in'] });
  return render(
    <PageConfigContext.Provider value={{ devSignIn }}>
      <I18nProvider locale={locale}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </I18nProvider>
    </PageConfigContext.Provider>,
  );
}

describe('SignInPage', () => {
  it('offers the customer roles in Chinese by default', () => {
    renderSignIn(true);
    expect(screen.getByRole('checkbox', { name: '客户' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /登\s*录/ })).toBeTruthy();
  });

  it('says no sign-in is configured when the gateway has no development sign-in', () => {
    renderSignIn(false, 'en');
    expect(screen.getByText('No sign-in is configured for this system.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });
});
