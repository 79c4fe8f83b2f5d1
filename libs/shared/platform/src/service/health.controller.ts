import { Controller, Get, Header, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { EventPublisher } from '../messaging/event-publisher';
import { OutboxRelay } from '../messaging/outbox-relay';

/** Liveness, readiness (database and broker) and Prometheus metrics. */
@Controller()
export class HealthController {
  private readonly registry = new Registry();

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly consumer: AmqpEventsServer,
    relay: OutboxRelay,
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

  @Public()
  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('health/ready')
  async ready() {
    const checks = {
      database: await this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      publisher: this.publisher.isReady,
      consumer: this.consumer.isConnected,
    };
    if (Object.values(checks).every(Boolean)) return { status: 'ready', checks };
    throw new HttpException({ status: 'not ready', checks }, HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
