// One Yekuo system for a benchmark: the services and the gateway of one source tree, each
// started from its built `dist/main.js` as its own process, on their own ports, databases,
// exchange, queues and signing keys, so several systems (and a developer's `npm start`) share
// one PostgreSQL and one RabbitMQ without seeing each other.
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { provisionWitnessForUrl, witnessWriter } from '@yekuo/platform';
import { prepareServiceDatabase, serviceRoles, urlAs } from '@yekuo/platform/database-roles';
import { generateSigningKeys, SigningKeys } from './tokens';

/** The services that own a stage of a case, in start order, with their port offset from the system's base port (the gateway takes the base). */
export const SERVICE_NAMES = ['intake', 'planning', 'inspection', 'contracts', 'metering'] as const;
/** Services a tree may not have yet (a base commit from before them): started after those above, on the next ports, when it has them. */
export const LATER_SERVICE_NAMES = ['notifications'] as const;
type ServiceName = (typeof SERVICE_NAMES)[number] | (typeof LATER_SERVICE_NAMES)[number];
export type ProcessName = ServiceName | 'gateway';
const ALL_SERVICE_NAMES: readonly ServiceName[] = [...SERVICE_NAMES, ...LATER_SERVICE_NAMES];
export const PROCESS_NAMES: readonly ProcessName[] = [...ALL_SERVICE_NAMES, 'gateway'];

const RETRY_DELAYS_MS = '1000,5000,30000';
const KEPT_LINES = 200;
const READY_TIMEOUT_MS = 120_000;

export interface SystemOptions {
  /** A short name for the system: databases, exchange and queues carry it. */
  label: string;
  /** The source tree whose built processes run (also their working directory). */
  root: string;
  /** The gateway listens here, intake on base + 1, ... metering on base + 5, notifications on base + 6. */
  basePort: number;
  /** Server URL without a database, e.g. postgres://postgres@127.0.0.1:5432 */
  pgUrl: string;
  amqpUrl: string;
  /** Further environment for every process. */
  env?: Record<string, string>;
  /** Node.js options per process, e.g. `{ gateway: ['-r', 'bench/lib/profiler-hook.cjs'] }`. */
  nodeArgs?: Partial<Record<ProcessName, string[]>>;
}

class Managed {
  readonly lines: string[] = [];
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  stopping = false;

  constructor(
    readonly name: ProcessName,
    readonly port: number,
    readonly entry: string,
    readonly cwd: string,
    readonly env: NodeJS.ProcessEnv,
    readonly onExit: (name: ProcessName, description: string) => void,
    nodeArgs: readonly string[] = [],
  ) {
    this.child = spawn(process.execPath, [...nodeArgs, entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.lines.push(line);
        if (this.lines.length > KEPT_LINES) this.lines.shift();
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.lines.push(`failed to start: ${error.message}`);
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        if (!this.stopping) onExit(this.name, signal ?? `code ${code}`);
        resolve();
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no process id`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  tail(count = 30): string {
    return this.lines
      .slice(-count)
      .map((l) => `  | ${l}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  killNow(): void {
    this.stopping = true;
    if (this.running) this.child.kill('SIGKILL');
  }
}

async function waitReady(proc: Managed, path: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: string;
  for (;;) {
    if (!proc.running) throw new Error(`${proc.name} exited before it was ready:\n${proc.tail()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${proc.port}${path}`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) {
        await response.body?.cancel();
        return;
      }
      last = `HTTP ${response.status}`;
      await response.body?.cancel();
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${proc.name} was not ready within ${READY_TIMEOUT_MS} ms (${last}):\n${proc.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A started system; `stop()` then `cleanUp()` (or `dispose()`, both) when done. */
export class BenchSystem {
  readonly keys: SigningKeys;
  readonly runId = randomBytes(3).toString('hex');
  readonly exchange: string;
  readonly queuePrefix: string;
  private readonly processes: Managed[] = [];
  private readonly workDir: string;
  private stopped?: Promise<void>;
  private unexpected: string[] = [];

  private constructor(readonly options: SystemOptions) {
    this.keys = generateSigningKeys();
    this.exchange = `yekuo.bench.${options.label}.${this.runId}`;
    this.queuePrefix = `bench.${options.label}.${this.runId}.`;
    this.workDir = mkdtempSync(join(tmpdir(), `yekuo-bench-${options.label}-`));
  }

  /** The database of one service of this system. */
  database(service: string): string {
    return `yekuo_bench_${this.options.label}_${service}`;
  }

  databaseUrl(service: string): string {
    return `${this.options.pgUrl}/${this.database(service)}`;
  }

  /** The audit witness of this system (decision 0016), as `service`'s writer. */
  witnessUrl(service: string): string {
    return urlAs(`${this.options.pgUrl}/${this.witnessDatabase}`, witnessWriter(service));
  }

  private get witnessDatabase(): string {
    return this.database('witness');
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.options.basePort}/graphql`;
  }

  serviceUrl(name: string): string {
    return `http://127.0.0.1:${this.servicePort(name)}/graphql`;
  }

  private servicePort(name: string): number {
    return this.options.basePort + 1 + ALL_SERVICE_NAMES.indexOf(name as never);
  }

  /** The services of this tree in start order: each of SERVICE_NAMES, and those of LATER_SERVICE_NAMES it has. */
  get services(): readonly ServiceName[] {
    const later = LATER_SERVICE_NAMES.filter((name) => existsSync(join(this.options.root, 'services', name, 'package.json')));
    return [...SERVICE_NAMES, ...later];
  }

  /** Process id of each process (the services, then the gateway). */
  pids(): Map<ProcessName, number> {
    return new Map(this.processes.map((p) => [p.name, p.pid]));
  }

  /** Processes that exited while the system was meant to run, with how. */
  get failures(): readonly string[] {
    return this.unexpected;
  }

  output(name: ProcessName): string {
    return this.processes.find((p) => p.name === name)?.tail(KEPT_LINES) ?? '';
  }

  /** Creates fresh databases and keys, starts the services (in parallel), then the gateway; resolves when all are ready. */
  static async start(options: SystemOptions): Promise<BenchSystem> {
    const system = new BenchSystem(options);
    try {
      await system.boot();
    } catch (error) {
      await system.dispose();
      throw error;
    }
    return system;
  }

  private async boot(): Promise<void> {
    const { root, basePort } = this.options;
    const entries = [...this.services.map((s) => join(root, 'services', s, 'dist', 'main.js')), join(root, 'gateway', 'dist', 'main.js')];
    const missing = entries.filter((e) => !existsSync(e));
    if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')}`);
    await this.recreateDatabases();
    const publicKeyFile = join(this.workDir, 'jwt-public.pem');
    writeFileSync(publicKeyFile, this.keys.publicKeyPem);
    // The gateway signs its subgraph requests with this system's own pair; the services verify them.
    const subgraphKeys = generateKeyPairSync('ed25519');
    const subgraphSigningKeyFile = join(this.workDir, 'subgraph-private.pem');
    const subgraphVerifyKeyFile = join(this.workDir, 'subgraph-public.pem');
    writeFileSync(subgraphSigningKeyFile, subgraphKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(subgraphVerifyKeyFile, subgraphKeys.publicKey.export({ type: 'spki', format: 'pem' }));
    // The services sign their audit anchors with this system's own key (a tree from before the
    // anchors ignores it), so a fresh clone without development keys benchmarks too.
    const anchorKeyFile = join(this.workDir, 'audit-anchor.pem');
    writeFileSync(anchorKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    // The notifications service signs its contact reads from intake with this system's own pair; intake checks them.
    const contactReaderKeys = generateKeyPairSync('ed25519');
    const contactSigningKeyFile = join(this.workDir, 'notifications-service.pem');
    const contactReaderKeyFile = join(this.workDir, 'notifications-service-public.pem');
    writeFileSync(contactSigningKeyFile, contactReaderKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(contactReaderKeyFile, contactReaderKeys.publicKey.export({ type: 'spki', format: 'pem' }));
    const common: Record<string, string> = {
      AMQP_URL: this.options.amqpUrl,
      AMQP_EXCHANGE: this.exchange,
      AMQP_QUEUE_PREFIX: this.queuePrefix,
      CONSUMER_RETRY_DELAYS_MS: RETRY_DELAYS_MS,
      JWT_PUBLIC_KEY_FILE: publicKeyFile,
      SUBGRAPH_SIGNING_KEY_FILE: subgraphSigningKeyFile,
      SUBGRAPH_VERIFY_KEY_FILE: subgraphVerifyKeyFile,
      AUDIT_ANCHOR_KEY_FILE: anchorKeyFile,
      SERVICE_SIGNING_KEY_FILE: contactSigningKeyFile,
      CONTACT_READER_KEY_FILE: contactReaderKeyFile,
      INTAKE_URL: `http://127.0.0.1:${this.servicePort('intake')}`,
      // No mail server is started for a benchmark; the inbox is still written.
      EMAIL_ENABLED: 'false',
      // Metrics on any free port: systems side by side (and `npm start`) never clash; no benchmark reads them.
      MANAGEMENT_PORT: '0',
      PII_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      PII_ACTIVE_KEY_ID: 'bench',
      PII_HMAC_KEY: randomBytes(32).toString('base64'),
      PII_DEV_KEY_DIR: join(this.workDir, 'keys'),
      DOCUMENTS_DIR: join(this.workDir, 'documents'),
      LOG_LEVEL: 'warn',
      // Seeding with shared staff tokens and wrk from one address go far beyond the default limits
      // (README, Limits); a tree from before the rate limits ignores it.
      RATE_LIMIT_PROFILE: 'bulk',
      ...this.options.env,
    };
    const onExit = (name: ProcessName, how: string) => this.unexpected.push(`${name} exited (${how})`);
    const launch = (name: ProcessName, port: number, entry: string, env: Record<string, string>) => {
      const proc = new Managed(
        name,
        port,
        entry,
        root,
        // PROFILE_NAME names the process's profile when bench/lib/profiler-hook.cjs is loaded.
        { ...process.env, ...common, ...env, PORT: String(port), PROFILE_NAME: name },
        onExit,
        this.options.nodeArgs?.[name],
      );
      this.processes.push(proc);
      return proc;
    };
    const services = this.services.map((name, i) =>
      launch(name, this.servicePort(name), entries[i], {
        // The service's runtime role; migrations run as its owner role (decision 0015). A tree from
        // before the roles connects as the server's administrator, as it did then.
        ...(this.withRoles
          ? {
              DATABASE_URL: urlAs(this.databaseUrl(name), serviceRoles(name).runtime),
              DATABASE_OWNER_URL: urlAs(this.databaseUrl(name), serviceRoles(name).owner),
            }
          : { DATABASE_URL: this.databaseUrl(name) }),
        ...(this.withWitness ? { WITNESS_DATABASE_URL: this.witnessUrl(name) } : {}),
        SERVICE_NAME: name,
      }),
    );
    await Promise.all(services.map((p) => waitReady(p, '/health/ready')));
    const subgraphs = Object.fromEntries(this.services.map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, this.serviceUrl(name)]));
    const gateway = launch('gateway', basePort, entries[this.services.length], subgraphs);
    await waitReady(gateway, '/health/ready');
    process.once('exit', this.killAll);
  }

  /** Stops one process and starts it again with other Node.js options (e.g. to profile it after seeding). */
  async restart(name: ProcessName, nodeArgs: readonly string[] = []): Promise<void> {
    const index = this.processes.findIndex((p) => p.name === name);
    const old = this.processes[index];
    await old.stop();
    const proc = new Managed(old.name, old.port, old.entry, old.cwd, old.env, old.onExit, nodeArgs);
    this.processes[index] = proc;
    await waitReady(proc, '/health/ready');
  }

  private readonly killAll = () => this.processes.forEach((p) => p.killNow());

  private async admin<T>(work: (db: Client) => Promise<T>): Promise<T> {
    const db = new Client({ connectionString: `${this.options.pgUrl}/postgres` });
    await db.connect();
    try {
      return await work(db);
    } finally {
      await db.end();
    }
  }

  private async recreateDatabases(): Promise<void> {
    await this.admin(async (db) => {
      for (const service of this.services) {
        await db.query(`DROP DATABASE IF EXISTS "${this.database(service)}" WITH (FORCE)`);
        if (!this.withRoles) await db.query(`CREATE DATABASE "${this.database(service)}"`);
      }
      await db.query(`DROP DATABASE IF EXISTS "${this.witnessDatabase}" WITH (FORCE)`);
    });
    // Each service's roles and its database, owned by its owner role (decision 0015).
    if (this.withRoles) {
      for (const service of this.services) await prepareServiceDatabase(`${this.options.pgUrl}/postgres`, service, this.database(service));
    }
    // The audit witness with each service's writer, as npm start makes it (decision 0016).
    if (this.withWitness) {
      for (const service of this.services)
        await provisionWitnessForUrl(`${this.options.pgUrl}/postgres`, service, this.witnessUrl(service));
    }
  }

  /** Whether the tree's services anchor their audit chains in a witness (decision 0016); a base commit may predate it. */
  private get withWitness(): boolean {
    return existsSync(join(this.options.root, 'libs', 'shared', 'platform', 'src', 'database', 'witness.ts'));
  }

  /** Whether the tree's services connect through database roles (decision 0015); a base commit may predate them. */
  private get withRoles(): boolean {
    return existsSync(join(this.options.root, 'libs', 'shared', 'platform', 'src', 'database', 'roles.ts'));
  }

  /** SIGTERM to the gateway, then to the services (SIGKILL after 10 s). Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      for (const p of this.processes) p.stopping = true;
      await Promise.all(this.processes.filter((p) => p.name === 'gateway').map((p) => p.stop()));
      await Promise.all(this.processes.filter((p) => p.name !== 'gateway').map((p) => p.stop()));
      process.off('exit', this.killAll);
    })();
    return this.stopped;
  }

  /** Drops the databases, deletes the exchange and queues and the temporary folder. */
  async cleanUp(): Promise<void> {
    await this.admin(async (db) => {
      for (const service of this.services) await db.query(`DROP DATABASE IF EXISTS "${this.database(service)}" WITH (FORCE)`);
      await db.query(`DROP DATABASE IF EXISTS "${this.witnessDatabase}" WITH (FORCE)`);
    });
    const connection = await connect(this.options.amqpUrl);
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      for (const service of this.services) {
        const main = `${this.queuePrefix}${service}`;
        for (const queue of [main, `${main}.dlq`, ...RETRY_DELAYS_MS.split(',').map((d) => `${main}.retry.${d}`)]) {
          await channel.deleteQueue(queue).catch(() => undefined);
        }
      }
      await channel.deleteExchange(this.exchange).catch(() => undefined);
    } finally {
      await connection.close().catch(() => undefined);
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }

  /** stop() then cleanUp(); never throws (it runs on the way out of a failed run too). */
  async dispose(): Promise<void> {
    await this.stop().catch((error: unknown) => console.error(`stopping ${this.options.label}:`, error));
    await this.cleanUp().catch((error: unknown) => console.error(`cleaning up ${this.options.label}:`, error));
  }
}
