// PostgreSQL, RabbitMQ and Redis for a developer machine or CI: check they answer, start a
// locally installed one that is stopped, and otherwise say exactly what to run.
// Used by `npm start`, `npm run compose` and `.ci/run` (through ensure-infrastructure.ts).
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';

export const DEFAULT_DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const COMPOSE_COMMAND = 'docker compose up -d postgres rabbitmq redis';
/** Where the notifications service sends email on a developer machine: MailPit's SMTP port. */
export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';

/** The infrastructure is missing and cannot be started from here; the message says what to do. */
export class InfrastructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfrastructureError';
  }
}

export interface InfrastructureOptions {
  /** Any database on the server, used to check it and to create databases (default: DATABASE_ADMIN_URL or the local default). */
  databaseAdminUrl?: string;
  /** default: AMQP_URL or the local default */
  amqpUrl?: string;
  /** The gateway's rate-limit store; default: REDIS_URL or the local default */
  redisUrl?: string;
  /** How long to wait for a server this call started (default 60 s). */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** `host:port` of a URL, never its credentials. */
function where(url: string, defaultPort: number): { host: string; port: number; label: string } {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || defaultPort);
  return { host, port, label: `${host}:${port}` };
}

/** undefined when `SELECT 1` works; otherwise why it does not, and whether the server seems down at all. */
export async function checkPostgres(adminUrl: string): Promise<{ problem: string; down: boolean } | undefined> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // 57P03: the server is starting up; refused/no socket: nothing listens.
    const down = code === 'ECONNREFUSED' || code === 'ENOENT' || code === '57P03' || code === 'ECONNRESET';
    return { problem: code ? `${code}: ${(error as Error).message}` : (error as Error).message, down };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** undefined when a TCP connection to the broker's port opens; otherwise why not. */
export async function checkRabbitMq(amqpUrl: string): Promise<string | undefined> {
  const { host, port } = where(amqpUrl, 5672);
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timed out');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** undefined when Redis answers PING with PONG; otherwise why not. */
export async function checkRedis(redisUrl: string): Promise<string | undefined> {
  const { host, port } = where(redisUrl, 6379);
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    let answer = '';
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG') ? undefined : `answered ${answer.trim().slice(0, 80)}`);
    });
    socket.once('timeout', () => done('timed out'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** undefined when an SMTP server greets (220) at the URL's host and port; otherwise why not. */
export async function checkSmtp(smtpUrl: string): Promise<string | undefined> {
  const { host, port } = where(smtpUrl, smtpUrl.startsWith('smtps:') ? 465 : 25);
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    let greeting = '';
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3000);
    socket.on('data', (chunk) => {
      greeting += chunk.toString('latin1');
      if (greeting.includes('\r\n')) done(greeting.startsWith('220') ? undefined : `answered ${greeting.trim().slice(0, 80)}`);
    });
    socket.once('timeout', () => done('timed out'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** The full path of `command` if it is installed (PATH plus the sbin folders a non-root PATH lacks). */
export function findCommand(command: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The Debian/Ubuntu PostgreSQL clusters named `main` (folders in /etc/postgresql) with their ports, newest first. */
export function localPostgresClusters(): { version: string; port: number }[] {
  const base = '/etc/postgresql';
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((version) => existsSync(join(base, version, 'main', 'postgresql.conf')))
    .map((version) => {
      const conf = readFileSync(join(base, version, 'main', 'postgresql.conf'), 'utf8');
      const port = /^\s*port\s*=\s*(\d+)/m.exec(conf)?.[1];
      return { version, port: port ? Number(port) : 5432 };
    })
    .sort((a, b) => Number(b.version) - Number(a.version));
}

async function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  log(`$ ${command} ${args.join(' ')}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with code ${code}`))));
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return check();
}

function cannotStart(what: string, label: string, problem: string, why: string): InfrastructureError {
  return new InfrastructureError(
    `${what} is not reachable at ${label} (${problem}) and ${why}.\n` +
      `Start PostgreSQL, RabbitMQ and Redis with:\n\n  ${COMPOSE_COMMAND}\n\n` +
      'or point DATABASE_ADMIN_URL / AMQP_URL / REDIS_URL at running servers.',
  );
}

async function ensurePostgres(adminUrl: string, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const first = await checkPostgres(adminUrl);
  if (!first) return;
  const { host, port, label } = where(adminUrl, 5432);
  if (!first.down) {
    throw new InfrastructureError(`PostgreSQL at ${label} answers but refuses us: ${first.problem}. Check DATABASE_ADMIN_URL.`);
  }
  const pgCtlCluster = findCommand('pg_ctlcluster');
  const cluster = localPostgresClusters().find((c) => c.port === port);
  if (!LOOPBACK.has(host)) throw cannotStart('PostgreSQL', label, first.problem, 'it is not on this machine');
  if (!pgCtlCluster || !cluster) {
    throw cannotStart('PostgreSQL', label, first.problem, `no local cluster on port ${port} was found (pg_ctlcluster, /etc/postgresql)`);
  }
  log(`PostgreSQL is not running at ${label}; starting the local cluster ${cluster.version}/main`);
  try {
    await run(pgCtlCluster, ['--skip-systemctl-redirect', cluster.version, 'main', 'start'], log);
  } catch (error) {
    throw cannotStart('PostgreSQL', label, first.problem, `starting it failed (${(error as Error).message})`);
  }
  if (!(await waitUntil(async () => !(await checkPostgres(adminUrl)), timeoutMs))) {
    const last = await checkPostgres(adminUrl);
    throw cannotStart('PostgreSQL', label, last?.problem ?? 'unknown', `it did not answer within ${timeoutMs / 1000} s of starting`);
  }
  log('PostgreSQL is up');
}

async function ensureRabbitMq(amqpUrl: string, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const problem = await checkRabbitMq(amqpUrl);
  if (!problem) return;
  const { host, port, label } = where(amqpUrl, 5672);
  const server = findCommand('rabbitmq-server');
  const localPort = Number(process.env.RABBITMQ_NODE_PORT ?? 5672);
  if (!LOOPBACK.has(host)) throw cannotStart('RabbitMQ', label, problem, 'it is not on this machine');
  if (!server) throw cannotStart('RabbitMQ', label, problem, 'rabbitmq-server is not installed here');
  if (port !== localPort) {
    throw cannotStart('RabbitMQ', label, problem, `the local rabbitmq-server listens on ${localPort}, not ${port}`);
  }
  log(`RabbitMQ is not running at ${label}; starting it`);
  try {
    await run(server, ['-detached'], log);
  } catch (error) {
    throw cannotStart('RabbitMQ', label, problem, `starting it failed (${(error as Error).message})`);
  }
  if (!(await waitUntil(async () => !(await checkRabbitMq(amqpUrl)), timeoutMs))) {
    throw cannotStart(
      'RabbitMQ',
      label,
      (await checkRabbitMq(amqpUrl)) ?? 'unknown',
      `it did not open its port within ${timeoutMs / 1000} s`,
    );
  }
  log('RabbitMQ is up');
}

async function ensureRedis(redisUrl: string, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const problem = await checkRedis(redisUrl);
  if (!problem) return;
  const { host, port, label } = where(redisUrl, 6379);
  const server = findCommand('redis-server');
  if (!LOOPBACK.has(host)) throw cannotStart('Redis', label, problem, 'it is not on this machine');
  if (!server) throw cannotStart('Redis', label, problem, 'redis-server is not installed here');
  log(`Redis is not running at ${label}; starting it`);
  try {
    // The rate-limit counters are short-lived: no snapshots on disk.
    await run(server, ['--port', String(port), '--daemonize', 'yes', '--save', ''], log);
  } catch (error) {
    throw cannotStart('Redis', label, problem, `starting it failed (${(error as Error).message})`);
  }
  if (!(await waitUntil(async () => !(await checkRedis(redisUrl)), timeoutMs))) {
    throw cannotStart('Redis', label, (await checkRedis(redisUrl)) ?? 'unknown', `it did not answer within ${timeoutMs / 1000} s`);
  }
  log('Redis is up');
}

/**
 * Makes sure PostgreSQL answers `SELECT 1`, RabbitMQ accepts TCP connections and Redis answers
 * PING. A stopped local server is started (`pg_ctlcluster`, `rabbitmq-server -detached`,
 * `redis-server --daemonize yes`) and awaited; otherwise throws an InfrastructureError whose
 * message says what to run.
 */
export async function ensureInfrastructure(options: InfrastructureOptions = {}): Promise<void> {
  const adminUrl = options.databaseAdminUrl ?? process.env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;
  // AMQP_URL may list a cluster's nodes: the first one is checked (and started, when it is this machine's).
  const amqpUrl = (options.amqpUrl ?? process.env.AMQP_URL ?? DEFAULT_AMQP_URL).split(',')[0].trim();
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.log(line));
  await ensurePostgres(adminUrl, timeoutMs, log);
  await ensureRabbitMq(amqpUrl, timeoutMs, log);
  await ensureRedis(redisUrl, timeoutMs, log);
}

function assertDatabaseName(name: string): void {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`"${name}" is not a database name this script creates`);
}

/** The URL of database `name` on the server of `adminUrl` (same credentials and options). */
export function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates each database that does not exist yet (safe when a service creates it at the same moment). */
export async function ensureDatabases(adminUrl: string, names: string[]): Promise<string[]> {
  names.forEach(assertDatabaseName);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const created: string[] = [];
  try {
    for (const name of names) {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) continue;
      try {
        await client.query(`CREATE DATABASE "${name}"`);
        created.push(name);
      } catch (error) {
        // 42P04 duplicate_database, 23505 the same race on the catalog index
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
  return created;
}

/** Drops the databases, disconnecting anyone still connected. */
export async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  names.forEach(assertDatabaseName);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
