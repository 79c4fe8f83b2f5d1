// `npx tsx scripts/image/assemble.ts <project> <out-dir>`: the runtime tree of one project (a
// service or the gateway), as its image ships it. The Dockerfile's build stage runs it, and so
// does a test outside Docker (scripts/image/image.int-spec.ts), on a built workspace:
//
//   <out-dir>/package.json                    the tree's manifest; `main` is the project's entry, so `node .` starts it
//   <out-dir>/<project>/package.json, dist/   the project's own build output
//   <out-dir>/libs/shared/<lib>/...           each workspace library it depends on, transitively: package.json and its `files`
//   <out-dir>/node_modules/...                the production dependencies of those alone, at the paths package-lock.json gives
//
// Dependencies are resolved from package-lock.json (node's lookup over the lockfile's paths),
// following `dependencies`, `optionalDependencies` and required `peerDependencies`, never
// `devDependencies`; each is copied from node_modules after checking the installed version is
// the locked one. Type declarations, build info, tests, and third-party source maps and
// documentation are left out (licences stay); every file is readable by any user, so the tree
// runs as an unprivileged one.
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';

type Dependencies = Record<string, string>;

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  link?: boolean;
  dev?: boolean;
  dependencies?: Dependencies;
  optionalDependencies?: Dependencies;
  peerDependencies?: Dependencies;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Manifest extends LockEntry {
  name: string;
  main?: string;
  files?: string[];
}

export interface ImageTree {
  /** The project's package name and its path in the workspace (and in the tree). */
  project: { name: string; path: string };
  /** The tree's entry, relative to its root: `services/intake/dist/main.js`. */
  main: string;
  /** Workspace libraries in the tree (paths), the project excluded. */
  libraries: string[];
  /** Lockfile paths of the third-party packages in the tree (`node_modules/pg`, ...). */
  packages: string[];
  /** Total size of the tree's files, in bytes. */
  bytes: number;
}

/** A problem with the workspace that makes the tree impossible or wrong; the message says what to do. */
export class AssembleError extends Error {
  override name = 'AssembleError';
}

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** What a workspace ships when its package.json has no `files`: the build output and its data. */
const DEFAULT_FILES = ['dist', 'data'];

/** Build leftovers a runtime never reads, and tests. */
const LEFT_OUT = /(\.tsbuildinfo|\.d\.ts|\.d\.ts\.map|\.(spec|int-spec|e2e-spec)\.(js|js\.map|ts))$/;

/** Files of a third-party package Node 20 never loads: type declarations, TypeScript sources, source maps, documentation. */
const THIRD_PARTY_LEFT_OUT = /\.(d\.[cm]?ts|[cm]?ts|map|md|markdown)$/i;

/** Licence texts stay whatever their extension. */
const LICENCE = /^(licen[cs]e|copying|notice)/i;

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * The runtime dependencies of a manifest or lockfile entry: name -> whether it may be absent
 * (an optional dependency a platform could not install). An optional peer is left out: a
 * package that can use it when present (as @nestjs/graphql can use TypeScript) runs without it,
 * and it is here only when something else needs it.
 */
function runtimeDependencies(entry: LockEntry): Map<string, boolean> {
  const needed = new Map<string, boolean>();
  for (const name of Object.keys(entry.dependencies ?? {})) needed.set(name, false);
  for (const name of Object.keys(entry.optionalDependencies ?? {})) needed.set(name, true);
  for (const name of Object.keys(entry.peerDependencies ?? {})) {
    if (!needed.has(name) && entry.peerDependenciesMeta?.[name]?.optional !== true) needed.set(name, false);
  }
  return needed;
}

function sameDependencies(a: Dependencies = {}, b: Dependencies = {}): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Node's module lookup over lockfile paths: `from`/node_modules/`name`, then each parent's. */
function resolveFrom(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = posix.dirname(dir) === '.' ? '' : posix.dirname(dir)) {
    if (posix.basename(dir) !== 'node_modules') {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (packages[candidate]) return candidate;
    }
    if (dir === '') return undefined;
  }
}

interface Workspace {
  path: string;
  manifest: Manifest;
}

/** The workspaces package-lock.json knows, by path. */
function lockedWorkspaces(packages: Record<string, LockEntry>): string[] {
  return Object.keys(packages).filter((key) => key !== '' && !key.split('/').includes('node_modules') && !packages[key].link);
}

/** Finds a project by package name (`@yekuo/intake`), short name (`intake`) or path (`services/intake`). */
export function findProject(root: string, project: string): Workspace {
  const packages = readLockfile(root).packages;
  const workspaces = lockedWorkspaces(packages);
  const matches = workspaces.filter(
    (path) => path === project || packages[path].name === project || packages[path].name === `@yekuo/${project}`,
  );
  if (matches.length !== 1) {
    const names = workspaces.map((path) => packages[path].name?.replace(/^@yekuo\//, '') ?? path).join(', ');
    throw new AssembleError(`No single workspace is "${project}"; the workspaces are: ${names}`);
  }
  return { path: matches[0], manifest: readJson<Manifest>(join(root, matches[0], 'package.json')) };
}

function readLockfile(root: string): { lockfileVersion: number; packages: Record<string, LockEntry> } {
  const lock = readJson<{ lockfileVersion: number; packages?: Record<string, LockEntry> }>(join(root, 'package-lock.json'));
  if (!lock.packages || lock.lockfileVersion < 2) {
    throw new AssembleError('package-lock.json has no "packages" map (lockfileVersion 2 or later); run npm install with npm 7 or later');
  }
  return { lockfileVersion: lock.lockfileVersion, packages: lock.packages };
}

export interface RuntimeClosure {
  project: Workspace;
  /** Workspace libraries the project needs at run time, transitively (paths). */
  libraries: string[];
  /** Third-party packages it needs at run time (lockfile paths). */
  packages: string[];
  /** Workspace links under node_modules (`node_modules/@yekuo/platform` -> `libs/shared/platform`). */
  links: Map<string, string>;
}

/** Everything one project needs at run time, from package.json files and package-lock.json; copies nothing. */
export function runtimeClosure(root: string, project: string): RuntimeClosure {
  const { packages: locked } = readLockfile(root);
  const target = findProject(root, project);
  const manifests = new Map<string, Manifest>();
  const libraries = new Set<string>();
  const packages = new Set<string>();
  const links = new Map<string, string>();
  const visited = new Set<string>();
  const queue = [target.path];
  const workspaces = new Set(lockedWorkspaces(locked));

  const entryOf = (key: string): LockEntry => {
    if (!workspaces.has(key)) return locked[key];
    // A workspace's own package.json is the truth; the lockfile must agree with it, as `npm ci` requires.
    const manifest = manifests.get(key) ?? readJson<Manifest>(join(root, key, 'package.json'));
    manifests.set(key, manifest);
    const entry = locked[key];
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
      if (!sameDependencies(manifest[field], entry[field])) {
        throw new AssembleError(`${key}/package.json and package-lock.json disagree on ${field}; run npm install and commit the lockfile`);
      }
    }
    return manifest;
  };

  while (queue.length > 0) {
    const key = queue.shift()!;
    if (visited.has(key)) continue;
    visited.add(key);
    for (const [name, optional] of runtimeDependencies(entryOf(key))) {
      const at = resolveFrom(locked, key, name);
      if (at === undefined) {
        if (optional) continue;
        throw new AssembleError(`${name}, needed by ${key}, is not in package-lock.json; run npm install and commit the lockfile`);
      }
      const entry = locked[at];
      if (entry.link) {
        if (!entry.resolved) throw new AssembleError(`package-lock.json links ${at} to nothing`);
        links.set(at, entry.resolved);
        if (entry.resolved !== target.path) libraries.add(entry.resolved);
        queue.push(entry.resolved);
        continue;
      }
      if (entry.dev) {
        throw new AssembleError(`${at} is needed at run time by ${key} but package-lock.json marks it development-only; run npm install`);
      }
      packages.add(at);
      queue.push(at);
    }
  }
  return { project: target, libraries: [...libraries].sort(), packages: [...packages].sort(), links };
}

function isEmptyOrMissing(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Copies a workspace's package.json and the files it ships (its `files`, or dist and data). */
function copyWorkspace(root: string, path: string, out: string): void {
  const manifest = readJson<Manifest>(join(root, path, 'package.json'));
  mkdirSync(join(out, path), { recursive: true });
  cpSync(join(root, path, 'package.json'), join(out, path, 'package.json'));
  const files = manifest.files ?? DEFAULT_FILES.filter((name) => existsSync(join(root, path, name)));
  for (const entry of files) {
    if (/[*?{}[\]!]/.test(entry)) throw new AssembleError(`${path}/package.json: "files" entry ${entry} is a pattern; list paths`);
    const from = join(root, path, entry);
    if (!existsSync(from)) {
      throw new AssembleError(`${path}/${entry} does not exist; build first (npm run build)`);
    }
    cpSync(from, join(out, path, entry), { recursive: true, verbatimSymlinks: true, filter: (source) => !LEFT_OUT.test(source) });
  }
}

/** Copies one installed package (not its nested node_modules) after checking it is the locked version. */
function copyPackage(root: string, key: string, version: string | undefined, out: string): void {
  const from = join(root, key);
  const manifestFile = join(from, 'package.json');
  if (!existsSync(manifestFile)) throw new AssembleError(`${key} is not installed; run npm ci`);
  const installed = readJson<{ version?: string }>(manifestFile).version;
  if (installed !== version) {
    throw new AssembleError(`${key} is ${installed} but package-lock.json locks ${version}; run npm ci`);
  }
  const nested = join(from, 'node_modules');
  const kept = (source: string) =>
    source !== nested &&
    (!THIRD_PARTY_LEFT_OUT.test(source) || LICENCE.test(basename(source)) || !lstatSync(source).isFile() || source === from);
  cpSync(from, join(out, key), { recursive: true, verbatimSymlinks: true, filter: kept });
}

/** Makes every directory and file readable (and directories searchable) by any user; returns the size of the files. */
function normalizeModes(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) {
      chmodSync(path, 0o755);
      bytes += normalizeModes(path);
    } else {
      chmodSync(path, stat.mode & 0o100 ? 0o755 : 0o644);
      bytes += stat.size;
    }
  }
  return bytes;
}

/** Writes the runtime tree of `project` into `outDir` (which must be empty or missing). */
export function assembleImageTree(root: string, project: string, outDir: string): ImageTree {
  const out = resolve(outDir);
  if (!isEmptyOrMissing(out)) throw new AssembleError(`${out} is not empty; give a new or empty directory`);
  const closure = runtimeClosure(root, project);
  const { path, manifest } = closure.project;
  const main = posix.join(path, manifest.main ?? 'dist/main.js');
  if (!existsSync(join(root, main))) throw new AssembleError(`${main} does not exist; build first (npm run build)`);

  const { packages: locked } = readLockfile(root);
  mkdirSync(out, { recursive: true });
  for (const workspace of [path, ...closure.libraries]) copyWorkspace(root, workspace, out);
  for (const key of closure.packages) copyPackage(root, key, locked[key].version, out);
  for (const [link, target] of closure.links) {
    if (target === path) continue; // nothing requires the project by name
    mkdirSync(dirname(join(out, link)), { recursive: true });
    symlinkSync(relative(dirname(join(out, link)), join(out, target)), join(out, link));
  }
  const tree = {
    name: `yekuo-${manifest.name.replace(/^@yekuo\//, '')}`,
    version: manifest.version,
    private: true,
    description: `The runtime of ${manifest.name}: \`node .\` starts ${main}`,
    main,
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(tree, null, 2)}\n`);
  chmodSync(out, 0o755);
  const bytes = normalizeModes(out);
  return { project: { name: manifest.name, path }, main, libraries: closure.libraries, packages: closure.packages, bytes };
}

function main(argv: string[]): void {
  if (argv.length !== 2 || argv.some((arg) => arg.startsWith('-'))) {
    console.error('Usage: tsx scripts/image/assemble.ts <project> <out-dir>   (project: intake, planning, ..., gateway)');
    process.exit(64);
  }
  const [project, outDir] = argv;
  try {
    const tree = assembleImageTree(REPO_ROOT, project, outDir);
    const libraries = tree.libraries.length > 0 ? tree.libraries.join(', ') : 'none';
    console.log(
      `${tree.project.name} assembled in ${resolve(outDir)}: ${tree.main}; libraries: ${libraries}; ` +
        `${tree.packages.length} packages; ${(tree.bytes / 1e6).toFixed(1)} MB`,
    );
  } catch (error) {
    if (!(error instanceof AssembleError)) throw error;
    console.error(`assemble: ${error.message}`);
    process.exit(1);
  }
}

if (require.main === module) main(process.argv.slice(2));
