// `npm run check:migrations` (part of `npm run lint`): fails when a migration that exists at
// `git merge-base HEAD <base>` differs in the working tree (modified, renamed or deleted).
// The base is BASE_REF, else origin/main; without either (a fresh clone with no remote
// branch, a tree outside git) there is nothing to compare with, which it says, and passes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { changedMigrations, describeChanges, FileVersion, isMigrationPath } from './lib/migration-check';

const root = resolve(__dirname, '..');

function git(args: string[], input?: string): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd: root, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: result.status === 0, out: result.stdout ?? '', err: (result.stderr ?? '').trim() || (result.error?.message ?? '') };
}

const nulSeparated = (text: string) => text.split('\0').filter(Boolean);

/** The migrations in the tree of `commit`, with their blob ids. */
function migrationsAt(commit: string): FileVersion[] {
  const listing = git(['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (!listing.ok) throw new Error(`git ls-tree ${commit} failed: ${listing.err}`);
  return nulSeparated(listing.out)
    .map((entry) => {
      const [meta, path] = entry.split('\t');
      const [, type, blob] = meta.split(' ');
      return { type, blob, path };
    })
    .filter((f) => f.type === 'blob' && isMigrationPath(f.path))
    .map(({ path, blob }) => ({ path, blob }));
}

/** The migrations in the working tree (tracked or new, not ignored), with the blob ids their content would have. */
function migrationsInWorkingTree(): FileVersion[] {
  const listing = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (!listing.ok) throw new Error(`git ls-files failed: ${listing.err}`);
  const paths = [...new Set(nulSeparated(listing.out))].filter((path) => isMigrationPath(path) && existsSync(join(root, path)));
  if (paths.length === 0) return [];
  const hashes = git(['hash-object', '--stdin-paths'], `${paths.join('\n')}\n`);
  if (!hashes.ok) throw new Error(`git hash-object failed: ${hashes.err}`);
  const blobs = hashes.out.trim().split('\n');
  return paths.map((path, i) => ({ path, blob: blobs[i] }));
}

function main(): number {
  if (!git(['rev-parse', '--is-inside-work-tree']).ok) {
    console.log('check:migrations: not a git work tree, so no base to compare the migrations with; skipped.');
    return 0;
  }
  const explicit = process.env.BASE_REF?.trim();
  const baseRef = explicit || 'origin/main';
  if (!git(['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]).ok) {
    if (explicit) {
      console.error(`check:migrations: BASE_REF=${baseRef} is not a commit in this clone (fetch it first).`);
      return 1;
    }
    console.log('check:migrations: no origin/main in this clone, so no base to compare the migrations with; set BASE_REF to check.');
    return 0;
  }
  const mergeBase = git(['merge-base', 'HEAD', baseRef]);
  if (!mergeBase.ok) {
    const why = `HEAD and ${baseRef} have no merge base here (a shallow clone?)`;
    if (explicit) {
      console.error(`check:migrations: ${why}; fetch more history.`);
      return 1;
    }
    console.log(`check:migrations: ${why}, so nothing to compare; skipped.`);
    return 0;
  }
  const commit = mergeBase.out.trim();
  const base = migrationsAt(commit);
  const changes = changedMigrations(base, migrationsInWorkingTree());
  const label = `${commit.slice(0, 12)} (the merge base of HEAD and ${baseRef})`;
  if (changes.length > 0) {
    console.error(describeChanges(changes, label));
    return 1;
  }
  console.log(`check:migrations: the ${base.length} migrations of ${label} are unchanged.`);
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  console.error(`check:migrations: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
