// For component tests only: a page (or a part of one) rendered inside what the console puts around it.
import { StyleProvider } from '@ant-design/cssinjs';
import { render, type RenderResult } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { Provider, type Operation } from 'urql';
import { PageConfigContext } from '../app/page-config-context';
import { SessionProvider } from '../auth/session';
import { I18nProvider, type Locale } from '../i18n/i18n';
import { cannedClient, testToken, type CannedAnswer } from './canned-client';

export interface PageOptions {
  /** The claims of the person signed in (`sub`, `roles`, …); nobody is when left out. */
  as?: Record<string, unknown>;
  locale?: Locale;
  /** How the server answers each operation; empty data unless told. */
  answer?: (operation: Operation) => CannedAnswer;
  /** Collects every operation sent. */
  seen?: Operation[];
  /** The page's route (`/cases/:id`); `/` unless told. */
  path?: string;
  /** The address the page opens at; its route unless told. */
  url?: string;
  /** The other routes the page may lead to. */
  routes?: RouteObject[];
}

/**
 * Renders `page` at its route as the console does: the page's configuration (development sign-in),
 * the language, the session of the person `as`, the canned client, Ant Design's App. Returns the
 * render and the operations sent.
 */
export function renderPage(page: ReactElement, options: PageOptions = {}): RenderResult & { seen: Operation[] } {
  const { as, locale = 'zh-CN', answer = () => ({ data: {} }), seen = [], path = '/', url = path, routes = [] } = options;
  if (as) sessionStorage.setItem('yekuo.session', testToken(as));
  else sessionStorage.removeItem('yekuo.session');
  const router = createMemoryRouter([{ path, element: page }, ...routes], { initialEntries: [url] });
  const result = render(
    // Styles kept out of the document: jsdom would measure every rule each time a select opens.
    <StyleProvider mock="server">
      <PageConfigContext.Provider value={{ devSignIn: true }}>
        <I18nProvider locale={locale}>
          <SessionProvider>
            <Provider value={cannedClient(answer, seen)}>
              <AntApp>
                <RouterProvider router={router} />
              </AntApp>
            </Provider>
          </SessionProvider>
        </I18nProvider>
      </PageConfigContext.Provider>
    </StyleProvider>,
  );
  return { ...result, seen };
}
