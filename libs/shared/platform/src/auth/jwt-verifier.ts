import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CryptoKey, type JWTPayload, importSPKI, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../errors/domain-error';
import { Principal } from './principal';
import { Role, isRole } from '@yekuo/events';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  publicKeyPem: string;
}

/** Reads the RS256 public key (SPKI PEM) at `file`, relative to the working directory; a missing file says how to make one. */
export async function readPublicKeyFile(file: string): Promise<string> {
  const path = resolve(file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`JWT public key file ${path} does not exist; run \`npm start\` or \`npm run token\` once to create dev keys`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Tokens a process keeps as verified; the oldest is forgotten first. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * Verifies RS256 bearer tokens and turns their claims into a Principal. A token verified
 * once is remembered until its `exp` (the gateway forwards the same token to every subgraph
 * a request touches, and a client sends it with every request), so the signature is checked
 * once per token, not once per request; an expired token is refused as before.
 */
export class JwtVerifier {
  private key?: Promise<CryptoKey>;
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly options: JwtVerifierOptions) {}

  /**
   * Imports the public key. Call at boot so a bad key fails the start rather
   * than every request; a bad key is a configuration error, not the caller's.
   */
  ready(): Promise<void> {
    return this.publicKey().then(() => undefined);
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return copyOf(known.principal);
    if (known) this.verified.delete(token);
    const key = await this.publicKey();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        // Pinning the algorithm stops HS256-with-the-public-key and "none" tricks.
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(`Invalid token: ${reasonOf(error)}`);
    }
    const principal = toPrincipal(payload);
    this.remember(token, principal, (payload.exp as number) * 1000);
    return copyOf(principal);
  }

  private remember(token: string, principal: Principal, expiresAt: number): void {
    if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { principal, expiresAt });
  }

  private publicKey(): Promise<CryptoKey> {
    this.key ??= importSPKI(this.options.publicKeyPem, 'RS256').catch((error: unknown) => {
      this.key = undefined;
      throw new Error(`JWT public key is not a valid RS256 SPKI PEM: ${(error as Error).message}`);
    });
    return this.key;
  }
}

/** Each caller gets its own copy, so no request can change what another one reads. */
function copyOf(principal: Principal): Principal {
  return { ...principal, roles: [...principal.roles], regions: [...principal.regions], actsFor: [...principal.actsFor] };
}

/** A short reason the caller can act on; never the token itself. */
function reasonOf(error: unknown): string {
  const e = error as { code?: string; claim?: string; reason?: string };
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- codes are open-ended strings; all others fall to default.
  switch (e?.code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (e.reason === 'missing') return `missing ${e.claim} claim`;
      if (e.claim === 'iss') return 'wrong issuer';
      if (e.claim === 'aud') return 'wrong audience';
      if (e.claim === 'nbf') return 'not yet valid';
      return `bad ${e.claim} claim`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad signature';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm not allowed (RS256 required)';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return 'malformed';
    default:
      return 'could not be verified';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toPrincipal(payload: JWTPayload): Principal {
  const fail = (reason: string): never => {
    throw new UnauthenticatedError(`Invalid token: ${reason}`);
  };
  const { sub, roles, name, department, team, regions, actsFor } = payload;
  if (typeof sub !== 'string' || sub === '') fail('missing sub claim');
  if (!Array.isArray(roles) || roles.length === 0) fail('roles claim must be a non-empty array');
  const unknown = (roles as unknown[]).filter((r) => !isRole(r));
  if (unknown.length > 0) fail(`unknown role(s) ${unknown.map(String).join(', ')}`);
  const optionalString = (claim: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : fail(`${claim} claim must be a string`);
  };
  const stringList = (claim: string, value: unknown): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(`${claim} claim must be an array of strings`);
    return [...(value as string[])];
  };
  const principal: Principal = {
    sub: sub as string,
    roles: [...new Set(roles as Role[])],
    regions: stringList('regions', regions),
    actsFor: stringList('actsFor', actsFor),
  };
  // Customers are known by their id (a UUID, intake's customer table): a customer token naming one
  // otherwise, or an agent acting for one so named, is refused here rather than by the database.
  if (principal.roles.includes('customer') && !UUID.test(principal.sub)) fail("a customer's sub claim must be the customer's id (a UUID)");
  if (principal.actsFor.some((id) => !UUID.test(id))) fail('actsFor claim must list customer ids (UUIDs)');
  // Only set optional fields that are present, so equality checks stay simple.
  const n = optionalString('name', name);
  const d = optionalString('department', department);
  const t = optionalString('team', team);
  if (n !== undefined) principal.name = n;
  if (d !== undefined) principal.department = d;
  if (t !== undefined) principal.team = t;
  return principal;
}
