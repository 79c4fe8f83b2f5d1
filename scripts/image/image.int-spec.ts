// What the Dockerfile's runtime stage does, without Docker: the assemble script makes intake's
// tree from the built workspace, the keys script makes the signing keys, and the tree starts
// with `node .` as an unprivileged user on a fresh database and its own queues, until
// /health/ready answers 200. Needs the build output (`npm run build`; `npm test` builds first).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { SubgraphSigner } from '@yekuo/platform/core';
import { TestRun, ensureDevKeys, freePort, mintToken, signRequestsTo, subgraphFetch } from '@yekuo/testing';

const ROOT = join(__dirname, '..', '..');
const NOBODY = 65534;
const AS_ROOT = process.getuid?.() === 0;
const READY_TIMEOUT_MS = 60_000;

/** Development tools that must never reach an image. */
const DEVELOPMENT_ONLY = ['jest', 'typescript', 'tsx', 'eslint', 'prettier', '@swc/core', 'nx', '@yekuo/testing'];

interface Lockfile {
  packages: Record<string, { dev?: boolean; link?: boolean; resolved?: string }>;
}

/** Runs the assemble script as the Dockerfile does; resolves when the tree is written. */
function assemble(project: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'image', 'assemble.ts'), project, out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`assemble ${project} failed (${code}):\n${text}`))));
  });
}

/** Every file of the tree, relative to it (symbolic links not followed). */
function filesOf(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesOf(path, base) : [relative(base, path)];
  });
}

/** The package directories under a node_modules directory (`pg`, `@nestjs/core`, nested ones too), as lockfile paths. */
function installedPackages(tree: string, dir = 'node_modules'): string[] {
  if (!existsSync(join(tree, dir))) return [];
  return readdirSync(join(tree, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.name.startsWith('.')) return [];
    if (entry.name.startsWith('@')) return installedPackages(tree, path);
    return [path, ...installedPackages(tree, posix.join(path, 'node_modules'))];
  });
}

/** Workspace libraries a workspace needs at run time, transitively (paths), from the package.json files. */
function workspaceClosure(project: string, lock: Lockfile): string[] {
  const found = new Set<string>();
  const visit = (path: string) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, path, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const link = lock.packages[`node_modules/${name}`];
      if (link?.link && link.resolved && !found.has(link.resolved)) {
        found.add(link.resolved);
        visit(link.resolved);
      }
    }
  };
  visit(project);
  return [...found].sort();
}

function expectOnlyRuntimeContent(tree: string, project: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
  const shared = join(tree, 'libs', 'shared');
  const libraries = existsSync(shared) ? readdirSync(shared).map((name) => `libs/shared/${name}`) : [];
  expect(libraries.sort()).toEqual(workspaceClosure(project, lock));

  for (const name of DEVELOPMENT_ONLY) expect(existsSync(join(tree, 'node_modules', name))).toBe(false);
  const packages = [project, ...libraries]
    .flatMap((workspace) => installedPackages(tree, `${workspace}/node_modules`))
    .concat(installedPackages(tree).filter((path) => !path.startsWith('node_modules/@yekuo/')));
  expect(packages.length).toBeGreaterThan(50);
  const development = packages.filter((path) => !lock.packages[path] || lock.packages[path].dev);
  expect(development).toEqual([]);

  const ours = filesOf(tree).filter((file) => !file.split('/').includes('node_modules'));
  expect(ours.filter((file) => /\.(spec|int-spec|e2e-spec)\.|\.ts$|tsbuildinfo/.test(file))).toEqual([]);
  expect(ours.filter((file) => file.split('/').includes('src'))).toEqual([]);
}

describe('the image tree', () => {
  const work = mkdtempSync(join(tmpdir(), 'yekuo-image-'));
  chmodSync(work, 0o755); // the unprivileged user reaches the tree through it
  const run = new TestRun();
  let child: ChildProcess | undefined;
  let port = 0;
  let exited: Promise<void> = Promise.resolve();
  const output: string[] = [];
  const trees = { intake: join(work, 'intake'), gateway: join(work, 'gateway') };
  let assembled: Record<keyof typeof trees, Promise<void>>;

  beforeAll(() => {
    for (const main of ['services/intake/dist/main.js', 'gateway/dist/main.js']) {
      if (!existsSync(join(ROOT, main))) throw new Error(`${main} is missing: build first (npm run build)`);
    }
    // Both trees at once; each group below waits for its own.
    assembled = { intake: assemble('intake', trees.intake), gateway: assemble('gateway', trees.gateway) };
    for (const promise of Object.values(assembled)) promise.catch(() => undefined);
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await run.cleanUp(['intake']);
    rmSync(work, { recursive: true, force: true });
    rmSync(run.keyDir, { recursive: true, force: true });
  }, 30_000);

  describe('of intake', () => {
    const tree = trees.intake;

    beforeAll(() => assembled.intake, 60_000);

    it('names intake’s entry in the tree’s manifest and ships the time-limit data', () => {
      const manifest = JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')) as { main: string };
      expect(manifest.main).toBe('services/intake/dist/main.js');
      expect(existsSync(join(tree, manifest.main))).toBe(true);
      expect(existsSync(join(tree, 'libs/shared/timelimits/data/time-limits.json'))).toBe(true);
    });

    it('holds the workspace libraries intake uses and their production dependencies, no development dependency and no test', () => {
      expectOnlyRuntimeContent(tree, 'services/intake');
      expect(existsSync(join(tree, 'node_modules/@aws-sdk/client-s3/package.json'))).toBe(true);
    });

    it('creates its database roles with provision-database, then runs as an unprivileged user until /health/ready answers 200', async () => {
      // As in the image: the keys container writes the key pair; the service may write only var/.
      const keys = join(tree, 'var', 'keys');
      // The service signs its audit anchors with audit-anchor.pem (mode 0600): handed to the user it runs as, as in compose.
      const keyScript = spawnSync(process.execPath, [join(ROOT, 'scripts', 'image', 'dev-keys.mjs'), keys], {
        encoding: 'utf8',
        env: { ...process.env, ...(AS_ROOT ? { SERVICE_KEY_OWNER: `${NOBODY}:${NOBODY}` } : {}) },
      });
      expect(keyScript.status).toBe(0);
      mkdirSync(join(tree, 'var', 'documents'));
      if (AS_ROOT) chownSync(join(tree, 'var', 'documents'), NOBODY, NOBODY);

      port = await freePort();
      const env = {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        // The service's runtime role, and its owner role for migrations (decision 0015).
        DATABASE_URL: run.env('intake').DATABASE_URL,
        DATABASE_OWNER_URL: run.env('intake').DATABASE_OWNER_URL,
        AMQP_URL: run.amqpUrl,
        AMQP_EXCHANGE: run.exchange,
        AMQP_QUEUE_PREFIX: run.queuePrefix,
        PII_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        PII_ACTIVE_KEY_ID: 'k1',
        PII_HMAC_KEY: randomBytes(32).toString('base64'),
        DOCUMENT_KEYS: `d1:${randomBytes(32).toString('base64')}`,
        DOCUMENT_ACTIVE_KEY_ID: 'd1',
        TIME_LIMIT_SWEEP_MS: '0',
        TICKET_ESCALATION_INTERVAL_MS: '0',
        MANAGEMENT_PORT: '0',
        LOG_LEVEL: 'warn',
      };
      const [command, args] = AS_ROOT
        ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '.']]
        : [process.execPath, ['.']];

      // The one-shot bootstrap the image runs before the service: roles and database, as a superuser.
      const provision = spawnSync(command, [...args, 'provision-database'], {
        cwd: tree,
        env: { ...env, DATABASE_ADMIN_URL: `${run.pgUrl}/postgres` },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: provision.status, stderr: provision.stderr }).toEqual({ status: 0, stderr: '' });
      expect(provision.stdout).toMatch(/database yekuo_intake_t\w+ created: owned by yekuo_intake_owner, used by yekuo_intake_app/);

      const started = spawn(command, args, { cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      for (const stream of [started.stdout, started.stderr]) createInterface({ input: stream }).on('line', (line) => output.push(line));

      const deadline = Date.now() + READY_TIMEOUT_MS;
      let status = 0;
      while (status !== 200) {
        if (started.exitCode !== null || started.signalCode !== null) {
          throw new Error(
            `intake exited (${started.signalCode ?? started.exitCode}) before it was ready:\n${output.slice(-40).join('\n')}`,
          );
        }
        if (Date.now() > deadline) throw new Error(`intake was not ready within ${READY_TIMEOUT_MS} ms:\n${output.slice(-40).join('\n')}`);
        status = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
          (response) => response.status,
          () => 0,
        );
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status).toBe(200);

      // setpriv exec()s node: the process serving is the unprivileged one.
      const uids = /^Uid:\s+(.+)$/m
        .exec(readFileSync(`/proc/${started.pid}/status`, 'utf8'))?.[1]
        .split(/\s+/)
        .map(Number);
      expect(uids).toEqual(Array(4).fill(AS_ROOT ? NOBODY : process.getuid!()));
      expect(statSync(join(keys, 'jwt-public.pem')).mode & 0o777).toBe(0o644);
    }, 90_000);

    it('verifies tokens signed with the key pair the keys script made, the development kit’s own', async () => {
      const keys = join(tree, 'var', 'keys');
      const publicBefore = readFileSync(join(keys, 'jwt-public.pem'), 'utf8');
      const { privateKeyPem } = await ensureDevKeys(keys);
      expect(readFileSync(join(keys, 'jwt-public.pem'), 'utf8')).toBe(publicBefore);
      // Signed as the gateway signs, with the subgraph key the keys script made beside the token keys.
      const url = `http://127.0.0.1:${port}/graphql`;
      signRequestsTo(url, SubgraphSigner.fromPem(readFileSync(join(keys, 'subgraph-private.pem'), 'utf8')));

      const query = (headers: Record<string, string>) =>
        subgraphFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ myCases { edges { node { id } } } }' }),
        }).then((response) => response.json() as Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>);

      const token = await mintToken({ sub: '5e0d1c2b-3a4f-4e6d-9c8b-7a6f5e4d3c2b', roles: ['customer'] }, { privateKeyPem });
      expect(await query({ authorization: `Bearer ${token}` })).toEqual({ data: { myCases: { edges: [] } } });
      const anonymous = await query({});
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('of the gateway', () => {
    const tree = trees.gateway;

    beforeAll(() => assembled.gateway, 60_000);

    it('holds the gateway, its supergraph and the libraries it uses, no development dependency and no test', () => {
      const manifest = JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')) as { main: string };
      expect(manifest.main).toBe('gateway/dist/main.js');
      expect(readFileSync(join(tree, 'gateway/supergraph.graphql'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'gateway/supergraph.graphql'), 'utf8'),
      );
      expectOnlyRuntimeContent(tree, 'gateway');
    });
  });
});
