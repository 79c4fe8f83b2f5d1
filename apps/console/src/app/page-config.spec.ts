/** @jest-environment jsdom */
import { readPageConfig } from './page-config';

function pageWith(config: unknown): Document {
  const doc = document.implementation.createHTMLDocument('console');
  doc.head.innerHTML =
    '<meta name="csp-nonce" content="n0nce">' + `<script type="application/json" id="yekuo-config">${JSON.stringify(config)}</script>`;
  return doc;
}

describe('readPageConfig', () => {
  it('reads the identity provider and the claim mapping the gateway hands over', () => {
    const oidc = {
      issuer: 'https://login.example.com/realms/yekuo',
      clientId: 'yekuo-console',
      scope: 'openid profile',
      resource: 'yekuo',
    };
    const claims = { roles: 'realm_access.roles', roleNames: { 'yk-clerk': 'intake-clerk' } };
    expect(readPageConfig(pageWith({ devSignIn: false, oidc, claims }))).toEqual({ nonce: 'n0nce', devSignIn: false, oidc, claims });
  });

  it('offers only what the gateway says: no provider without issuer and client id', () => {
    expect(readPageConfig(pageWith({ devSignIn: true, oidc: { issuer: 'https://login.example.com' } }))).toEqual({
      nonce: 'n0nce',
      devSignIn: true,
    });
  });

  it('offers the development sign-in under the Vite dev server (no gateway page)', () => {
    expect(readPageConfig(document.implementation.createHTMLDocument('vite'))).toEqual({ nonce: undefined, devSignIn: true });
  });
});
