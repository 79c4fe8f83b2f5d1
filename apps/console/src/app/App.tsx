import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { RouterProvider } from 'react-router';
import { Provider as GraphProvider } from 'urql';
import { SessionProvider, useSession } from '../auth/session';
import { createGraphClient } from '../graphql/client';
import { I18nProvider, useI18n } from '../i18n/i18n';
import type { PageConfig } from './page-config';
import { PageConfigContext } from './page-config-context';
import { createConsoleRouter } from './routes';

/**
 * Ant Design's defaults, with secondary, tertiary and placeholder text, links and errors dark enough for WCAG AA
 * contrast on white (4.5:1; the default secondary text, 45 % black, is about 2.9:1, the default link
 * blue and error red about 3:1).
 */
const THEME = {
  token: {
    colorPrimary: '#0b5cad',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorLink: '#0b5cad',
    colorError: '#cf1322',
  },
};

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/** Whether the person asked their system for less motion (WCAG 2.3.3): then nothing slides, fades or waves. */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(REDUCED_MOTION);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  );
}

function Localized({ config }: { config: PageConfig }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  const { session, expire } = useSession();
  // A client per signed-in token: one person's cached answers never show to the next.
  // A token the graph refuses is forgotten here only: signing in again through the provider stays one click.
  const client = useMemo(() => createGraphClient(() => session?.token, expire), [session?.token, expire]);
  // The router's loaders read the client and session of the moment: the router is made once (its first
  // navigation runs as it is made, so the ref holds them from the first render), the ref kept current after.
  const current = useRef({ client, session });
  useLayoutEffect(() => {
    current.current = { client, session };
  }, [client, session]);
  // eslint-disable-next-line react-hooks/refs -- read by the route loaders during navigation, never while rendering
  const router = useMemo(() => createConsoleRouter(() => current.current), []);
  const reducedMotion = usePrefersReducedMotion();
  const theme = useMemo(() => ({ token: { ...THEME.token, motion: !reducedMotion } }), [reducedMotion]);
  return (
    // Ant Design writes its styles into <style> elements: each carries the page's nonce, which the CSP allows.
    <ConfigProvider locale={locale === 'en' ? enUS : zhCNLocale} csp={{ nonce: config.nonce }} theme={theme}>
      <AntApp>
        <GraphProvider value={client}>
          <RouterProvider router={router} />
        </GraphProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App({ config }: { config: PageConfig }) {
  return (
    <PageConfigContext.Provider value={config}>
      <I18nProvider>
        <SessionProvider>
          <Localized config={config} />
        </SessionProvider>
      </I18nProvider>
    </PageConfigContext.Provider>
  );
}
