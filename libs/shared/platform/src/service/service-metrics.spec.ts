import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { CloudEvent } from '@yekuo/events';
import type { AmqpEventsServer, QueueDepths } from '../messaging/amqp-events.server';
import type { OutboxRelay } from '../messaging/outbox-relay';
import type { ServiceConfig } from './service-definition';
import { ServiceMetrics } from './service-metrics';

/** ServiceMetrics over a database answering `answer(sql)`, a consumer with `depths`, and a relay. */
function metricsOver(answer: (sql: string) => Promise<unknown[]>, depths: () => Promise<QueueDepths | undefined>, clocks = true) {
  const dataSource = {
    query: jest.fn(answer),
    entityMetadatas: clocks ? [{ tableName: 'stage_clock' }] : [],
  } as unknown as DataSource;
  const consumer = { queueDepths: depths } as unknown as AmqpEventsServer;
  const relay = {} as OutboxRelay;
  const metrics = new ServiceMetrics(new Registry(), {
    dataSource,
    consumer,
    relay,
    config: {} as ServiceConfig,
    gauges: [{ name: 'yekuo_test_open', help: 'Open work by stage', labelNames: ['stage'], sql: 'SELECT stage, 2 AS value' }],
  });
  return { metrics, consumer, relay, dataSource };
}

const database = (sql: string): Promise<unknown[]> => {
  if (sql.includes('outbox_message')) return Promise.resolve([{ pending: 3, age: 42.5 }]);
  if (sql.includes('stage_clock')) return Promise.resolve([{ n: 1 }]);
  return Promise.resolve([{ stage: 'SURVEY', value: '2' }]);
};

describe('ServiceMetrics', () => {
  it('reads the outbox in one query for both its gauges, the queues, the due clocks and the service gauges at each scrape', async () => {
    const { metrics, dataSource } = metricsOver(database, () => Promise.resolve({ main: 5, deadLetter: 1 }));
    const text = await metrics.render();
    expect(text).toMatch(/^yekuo_outbox_pending 3$/m);
    expect(text).toMatch(/^yekuo_outbox_oldest_pending_age_seconds 42\.5$/m);
    expect(text).toMatch(/^yekuo_event_queue_messages\{queue="main"\} 5$/m);
    expect(text).toMatch(/^yekuo_event_queue_messages\{queue="dead_letter"\} 1$/m);
    expect(text).toMatch(/^yekuo_timelimit_due_clocks 1$/m);
    expect(text).toMatch(/^yekuo_test_open\{stage="SURVEY"\} 2$/m);
    const outboxQueries = (dataSource.query as jest.Mock).mock.calls.filter(([sql]) => String(sql).includes('outbox_message'));
    expect(outboxQueries).toHaveLength(1);
  });

  it('leaves out what cannot be read and counts it, without failing the scrape', async () => {
    const { metrics } = metricsOver(
      (sql) => (sql.includes('outbox_message') ? Promise.reject(new Error('connection lost')) : database(sql)),
      () => Promise.resolve(undefined),
      false,
    );
    const text = await metrics.render();
    expect(text).toMatch(/^# TYPE yekuo_outbox_pending gauge$/m);
    expect(text).not.toMatch(/^yekuo_outbox_pending /m);
    expect(text).not.toMatch(/^yekuo_event_queue_messages\{/m);
    expect(text).toMatch(/^yekuo_metrics_query_failures_total\{metric="yekuo_outbox_pending"\} 1$/m);
    expect(text).toMatch(/^yekuo_metrics_query_failures_total\{metric="yekuo_event_queue_messages"\} 1$/m);
    expect(text).toMatch(/^yekuo_test_open\{stage="SURVEY"\} 2$/m);
    // A service without clock tables has no clock gauge.
    expect(text).not.toMatch(/yekuo_timelimit_due_clocks/);
  });

  it('counts published events by type and the time-limit milestones among them by stage, kind and measure', async () => {
    const { metrics, relay } = metricsOver(database, () => Promise.resolve(undefined));
    // What the relay hands over: the stored events (only the fields read here).
    const event = (type: string, measure: string) => ({ type, data: { stage: 'SURVEY', measure } }) as unknown as CloudEvent;
    relay.onPublished!([event('planning.timelimit.breached.v1', 'LIMIT'), event('planning.timelimit.warned.v1', 'TARGET')]);
    const text = await metrics.render();
    expect(text).toMatch(/^yekuo_outbox_published_total\{type="planning.timelimit.breached.v1"\} 1$/m);
    expect(text).toMatch(/^yekuo_timelimit_announced_total\{stage="SURVEY",measure="LIMIT",kind="breached"\} 1$/m);
    expect(text).toMatch(/^yekuo_timelimit_announced_total\{stage="SURVEY",measure="TARGET",kind="warned"\} 1$/m);
  });

  it("counts the consumer's outcomes by catalog type (anything else is unknown) and observes the lag", async () => {
    const { metrics, consumer } = metricsOver(database, () => Promise.resolve(undefined));
    consumer.observer!.handled('intake.application.accepted.v1', 0.3);
    consumer.observer!.retried('intake.application.accepted.v1');
    consumer.observer!.deadLettered('not.an.event');
    const text = await metrics.render();
    expect(text).toMatch(/^yekuo_events_handled_total\{type="intake.application.accepted.v1"\} 1$/m);
    expect(text).toMatch(/^yekuo_events_retried_total\{type="intake.application.accepted.v1"\} 1$/m);
    expect(text).toMatch(/^yekuo_events_dead_lettered_total\{type="unknown"\} 1$/m);
    expect(text).toMatch(/^yekuo_event_lag_seconds_bucket\{le="0.25"\} 0$/m);
    expect(text).toMatch(/^yekuo_event_lag_seconds_bucket\{le="0.5"\} 1$/m);
  });
});
