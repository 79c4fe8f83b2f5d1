import { importPKCS8, SignJWT } from 'jose';
import { isRole, type Role } from '@yekuo/events';

/** The claims of a Yekuo token, as the verifier reads them into a Principal. */
export interface TokenClaims {
  sub: string;
  roles: Role[];
  name?: string;
  department?: string;
  team?: string;
  regions?: string[];
  actsFor?: string[];
}

export interface TokenSigningOptions {
  /** The RS256 private key, PKCS#8 PEM. */
  privateKeyPem: string;
  issuer?: string;
  audience?: string;
  /** A jose time span ('8h', '15m') or an absolute epoch-seconds expiry. */
  expiresIn?: string | number;
}

/** The issuer of tokens signed with the development keys (`npm run token`, the console's development sign-in). */
export const DEVELOPMENT_TOKEN_ISSUER = 'yekuo-dev';

/** Each private key parsed once: parsing PKCS#8 costs more than the signature itself. */
const keys = new Map<string, ReturnType<typeof importPKCS8>>();
const keyOf = (pem: string) => {
  let key = keys.get(pem);
  if (!key) {
    key = importPKCS8(pem, 'RS256');
    // A PEM that does not parse is not kept: the next call reports it again.
    key.catch(() => keys.delete(pem));
    keys.set(pem, key);
  }
  return key;
};

/**
 * Signs a token shaped exactly like the ones the verifier accepts. Only development signs its own
 * tokens (`npm run token`, the gateway's development sign-in); in production an identity provider does.
 */
export async function signToken(
  claims: TokenClaims,
  { privateKeyPem, issuer = DEVELOPMENT_TOKEN_ISSUER, audience = 'yekuo', expiresIn = '8h' }: TokenSigningOptions,
): Promise<string> {
  const unknown = claims.roles.filter((r) => !isRole(r));
  if (claims.roles.length === 0 || unknown.length > 0) {
    // Fail here rather than hand out a token every service would reject.
    throw new Error(claims.roles.length === 0 ? 'At least one role is required' : `Unknown role(s): ${unknown.join(', ')}`);
  }
  const key = await keyOf(privateKeyPem);
  const payload: Record<string, unknown> = {
    roles: claims.roles,
    regions: claims.regions ?? [],
    actsFor: claims.actsFor ?? [],
  };
  if (claims.name !== undefined) payload.name = claims.name;
  if (claims.department !== undefined) payload.department = claims.department;
  if (claims.team !== undefined) payload.team = claims.team;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

/** The roles a token may carry (the event contract's), for callers that check a role before signing. */
export { ROLES as TOKEN_ROLES } from '@yekuo/events';
