import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { CloudEvent, EventType } from '@yekuo/events';
import { PeriodicJob } from '../jobs/periodic-job';
import { eventLogContext } from '../logging/log-context';
import { ConfirmsOverdueError } from './confirms';
import { EventPublisher } from './event-publisher';

export const OUTBOX_CHANNEL = 'yekuo_outbox';

/**
 * Stores `event` in the outbox, inside the caller's transaction, and in the same statement wakes the
 * relay for when that transaction commits (PostgreSQL delivers a notification at commit, and one per
 * transaction however many events it stores), so it publishes exactly when the rows become visible.
 */
export async function storeInOutbox(manager: EntityManager, event: CloudEvent<EventType>): Promise<void> {
  await manager.query(
    `WITH stored AS (INSERT INTO outbox_message (id, type, event) VALUES ($1, $2, $3) RETURNING id)
     SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM stored`,
    [event.id, event.type, event],
  );
}

export interface OutboxRelayOptions {
  databaseUrl: string;
  pollMs: number;
  batchSize: number;
}

/**
 * Publishes committed outbox rows. Replicas share the work through
 * `FOR UPDATE SKIP LOCKED`; a row is marked sent only after the broker confirmed
 * it, so an outage means a later resend, never a loss.
 */
export class OutboxRelay {
  private readonly logger = new Logger('outbox');
  private listener?: Client;
  private readonly poller: PeriodicJob;
  private draining?: Promise<void>;
  private again = false;
  private stopped = true;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  /** The next attempt to LISTEN again after the connection was lost; cleared on stop. */
  private listenTimer?: NodeJS.Timeout;
  /** Count of events this relay has published. */
  published = 0;
  /** Told of each batch the broker confirmed (set by ServiceMetrics). */
  onPublished?: (events: readonly CloudEvent[]) => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    // The poll catches what a lost notification missed.
    this.poller = new PeriodicJob({ name: 'outbox poll', everyMs: options.pollMs, runAtStart: false }, () => {
      this.wake();
      return Promise.resolve();
    });
  }

  /** Idempotent: Nest may run bootstrap hooks again when the consumer starts. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.listen();
    this.poller.start();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.poller.stop();
    clearTimeout(this.retryTimer);
    clearTimeout(this.listenTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.draining;
  }

  /** Asks for a drain; calls during a drain fold into one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.publishBatch()) === this.options.batchSize);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(200 * 2 ** this.failures, 5000);
      // A broker away is said on the third failure and every twentieth; confirms that never came, each time (rare, and worth finding).
      if (error instanceof ConfirmsOverdueError || this.failures === 3 || this.failures % 20 === 0) {
        this.logger.warn(`publishing failed (${(error as Error).message}); retrying in ${delay} ms`);
      }
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.wake(), delay);
    }
  }

  /** Claims, publishes and marks one batch in one transaction; returns how many it sent. */
  private async publishBatch(): Promise<number> {
    if (!this.publisher.isReady) throw new Error('broker not connected');
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string; event: CloudEvent }[]>(
        `SELECT id, event FROM outbox_message WHERE published_at IS NULL
         ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.publisher.publish(rows.map((r) => r.event));
      await manager.query('UPDATE outbox_message SET published_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      this.published += rows.length;
      this.onPublished?.(rows.map((r) => r.event));
      for (const { event } of rows) this.logger.debug({ msg: `published ${event.type}`, ...eventLogContext(event) });
      return rows.length;
    });
  }

  private listenAgainIn(ms: number): void {
    clearTimeout(this.listenTimer);
    if (!this.stopped) this.listenTimer = setTimeout(() => void this.listen().catch(() => undefined), ms);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      if (this.stopped) return;
      this.logger.warn(`LISTEN connection lost (${error.message}); polling until it is back`);
      this.listener = undefined;
      this.listenAgainIn(this.options.pollMs);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`cannot LISTEN (${(error as Error).message}); polling every ${this.options.pollMs} ms`);
      this.listenAgainIn(this.options.pollMs * 5);
    }
  }
}
