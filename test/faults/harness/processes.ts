import { execFile, ExecFileOptions, spawn } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a command to its end; rejects with its output when it fails or outlasts `timeoutMs`. */
export function run(command: string, args: string[], options: ExecFileOptions & { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: options.timeoutMs ?? 60_000, encoding: 'utf8', ...options }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${String(stdout)}${String(stderr)}`.trim()));
      else resolve(String(stdout));
    });
  });
}

/** The account a server runs as: PostgreSQL refuses to run as root, so under root it runs as `postgres`. */
export interface Account {
  uid?: number;
  gid?: number;
}

export async function serverAccount(user: string): Promise<Account> {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** A new temporary folder owned by `account`. */
export function tempFolder(prefix: string, account: Account = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (account.uid !== undefined) chownSync(dir, account.uid, account.gid!);
  return dir;
}

/** Kills the process whose pid file this is, then removes `dir`; run by the reaper below. */
const REAPER = `
const fs = require('node:fs');
const [parent, pidFile, signal, dir] = process.argv.slice(1);
const timer = setInterval(() => {
  try { process.kill(Number(parent), 0); return; } catch {}
  clearInterval(timer);
  try { process.kill(Number(fs.readFileSync(pidFile, 'utf8').split('\\n')[0].trim()), signal); } catch {}
  setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 3000);
}, 1000);
`;

/**
 * Once this process is gone, however it ended (a signal to its parent, SIGKILL), a detached watchdog
 * sends `signal` to the server named in `pidFile` and removes `dir`. After a normal stop the pid
 * file is gone already and it does nothing.
 */
export function reapAfterExit(pidFile: string, signal: NodeJS.Signals, dir: string): void {
  spawn(process.execPath, ['-e', REAPER, String(process.pid), pidFile, signal, dir], { detached: true, stdio: 'ignore' }).unref();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
