import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { publishOnce, readIfExists, signToken, tempPathFor, type TokenClaims, type TokenSigningOptions } from '@yekuo/platform/core';

export interface DevKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

export const DEV_PRIVATE_KEY_FILE = 'jwt-private.pem';
export const DEV_PUBLIC_KEY_FILE = 'jwt-public.pem';
/** The gateway's Ed25519 pair for signing requests to subgraphs (SUBGRAPH_SIGNING_KEY_FILE, SUBGRAPH_VERIFY_KEY_FILE). */
export const SUBGRAPH_PRIVATE_KEY_FILE = 'subgraph-private.pem';
export const SUBGRAPH_PUBLIC_KEY_FILE = 'subgraph-public.pem';
/** The services' Ed25519 pair for signing audit anchors (AUDIT_ANCHOR_KEY_FILE; the public half for anyone checking them). */
export const AUDIT_ANCHOR_PRIVATE_KEY_FILE = 'audit-anchor.pem';
export const AUDIT_ANCHOR_PUBLIC_KEY_FILE = 'audit-anchor-public.pem';
/**
 * The notifications service's Ed25519 pair: it signs its reads of customers' contacts from intake
 * with the private key (SERVICE_SIGNING_KEY_FILE), intake checks them with the public one (CONTACT_READER_KEY_FILE).
 */
export const NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE = 'notifications-service.pem';
export const NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE = 'notifications-service-public.pem';

/**
 * Creates the dev token-signing key pair in `dir` unless it exists, and returns it.
 * Safe when several processes start at once: the private key is published with
 * link(), which fails if another process got there first, and the public key
 * is always derived from whichever private key won, so the pair always matches.
 */
export async function ensureDevKeys(dir = 'var/keys'): Promise<DevKeys> {
  // Every service signs its audit anchors with it from boot (decision 0016): made wherever the token keys are.
  await ensureAuditAnchorKeys(dir);
  // Intake opens its contact read to the notifications service when it finds this pair's public key.
  await ensureNotificationsServiceKeys(dir);
  return ensureKeyPair(dir, DEV_PRIVATE_KEY_FILE, DEV_PUBLIC_KEY_FILE, async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    return exportPKCS8(privateKey);
  });
}

/** Creates the gateway's dev Ed25519 pair for signing subgraph requests in `dir` unless it exists (as ensureDevKeys does), and returns it. */
export async function ensureSubgraphKeys(dir = 'var/keys'): Promise<DevKeys> {
  return ensureKeyPair(dir, SUBGRAPH_PRIVATE_KEY_FILE, SUBGRAPH_PUBLIC_KEY_FILE, () =>
    Promise.resolve(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' })),
  );
}

/** Creates the services' dev Ed25519 pair for signing audit anchors in `dir` unless it exists (AUDIT_ANCHOR_KEY_FILE), and returns it. */
export async function ensureAuditAnchorKeys(dir = 'var/keys'): Promise<DevKeys> {
  return ensureKeyPair(dir, AUDIT_ANCHOR_PRIVATE_KEY_FILE, AUDIT_ANCHOR_PUBLIC_KEY_FILE, () =>
    Promise.resolve(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  );
}

/** Creates the notifications service's dev Ed25519 pair in `dir` unless it exists (as ensureDevKeys does), and returns it. */
export async function ensureNotificationsServiceKeys(dir = 'var/keys'): Promise<DevKeys> {
  return ensureKeyPair(dir, NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE, NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE, () =>
    Promise.resolve(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  );
}

/** A PEM key pair in `dir`: the private key from `generate` (PKCS#8 PEM) unless present, the public one derived from it. */
async function ensureKeyPair(
  dir: string,
  privateFile: string,
  publicFile: string,
  generate: () => Promise<string | Buffer>,
): Promise<DevKeys> {
  await mkdir(dir, { recursive: true });
  const privatePath = join(dir, privateFile);
  const publicPath = join(dir, publicFile);

  let privateKeyPem = await readIfExists(privatePath);
  if (privateKeyPem === undefined) {
    await publishOnce(privatePath, String(await generate()));
    privateKeyPem = await readFile(privatePath, 'utf8');
  }

  let publicKeyPem: string;
  try {
    publicKeyPem = String(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }));
  } catch (error) {
    throw new Error(`${privatePath} is not a valid private key (${(error as Error).message}); delete ${dir} to recreate the dev keys`, {
      cause: error,
    });
  }
  if ((await readIfExists(publicPath)) !== publicKeyPem) {
    // Every racer writes identical content, so last-rename-wins is harmless.
    await writeAtomically(publicPath, publicKeyPem, 0o644);
  }
  return { privateKeyPem, publicKeyPem };
}

export type { TokenClaims } from '@yekuo/platform/core';
export type MintOptions = TokenSigningOptions;

/** Signs a dev token shaped exactly like the ones the verifier accepts. */
export const mintToken: (claims: TokenClaims, options: MintOptions) => Promise<string> = signToken;

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, content, { mode });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
