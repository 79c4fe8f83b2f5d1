import { rmSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, Logger } from 'typeorm';
import type { ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { AmqpEventsServer } from '@yekuo/platform';
import { CloudEvent, createEvent, EventPayload, EventType, parseEvent, Role } from '@yekuo/events';
import type { TokenClaims } from './dev-keys';
import { EventTap } from './event-tap';
import { graphql, GraphQLErrorBody, GraphQLResponse } from './graphql-client';
import { InProcessService, startServiceInProcess } from './in-process';
import { TestPublisher } from './test-publisher';
import { TestRun, waitFor } from './test-run';

/** The first error of a GraphQL response, thrown so that tests can `rejects.toMatchObject({ extensions: { code } })`. */
export class GraphQLCallError extends Error {
  readonly extensions: NonNullable<GraphQLErrorBody['extensions']>;
  readonly path?: (string | number)[];

  constructor(readonly errors: GraphQLErrorBody[]) {
    super(errors.map((e) => `${e.message} (${String(e.extensions?.code ?? 'no code')})`).join('; '));
    this.name = 'GraphQLCallError';
    this.extensions = errors[0]?.extensions ?? {};
    this.path = errors[0]?.path;
  }
}

/** The statements a service sent to its database while recorded (`ServiceHarness.recordStatements`). */
export interface StatementLog {
  /** Every statement since the recording started or was last taken, in the order sent. */
  readonly statements: readonly string[];
  /** Returns the statements so far and starts over. */
  take(): string[];
  /** Ends the recording. */
  stop(): void;
}

/**
 * Records every statement a service sends through `dataSource` from now on (its logger sees each
 * one), once its outbox is relayed: nothing a mutation started still talks to the database while
 * reads are counted.
 */
export async function recordStatements(dataSource: DataSource): Promise<StatementLog> {
  await waitFor('the outbox to be relayed', async () => {
    const [{ n }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox_message WHERE published_at IS NULL');
    return n === 0;
  });
  const logger: Logger = dataSource.logger;
  const logQuery = logger.logQuery.bind(logger);
  let statements: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    statements.push(query);
    logQuery(query, parameters, runner);
  };
  return {
    get statements() {
      return statements;
    },
    take: () => {
      const taken = statements;
      statements = [];
      return taken;
    },
    stop: () => {
      logger.logQuery = logQuery;
    },
  };
}

/** The tables a statement reads (FROM and JOIN), in the order written. */
export function tablesOf(statement: string): string[] {
  return [...statement.matchAll(/\b(?:FROM|JOIN)\s+"?(\w+)"?/gi)].map((m) => m[1]);
}

/** A customer's id when a test names none (customers are known by id, a UUID). */
export const DEFAULT_CUSTOMER_ID = '00000000-0000-4000-8000-00000000c001';

/** Who a call is made as: the role, and the claims of the token (sub defaults to `<role>-1`, a customer's to DEFAULT_CUSTOMER_ID). */
export type Identity = Partial<Omit<TokenClaims, 'roles'>> & { roles?: Role[] };

/** GraphQL calls made with one identity's token. */
export interface Caller {
  /** The bearer token of this identity. */
  token(): Promise<string>;
  /** Runs a query; returns its data or throws a GraphQLCallError carrying the error's extensions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the untyped JSON field by field unless they name a type.
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Runs a mutation; returns its data or throws a GraphQLCallError carrying the error's extensions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
  mutate<T = Record<string, any>>(mutation: string, variables?: Record<string, unknown>): Promise<T>;
  /** The whole response, data and errors, for tests about partial results. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
  raw<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Reads one case as the gateway does, through `_entities`; null when this identity may not see it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above.
  readCase<T = Record<string, any>>(caseId: string, fields: string): Promise<T>;
  /** The same caller sending these request headers too, e.g. `withHeaders({ 'idempotency-key': key })`. */
  withHeaders(headers: Record<string, string>): Caller;
}

export interface HarnessOptions {
  /** Environment merged over the run's (e.g. a clock or a time limit). */
  env?: Record<string, string>;
  /** The routing-key pattern the event tap binds (default: every event). */
  tapPattern?: string;
}

/**
 * One service started inside the test process for its own TestRun (database, exchange,
 * queues, keys), with what integration tests need around it: callers per role, the
 * events it publishes (an EventTap), a publisher of upstream events, and a clean stop.
 *
 *   const h = await ServiceHarness.start(contractsService, (config) => AppModule.forRoot(config));
 *   await h.publishAndWait(h.event('planning.scheme.confirmed.v1', payload));
 *   await expect(h.as('customer').mutate(SIGN, { input })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
 *   afterAll(() => h.stop());
 */
export class ServiceHarness {
  private readonly tokens = new Map<string, Promise<string>>();
  /** Every instance started, the first one (`service`) included. */
  readonly instances: InProcessService[];

  private constructor(
    readonly run: TestRun,
    readonly definition: ServiceDefinition,
    private readonly appModule: (config: ServiceConfig) => Parameters<typeof NestFactory.create>[0],
    private readonly env: Record<string, string> | undefined,
    readonly service: InProcessService,
    readonly tap: EventTap,
    readonly bus: TestPublisher,
  ) {
    this.instances = [service];
  }

  static async start(
    definition: ServiceDefinition,
    appModule: (config: ServiceConfig) => Parameters<typeof NestFactory.create>[0],
    options: HarnessOptions = {},
  ): Promise<ServiceHarness> {
    const run = new TestRun();
    const tap = await EventTap.open(run.amqpUrl, run.exchange, options.tapPattern ?? '#');
    let service: InProcessService | undefined;
    try {
      service = await startServiceInProcess(run, definition, appModule, options.env);
      const bus = await TestPublisher.open(run.amqpUrl, run.exchange);
      return new ServiceHarness(run, definition, appModule, options.env, service, tap, bus);
    } catch (error) {
      await service?.stop();
      await tap.close();
      await run.cleanUp([definition.name]);
      rmSync(run.keyDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Starts one more instance of the service on the same database and queue (as a second replica would run). */
  async startInstance(): Promise<InProcessService> {
    const instance = await startServiceInProcess(this.run, this.definition, this.appModule, this.env);
    this.instances.push(instance);
    return instance;
  }

  get url(): string {
    return this.service.url;
  }

  get app(): INestApplication {
    return this.service.app;
  }

  /** The service's event consumer, whose `stats` count handled, retried and dead-lettered deliveries. */
  get consumer(): AmqpEventsServer {
    return this.app.get(AmqpEventsServer);
  }

  /** Deliveries handled by every instance together. */
  get handled(): number {
    return this.instances.reduce((sum, i) => sum + i.app.get(AmqpEventsServer).stats.handled, 0);
  }

  /** A token for `role` with the given claims; the same identity gets the same token. */
  token(role: Role, identity: Identity = {}): Promise<string> {
    const claims: TokenClaims = {
      sub: role === 'customer' ? DEFAULT_CUSTOMER_ID : `${role}-1`,
      ...identity,
      roles: identity.roles ?? [role],
    };
    const key = JSON.stringify(claims);
    let token = this.tokens.get(key);
    if (!token) {
      token = this.run.token(claims);
      this.tokens.set(key, token);
    }
    return token;
  }

  /**
   * Calls made as `role`, e.g. `h.as('planner', { team: 'planning', regions: ['310115'] })`,
   * to the first instance or to `via` (one from `startInstance()`).
   */
  as(role: Role, identity: Identity = {}, via: InProcessService = this.service): Caller {
    return this.caller(role, identity, via, {});
  }

  private caller(role: Role, identity: Identity, via: InProcessService, headers: Record<string, string>): Caller {
    const token = () => this.token(role, identity);
    const raw = async <T>(query: string, variables: Record<string, unknown> = {}) =>
      graphql<T>(via.url, query, variables, await token(), headers);
    const data = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
      const response = await raw<T>(query, variables);
      if (response.errors?.length) throw new GraphQLCallError(response.errors);
      if (!response.data) throw new Error(`no data and no errors in ${JSON.stringify(response)}`);
      return response.data;
    };
    return {
      token,
      raw,
      query: data,
      mutate: data,
      readCase: async <T>(caseId: string, fields: string) => {
        const found = await data<{ _entities: T[] }>(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { ${fields} } } }`,
          { r: [{ __typename: 'Case', id: caseId }] },
        );
        return found._entities[0];
      },
      withHeaders: (more) => this.caller(role, identity, via, { ...headers, ...more }),
    };
  }

  /** Builds a valid upstream event (checked against the catalog); `source` defaults to the producer named by the type. */
  event<T extends EventType>(type: T, data: EventPayload<T>, options: { source?: string; id?: string; time?: Date } = {}): CloudEvent<T> {
    return createEvent(type, data, { ...options, source: options.source ?? `/yekuo/${type.split('.')[0]}` });
  }

  /** Publishes events to the run's exchange as their producers would, without waiting for the service. */
  publish(...events: CloudEvent[]): Promise<void> {
    return this.bus.publish(...events);
  }

  /** Publishes events and waits until the service (all its instances together) has handled one delivery per event. */
  async publishAndWait(...events: CloudEvent[]): Promise<void> {
    const before = this.handled;
    await this.bus.publish(...events);
    await waitFor(`${events.length} deliveries handled`, () => this.handled >= before + events.length);
  }

  /** The events the tap has seen about one case, parsed, oldest first; `prefix` narrows them (e.g. 'contracts.'). */
  eventsOf(caseId: string, prefix = ''): CloudEvent[] {
    return this.tap.messages
      .filter((m) => m.routingKey.startsWith(prefix))
      .map((m) => parseEvent(m.body))
      .filter((e) => e.subject === caseId)
      .sort((a, b) => a.time.localeCompare(b.time));
  }

  /** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
  waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs?: number): Promise<NonNullable<T>> {
    return waitFor(what, probe, timeoutMs);
  }

  /** Records every statement the first instance sends to its database from now on (`recordStatements`). */
  recordStatements(): Promise<StatementLog> {
    return recordStatements(this.app.get(DataSource));
  }

  /** Stops the service and the AMQP clients, drops the run's databases, queues and exchange, and deletes its keys. */
  async stop(): Promise<void> {
    for (const instance of this.instances) await instance.stop();
    await this.tap.close();
    await this.bus.close();
    await this.run.cleanUp([this.definition.name]);
    rmSync(this.run.keyDir, { recursive: true, force: true });
  }
}
