import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Request, type Router } from 'express';
import type { ClaimMapping } from '@yekuo/platform/core';
import type { OidcSettings } from './config';

/** What the console reads at start from its page (never a secret): which sign-in to offer, and how to read a token. */
export interface ConsolePageConfig {
  /** The gateway serves `POST /dev/token` (development keys in use). */
  devSignIn: boolean;
  /** The organisation's OpenID Connect provider people sign in with (authorization code with PKCE, in the browser). */
  oidc?: OidcSettings;
  /** Where Yekuo's claims are in the provider's tokens (JWT_CLAIMS): the console reads who signed in as the services do. */
  claims?: ClaimMapping;
}

/** Paths the gateway answers itself; everything else a browser asks for as a page is the console. */
const API_PREFIXES = ['/graphql', '/documents', '/reports', '/health', '/dev/'];

/**
 * The Content-Security-Policy of the console's page. Scripts only from the gateway itself; styles
 * from its files and from the `<style>` elements Ant Design writes, each carrying this page's nonce
 * (the console hands it to Ant Design's ConfigProvider); images and previewed PDFs also as `blob:`
 * (downloaded through the API with the token); calls only to the gateway, and to the identity
 * provider at `providerOrigin` when there is one (its discovery document and token endpoint).
 */
export function consoleCsp(nonce: string, providerOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'report-sample'",
    `style-src 'self' 'nonce-${nonce}' 'report-sample'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${providerOrigin ? ` ${providerOrigin}` : ''}`,
    "frame-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function isPageRequest(req: Request): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    !API_PREFIXES.some(
      (prefix) => req.path === prefix.replace(/\/$/, '') || req.path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
    ) &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

/**
 * Serves the built console (`apps/console/dist`) at `/`: its hashed assets as immutable files, and
 * for every other page a browser asks for, its `index.html` with a fresh nonce and the page config,
 * under the console's CSP. Undefined when the console is not built in `dir` (the graph still runs).
 */
export function consoleRouter(dir: string, config: ConsolePageConfig): Router | undefined {
  const indexFile = resolve(dir, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const template = readFileSync(indexFile, 'utf8');
  if (!template.includes('</head>')) throw new Error(`${indexFile} has no </head>`);
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  const providerOrigin = config.oidc && new URL(config.oidc.issuer).origin;

  const router = express.Router();
  // Vite names every asset by its content hash: a browser may keep it for a year.
  router.use('/assets', express.static(join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(dir, { index: false }));
  router.use((req, res, next) => {
    if (!isPageRequest(req)) {
      next();
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    const head =
      `<meta name="csp-nonce" content="${nonce}">` +
      `<script type="application/json" id="yekuo-config" nonce="${nonce}">${configJson}</script></head>`;
    res.setHeader('content-security-policy', consoleCsp(nonce, providerOrigin));
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(template.replace('</head>', head));
  });
  return router;
}
