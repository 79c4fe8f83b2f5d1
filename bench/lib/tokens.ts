import { createSign, generateKeyPairSync } from 'node:crypto';

/** An RS256 key pair for one benchmarked system: the services read the public key from a file. */
export interface SigningKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** The claims the services read from a bearer token (docs/ARCHITECTURE.md, "Identity"). */
export interface Claims {
  sub: string;
  roles: string[];
  name?: string;
  department?: string;
  team?: string;
  regions?: string[];
  actsFor?: string[];
}

export function generateSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Signs a token the services accept (issuer and audience are the development defaults). */
export function mintToken(keys: SigningKeys, claims: Claims, ttlSeconds = 8 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const { sub, ...rest } = claims;
  const payload = { regions: [], actsFor: [], ...rest, sub, iss: 'yekuo-dev', aud: 'yekuo', iat: now, exp: now + ttlSeconds };
  const signingInput = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(keys.privateKeyPem);
  return `${signingInput}.${base64url(signature)}`;
}
