import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@yekuo/testing';
import { reapAfterExit, run, tempFolder } from './processes';

/** The RabbitMQ scripts themselves (the /usr/sbin wrappers switch to the rabbitmq user, and with it to its HOME and cookie). */
function rabbitBinaries(): string {
  const packaged = '/usr/lib/rabbitmq/bin';
  return existsSync(join(packaged, 'rabbitmq-server')) ? packaged : '';
}

/** How a node is started when it is one of a cluster (RabbitCluster). */
export interface RabbitNodeOptions {
  /** The node name's first part (`<name>@localhost`); random by default. */
  name?: string;
  /** The Erlang cookie, shared by the nodes of a cluster; Erlang makes one by default. */
  cookie?: string;
  /** Extra arguments of the Erlang VM (RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS), e.g. fewer schedulers. */
  erlArgs?: string;
}

/** A queue holding messages, ready or delivered and not yet acked, as `rabbitmqctl list_queues` reports it. */
export interface QueueBacklog {
  name: string;
  messages_ready: number;
  messages_unacknowledged: number;
  consumers: number;
  /** A quorum queue's leader and its members that run (empty for a classic queue). */
  leader?: string;
  online?: string[];
}

/** The rows a `rabbitmqctl list_…` command prints as JSON, run through `ctl` (nothing at all when there are none). */
export async function ctlRows<T>(ctl: (args: string[]) => Promise<string>, args: string[]): Promise<T[]> {
  const text = await ctl([...args, '-q', '--formatter', 'json']);
  return text.trim() === '' ? [] : (JSON.parse(text) as T[]);
}

/** The queues of `ctl`'s node that hold messages, with their consumers and, for quorum queues, the leader and members online. */
export async function queueBacklog(ctl: (args: string[]) => Promise<string>): Promise<QueueBacklog[]> {
  const rows = await ctlRows<QueueBacklog>(ctl, [
    'list_queues',
    'name',
    'messages_ready',
    'messages_unacknowledged',
    'consumers',
    'leader',
    'online',
  ]);
  return rows.filter((q) => q.messages_ready > 0 || q.messages_unacknowledged > 0);
}

/** Every node's VM: no scheduler busy-waits, as it shares two cores with a dozen processes (as the machine's own broker is set up). */
const NO_BUSY_WAIT = '+sbwt none +sbwtdcpu none +sbwtdio none';

/**
 * A RabbitMQ node of its own: its own node name, AMQP and distribution ports, data, logs, config,
 * no plugins, and HOME in its folder so that it and `rabbitmqctl` share one Erlang cookie. The
 * machine's broker is never touched.
 */
export class RabbitNode {
  private constructor(
    readonly port: number,
    readonly node: string,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** False from `shutdown` until `boot` is done: what `rabbitmqctl` should not be pointed at meanwhile. */
  running = false;

  /** `amqp://guest:guest@127.0.0.1:<port>` (guest may connect from loopback). */
  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  static async start(options: RabbitNodeOptions = {}): Promise<RabbitNode> {
    const dir = tempFolder('yekuo-faults-rabbitmq-');
    const port = await freePort();
    let dist = await freePort();
    while (dist === port) dist = await freePort();
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.default = ${port}\n`);
    const node = `${options.name ?? `yekuo-faults-${randomBytes(3).toString('hex')}`}@localhost`;
    if (options.cookie) {
      writeFileSync(join(dir, '.erlang.cookie'), options.cookie);
      chmodSync(join(dir, '.erlang.cookie'), 0o400);
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: dir,
      RABBITMQ_NODENAME: node,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(dist),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: [NO_BUSY_WAIT, options.erlArgs].filter(Boolean).join(' '),
    };
    const rabbit = new RabbitNode(port, node, dir, env);
    reapAfterExit(env.RABBITMQ_PID_FILE!, 'SIGKILL', dir);
    try {
      await rabbit.boot();
    } catch (error) {
      await rabbit.stop();
      throw error;
    }
    return rabbit;
  }

  /** Starts the node's Erlang VM (again: its data, and so its cluster and queues, are kept) and waits until the broker runs. */
  async boot(): Promise<void> {
    const server = spawn(join(rabbitBinaries(), 'rabbitmq-server'), [], { cwd: this.dir, env: this.env, stdio: 'ignore', detached: true });
    server.unref();
    await this.ctl(['wait', this.env.RABBITMQ_PID_FILE!, '--timeout', '90'], 100_000);
    this.running = true;
  }

  /** Stops the node's Erlang VM and waits until it is gone, keeping its folder for `boot`. */
  async shutdown(): Promise<void> {
    this.running = false;
    await this.ctl(['stop', this.env.RABBITMQ_PID_FILE!], 90_000);
  }

  /** Stops the broker (every connection closes, the port refuses) while its Erlang VM keeps running. */
  stopApp(): Promise<string> {
    return this.ctl(['stop_app']);
  }

  /** Starts the broker again: durable queues and their persistent messages are back. */
  startApp(): Promise<string> {
    return this.ctl(['start_app']);
  }

  /** The queues that hold messages (`queueBacklog`). */
  backlog(): Promise<QueueBacklog[]> {
    return queueBacklog((args) => this.ctl(args, 30_000));
  }

  /** Stops the node and removes its folder. */
  async stop(): Promise<void> {
    await this.ctl(['stop', this.env.RABBITMQ_PID_FILE!]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Runs `rabbitmqctl` against this node, ahead of the load when the suite may raise priorities (root): the CLI boots an
   * Erlang VM of its own, which took 8 to 11 s on two busy cores before it even asked the node to stop (the stop itself, 0.1 s).
   */
  ctl(args: string[], timeoutMs = 60_000): Promise<string> {
    const ctl = join(rabbitBinaries(), 'rabbitmqctl');
    const [command, prefix] = process.getuid?.() === 0 ? ['nice', ['-n', '-10', ctl]] : [ctl, []];
    return run(command, [...prefix, '-n', this.node, ...args], { env: this.env, cwd: this.dir, timeoutMs });
  }
}
