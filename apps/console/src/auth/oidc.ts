import type { UserManager } from 'oidc-client-ts';
import type { OidcConfig } from '../app/page-config';
import type { MessageKey } from '../i18n/messages';

/** Where the provider sends people back with the authorization code: a page of the console on this origin. */
export const CALLBACK_PATH = '/sign-in/callback';

/**
 * The provider's client for this page: authorization code with PKCE (a public client, no secret),
 * the access token asked for the API (`resource`). oidc-client-ts is loaded only when someone signs
 * in or out through the provider, so the console's first load does not carry it.
 */
async function userManager(config: OidcConfig): Promise<UserManager> {
  const { UserManager } = await import('oidc-client-ts');
  const resource = config.resource ? { resource: config.resource } : undefined;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${window.location.origin}/sign-in`,
    response_type: 'code',
    scope: config.scope,
    // The services read everything they need from the access token; nothing is asked of userinfo.
    loadUserInfo: false,
    automaticSilentRenew: false,
    extraQueryParams: resource,
    extraTokenParams: resource,
  });
}

/** Sends the browser to the provider's sign-in; it comes back to CALLBACK_PATH, and then goes on to `from`. */
export async function startProviderSignIn(config: OidcConfig, from: string | undefined): Promise<void> {
  const manager = await userManager(config);
  await manager.signinRedirect({ state: { from } });
}

/** On CALLBACK_PATH: exchanges the code (with the PKCE verifier kept at the start) for the tokens. */
export async function completeProviderSignIn(config: OidcConfig): Promise<{ accessToken: string; from?: string }> {
  const manager = await userManager(config);
  const user = await manager.signinRedirectCallback(window.location.href);
  return { accessToken: user.access_token, from: (user.state as { from?: string } | undefined)?.from };
}

/**
 * Ends the person's session at the provider too, when it offers that (RP-initiated logout): on a
 * shared desk, the next person's "sign in" must not find the last one still signed in there.
 */
export async function endProviderSession(config: OidcConfig): Promise<void> {
  const manager = await userManager(config);
  const user = await manager.getUser();
  if (!user) return;
  try {
    await manager.signoutRedirect({ id_token_hint: user.id_token });
  } catch {
    // The provider has no end-session endpoint: forgetting its tokens here is all there is to do.
    await manager.removeUser();
  }
}

/** The words for what went wrong with a sign-in through the provider (never its error code). */
export function providerFailure(error: unknown): MessageKey {
  const e = error as { name?: string; error?: string | null; message?: string } | undefined;
  if (e?.name === 'ErrorResponse') {
    switch (e.error ?? '') {
      case 'access_denied':
        return 'signIn.oidc.denied';
      case 'login_required':
      case 'interaction_required':
      case 'consent_required':
      case 'account_selection_required':
      case 'invalid_grant':
        return 'signIn.oidc.again';
      case 'temporarily_unavailable':
      case 'server_error':
        return 'signIn.oidc.unavailable';
      default:
        return 'signIn.oidc.misconfigured';
    }
  }
  // fetch's own failure (no answer, or refused by CORS), or oidc-client-ts's timeout.
  if (e?.name === 'TypeError' || e?.name === 'ErrorTimeout') return 'signIn.oidc.unreachable';
  // The callback page opened again, or in another tab: the state of the sign-in it belongs to is gone.
  if (/^No (matching )?state/.test(e?.message ?? '')) return 'signIn.oidc.again';
  return 'signIn.oidc.failed';
}
