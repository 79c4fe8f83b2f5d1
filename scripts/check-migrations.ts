// `npm run check:migrations` (part of `npm run lint`): fails when a migration that exists at
// `git merge-base HEAD <base>` differs in the working tree (modified, renamed or deleted).
// The base is BASE_REF, else origin/main; without either (a fresh clone with no remote
// branch, a tree outside git) there is nothing to compare with, which it says, and passes.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { git as runGit, mergeBase } from './lib/merge-base';
import { changedMigrations, describeChanges, FileVersion, isMigrationPath } from './lib/migration-check';

const root = resolve(__dirname, '..');

const git = (args: string[], input?: string) => runGit(root, args, input);

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
  const { commit, label, note, fail } = mergeBase(root, 'the migrations');
  if (!commit) {
    (fail ? console.error : console.log)(`check:migrations: ${note}`);
    return fail ? 1 : 0;
  }
  const base = migrationsAt(commit);
  const changes = changedMigrations(base, migrationsInWorkingTree());
  if (changes.length > 0) {
    console.error(describeChanges(changes, label ?? commit));
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
