import { createPublicKey } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { ConfigError, DEVELOPMENT_TOKEN_ISSUER, ErrorCode, graphqlErrorBody, signToken, TOKEN_ROLES } from '@yekuo/platform/core';

/** How long a token from the development sign-in lasts (a working day). */
export const DEV_TOKEN_TTL = '8h';

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses.
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters');

/** What the development sign-in page sends: who to be, with which roles, team, regions, department and customers acted for. */
export const devTokenRequest = z
  .object({
    sub: text(100),
    roles: z.array(z.enum(TOKEN_ROLES)).min(1).max(TOKEN_ROLES.length),
    name: text(100).optional(),
    team: text(100).optional(),
    department: text(100).optional(),
    regions: z.array(text(20)).max(50).optional(),
    // Customers are known by their id (a UUID), as the services' token check requires.
    actsFor: z.array(z.uuid()).max(50).optional(),
  })
  .refine((request) => !request.roles.includes('customer') || z.uuid().safeParse(request.sub).success, {
    path: ['sub'],
    message: "a customer's user id is the customer's id (a UUID)",
  });

export interface DevSignInSettings {
  /** The development token key (PKCS#8 PEM), the private half of the key the gateway and the services verify with. */
  privateKeyPem: string;
  /** The key tokens are verified with (JWT_PUBLIC_KEY_FILE); undefined when they are verified against a provider's JWKS. */
  publicKeyPem: string | undefined;
  issuer: string;
  audience: string;
  /** JWT_CLAIMS is set: tokens are read under a provider's claim names, not the ones this signs. */
  claimsMapped: boolean;
  production: boolean;
}

/**
 * Refuses to boot a development sign-in that could mint tokens anything but a development
 * system accepts: only in development, only for the development issuer, and only with the
 * private half of the very key tokens are verified with (a provider's key never reaches here).
 */
export function assertDevelopmentKeys(settings: DevSignInSettings): void {
  const problems: string[] = [];
  if (settings.production) problems.push('is refused when NODE_ENV=production');
  if (settings.issuer !== DEVELOPMENT_TOKEN_ISSUER) {
    problems.push(`needs the development issuer (JWT_ISSUER=${DEVELOPMENT_TOKEN_ISSUER}), not "${settings.issuer}"`);
  }
  if (settings.claimsMapped) problems.push("is refused with JWT_CLAIMS: its tokens carry Yekuo's claim names, not a provider's");
  let derived: string | undefined;
  try {
    derived = createPublicKey(settings.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    problems.push('is not a private key');
  }
  if (settings.publicKeyPem === undefined) {
    problems.push(
      "is refused with JWT_JWKS_URL: tokens are verified with the identity provider's keys, which never sign development tokens",
    );
  } else if (derived !== undefined && derived.trim() !== settings.publicKeyPem.trim()) {
    problems.push('is not the private half of JWT_PUBLIC_KEY_FILE');
  }
  if (problems.length > 0) throw new ConfigError(problems.map((message) => ({ variable: 'DEV_SIGN_IN_KEY_FILE', message })));
}

/**
 * `POST /dev/token`: the development sign-in's token endpoint. The console's sign-in page lists
 * the roles and lets a developer set team, regions, department and actsFor; this signs that
 * token. It exists only while the development keys are in use (see assertDevelopmentKeys); a
 * gateway without DEV_SIGN_IN_KEY_FILE has no such route (404). Call assertDevelopmentKeys first.
 */
export function devSignInRouter(settings: DevSignInSettings, limit: RequestHandler): Router {
  const router = express.Router();
  router.post('/token', limit, express.json({ limit: '16kb' }), (req, res, next) => {
    const parsed = devTokenRequest.safeParse(req.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ field: ['input', ...issue.path].join('.'), message: issue.message }));
      res.status(400).json(graphqlErrorBody('Invalid sign-in', { code: ErrorCode.VALIDATION_FAILED, fields }));
      return;
    }
    signToken(parsed.data, {
      privateKeyPem: settings.privateKeyPem,
      issuer: settings.issuer,
      audience: settings.audience,
      expiresIn: DEV_TOKEN_TTL,
    }).then((token) => {
      res.setHeader('cache-control', 'no-store');
      res.json({ token, expiresIn: DEV_TOKEN_TTL });
    }, next);
  });
  return router;
}
