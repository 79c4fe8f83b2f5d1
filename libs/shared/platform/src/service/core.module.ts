import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AnchorKeys, AuditWitness } from '../audit/audit-anchor';
import { AuditAnchoring, AuditAnchorResolver, AuditAnchorSchedule } from '../audit/audit-anchoring';
import { AuditLog } from '../audit/audit-log';
import { requestContext } from '../case-copy/request-loaders';
import { AuthModule } from '../auth/auth.module';
import { ConfigError, databaseOwnerUrl, jwtSettingsOf, ServiceConfig } from '../config';
import { openDatabase } from '../database';
import { createValidationPipe, describeForLog, DomainErrorFilter, errorMaskingPlugin, MaskedErrorEntry, publicError } from '../errors';
import { strictDateTimes } from '../graphql/date-time';
import { introspectionGate } from '../graphql/introspection';
import { requestMetricsPlugin } from '../graphql/request-metrics';
import { currentLogContext } from '../logging/log-context';
import { IdempotencyInterceptor, idempotencyResponsePlugin, IdempotencyStore, IdempotencySweeper } from '../idempotency';
import { retryReadsOnce } from '../graphql/read-retry';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { EventPublisher } from '../messaging/event-publisher';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging/messaging.options';
import { OutboxRelay } from '../messaging/outbox-relay';
import { UnitOfWork } from '../messaging/unit-of-work';
import { flushTraces } from '../telemetry/tracing';
import { HealthController } from './health.controller';
import { graphqlRequestRecorder, ServiceMetrics } from './service-metrics';
import { SERVICE_CONFIG, ServiceDefinition } from './service-definition';
import { SYSTEM_TIME, TIME_SOURCE, TimeSource } from './time-source';

/** Starts the relay once the app is up and stops it, the broker link and the pool on shutdown, then flushes the traces. */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly consumer: AmqpEventsServer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.open();
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.close();
    await this.relay.stop();
    await this.publisher.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    // Last, once nothing runs any more: the spans of the requests and messages just finished are exported before the process exits.
    await flushTraces();
  }
}

/** The anchor signing key, read at boot: a missing or wrong file stops the service naming the variable. */
function anchorKeys(config: ServiceConfig): AnchorKeys {
  try {
    return AnchorKeys.fromFiles(config.AUDIT_ANCHOR_KEY_FILE, config.AUDIT_ANCHOR_PUBLIC_KEY_FILE);
  } catch (error) {
    const variable = config.AUDIT_ANCHOR_PUBLIC_KEY_FILE ? 'AUDIT_ANCHOR_KEY_FILE / AUDIT_ANCHOR_PUBLIC_KEY_FILE' : 'AUDIT_ANCHOR_KEY_FILE';
    throw new ConfigError([{ variable, message: `no usable Ed25519 key (${(error as Error).message})` }]);
  }
}

/** Logs an error the caller saw masked, under the request id the caller was given. */
function logMaskedError(logger: Logger): (entry: MaskedErrorEntry) => void {
  return ({ requestId, kind, path, error }) => {
    const where = `request ${requestId}${path ? ` at ${path.join('.')}` : ''}`;
    if (kind === 'internal') logger.error(`${where}: ${describeForLog(error)}`);
    else logger.warn(`${where} (${kind}): ${describeForLog(error)}`);
  };
}

/**
 * Everything a Yekuo service shares: its database (created and migrated at boot),
 * the unit of work with outbox and audit chain, the relay, the event consumer,
 * token verification with the deny-by-default guard, input validation, the
 * Federation 2 subgraph, health and metrics, and the time source. A service that times a
 * step adds `TimeLimitsModule` from `@yekuo/timelimits`.
 */
@Global()
@Module({})
export class CoreModule {
  static forService(definition: ServiceDefinition, config: ServiceConfig): DynamicModule {
    const messaging: MessagingOptions = {
      service: definition.name,
      databaseUrl: config.DATABASE_URL,
      amqpUrl: config.AMQP_URL,
      exchange: config.AMQP_EXCHANGE,
      queuePrefix: config.AMQP_QUEUE_PREFIX,
      outboxPollMs: config.OUTBOX_POLL_MS,
      outboxBatchSize: config.OUTBOX_BATCH_SIZE,
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      retryDelaysMs: config.CONSUMER_RETRY_DELAYS_MS,
      prefetch: config.CONSUMER_PREFETCH,
      eventActions: definition.eventActions,
    };
    // One registry per application (tests run several in one process): the GraphQL plugin and ServiceMetrics write to it.
    const metricsRegistry = new Registry();
    return {
      module: CoreModule,
      global: true,
      imports: [
        AuthModule.forRoot(jwtSettingsOf(config)),
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          sortSchema: true,
          path: '/graphql',
          graphiql: false,
          // Refused by introspectionGate (INTROSPECTION_DISABLED) unless GRAPHQL_INTROSPECTION=true; with it
          // off, validation errors give no "Did you mean …" either. (`_service { sdl }` is not introspection.)
          introspection: true,
          hideSchemaDetailsFromClientErrors: !config.GRAPHQL_INTROSPECTION,
          includeStacktraceInErrorResponses: false,
          // Intended errors go out as they are; a database outage is SERVICE_UNAVAILABLE (retryable), a
          // value PostgreSQL refused VALIDATION_FAILED, anything else "Internal server error" with a
          // request id, its detail logged under that id (errorMaskingPlugin).
          formatError: publicError,
          // DateTime inputs are read strictly (2026-02-30 is no date); a query's reads try once more
          // when the database dropped the connection.
          transformSchema: (schema) => retryReadsOnce(strictDateTimes(schema)),
          // Traces are the gateway's business. (The cast bridges the CommonJS and ESM
          // typings of @apollo/server, which describe the same plugin.)
          plugins: [
            ApolloServerPluginInlineTraceDisabled() as NonNullable<ApolloFederationDriverConfig['plugins']>[number],
            requestMetricsPlugin(graphqlRequestRecorder(metricsRegistry)) as NonNullable<ApolloFederationDriverConfig['plugins']>[number],
            introspectionGate(config.GRAPHQL_INTROSPECTION) as NonNullable<ApolloFederationDriverConfig['plugins']>[number],
            // The id the access log gave the request (the gateway's), so a masked error is found under the id its caller got.
            errorMaskingPlugin({
              requestIdOf: () => currentLogContext()?.requestId,
              log: logMaskedError(new Logger(definition.name)),
            }) as NonNullable<ApolloFederationDriverConfig['plugins']>[number],
            // After the masking plugin, so a kept response is the one the caller got (request id included).
            idempotencyResponsePlugin() as NonNullable<ApolloFederationDriverConfig['plugins']>[number],
          ],
          // Guards run on field resolvers too: every field a subgraph adds to Case is checked.
          fieldResolverEnhancers: ['guards'],
          // Each request's loaders live in its context: every case row is read once per request.
          context: requestContext,
          buildSchemaOptions: { orphanedTypes: definition.orphanedTypes ?? [] },
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: MESSAGING_OPTIONS, useValue: messaging },
        {
          provide: DataSource,
          // Migrated as the owner role, then connected as the runtime role (decision 0015).
          useFactory: () =>
            openDatabase({
              url: config.DATABASE_URL,
              ownerUrl: databaseOwnerUrl(config),
              appendOnlyTables: definition.appendOnlyTables,
              entities: definition.entities,
              migrations: definition.migrations,
            }),
        },
        // The audit chains' anchors (decision 0016): a witness the service's database roles cannot write, a key file no database holds.
        { provide: AuditWitness, useFactory: () => new AuditWitness(config.WITNESS_DATABASE_URL, definition.name) },
        { provide: AnchorKeys, useFactory: () => anchorKeys(config) },
        {
          provide: AuditLog,
          inject: [AuditWitness, AnchorKeys],
          useFactory: (witness: AuditWitness, keys: AnchorKeys) => new AuditLog(undefined, { witness, keys }),
        },
        {
          provide: AuditAnchoring,
          inject: [DataSource, AuditWitness, AnchorKeys],
          useFactory: (dataSource: DataSource, witness: AuditWitness, keys: AnchorKeys) => new AuditAnchoring(dataSource, witness, keys),
        },
        {
          provide: AuditAnchorSchedule,
          inject: [AuditAnchoring, AuditWitness],
          useFactory: (anchoring: AuditAnchoring, witness: AuditWitness) =>
            new AuditAnchorSchedule(anchoring, witness, config.AUDIT_ANCHOR_INTERVAL_MS),
        },
        AuditAnchorResolver(definition.name),
        IdempotencyStore,
        IdempotencySweeper,
        UnitOfWork,
        { provide: EventPublisher, useFactory: () => new EventPublisher(config.AMQP_URL, config.AMQP_EXCHANGE, definition.name) },
        {
          provide: OutboxRelay,
          inject: [DataSource, EventPublisher],
          useFactory: (dataSource: DataSource, publisher: EventPublisher) =>
            new OutboxRelay(dataSource, publisher, {
              databaseUrl: config.DATABASE_URL,
              pollMs: config.OUTBOX_POLL_MS,
              batchSize: config.OUTBOX_BATCH_SIZE,
            }),
        },
        {
          provide: AmqpEventsServer,
          useFactory: () =>
            new AmqpEventsServer({
              url: config.AMQP_URL,
              exchange: config.AMQP_EXCHANGE,
              service: definition.name,
              queuePrefix: config.AMQP_QUEUE_PREFIX,
              maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
              retryDelaysMs: config.CONSUMER_RETRY_DELAYS_MS,
              prefetch: config.CONSUMER_PREFETCH,
            }),
        },
        { provide: TIME_SOURCE, useValue: definition.timeSource ?? SYSTEM_TIME },
        MessagingLifecycle,
        {
          provide: ServiceMetrics,
          inject: [DataSource, AmqpEventsServer, OutboxRelay],
          useFactory: (dataSource: DataSource, consumer: AmqpEventsServer, relay: OutboxRelay) =>
            new ServiceMetrics(metricsRegistry, { dataSource, consumer, relay, config, gauges: definition.metrics ?? [] }),
        },
        { provide: APP_PIPE, inject: [TIME_SOURCE], useFactory: (time: TimeSource) => createValidationPipe(time) },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        // Every mutation takes an optional Idempotency-Key (README "Retrying safely").
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [
        SERVICE_CONFIG,
        MESSAGING_OPTIONS,
        DataSource,
        AuditLog,
        UnitOfWork,
        IdempotencyStore,
        EventPublisher,
        OutboxRelay,
        AmqpEventsServer,
        TIME_SOURCE,
        ServiceMetrics,
      ],
    };
  }
}
