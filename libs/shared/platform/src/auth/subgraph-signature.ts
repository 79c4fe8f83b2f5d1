import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config/config';

// Subgraphs answer only the gateway (and the tools and tests that hold the gateway's key): the
// gateway signs every request it sends a subgraph with an Ed25519 private key, and each service
// verifies it with the public key before anything else runs. A service holds only the public key,
// so a compromised service cannot make a request another service would take.

/** `t=<unix seconds>;sig=<base64url Ed25519 signature of the canonical request>` */
export const SIGNATURE_HEADER = 'x-yekuo-signature';

/**
 * The headers a service acts on, signed with their values (an absent header as empty, so that
 * dropping one breaks the signature too). `content-type` is not among them: a GraphQL body is
 * signed by its hash, and a streamed upload's parts are checked by intake itself.
 */
export const SIGNED_HEADERS = ['authorization', 'idempotency-key', 'x-request-id'] as const;

/**
 * Stands for the body's hash when the body is streamed through rather than read whole (intake's
 * `/documents`): the gateway passes an upload on as it arrives, so it cannot hash it before the
 * headers go out. Such a request is still bound to its method, path, time, caller's token and
 * request id, so it cannot be made up or replayed on another route or after the window; intake
 * answers the SHA-256 of what it stored (`x-content-sha256`), which the caller can compare.
 */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** How far a request's signing time may lie from the service's clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 60;

const VERSION = 'yekuo-subgraph-v1';

type HeaderValue = string | string[] | number | undefined;

/** What is signed of one request to a subgraph. */
export interface SubgraphRequest {
  method: string;
  /** The request target as sent: path and query (`/graphql`, `/documents/abc`). */
  path: string;
  /** `bodyDigest(body)` of a body read whole, or UNSIGNED_PAYLOAD for a streamed one. */
  payload: string;
  /** The request's headers by lower-case name (only SIGNED_HEADERS are read). */
  headers: Record<string, HeaderValue>;
}

/** SHA-256 of a body, hex (the empty body's too). */
export function bodyDigest(body: string | Uint8Array = ''): string {
  return createHash('sha256').update(body).digest('hex');
}

function headerValue(value: HeaderValue): string {
  return (Array.isArray(value) ? value.join(', ') : String(value ?? '')).trim();
}

/** The text signed: version, time, method, path, payload hash and each signed header, one per line. */
export function canonicalRequest(seconds: number, request: SubgraphRequest): string {
  return [
    VERSION,
    String(seconds),
    request.method.toUpperCase(),
    request.path,
    request.payload,
    ...SIGNED_HEADERS.map((name) => `${name}:${headerValue(request.headers[name])}`),
  ].join('\n');
}

/** Signs requests to subgraphs with the gateway's private key. */
export class SubgraphSigner {
  private constructor(
    private readonly key: KeyObject,
    private readonly now: () => number,
  ) {}

  /** From an Ed25519 private key (PKCS#8 PEM); `now` in epoch milliseconds. */
  static fromPem(pem: string, now: () => number = Date.now): SubgraphSigner {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 private key, not ${key.asymmetricKeyType}`);
    return new SubgraphSigner(key, now);
  }

  /** The header to add to `request`. */
  sign(request: SubgraphRequest): Record<typeof SIGNATURE_HEADER, string> {
    const seconds = Math.floor(this.now() / 1000);
    const signature = sign(null, Buffer.from(canonicalRequest(seconds, request)), this.key).toString('base64url');
    return { [SIGNATURE_HEADER]: `t=${seconds};sig=${signature}` };
  }
}

/** Why a request was refused (for the service's own log; the caller is told only that it is unauthenticated). */
export type SignatureRefusal = 'unsigned' | 'malformed' | 'outside the time window' | 'bad signature';

const SIGNATURE_FORMAT = /^t=(\d{1,12});sig=([A-Za-z0-9_-]{86})$/;
const PUBLIC_KEY_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/** Checks requests against the gateway's public key(s). */
export class SubgraphVerifier {
  private constructor(
    private readonly keys: KeyObject[],
    private readonly now: () => number,
    private readonly windowSeconds: number,
  ) {}

  /**
   * From one or more Ed25519 public keys (SPKI PEM blocks, one after the other): during a key
   * roll the services trust the old and the new key until the gateway signs with the new one.
   */
  static fromPem(pem: string, now: () => number = Date.now, windowSeconds = SIGNATURE_WINDOW_SECONDS): SubgraphVerifier {
    const keys = (pem.match(PUBLIC_KEY_BLOCK) ?? []).map((block) => createPublicKey(block));
    if (keys.length === 0) throw new Error('expected at least one PEM public key');
    const other = keys.find((key) => key.asymmetricKeyType !== 'ed25519');
    if (other) throw new Error(`expected Ed25519 public keys, not ${other.asymmetricKeyType}`);
    return new SubgraphVerifier(keys, now, windowSeconds);
  }

  /** Undefined when `request` carries a valid signature made within the window, else why not. */
  check(request: SubgraphRequest): SignatureRefusal | undefined {
    const header = headerValue(request.headers[SIGNATURE_HEADER]);
    if (!header) return 'unsigned';
    const match = SIGNATURE_FORMAT.exec(header);
    if (!match) return 'malformed';
    const seconds = Number(match[1]);
    if (Math.abs(this.now() / 1000 - seconds) > this.windowSeconds) return 'outside the time window';
    const text = Buffer.from(canonicalRequest(seconds, request));
    const signature = Buffer.from(match[2], 'base64url');
    return this.keys.some((key) => verify(null, text, key, signature)) ? undefined : 'bad signature';
  }
}

/** Reads a key file named by `variable` at boot; a missing or unreadable file stops the start, naming the variable. */
export function readKeyFile<T>(variable: string, file: string, parse: (pem: string) => T): T {
  const path = resolve(file);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError([
      {
        variable,
        message: missing
          ? `${path} does not exist; run \`npm start\` once to create the development keys`
          : `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      },
    ]);
  }
  try {
    return parse(pem);
  } catch (error) {
    throw new ConfigError([{ variable, message: `${path} holds no usable key: ${(error as Error).message}` }]);
  }
}
