// The two source trees a benchmark compares: "before" (a git worktree of a base ref, installed and
// built in a temporary folder) and "after" (the tree the benchmark runs from).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progress } from './report';

/** The base when neither `--base` nor BENCH_BASE names one and there is no origin/main to branch from. */
export const DEFAULT_BASE = '9b94261';

export function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** `--base`, else BENCH_BASE, else the merge base of HEAD and origin/main, else DEFAULT_BASE; as a full commit id. */
export function resolveBase(repo: string, given: string | undefined): { ref: string; commit: string } {
  let ref = given ?? process.env.BENCH_BASE;
  if (!ref) {
    const hasOrigin = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'origin/main'], { cwd: repo }).status === 0;
    ref = hasOrigin ? git(repo, ['merge-base', 'HEAD', 'origin/main']) : DEFAULT_BASE;
  }
  return { ref, commit: git(repo, ['rev-parse', '--verify', `${ref}^{commit}`]) };
}

/** The commit of a tree, marked `+ changes` when its work tree differs from it. */
export function describeTree(root: string): string {
  const commit = git(root, ['rev-parse', 'HEAD']);
  const dirty = git(root, ['status', '--porcelain', '--untracked-files=no']) !== '';
  return `${commit}${dirty ? ' + uncommitted changes' : ''}`;
}

/** Installs and builds still running; stopped before their tree is removed. */
const running = new Set<ChildProcess>();

function run(cwd: string, command: string, args: string[], what: string): Promise<void> {
  progress(`${what}: ${command} ${args.join(' ')}`, true);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${what} failed (${signal ?? `exit code ${code}`}):\n${output.slice(-4000)}`)),
    );
  });
}

/** Builds every project of a tree in one TypeScript process. */
export function buildTree(root: string, what: string): Promise<void> {
  return run(root, 'npx', ['tsc', '-b', 'tsconfig.build.json'], what);
}

/** A git worktree of `commit` in a temporary folder, with its dependencies installed and built. */
export class BaseTree {
  private constructor(
    readonly repo: string,
    readonly root: string,
  ) {}

  static async create(repo: string, commit: string): Promise<BaseTree> {
    const root = mkdtempSync(join(tmpdir(), 'yekuo-bench-base-'));
    git(repo, ['worktree', 'add', '--detach', root, commit]);
    const tree = new BaseTree(repo, root);
    process.once('exit', tree.removeNow);
    try {
      await run(root, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], 'installing the base tree');
      await buildTree(root, 'building the base tree');
    } catch (error) {
      tree.remove();
      throw error;
    }
    return tree;
  }

  private readonly removeNow = () => this.remove();

  /** Stops an install or build still running in it, then removes the worktree and its folder. Idempotent. */
  remove(): void {
    process.off('exit', this.removeNow);
    const groups = [...running].map((child) => child.pid).filter((pid): pid is number => pid !== undefined);
    const signal = (pid: number, sig: NodeJS.Signals | 0) => {
      try {
        process.kill(-pid, sig);
        return true;
      } catch {
        return false;
      }
    };
    // The whole process group: npx and the compiler, or npm and its scripts.
    for (const pid of groups) signal(pid, 'SIGKILL');
    for (let waited = 0; waited < 5000 && groups.some((pid) => signal(pid, 0)); waited += 100) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
    spawnSync('git', ['worktree', 'remove', '--force', this.root], { cwd: this.repo });
    rmSync(this.root, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: this.repo });
  }
}
