import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@yekuo/testing';
import { Account, reapAfterExit, run, serverAccount, tempFolder } from './processes';

/** Where initdb and pg_ctl are: `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin. */
async function postgresBinaries(): Promise<string> {
  const fromConfig = await run('pg_config', ['--bindir']).then(
    (out) => out.trim(),
    () => '',
  );
  if (fromConfig && existsSync(join(fromConfig, 'pg_ctl'))) return fromConfig;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('No PostgreSQL server binaries found (pg_config --bindir, /usr/lib/postgresql/*/bin)');
  return join(base, newest, 'bin');
}

/**
 * A PostgreSQL cluster of its own, on a free port and a temporary data folder (trust
 * authentication, no fsync: it lives for one run), so faults never touch the machine's server.
 */
export class PostgresCluster {
  private constructor(
    readonly port: number,
    private readonly bin: string,
    private readonly dir: string,
    private readonly account: Account,
  ) {}

  /** `postgres://postgres@127.0.0.1:<port>` (add `/<database>`). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  static async start(): Promise<PostgresCluster> {
    const account = await serverAccount('postgres');
    const cluster = new PostgresCluster(await freePort(), await postgresBinaries(), tempFolder('yekuo-faults-pg-', account), account);
    try {
      await cluster.pg('initdb', ['-D', cluster.data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
      await cluster.pgCtl(['start']);
      reapAfterExit(join(cluster.data, 'postmaster.pid'), 'SIGQUIT', cluster.dir);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** `pg_ctl restart -m fast`: every connection is closed, the server is down until it has started again. */
  async restart(): Promise<void> {
    await this.pgCtl(['restart', '-m', 'fast']);
  }

  /** Stops the server (if it runs) and removes its folder. */
  async stop(): Promise<void> {
    if (existsSync(join(this.data, 'postmaster.pid')))
      await this.pg('pg_ctl', ['stop', '-D', this.data, '-m', 'immediate', '-w']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(args: string[]): Promise<string> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=300',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    return this.pg('pg_ctl', [...args, '-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', '-o', options]);
  }

  private pg(tool: string, args: string[]): Promise<string> {
    return run(join(this.bin, tool), args, { ...this.account, cwd: this.dir, timeoutMs: 90_000 });
  }
}
