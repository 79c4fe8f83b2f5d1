import { z } from 'zod';
import { bodyLimitSetting } from './body-limit';
import { jwtConfigShape } from './jwt';
import { logConfigShape } from './logging';
import { defaultManagementPort } from './services';
import { databaseOf, defaultWitnessUrl, serviceRoles, urlAs } from '../database/role-names';
import { brokerUrls } from '../messaging/broker-list';

/** Thrown at boot when the environment is wrong; names every variable at fault. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const csvOfPositiveInts = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'expected a comma-separated list of milliseconds, e.g. 1000,5000')
  .transform((s) => s.split(',').map(Number));

/** What every service reads from its environment. Defaults fit a developer machine. */
export function serviceConfigSchema(service: string, defaultPort: number) {
  const roles = serviceRoles(service);
  const postgresUrl = () => z.url({ protocol: /^postgres(ql)?$/ });
  return z
    .object({
      SERVICE_NAME: z.string().default(service),
      PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
      /** The address GraphQL and health listen on: loopback unless set (images set 0.0.0.0; the gateway is the public entry). */
      HOST: z.string().min(1).default('127.0.0.1'),
      /** Where `/metrics` is served, apart from GraphQL; 0 takes any free port. */
      MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(defaultManagementPort(service)),
      MANAGEMENT_HOST: z.string().min(1).default('127.0.0.1'),
      /** The gateway's Ed25519 public key(s): only requests it signed reach GraphQL and the other routes (health aside). */
      SUBGRAPH_VERIFY_KEY_FILE: z.string().min(1).default('var/keys/subgraph-public.pem'),
      /** The gateway's body limit; this service accepts `subgraphBodyLimit` of it. */
      BODY_LIMIT: bodyLimitSetting(),
      /** The service's runtime role: rows only, never the schema (decision 0015). */
      DATABASE_URL: postgresUrl().default(`postgres://${roles.runtime}@127.0.0.1:5432/yekuo_${service}`),
      /** The owner role that runs the migrations at start; DATABASE_URL as `yekuo_<service>_owner` (no password) when unset. */
      DATABASE_OWNER_URL: postgresUrl().optional(),
      /** A superuser, read only by `node . provision-database` (the bootstrap of the roles and the database). */
      DATABASE_ADMIN_URL: postgresUrl().optional(),
      /** One broker node, or a cluster's nodes comma-separated: a connection that loses its node goes to the next. */
      AMQP_URL: z
        .string()
        .superRefine((value, ctx) => {
          try {
            brokerUrls(value);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
          }
        })
        .default('amqp://guest:guest@127.0.0.1:5672'),
      AMQP_EXCHANGE: z.string().min(1).default('yekuo.events'),
      /** Prefixes this service's queues; tests set it so runs never share a queue. */
      AMQP_QUEUE_PREFIX: z.string().default(''),
      CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
      CONSUMER_RETRY_DELAYS_MS: csvOfPositiveInts.default([1000, 5000, 30000]),
      CONSUMER_PREFETCH: z.coerce.number().int().min(1).max(1000).default(20),
      OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
      OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
      /** How long an idempotency key is kept (a retry within it is answered once); a key past it acts anew. */
      IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
      ...jwtConfigShape(),
      /** The audit witness as this service's own writer (decision 0016): a database its database roles cannot write. */
      WITNESS_DATABASE_URL: postgresUrl().default(defaultWitnessUrl(service)),
      /** The Ed25519 private key (PEM) that signs audit anchors: a file, never in a database. */
      AUDIT_ANCHOR_KEY_FILE: z.string().min(1).default('var/keys/audit-anchor.pem'),
      /** A public key (PEM) that older anchors may be signed with, after the signing key was rotated. */
      AUDIT_ANCHOR_PUBLIC_KEY_FILE: z.string().min(1).optional(),
      /** How often the heads of the chains that moved are anchored; 0 only on demand (anchor<Service>AuditChains). */
      AUDIT_ANCHOR_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
      /** Share of a time limit or target at which a warning is announced. */
      TIME_LIMIT_WARN_SHARE: z.coerce
        .number()
        .gt(0, 'expected a share in (0, 1], e.g. 0.8')
        .max(1, 'expected a share in (0, 1], e.g. 0.8')
        .default(0.8),
      /** How often due time-limit warnings and breaches are swept; 0 turns the sweeper off (tests sweep by hand). */
      TIME_LIMIT_SWEEP_MS: z.coerce.number().int().min(0).default(30_000),
      TIME_LIMIT_SWEEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
      /** The time-limit policy data (versions of limits and targets); libs/shared/timelimits/data/time-limits.json by default. */
      TIME_LIMIT_POLICY_FILE: z.string().min(1).optional(),
      /** A directory of further calendar-*.json files (e.g. next year's holidays) read at boot beside libs/shared/timelimits/data. */
      CALENDAR_DIR: z.string().min(1).optional(),
      ...logConfigShape(),
      /** `production` in images: JSON logs unless LOG_FORMAT says otherwise. */
      NODE_ENV: z.string().optional(),
      /** Whether the subgraph answers introspection (`__schema`, `__type`); off unless set (`npm start` sets it). */
      GRAPHQL_INTROSPECTION: z.stringbool().default(false),
    })
    .superRefine((config, ctx) => {
      if (config.DATABASE_OWNER_URL && databaseOf(config.DATABASE_OWNER_URL) !== databaseOf(config.DATABASE_URL)) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_OWNER_URL'],
          message: `must name the database of DATABASE_URL (${databaseOf(config.DATABASE_URL)}), not ${databaseOf(config.DATABASE_OWNER_URL)}`,
        });
      }
    });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

/** Where the migrations run: DATABASE_OWNER_URL, or DATABASE_URL as the service's owner role without a password. */
export function databaseOwnerUrl(config: Pick<ServiceConfig, 'SERVICE_NAME' | 'DATABASE_URL' | 'DATABASE_OWNER_URL'>): string {
  return config.DATABASE_OWNER_URL ?? urlAs(config.DATABASE_URL, serviceRoles(config.SERVICE_NAME).owner);
}

/** Parses `env` against `schema`; a wrong value throws a ConfigError naming the variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(environment)', message: issue.message })),
    );
  }
  return result.data;
}
