import { randomBytes } from 'node:crypto';
import { ctlRows, QueueBacklog, queueBacklog, RabbitNode } from './rabbit-node';

/** Two cores shared by three nodes and a dozen processes: one scheduler each (and, as every RabbitNode, none busy-waiting). */
const SMALL_VM = '+S 1:1';

/** What one node holds: the quorum queues it leads and the client connections on its port. */
export interface NodeLoad {
  node: RabbitNode;
  leaders: number;
  connections: number;
}

/**
 * A RabbitMQ cluster of its own: `size` RabbitNodes (own names, ports, folders) sharing one Erlang
 * cookie, the second and later joined to the first with `rabbitmqctl join_cluster`. The machine's
 * broker is never touched.
 */
export class RabbitCluster {
  private constructor(readonly nodes: RabbitNode[]) {}

  static async start(size = 3): Promise<RabbitCluster> {
    const tag = randomBytes(3).toString('hex');
    const cookie = randomBytes(16).toString('hex').toUpperCase();
    const started = await Promise.allSettled(
      Array.from({ length: size }, (_, i) => RabbitNode.start({ name: `yekuo-cluster-${tag}-${i + 1}`, cookie, erlArgs: SMALL_VM })),
    );
    const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const cluster = new RabbitCluster(nodes);
    try {
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      for (const node of nodes.slice(1)) {
        await node.ctl(['stop_app']);
        await node.ctl(['join_cluster', nodes[0].node]);
        await node.ctl(['start_app']);
      }
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Every node's URL, comma-separated: what AMQP_URL takes for a cluster. */
  get url(): string {
    return this.nodes.map((n) => n.url).join(',');
  }

  /** The nodes running, as the first node that answers sees them. */
  async runningNodes(): Promise<string[]> {
    const status = JSON.parse(await this.ask(['cluster_status', '--formatter', 'json'])) as { running_nodes: string[] };
    return status.running_nodes;
  }

  /** Each node's quorum-queue leaders and client connections, the busiest (leaders, then connections) first. */
  async load(): Promise<NodeLoad[]> {
    const queues = await this.rows<{ type: string; leader: string }>(['list_queues', 'name', 'type', 'leader']);
    // Clients are always connected while cases run: an empty listing is one the busy node did not finish, so ask again.
    let connections = await this.rows<{ port: number }>(['list_connections', 'port']);
    for (let attempt = 1; connections.length === 0 && attempt < 4; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      connections = await this.rows<{ port: number }>(['list_connections', 'port']);
    }
    return this.nodes
      .map((node) => ({
        node,
        leaders: queues.filter((q) => q.type === 'quorum' && q.leader === node.node).length,
        connections: connections.filter((c) => c.port === node.port).length,
      }))
      .sort((a, b) => b.leaders - a.leaders || b.connections - a.connections);
  }

  /** The queues that hold messages, as the first node that answers sees them (`queueBacklog`). */
  backlog(): Promise<QueueBacklog[]> {
    return queueBacklog((args) => this.ask(args));
  }

  /** Stops every node and removes its folder. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  /** The rows a `rabbitmqctl list_…` command prints, as the first node that answers sees them (`ctlRows`). */
  private rows<T>(args: string[]): Promise<T[]> {
    return ctlRows<T>((a) => this.ask(a), args);
  }

  /**
   * Runs `rabbitmqctl` on the first node that answers, the running ones first: each try boots the
   * CLI's own Erlang VM (about 10 s on two busy cores), which asking a stopped node first would waste.
   */
  private async ask(args: string[]): Promise<string> {
    let last: unknown;
    for (const node of [...this.nodes].sort((a, b) => Number(b.running) - Number(a.running))) {
      try {
        return await node.ctl(args, 30_000);
      } catch (error) {
        last = error;
      }
    }
    throw last;
  }
}
