// Committed migrations never change: a database that ran one will not run it again, so an
// edit reaches only new databases and the two kinds drift apart. The comparison behind
// `npm run check:migrations`, kept free of git so it can be tested on its own.

/** A file and the git object id of its content. */
export interface FileVersion {
  path: string;
  blob: string;
}

export type MigrationChange =
  | { kind: 'modified'; path: string }
  /** Moved to `to`; `modified` when its content changed on the way. */
  | { kind: 'renamed'; path: string; to: string; modified: boolean }
  | { kind: 'deleted'; path: string };

/** A migration: a TypeScript file directly in a `migrations` folder, wherever that folder lives (tests next to them are not). */
export function isMigrationPath(path: string): boolean {
  return (
    /(^|\/)migrations\/[^/]+\.ts$/.test(path) &&
    !/\.(int-|e2e-)?spec\.ts$/.test(path) &&
    !path.endsWith('.d.ts') &&
    !/(^|\/)(node_modules|dist)\//.test(path)
  );
}

/**
 * Every migration of `base` that is not in `current` as it was: changed in place (modified),
 * moved to a new path with the same content or, changed, under the same file name (renamed),
 * or gone (deleted). New migrations are fine and not reported.
 */
export function changedMigrations(base: readonly FileVersion[], current: readonly FileVersion[]): MigrationChange[] {
  const before = base.filter((f) => isMigrationPath(f.path));
  const now = new Map(current.filter((f) => isMigrationPath(f.path)).map((f) => [f.path, f.blob]));
  const basePaths = new Set(before.map((f) => f.path));
  const changes: MigrationChange[] = [];
  for (const { path, blob } of before) {
    const currentBlob = now.get(path);
    if (currentBlob === blob) continue;
    if (currentBlob !== undefined) {
      changes.push({ kind: 'modified', path });
      continue;
    }
    const added = [...now].filter(([to]) => !basePaths.has(to));
    const moved = added.find(([, b]) => b === blob)?.[0];
    const fileName = path.split('/').at(-1);
    const movedAndChanged = added.find(([to]) => to.split('/').at(-1) === fileName)?.[0];
    if (moved) changes.push({ kind: 'renamed', path, to: moved, modified: false });
    else if (movedAndChanged) changes.push({ kind: 'renamed', path, to: movedAndChanged, modified: true });
    else changes.push({ kind: 'deleted', path });
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/** The report for changed migrations, naming each file and what to do instead. */
export function describeChanges(changes: readonly MigrationChange[], baseLabel: string): string {
  const lines = changes.map((c) => {
    switch (c.kind) {
      case 'modified':
        return `  modified: ${c.path}`;
      case 'renamed':
        return `  renamed${c.modified ? ' and modified' : ''}: ${c.path} -> ${c.to}`;
      case 'deleted':
        return `  deleted:  ${c.path}`;
    }
  });
  return [
    `${changes.length} committed migration${changes.length === 1 ? '' : 's'} changed since ${baseLabel}:`,
    ...lines,
    'A migration that exists on the base may already have run somewhere; editing, moving or removing it',
    'leaves those databases behind. Restore it (git checkout <merge-base> -- <file>) and put the change in',
    'a new migration: npm run migration:generate -- <service> <name>, or a hand-written one next to it.',
  ].join('\n');
}
