// `node scripts/image/dev-keys.mjs [dir]`: the development key pairs in `dir` (var/keys by
// default), for the `keys` container of docker-compose.yml, which runs it from the Dockerfile's
// `dev-keys` stage: plain Node, no dependencies, nothing of it in a service's image.
//
// Writes what `ensureDevKeys`, `ensureSubgraphKeys`, `ensureAuditAnchorKeys` and
// `ensureNotificationsServiceKeys` of @yekuo/testing (libs/shared/testing/src/dev-keys.ts) write
// and read: jwt-private.pem (PKCS#8, RSA 2048), subgraph-private.pem (PKCS#8, Ed25519: the gateway
// signs its subgraph requests with it), audit-anchor.pem (PKCS#8, Ed25519: the services sign their
// audit anchors with it) and notifications-service.pem (PKCS#8, Ed25519: the notifications service
// signs its contact reads from intake with it), mode 0600, each published once and kept when
// present, and jwt-public.pem, subgraph-public.pem, audit-anchor-public.pem and
// notifications-service-public.pem (SPKI, mode 0644), always derived from their private key. A
// unit test (dev-keys.spec.ts) holds the two to the same files.
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chownSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

function readIfExists(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

const tempPathFor = (path) => `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

/** Publishes `content` at `path` unless it exists (link of a complete file), so racing writers agree on one. */
function publishOnce(path, content) {
  const temp = tempPathFor(path);
  writeFileSync(temp, content, { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
}

function writeAtomically(path, content, mode) {
  const temp = tempPathFor(path);
  writeFileSync(temp, content, { mode });
  renameSync(temp, path);
}

/** The pair in `privateFile` and `publicFile` of `dir`: the private key made by `generate` unless present, the public one derived. */
function ensurePair(dir, privateFile, publicFile, generate) {
  const privatePath = join(dir, privateFile);
  const publicPath = join(dir, publicFile);
  if (readIfExists(privatePath) === undefined) publishOnce(privatePath, generate().export({ type: 'pkcs8', format: 'pem' }));
  let publicKeyPem;
  try {
    publicKeyPem = createPublicKey(readFileSync(privatePath, 'utf8')).export({ type: 'spki', format: 'pem' });
  } catch (error) {
    process.stderr.write(`${privatePath} is not a valid private key (${error.message}); delete ${dir} to recreate the development keys\n`);
    process.exit(1);
  }
  if (readIfExists(publicPath) !== publicKeyPem) writeAtomically(publicPath, publicKeyPem, 0o644);
}

const dir = process.argv[2] ?? 'var/keys';
mkdirSync(dir, { recursive: true });
ensurePair(dir, 'jwt-private.pem', 'jwt-public.pem', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
ensurePair(dir, 'subgraph-private.pem', 'subgraph-public.pem', () => generateKeyPairSync('ed25519').privateKey);
ensurePair(dir, 'audit-anchor.pem', 'audit-anchor-public.pem', () => generateKeyPairSync('ed25519').privateKey);
ensurePair(dir, 'notifications-service.pem', 'notifications-service-public.pem', () => generateKeyPairSync('ed25519').privateKey);
// The gateway's image runs as an unprivileged user that must read its signing key (mode 0600):
// GATEWAY_KEY_OWNER=uid:gid (docker-compose.yml) hands that one file to it.
if (process.env.GATEWAY_KEY_OWNER) {
  const [uid, gid] = process.env.GATEWAY_KEY_OWNER.split(':').map(Number);
  chownSync(join(dir, 'subgraph-private.pem'), uid, gid);
}
// So do the services' images, which sign their audit anchors (and the notifications service its
// contact reads): SERVICE_KEY_OWNER=uid:gid hands them those files.
if (process.env.SERVICE_KEY_OWNER) {
  const [uid, gid] = process.env.SERVICE_KEY_OWNER.split(':').map(Number);
  chownSync(join(dir, 'audit-anchor.pem'), uid, gid);
  chownSync(join(dir, 'notifications-service.pem'), uid, gid);
}
process.stdout.write(`development keys ready in ${dir}\n`);
