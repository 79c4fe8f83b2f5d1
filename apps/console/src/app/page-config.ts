import type { ClaimMapping } from '../auth/claims';

/** The organisation's OpenID Connect provider people sign in with (the gateway's OIDC_* settings). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scope: string;
  /** The API to ask an access token for (a resource indicator). */
  resource?: string;
}

/** What the gateway writes into the console's page (gateway/src/console.ts): its CSP nonce, which sign-in to offer, how to read a token. */
export interface PageConfig {
  nonce?: string;
  devSignIn: boolean;
  oidc?: OidcConfig;
  claims?: ClaimMapping;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function oidcOf(value: unknown): OidcConfig | undefined {
  if (!isRecord(value) || typeof value.issuer !== 'string' || typeof value.clientId !== 'string') return undefined;
  return {
    issuer: value.issuer,
    clientId: value.clientId,
    scope: typeof value.scope === 'string' ? value.scope : 'openid',
    ...(typeof value.resource === 'string' ? { resource: value.resource } : {}),
  };
}

/** Read once at start. Under the Vite dev server there is no gateway page: development sign-in, no nonce. */
export function readPageConfig(doc: Document = document): PageConfig {
  const nonce = doc.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;
  const json = doc.getElementById('yekuo-config')?.textContent;
  if (!json) return { nonce, devSignIn: true };
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const oidc = oidcOf(parsed.oidc);
    return {
      nonce,
      devSignIn: parsed.devSignIn === true,
      ...(oidc ? { oidc } : {}),
      ...(isRecord(parsed.claims) ? { claims: parsed.claims } : {}),
    };
  } catch {
    return { nonce, devSignIn: false };
  }
}
