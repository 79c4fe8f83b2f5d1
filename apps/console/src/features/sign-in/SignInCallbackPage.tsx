import { Alert, Button, Card, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { usePageConfig } from '../../app/page-config-context';
import { completeProviderSignIn, providerFailure } from '../../auth/oidc';
import { claimsOf, useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

/** Only a page of the console itself (`/cases/…`), never another site (`//elsewhere`) nor the sign-in again. */
function landing(from: string | undefined): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in') ? from : '/';
}

/**
 * Where the identity provider sends the browser back: the code is exchanged for the tokens, the
 * access token (the one the graph verifies) becomes the session, and the person goes on to the page
 * they asked for. A refusal or failure is said in words, with the way back to the sign-in.
 */
export function SignInCallbackPage() {
  const { t } = useI18n();
  const { oidc, claims: mapping } = usePageConfig();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<MessageKey | undefined>(oidc ? undefined : 'signIn.oidc.misconfigured');
  // A code is exchanged once: React runs an effect twice in development (StrictMode).
  const started = useRef(false);

  useEffect(() => {
    if (started.current || !oidc) return;
    started.current = true;
    completeProviderSignIn(oidc).then(
      ({ accessToken, from }) => {
        // A token without a Yekuo role would be refused by every page: say so here instead.
        if (!claimsOf(accessToken, mapping)?.roles.length) {
          setFailure('signIn.oidc.noRole');
          return;
        }
        signIn(accessToken, 'provider');
        void navigate(landing(from), { replace: true });
      },
      (error: unknown) => setFailure(providerFailure(error)),
    );
  }, [oidc, mapping, signIn, navigate]);

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f4f8', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 560 }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('app.title')} · {t('signIn.title')}
        </Typography.Title>
        {failure ? (
          <>
            <Alert type="error" showIcon title={t(failure)} role="alert" style={{ marginBottom: 16 }} />
            <Button type="primary" onClick={() => void navigate('/sign-in', { replace: true })}>
              {t('signIn.again')}
            </Button>
          </>
        ) : (
          <Typography.Paragraph>
            <Spin size="small" /> {t('signIn.completing')}
          </Typography.Paragraph>
        )}
      </Card>
    </main>
  );
}
