import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { requestMetricsPlugin } from '@yekuo/platform/core';

/** The routes the gateway serves, each with the paths below it; anything else (the console's pages, unknown paths) is `other`. */
const ROUTES = ['/graphql', '/health/live', '/health/ready', '/documents', '/reports', '/dev/token'];
/** Seconds: from a cache hit to a slow report. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** An error code as GraphQL errors spell them; anything else is counted as `OTHER`. */
const CODE = /^[A-Z][A-Z0-9_]{0,49}$/;

/** The route label of a request path: `/documents/<id>` is `/documents`, the console's `/cases/<id>` is `other`. */
export function routeOf(path: string): string {
  return ROUTES.find((route) => path === route || path.startsWith(`${route}/`)) ?? 'other';
}

/**
 * The gateway's Prometheus metrics (prom-client, one registry per gateway), rendered at `/metrics`
 * of its management port: HTTP requests, GraphQL operations with their latency and errors, rate
 * limit refusals, the fetches to each subgraph, and the process.
 */
export class GatewayMetrics {
  private readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'yekuo_gateway_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'yekuo_gateway_http_request_duration_seconds',
    help: 'Seconds spent answering HTTP requests, by route',
    labelNames: ['route'],
    buckets: BUCKETS,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'yekuo_gateway_graphql_request_duration_seconds',
    help: 'GraphQL requests by operation, type and outcome (error: the response carried errors)',
    labelNames: ['operation', 'type', 'outcome'],
    buckets: BUCKETS,
    registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: 'yekuo_gateway_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code and the subgraph that raised them (gateway: none did)',
    labelNames: ['code', 'subgraph'],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'yekuo_gateway_rate_limited_total',
    help: 'Requests refused by a rate limit, by limit',
    labelNames: ['limit'],
    registers: [this.registry],
  });
  readonly subgraphFetches = new Histogram({
    name: 'yekuo_gateway_subgraph_fetch_duration_seconds',
    help: 'Requests the gateway sent a subgraph, by subgraph and outcome (failed: no GraphQL answer)',
    labelNames: ['subgraph', 'outcome'],
    buckets: BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware counting and timing every HTTP request once it is answered. */
  readonly httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.httpDuration.startTimer();
    // Read now: routers mounted on a path rewrite req.url while they run.
    const route = routeOf(req.path);
    res.on('finish', () => {
      this.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      end({ route });
    });
    next();
  };

  /** Records one subgraph fetch (ForwardingDataSource). */
  readonly subgraphFetched = (subgraph: string, seconds: number, ok: boolean): void => {
    this.subgraphFetches.observe({ subgraph, outcome: ok ? 'ok' : 'failed' }, seconds);
  };

  /** Apollo Server plugins timing operations and counting the errors they returned. */
  plugins<TContext extends object>(): ApolloServerPlugin<TContext>[] {
    const errors: ApolloServerPlugin<TContext> = {
      // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
      requestDidStart: async () => ({
        // eslint-disable-next-line @typescript-eslint/require-await -- Apollo plugin hooks must return a Promise.
        didEncounterErrors: async ({ errors }) => {
          for (const error of errors) {
            const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
            const subgraph = typeof error.extensions?.serviceName === 'string' ? error.extensions.serviceName : 'gateway';
            this.graphqlErrors.inc({ code: CODE.test(code) ? code : 'OTHER', subgraph });
          }
        },
      }),
    };
    const requests = requestMetricsPlugin<TContext>(({ operation, type, outcome, seconds }) =>
      this.graphqlDuration.observe({ operation, type, outcome }, seconds),
    );
    return [requests, errors];
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
