import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { describeForLog } from '../errors/public-errors';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { OutboxRelay } from '../messaging/outbox-relay';
import { ManagementServer, startManagementServer } from './management-server';
import { SERVICE_CONFIG, ServiceConfig } from './service-definition';

/**
 * The service's Prometheus metrics (outbox, events, time-limit sweep, process), served at `/metrics`
 * on MANAGEMENT_HOST:MANAGEMENT_PORT from the time the app starts until it stops.
 */
@Injectable()
export class ServiceMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly registry = new Registry();
  private server?: ManagementServer;

  constructor(
    dataSource: DataSource,
    consumer: AmqpEventsServer,
    relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.set(await read());
        },
      });
    gauge('yekuo_outbox_published_total', 'Events this process published from the outbox', () => relay.published);
    gauge('yekuo_outbox_pending', 'Outbox events not yet confirmed by the broker', async () => {
      const [row] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL');
      return row.n;
    });
    gauge('yekuo_timelimit_due_clocks', 'Running clocks with a warning or breach due and not yet announced (sweeper lag)', async () => {
      // Only services that time a step have the clock tables.
      const [table] = await dataSource.query<{ t: string | null }[]>("SELECT to_regclass('stage_clock')::text AS t");
      if (!table.t) return 0;
      const [row] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM stage_clock WHERE next_due_at <= now()');
      return row.n;
    });
    gauge('yekuo_events_handled_total', 'Events this process applied', () => consumer.stats.handled);
    gauge('yekuo_events_retried_total', 'Event deliveries this process scheduled for retry', () => consumer.stats.retried);
    gauge('yekuo_events_dead_lettered_total', 'Events this process sent to its dead-letter queue', () => consumer.stats.deadLettered);
  }

  /** The metrics in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The port `/metrics` is served on (MANAGEMENT_PORT, or the free one taken for 0). */
  get port(): number {
    if (!this.server) throw new Error('the management server is not running');
    return this.server.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Nest runs the bootstrap hooks again when the event consumer (a connected microservice)
    // starts; the one management server is started by the first run.
    if (this.server) return;
    const logger = new Logger('metrics');
    this.server = await startManagementServer({
      host: this.config.MANAGEMENT_HOST,
      port: this.config.MANAGEMENT_PORT,
      metrics: () => this.render(),
      log: (error) => logger.error(describeForLog(error)),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
