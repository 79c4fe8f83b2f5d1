import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';

type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

/** A Prometheus counter kept by hand (label values must have bounded cardinality). */
export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = formatLabels(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }

  get(labels: Labels = {}): number {
    return this.values.get(formatLabels(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, { value }] of this.values) lines.push(`${this.name}${key} ${value}`);
    return lines.join('\n');
  }
}

const KNOWN_ROUTES = new Set(['/graphql', '/health/live', '/health/ready']);

/** The gateway's metrics, rendered in the Prometheus text format at `/metrics` of its management port. */
export class GatewayMetrics {
  readonly httpRequests = new Counter('yekuo_gateway_http_requests_total', 'HTTP requests by method, route and status');
  readonly httpDurationSeconds = new Counter(
    'yekuo_gateway_http_request_duration_seconds_total',
    'Total seconds spent answering HTTP requests, by route',
  );
  readonly graphqlRequests = new Counter('yekuo_gateway_graphql_requests_total', 'GraphQL operations by type');
  readonly graphqlErrors = new Counter(
    'yekuo_gateway_graphql_errors_total',
    'GraphQL errors sent to clients, by extensions.code and the subgraph that raised them',
  );
  private readonly startedAt = Date.now();

  /** Express middleware counting every HTTP request once it is answered. */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    // Read now: routers mounted on a path rewrite req.url while they run.
    const route = KNOWN_ROUTES.has(req.path) ? req.path : 'other';
    res.on('finish', () => {
      this.httpRequests.inc({
        method: req.method,
        route,
        status: String(res.statusCode),
      });
      this.httpDurationSeconds.inc({ route }, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };

  /** Apollo Server plugin counting operations and the errors they returned. */
  plugin<TContext extends object>(): ApolloServerPlugin<TContext> {
    return {
      // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
      requestDidStart: async () => ({
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
        didEncounterErrors: async ({ errors }) => {
          for (const error of errors) {
            const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
            const subgraph = typeof error.extensions?.serviceName === 'string' ? error.extensions.serviceName : 'gateway';
            this.graphqlErrors.inc({ code, subgraph });
          }
        },
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
        willSendResponse: async ({ operation }) => {
          this.graphqlRequests.inc({
            operation: operation?.operation ?? 'invalid',
          });
        },
      }),
    };
  }

  render(): string {
    const memory = process.memoryUsage();
    return [
      this.httpRequests.render(),
      this.httpDurationSeconds.render(),
      this.graphqlRequests.render(),
      this.graphqlErrors.render(),
      '# HELP process_uptime_seconds Seconds since the gateway started',
      '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${(Date.now() - this.startedAt) / 1000}`,
      '# HELP process_resident_memory_bytes Resident memory size in bytes',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '',
    ].join('\n');
  }
}
