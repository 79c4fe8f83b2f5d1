// `node scripts/image/dev-keys.mjs [dir]`: the development JWT key pair in `dir` (var/keys by
// default), for the `keys` container of docker-compose.yml, which runs it from the Dockerfile's
// `dev-keys` stage: plain Node, no dependencies, nothing of it in a service's image.
//
// Writes what `ensureDevKeys` of @yekuo/testing (libs/shared/testing/src/dev-keys.ts) writes and
// reads: jwt-private.pem (PKCS#8, RSA 2048, mode 0600), published once and kept when present,
// and jwt-public.pem (SPKI, mode 0644), always derived from the private key. A unit test
// (dev-keys.spec.ts) holds the two to the same files.
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const PRIVATE_KEY_FILE = 'jwt-private.pem';
const PUBLIC_KEY_FILE = 'jwt-public.pem';

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

const dir = process.argv[2] ?? 'var/keys';
mkdirSync(dir, { recursive: true });
const privatePath = join(dir, PRIVATE_KEY_FILE);
const publicPath = join(dir, PUBLIC_KEY_FILE);

if (readIfExists(privatePath) === undefined) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publishOnce(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
}
let publicKeyPem;
try {
  publicKeyPem = createPublicKey(readFileSync(privatePath, 'utf8')).export({ type: 'spki', format: 'pem' });
} catch (error) {
  process.stderr.write(`${privatePath} is not a valid private key (${error.message}); delete ${dir} to recreate the development keys\n`);
  process.exit(1);
}
if (readIfExists(publicPath) !== publicKeyPem) writeAtomically(publicPath, publicKeyPem, 0o644);
process.stdout.write(`development keys ready in ${dir}\n`);
