import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createRemoteJWKSet, type CryptoKey, errors, importSPKI, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '../errors/domain-error';
import { type ClaimMapping, mapClaims } from './claim-mapping';
import { Principal } from './principal';
import { Role, isRole } from '@yekuo/events';

/** Asymmetric signature algorithms a token may be signed with; never HS* (a shared secret) nor `none`. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** How long a fetch of the provider's JWKS may take: a request that needs it waits that long at most. */
export const JWKS_TIMEOUT_MS = 3_000;
/**
 * How long the provider's JWKS is used before it is fetched again: a key the provider removed is
 * trusted that long at most (and a token already verified with it until its `exp`).
 */
export const JWKS_MAX_AGE_MS = 600_000;
/**
 * The least time between two fetches of the JWKS set off by tokens naming a `kid` it lacks: forged
 * `kid`s cost the provider one fetch per process in that time, and a rotated key is picked up within it.
 */
export const JWKS_COOLDOWN_MS = 30_000;

interface JwtCheck {
  issuer: string;
  audience: string;
  /** The algorithms accepted, pinned (RS256 unless told). */
  algorithms?: readonly JwtAlgorithm[];
  /** Where Yekuo's claims are in the provider's tokens; under their own names when absent. */
  claims?: ClaimMapping;
}

/** Where the key tokens are verified with comes from. */
export type JwtKeySource =
  /** One public key (SPKI PEM): the development keys, or a provider's key handed over as a file. */
  | { publicKeyPem: string }
  /**
   * An identity provider's JWKS: each token's key chosen by its `kid`, the set fetched again when a
   * token names a `kid` it lacks (the provider rotated its key; at most once per `jwksCooldownMs`)
   * and once it is JWKS_MAX_AGE_MS old. `log` hears when the JWKS cannot be fetched, and when it is back.
   */
  | { jwksUrl: string | URL; jwksCooldownMs?: number; log?: (line: string) => void };

export type JwtVerifierOptions = JwtCheck & JwtKeySource;

/** What a process's configuration says about tokens (jwtSettingsOf). */
export interface JwtSettings extends JwtCheck {
  /** Path to the public key (SPKI PEM), relative to the working directory; read only without `jwksUrl`. */
  publicKeyFile: string;
  /** The identity provider's JWKS; when set, tokens are verified against it and the key file is not read. */
  jwksUrl?: string;
  jwksCooldownMs?: number;
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

/** A verifier for `settings`, ready: a missing or bad key file fails here, at boot (a JWKS that does not answer is logged). */
export async function createJwtVerifier(settings: JwtSettings, log: (line: string) => void): Promise<JwtVerifier> {
  const { issuer, audience, algorithms, claims, jwksUrl, jwksCooldownMs } = settings;
  const source: JwtKeySource = jwksUrl
    ? { jwksUrl, jwksCooldownMs, log }
    : { publicKeyPem: await readPublicKeyFile(settings.publicKeyFile) };
  const verifier = new JwtVerifier({ issuer, audience, algorithms, claims, ...source });
  await verifier.ready();
  return verifier;
}

/** Tokens a process keeps as verified; the oldest is forgotten first. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/** The provider's JWKS could not be fetched (or read): no token can be checked, through no fault of its bearer. */
class KeysUnavailable extends Error {}

/**
 * Verifies bearer tokens and turns their claims (mapped to Yekuo's names, see ClaimMapping) into a
 * Principal. A token verified once is remembered until its `exp` (the gateway forwards the same
 * token to every subgraph a request touches, and a client sends it with every request), so the
 * signature is checked once per token, not once per request; an expired token is refused as before.
 */
export class JwtVerifier {
  private readonly algorithms: JwtAlgorithm[];
  private readonly key: JWTVerifyGetKey;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly fileKeys = new Map<string, Promise<CryptoKey>>();
  private jwksDown = false;
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly options: JwtVerifierOptions) {
    this.algorithms = options.algorithms?.length ? [...options.algorithms] : ['RS256'];
    if ('publicKeyPem' in options) {
      this.key = (header) => this.fileKey(options.publicKeyPem, header.alg);
      return;
    }
    const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: JWKS_TIMEOUT_MS,
      cooldownDuration: options.jwksCooldownMs ?? JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_MAX_AGE_MS,
    });
    this.jwks = jwks;
    this.key = async (header, token) => {
      try {
        const found = await jwks(header, token);
        this.jwksAnswered();
        return found;
      } catch (error) {
        // A `kid` the provider does not publish (even after fetching the set again) is the token's fault.
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
          this.jwksAnswered();
          throw error;
        }
        this.jwksFailed(error);
        throw new KeysUnavailable();
      }
    };
  }

  /**
   * Call at boot. A key file that is not a key fails the start: it is a configuration error, not
   * the caller's. A JWKS that cannot be fetched does not: the provider is another system, which may
   * be down or still starting, and a service that stopped for it would restart in a loop (taking its
   * health checks and token-free routes down with it) without making the provider answer. So it is
   * logged, requests are refused as UNAUTHENTICATED saying why, and each one tries the JWKS again.
   */
  async ready(): Promise<void> {
    const { options } = this;
    if ('publicKeyPem' in options) {
      await Promise.all(this.algorithms.map((alg) => this.fileKey(options.publicKeyPem, alg)));
      return;
    }
    await this.jwks!.reload().then(
      () => this.jwksAnswered(),
      (error: unknown) => this.jwksFailed(error),
    );
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return copyOf(known.principal);
    if (known) this.verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        // Pinning the algorithms stops HS256-with-the-public-key and "none" tricks.
        algorithms: this.algorithms,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof KeysUnavailable) {
        throw new UnauthenticatedError("The token cannot be checked now: the identity provider's signing keys cannot be fetched");
      }
      throw new UnauthenticatedError(`Invalid token: ${reasonOf(error, this.algorithms)}`);
    }
    const principal = toPrincipal(mapClaims(payload, this.options.claims), this.options.claims?.roleNames !== undefined);
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

  /** The key file imported for `alg` (a key serves one algorithm), once per algorithm. */
  private fileKey(pem: string, alg: string): Promise<CryptoKey> {
    let key = this.fileKeys.get(alg);
    if (!key) {
      key = importSPKI(pem, alg).catch((error: unknown) => {
        this.fileKeys.delete(alg);
        throw new Error(`JWT public key is not a valid ${alg} SPKI PEM: ${(error as Error).message}`);
      });
      this.fileKeys.set(alg, key);
    }
    return key;
  }

  private jwksFailed(error: unknown): void {
    if (this.jwksDown || 'publicKeyPem' in this.options) return;
    this.jwksDown = true;
    this.options.log?.(
      `The JWKS at ${String(this.options.jwksUrl)} cannot be fetched (${describeFetchFailure(error)}); ` +
        'tokens are refused as UNAUTHENTICATED until it answers',
    );
  }

  private jwksAnswered(): void {
    if (!this.jwksDown || 'publicKeyPem' in this.options) return;
    this.jwksDown = false;
    this.options.log?.(`The JWKS at ${String(this.options.jwksUrl)} answers again`);
  }
}

/** Why a fetch of the JWKS failed, e.g. ECONNREFUSED (fetch hides it in `cause`). */
function describeFetchFailure(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  if (e?.code === 'ERR_JWKS_TIMEOUT') return `no answer within ${JWKS_TIMEOUT_MS} ms`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'unknown failure';
}

/** Each caller gets its own copy, so no request can change what another one reads. */
function copyOf(principal: Principal): Principal {
  return { ...principal, roles: [...principal.roles], regions: [...principal.regions], actsFor: [...principal.actsFor] };
}

/** A short reason the caller can act on; never the token itself. */
function reasonOf(error: unknown, algorithms: readonly string[]): string {
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
      return `algorithm not allowed (${algorithms.join(', ')} required)`;
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'signed with a key the identity provider does not publish';
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'its key id names several keys';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return 'malformed';
    default:
      return 'could not be verified';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Principal of verified claims under Yekuo's names; `rolesMapped`: only the roles the claim mapping names were kept. */
function toPrincipal(payload: JWTPayload, rolesMapped: boolean): Principal {
  const fail = (reason: string): never => {
    throw new UnauthenticatedError(`Invalid token: ${reason}`);
  };
  const { sub, roles, name, department, team, regions, actsFor } = payload;
  if (typeof sub !== 'string' || sub === '') fail('missing sub claim');
  if (rolesMapped && Array.isArray(roles) && roles.length === 0)
    fail("none of the token's roles is mapped to a Yekuo role (JWT_CLAIMS roleNames)");
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
