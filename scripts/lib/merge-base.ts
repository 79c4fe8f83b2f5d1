// The base the contract checks compare with: `git merge-base HEAD <base>`, the base being BASE_REF,
// else origin/main. Shared by `npm run check:contracts`, `check:migrations` and `schema:check`.
import { spawnSync } from 'node:child_process';

/** Runs git in `cwd` (with `input` on its stdin); never throws. */
export function git(cwd: string, args: string[], input?: string): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: result.status === 0, out: result.stdout ?? '', err: (result.stderr ?? '').trim() || (result.error?.message ?? '') };
}

/** The merge base to compare with, or a note why there is none (`fail` when BASE_REF was given and is unusable). */
export interface MergeBase {
  commit?: string;
  /** How to name the commit in a report: its short hash and where it comes from. */
  label?: string;
  note?: string;
  fail?: boolean;
}

/**
 * The merge base of HEAD and BASE_REF (else origin/main) in the work tree at `cwd`. Without
 * origin/main and BASE_REF there is nothing to compare `what` with, which is no failure; a
 * BASE_REF that is not a commit, or has no merge base with HEAD, is one.
 */
export function mergeBase(cwd: string, what: string): MergeBase {
  if (!git(cwd, ['rev-parse', '--is-inside-work-tree']).ok)
    return { note: `not a git work tree, so no base to compare ${what} with; skipped.` };
  const explicit = process.env.BASE_REF?.trim();
  const baseRef = explicit || 'origin/main';
  if (!git(cwd, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]).ok) {
    return explicit
      ? { note: `BASE_REF=${baseRef} is not a commit in this clone (fetch it first).`, fail: true }
      : { note: `no origin/main in this clone, so no base to compare ${what} with; set BASE_REF to check.` };
  }
  const merged = git(cwd, ['merge-base', 'HEAD', baseRef]);
  if (!merged.ok) {
    const why = `HEAD and ${baseRef} have no merge base here (a shallow clone?)`;
    return explicit ? { note: `${why}; fetch more history.`, fail: true } : { note: `${why}, so nothing to compare; skipped.` };
  }
  const commit = merged.out.trim();
  return { commit, label: `${commit.slice(0, 12)} (the merge base of HEAD and ${baseRef})` };
}

/** A file as it is at `commit`, or undefined when it did not exist there. */
export function fileAtCommit(cwd: string, commit: string, path: string): string | undefined {
  const shown = git(cwd, ['show', `${commit}:${path}`]);
  return shown.ok ? shown.out : undefined;
}
