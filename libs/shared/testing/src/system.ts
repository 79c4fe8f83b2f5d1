import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { GATEWAY_MANAGEMENT_PORT, GATEWAY_PORT, readIfExists, SERVICES, SubgraphSigner } from '@yekuo/platform/core';
import { serviceRoles, urlAs } from '@yekuo/platform/database-roles';
import { SUBGRAPH_PRIVATE_KEY_FILE } from './dev-keys';
import { signRequestsTo } from './subgraph-signing';

export interface StartSystemOptions {
  /** Which services to start (names from SERVICES); all of them by default. */
  services?: readonly string[];
  /**
   * Start the gateway after the services (default true). With only some services, the
   * gateway is awaited on /health/live (its /health/ready needs every subgraph).
   */
  gateway?: boolean;
  /**
   * How many processes of each service (default 1). The second and later are named `<service>-2`, ...,
   * and take ephemeral ports; the gateway gets every instance's URL, comma-separated, in `SUBGRAPH_<NAME>_URL`.
   */
  instances?: number;
  /** The local defaults (gateway 4000, intake 4001, ...) or free ephemeral ports (default 'ephemeral'). */
  ports?: 'default' | 'ephemeral';
  /** Merged over process.env for every process; PORT, DATABASE_URL, DATABASE_OWNER_URL and SUBGRAPH_*_URL are set per process. */
  env?: Record<string, string | undefined>;
  /**
   * DATABASE_URL of each service, its runtime role; `postgres://yekuo_<service>_app@127.0.0.1:5432/yekuo_<service>`
   * by default. The roles and the database must exist (`prepareServiceDatabase`, decision 0015).
   */
  databaseUrl?: (service: string) => string;
  /** DATABASE_OWNER_URL of each service, the role that migrates; DATABASE_URL as `yekuo_<service>_owner` by default. */
  databaseOwnerUrl?: (service: string) => string;
  /** WITNESS_DATABASE_URL of each service, its own writer of the audit witness; the service's default when absent. */
  witnessUrl?: (service: string) => string;
  /** Capture child output (see `output()`) instead of forwarding it to this process's stdout/stderr. */
  quiet?: boolean;
  /** How long each process may take to answer 200 on /health/ready (default 90 s). */
  readyTimeoutMs?: number;
  /** Called when a process exits while the system is not being stopped. */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
  /** The repository root (default: found from this file). Processes run with it as cwd. */
  rootDir?: string;
}

export interface SystemService {
  name: string;
  /** The process's name: the service's, or `<service>-<n>` for its n-th instance (n ≥ 2). */
  process: string;
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  port: number;
  /** Where it serves `/metrics`. */
  managementPort: number;
}

export interface RunningSystem {
  /** `http://127.0.0.1:<port>/graphql`; throws when the system was started without a gateway. */
  readonly gatewayUrl: string;
  services: SystemService[];
  /** Where the gateway serves `/metrics`; throws when the system was started without a gateway. */
  readonly gatewayManagementPort: number;
  /** The last lines (up to 500) a process wrote, one string; `name` is a service name or 'gateway'. */
  output(name: string): string;
  /** Sends `signal` to one process (a service's process name or 'gateway') and waits until it has exited. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a process that exited (killed, or crashed) again, on the same port with the same environment; resolves when it is ready. */
  restart(name: string): Promise<void>;
  /** SIGTERM to every process (gateway first), SIGKILL to any still running after 10 s. Idempotent. */
  stop(): Promise<void>;
}

const KEPT_LINES = 500;
const LINES_IN_ERRORS = 40;
const KILL_AFTER_MS = 10_000;

class ManagedProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<void>;
  stopping = false;
  private child: ChildProcess;

  constructor(
    readonly name: string,
    readonly port: number,
    entry: string,
    env: NodeJS.ProcessEnv,
    cwd: string,
    private readonly quiet: boolean,
    onUnexpectedExit?: StartSystemOptions['onUnexpectedExit'],
  ) {
    this.child = spawn(process.execPath, [entry], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pipe(this.child.stdout!, process.stdout);
    this.pipe(this.child.stderr!, process.stderr);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.record(`failed to start: ${error.message}`, process.stderr);
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        if (!this.stopping) {
          this.record(`exited unexpectedly (${signal ?? `code ${code}`})`, process.stderr);
          onUnexpectedExit?.(this.name, code, signal);
        }
        resolve();
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  get exitDescription(): string {
    return this.child.signalCode ? `signal ${this.child.signalCode}` : `code ${this.child.exitCode}`;
  }

  tail(count = LINES_IN_ERRORS): string {
    const lines = this.lines.slice(-count);
    return lines.length > 0 ? lines.map((l) => `  | ${l}`).join('\n') : '  | (no output)';
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (this.running) {
        this.record(`did not stop within ${KILL_AFTER_MS / 1000} s of SIGTERM; sending SIGKILL`, process.stderr);
        this.child.kill('SIGKILL');
      }
    }, KILL_AFTER_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** Sends `signal` (as a fault to recover from, so not reported as unexpected) and waits until the process has exited. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    this.stopping = true;
    if (this.running) this.child.kill(signal);
    await this.exited;
  }

  /** Synchronous last resort when this (parent) process exits without stop(). */
  killNow(): void {
    this.stopping = true;
    if (this.running) this.child.kill('SIGKILL');
  }

  private pipe(from: NodeJS.ReadableStream, to: NodeJS.WriteStream): void {
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => this.record(line, to));
  }

  private record(line: string, to: NodeJS.WriteStream): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    if (!this.quiet) to.write(`[${this.name}] ${line}\n`);
  }
}

/** The repository root: the nearest directory upwards whose package.json declares workspaces. */
export function findRepoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`No package.json with workspaces above ${from}`);
  }
}

/**
 * Ports handed out below the kernel's ephemeral range (32768 and up on Linux), where outgoing
 * connections take their local ports: a port picked from that range and bound a moment later by a
 * process may meanwhile be the source port of one of the system's own database or broker
 * connections (EADDRINUSE).
 */
const FREE_PORT_RANGE = { from: 20_000, to: 32_000 };

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** A port that was free a moment ago (bound, then released), below the ephemeral range; any free one if none is found there. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = FREE_PORT_RANGE.from + Math.floor(Math.random() * (FREE_PORT_RANGE.to - FREE_PORT_RANGE.from));
    if (await canBind(port)) return port;
  }
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function assertPortFree(port: number, owner: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (${owner}) is already in use; is Yekuo already running? Stop it, or start with ephemeral ports.`
            : `Cannot bind port ${port} (${owner}): ${error.message}`,
        ),
      ),
    );
    server.listen(port, () => server.close(() => resolve()));
  });
}

/** Why a fetch() failed, e.g. ECONNREFUSED (undici hides it in `cause`, sometimes in an AggregateError). */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return cause?.code ?? cause?.errors?.find((e) => e.code)?.code ?? cause?.message ?? (error as Error).message;
}

async function waitUntilReady(proc: ManagedProcess, timeoutMs: number, path = '/health/ready'): Promise<void> {
  const url = `http://127.0.0.1:${proc.port}${path}`;
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    if (!proc.running) {
      throw new Error(`${proc.name} exited (${proc.exitDescription}) before it was ready. Its last output:\n${proc.tail()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) {
        await response.body?.cancel();
        return;
      }
      last = `HTTP ${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = describeFetchError(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${proc.name} was not ready at ${url} within ${timeoutMs} ms (last answer: ${last}). Its last output:\n${proc.tail()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The gateway's signing key as the gateway will read it (SUBGRAPH_SIGNING_KEY_FILE, from `rootDir`), if there is one. */
async function gatewaySigner(rootDir: string, env: Record<string, string | undefined>): Promise<SubgraphSigner | undefined> {
  const pem = await readIfExists(resolve(rootDir, env.SUBGRAPH_SIGNING_KEY_FILE ?? join('var', 'keys', SUBGRAPH_PRIVATE_KEY_FILE)));
  return pem === undefined ? undefined : SubgraphSigner.fromPem(pem);
}

/** `intake` -> `SUBGRAPH_INTAKE_URL` (read by the gateway). */
function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/**
 * Where a service finds the others it calls, on the ports this system gave them: notifications
 * reads customers' contacts from intake (its first instance). What the caller's env sets wins.
 */
function peersOf(service: string, services: readonly SystemService[], env: StartSystemOptions['env'] = {}): Record<string, string> {
  const intake = services.find((s) => s.process === 'intake');
  if (service !== 'notifications' || !intake || env.INTAKE_URL !== undefined) return {};
  return { INTAKE_URL: `http://127.0.0.1:${intake.port}` };
}

/**
 * Starts Yekuo as real child processes from the built `dist` folders: the chosen services
 * (in parallel), then the gateway pointed at them. Resolves once every `/health/ready`
 * answers 200; on any failure stops what it started and rejects with the failing
 * process's last output.
 */
export async function startSystem(opts: StartSystemOptions = {}): Promise<RunningSystem> {
  const rootDir = opts.rootDir ?? findRepoRoot();
  const names = opts.services ?? SERVICES.map((s) => s.name);
  const known = new Map<string, number>(SERVICES.map((s) => [s.name, s.port]));
  const knownManagement = new Map<string, number>(SERVICES.map((s) => [s.name, s.managementPort]));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`Unknown service(s): ${unknown.join(', ')} (known: ${[...known.keys()].join(', ')})`);
  const withGateway = opts.gateway ?? true;
  const count = opts.instances ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`instances must be a whole number ≥ 1, not ${count}`);
  const instances = names.flatMap((service) =>
    Array.from({ length: count }, (_, i) => ({ service, name: i === 0 ? service : `${service}-${i + 1}` })),
  );
  const timeoutMs = opts.readyTimeoutMs ?? 90_000;
  const databaseUrl =
    opts.databaseUrl ?? ((service: string) => `postgres://${serviceRoles(service).runtime}@127.0.0.1:5432/yekuo_${service}`);
  const databaseOwnerUrl = opts.databaseOwnerUrl ?? ((service: string) => urlAs(databaseUrl(service), serviceRoles(service).owner));

  const entries = [
    ...instances.map(({ service, name }) => ({
      name,
      entry: join('services', service, 'dist', 'main.js'),
      // Only a service's first instance can have the local default ports.
      defaultPort: name === service ? known.get(service)! : undefined,
      defaultManagementPort: name === service ? knownManagement.get(service)! : undefined,
    })),
    ...(withGateway
      ? [
          {
            name: 'gateway',
            entry: join('gateway', 'dist', 'main.js'),
            defaultPort: GATEWAY_PORT,
            defaultManagementPort: GATEWAY_MANAGEMENT_PORT,
          },
        ]
      : []),
  ];
  const missing = entries.filter((e) => !existsSync(join(rootDir, e.entry))).map((e) => e.entry);
  if (missing.length > 0) {
    throw new Error(`Not built: ${missing.join(', ')}. Build first: npx nx run-many -t build --outputStyle=static`);
  }

  const ports = new Map<string, number>();
  // Metrics on the local defaults (9400-9406), or on free ports like the others.
  const managementPorts = new Map<string, number>();
  const taken = () => [...ports.values(), ...managementPorts.values()];
  const anotherFreePort = async () => {
    let port = await freePort();
    while (taken().includes(port)) port = await freePort();
    return port;
  };
  for (const { name, defaultPort, defaultManagementPort } of entries) {
    if (opts.ports === 'default' && defaultPort !== undefined) {
      await assertPortFree(defaultPort, name);
      ports.set(name, defaultPort);
    } else {
      ports.set(name, await anotherFreePort());
    }
    managementPorts.set(
      name,
      opts.ports === 'default' && defaultManagementPort !== undefined ? defaultManagementPort : await anotherFreePort(),
    );
  }
  // The test kit's clients sign what they send these services with the gateway's key, as the gateway does.
  const signer = await gatewaySigner(rootDir, { ...process.env, ...opts.env });

  const processes: ManagedProcess[] = [];
  const killAll = () => processes.forEach((p) => p.killNow());
  process.once('exit', killAll);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      // Mark all first: a service may exit on its own meanwhile (Ctrl-C reaches every child).
      for (const p of processes) p.stopping = true;
      const gateway = processes.filter((p) => p.name === 'gateway');
      const services = processes.filter((p) => p.name !== 'gateway');
      await Promise.all(gateway.map((p) => p.stop()));
      await Promise.all(services.map((p) => p.stop()));
      unsign.forEach((undo) => undo());
      process.off('exit', killAll);
    })();
    return stopped;
  };
  /** How each process is started, kept so that `restart` starts it again the same way. */
  const launchers = new Map<string, () => ManagedProcess>();
  const launch = (name: string, entry: string, env: Record<string, string | undefined>) => {
    const start = () =>
      new ManagedProcess(
        name,
        ports.get(name)!,
        entry,
        {
          ...process.env,
          ...opts.env,
          ...env,
          PORT: String(ports.get(name)),
          MANAGEMENT_PORT: String(managementPorts.get(name)),
        },
        rootDir,
        opts.quiet ?? false,
        opts.onUnexpectedExit,
      );
    launchers.set(name, start);
    const proc = start();
    processes.push(proc);
    return proc;
  };
  const find = (name: string) => {
    const proc = processes.find((p) => p.name === name);
    if (!proc) throw new Error(`No process named ${name} in this system`);
    return proc;
  };

  const services: SystemService[] = instances.map(({ service, name }) => ({
    name: service,
    process: name,
    port: ports.get(name)!,
    url: `http://127.0.0.1:${ports.get(name)}/graphql`,
    managementPort: managementPorts.get(name)!,
  }));
  const unsign = signer ? services.map((service) => signRequestsTo(service.url, signer)) : [];
  try {
    const started = instances.map(({ service, name }) =>
      launch(name, join('services', service, 'dist', 'main.js'), {
        DATABASE_URL: databaseUrl(service),
        DATABASE_OWNER_URL: databaseOwnerUrl(service),
        ...(opts.witnessUrl ? { WITNESS_DATABASE_URL: opts.witnessUrl(service) } : {}),
        ...peersOf(service, services, opts.env),
      }),
    );
    await Promise.all(started.map((p) => waitUntilReady(p, timeoutMs)));
    if (withGateway) {
      const subgraphs = Object.fromEntries(
        names.map((name) => [
          subgraphUrlVariable(name),
          services
            .filter((s) => s.name === name)
            .map((s) => s.url)
            .join(','),
        ]),
      );
      const gateway = launch('gateway', join('gateway', 'dist', 'main.js'), subgraphs);
      // The gateway is ready only when every subgraph of the supergraph is; with a subset of
      // the services started the others never will be, so then it is enough that it is live.
      const all = SERVICES.every((s) => names.includes(s.name));
      await waitUntilReady(gateway, timeoutMs, all ? '/health/ready' : '/health/live');
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const gatewayPort = ports.get('gateway');
  return {
    get gatewayUrl(): string {
      if (gatewayPort === undefined) throw new Error('This system was started without a gateway (gateway: false)');
      return `http://127.0.0.1:${gatewayPort}/graphql`;
    },
    get gatewayManagementPort(): number {
      const port = managementPorts.get('gateway');
      if (port === undefined) throw new Error('This system was started without a gateway (gateway: false)');
      return port;
    },
    services,
    output: (name) => find(name).lines.join('\n'),
    kill: (name, signal = 'SIGKILL') => find(name).kill(signal),
    restart: async (name) => {
      const old = find(name);
      if (old.running) throw new Error(`${name} is running; kill it first`);
      if (stopped) throw new Error('This system is stopped');
      const proc = launchers.get(name)!();
      processes[processes.indexOf(old)] = proc;
      await waitUntilReady(proc, timeoutMs, name === 'gateway' ? '/health/live' : '/health/ready');
    },
    stop,
  };
}
