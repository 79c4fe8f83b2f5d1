import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { type CloudEvent, isEventType } from '@yekuo/events';
import { describeForLog } from '../errors/public-errors';
import type { GraphQLRequestObservation } from '../graphql/request-metrics';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { OutboxRelay } from '../messaging/outbox-relay';
import { ManagementServer, startManagementServer } from './management-server';
import type { ScrapeGauge, ServiceConfig } from './service-definition';

/** How long a query made for a scrape may take before the scrape goes on without its value. */
export const SCRAPE_QUERY_TIMEOUT_MS = 2000;

/** Seconds: from a cache hit to a slow report. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds from an event's `time` until it is applied: from a quiet bus to a consumer hours behind. */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200];
/** The events that announce a time-limit milestone: `<service>.timelimit.warned.v1`, `….breached.v2`. */
const MILESTONE = /\.timelimit\.(warned|breached)\.v\d+$/;

/**
 * The histogram of a service's GraphQL requests, in `registry`, fed by requestMetricsPlugin: by
 * operation name (bounded), type and outcome.
 */
export function graphqlRequestRecorder(registry: Registry): (observation: GraphQLRequestObservation) => void {
  const histogram = new Histogram({
    name: 'yekuo_graphql_request_duration_seconds',
    help: 'GraphQL requests this service answered, by operation, type and outcome (error: the response carried errors)',
    labelNames: ['operation', 'type', 'outcome'],
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  return ({ operation, type, outcome, seconds }) => histogram.observe({ operation, type, outcome }, seconds);
}

/** A catalog event type as a label value; anything else (a message that was no valid event) is `unknown`. */
const typeLabel = (type: string): string => (isEventType(type) ? type : 'unknown');

/** One run of `read` shared by every caller while it runs: the gauges of one scrape share one query. */
function sharedWhileRunning<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => (running ??= read().finally(() => (running = undefined)));
}

function withinTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface ServiceMetricsSources {
  dataSource: DataSource;
  consumer: AmqpEventsServer;
  relay: OutboxRelay;
  config: ServiceConfig;
  /** The service's own gauges (ServiceDefinition.metrics). */
  gauges: readonly ScrapeGauge[];
}

/**
 * The service's Prometheus metrics, served at `/metrics` on MANAGEMENT_HOST:MANAGEMENT_PORT from
 * the time the app starts until it stops: GraphQL requests (written by the request plugin into
 * the same registry), the outbox, the event consumer, time-limit announcements, the service's own
 * gauges and the process. Counters count as things happen; gauges of the database and the broker
 * are read at each scrape, one query each at most, and one that fails or takes longer than
 * SCRAPE_QUERY_TIMEOUT_MS is left out of that scrape (and counted) without failing the rest.
 */
export class ServiceMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private readonly failing = new Set<string>();
  /** The reads of the scrape under way: the failure counter waits for them, so a failure shows in the scrape it spoiled. */
  private readonly reads = new Set<Promise<void>>();
  private readonly queryFailures: Counter<'metric'>;
  private server?: ManagementServer;

  constructor(
    private readonly registry: Registry,
    private readonly sources: ServiceMetricsSources,
  ) {
    collectDefaultMetrics({ register: registry });
    const { dataSource, consumer, relay } = sources;

    const published = this.counter('yekuo_outbox_published_total', 'Events this process published from the outbox, by type', ['type']);
    const announced = this.counter(
      'yekuo_timelimit_announced_total',
      'Time-limit warnings and breaches published, by stage, kind (warned, breached) and measure (TARGET, LIMIT)',
      ['stage', 'kind', 'measure'],
    );
    relay.onPublished = (events) => {
      for (const event of events) {
        published.inc({ type: event.type });
        const milestone = MILESTONE.exec(event.type);
        if (milestone) announced.inc({ ...milestoneLabels(event), kind: milestone[1] });
      }
    };

    const handled = this.counter('yekuo_events_handled_total', 'Events this process applied, by type', ['type']);
    const retried = this.counter('yekuo_events_retried_total', 'Event deliveries this process scheduled for another attempt, by type', [
      'type',
    ]);
    const deadLettered = this.counter('yekuo_events_dead_lettered_total', 'Events this process sent to its dead-letter queue, by type', [
      'type',
    ]);
    const lag = new Histogram({
      name: 'yekuo_event_lag_seconds',
      help: "Seconds from an event's time until this process applied it",
      buckets: LAG_BUCKETS,
      registers: [registry],
    });
    consumer.observer = {
      handled: (type, lagSeconds) => {
        handled.inc({ type: typeLabel(type) });
        lag.observe(Math.max(0, lagSeconds));
      },
      retried: (type) => retried.inc({ type: typeLabel(type) }),
      deadLettered: (type) => deadLettered.inc({ type: typeLabel(type) }),
    };

    const outbox = sharedWhileRunning(async () => {
      const [row] = await dataSource.query<{ pending: number; age: number }[]>(
        `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
         FROM outbox_message WHERE published_at IS NULL`,
      );
      return row;
    });
    this.scraped('yekuo_outbox_pending', 'Outbox events not yet confirmed by the broker', [], async () => [
      { value: (await outbox()).pending },
    ]);
    this.scraped(
      'yekuo_outbox_oldest_pending_age_seconds',
      'Age of the oldest outbox event not yet confirmed by the broker (0: none)',
      [],
      async () => [{ value: (await outbox()).age }],
    );
    const queues = sharedWhileRunning(() => consumer.queueDepths());
    this.scraped(
      'yekuo_event_queue_messages',
      "Ready messages in the service's queue (main) and its dead-letter queue (dead_letter)",
      ['queue'],
      async () => {
        const depths = await queues();
        if (!depths) throw new Error('the broker is not connected');
        return [
          { labels: { queue: 'main' }, value: depths.main },
          { labels: { queue: 'dead_letter' }, value: depths.deadLetter },
        ];
      },
    );
    // Only services that time a step have the clock tables.
    if (dataSource.entityMetadatas.some((entity) => entity.tableName === 'stage_clock')) {
      this.scraped(
        'yekuo_timelimit_due_clocks',
        'Running clocks with a warning or breach due and not yet announced (sweeper lag)',
        [],
        async () => {
          const [row] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM stage_clock WHERE next_due_at <= now()');
          return [{ value: row.n }];
        },
      );
    }
    for (const gauge of sources.gauges) {
      this.scraped(gauge.name, gauge.help, gauge.labelNames, async () => {
        const rows = await dataSource.query<Record<string, unknown>[]>(gauge.sql);
        return rows.map((row) => ({
          labels: Object.fromEntries(gauge.labelNames.map((label) => [label, String(row[label])])),
          value: Number(row.value),
        }));
      });
    }
    // Registered after the gauges: a scrape collects in that order, so their reads have begun when this waits.
    const reads = this.reads;
    this.queryFailures = new Counter({
      name: 'yekuo_metrics_query_failures_total',
      help: 'Scrapes that went without a gauge because reading it failed or took too long, by gauge',
      labelNames: ['metric'],
      registers: [registry],
      async collect() {
        await Promise.all([...reads]);
      },
    });
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
    this.server = await startManagementServer({
      host: this.sources.config.MANAGEMENT_HOST,
      port: this.sources.config.MANAGEMENT_PORT,
      metrics: () => this.render(),
      log: (error) => this.logger.error(describeForLog(error)),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge set from `read` at each scrape; when `read` fails it has no value in that scrape. */
  private scraped(
    name: string,
    help: string,
    labelNames: string[],
    read: () => Promise<{ labels?: Record<string, string>; value: number }[]>,
  ): void {
    const failed = (error: unknown) => {
      this.queryFailures.inc({ metric: name });
      // Said once per run of failures, not at every scrape.
      if (!this.failing.has(name)) this.logger.warn(`cannot read ${name} for /metrics: ${(error as Error).message}`);
      this.failing.add(name);
    };
    const recovered = () => this.failing.delete(name);
    const reads = this.reads;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const fill = async () => {
          this.reset();
          try {
            for (const { labels, value } of await withinTimeout(read(), SCRAPE_QUERY_TIMEOUT_MS)) {
              if (labels) this.set(labels, value);
              else this.set(value);
            }
            recovered();
          } catch (error) {
            // No sample at all: an unlabelled gauge would otherwise say 0 (an empty outbox, say).
            this.reset();
            this.remove({});
            failed(error);
          }
        };
        const reading = fill();
        reads.add(reading);
        await reading.finally(() => reads.delete(reading));
      },
    });
  }
}

/** The stage and measure a milestone event names (both closed sets in the catalog). */
function milestoneLabels(event: CloudEvent): { stage: string; measure: string } {
  const { stage, measure } = event.data as { stage?: unknown; measure?: unknown };
  return { stage: typeof stage === 'string' ? stage : 'unknown', measure: typeof measure === 'string' ? measure : 'unknown' };
}
