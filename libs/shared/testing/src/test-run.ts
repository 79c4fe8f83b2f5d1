import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { Client } from 'pg';
import {
  AUDIT_ANCHOR_PRIVATE_KEY_FILE,
  ensureDevKeys,
  ensureSubgraphKeys,
  mintToken,
  NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE,
  NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE,
  SUBGRAPH_PRIVATE_KEY_FILE,
  SUBGRAPH_PUBLIC_KEY_FILE,
  TokenClaims,
} from './dev-keys';
import {
  prepareServiceDatabase,
  provisionWitnessForUrl,
  queueNames,
  serviceRoles,
  SubgraphSigner,
  urlAs,
  witnessWriter,
} from '@yekuo/platform';

export const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432';
export const DEFAULT_AMQP = 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Names and keys that keep one test run apart from every other on the shared
 * PostgreSQL and RabbitMQ: its own databases, exchange, queue prefix and signing keys.
 */
export class TestRun {
  readonly id = `t${randomBytes(4).toString('hex')}`;
  readonly exchange = `yekuo.test.${this.id}`;
  readonly queuePrefix = `${this.id}.`;
  readonly keyDir = mkdtempSync(join(tmpdir(), 'yekuo-keys-'));
  private readonly databases = new Set<string>();
  private readonly provisioned = new Map<string, Promise<unknown>>();
  private keys?: Promise<{ privateKeyPem: string }>;
  private subgraphKeys?: Promise<SubgraphSigner>;

  constructor(
    readonly pgUrl = process.env.TEST_PG_URL ?? DEFAULT_PG,
    readonly amqpUrl = process.env.TEST_AMQP_URL ?? DEFAULT_AMQP,
  ) {}

  get publicKeyFile(): string {
    return join(this.keyDir, 'jwt-public.pem');
  }

  /** This run's database for `service`, as the administrator (superuser) of the server: for tests that look inside it. */
  databaseUrl(service: string): string {
    const name = `yekuo_${service}_${this.id}`;
    this.databases.add(name);
    return `${this.pgUrl}/${name}`;
  }

  /**
   * Makes this run's database for `service` as the services' databases are made (decision 0015):
   * the service's roles (cluster-wide, once), the database owned by its owner role, the runtime
   * role's rights. Once per run and service; `startServiceInProcess` calls it.
   */
  provisionDatabase(service: string): Promise<unknown> {
    let done = this.provisioned.get(service);
    if (!done) {
      const name = new URL(this.databaseUrl(service)).pathname.slice(1);
      const adminUrl = `${this.pgUrl}/postgres`;
      // The run's audit witness with this service's writer, as npm start makes it (decision 0016).
      done = Promise.all([
        prepareServiceDatabase(adminUrl, service, name),
        provisionWitnessForUrl(adminUrl, service, this.witnessUrl(service)),
      ]);
      this.provisioned.set(service, done);
    }
    return done;
  }

  /** This run's audit witness as `service`'s writer (`yekuo_witness_<service>`); the database is the run's own. */
  witnessUrl(service: string): string {
    const name = `yekuo_witness_${this.id}`;
    this.databases.add(name);
    return urlAs(`${this.pgUrl}/${name}`, witnessWriter(service));
  }

  /** The environment a service of this run needs (merge PORT and anything else over it); `provisionDatabase` first. */
  env(service: string): Record<string, string> {
    const roles = serviceRoles(service);
    return {
      DATABASE_URL: urlAs(this.databaseUrl(service), roles.runtime),
      DATABASE_OWNER_URL: urlAs(this.databaseUrl(service), roles.owner),
      AMQP_URL: this.amqpUrl,
      AMQP_EXCHANGE: this.exchange,
      AMQP_QUEUE_PREFIX: this.queuePrefix,
      JWT_PUBLIC_KEY_FILE: this.publicKeyFile,
      WITNESS_DATABASE_URL: this.witnessUrl(service),
      AUDIT_ANCHOR_KEY_FILE: join(this.keyDir, AUDIT_ANCHOR_PRIVATE_KEY_FILE),
      // Anchors are made when a test asks (anchor<Service>AuditChains), so event counts stay the test's own.
      AUDIT_ANCHOR_INTERVAL_MS: '0',
      // The gateway's pair for signing subgraph requests: the services read the public key, the gateway the private one.
      SUBGRAPH_VERIFY_KEY_FILE: join(this.keyDir, SUBGRAPH_PUBLIC_KEY_FILE),
      SUBGRAPH_SIGNING_KEY_FILE: join(this.keyDir, SUBGRAPH_PRIVATE_KEY_FILE),
      // The notifications service's pair: it signs its reads of contacts from intake, intake checks them.
      SERVICE_SIGNING_KEY_FILE: join(this.keyDir, NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE),
      CONTACT_READER_KEY_FILE: join(this.keyDir, NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE),
      // Metrics on a free port: runs side by side never clash.
      MANAGEMENT_PORT: '0',
      CONSUMER_RETRY_DELAYS_MS: '200,500',
      CONSUMER_MAX_ATTEMPTS: '3',
      OUTBOX_POLL_MS: '500',
      LOG_LEVEL: 'warn',
    };
  }

  /**
   * What a gateway of this run needs (merge PORT and SUBGRAPH_<NAME>_URL over it): its keys, metrics on a free port, and
   * JSON log lines (tests read them with `captureLog`).
   */
  gatewayEnv(): Record<string, string> {
    const { JWT_PUBLIC_KEY_FILE, SUBGRAPH_SIGNING_KEY_FILE, MANAGEMENT_PORT } = this.env('gateway');
    return { JWT_PUBLIC_KEY_FILE, SUBGRAPH_SIGNING_KEY_FILE, MANAGEMENT_PORT, LOG_FORMAT: 'json' };
  }

  async token(claims: TokenClaims): Promise<string> {
    this.keys ??= ensureDevKeys(this.keyDir);
    return mintToken(claims, { privateKeyPem: (await this.keys).privateKeyPem });
  }

  /** Signs requests to this run's services as their gateway does. */
  subgraphSigner(): Promise<SubgraphSigner> {
    this.subgraphKeys ??= ensureSubgraphKeys(this.keyDir).then((keys) => SubgraphSigner.fromPem(keys.privateKeyPem));
    return this.subgraphKeys;
  }

  /** Creates the signing keys (tokens, subgraph requests) now, before a service reads the public keys. */
  async prepare(): Promise<void> {
    this.keys ??= ensureDevKeys(this.keyDir);
    await Promise.all([this.keys, this.subgraphSigner()]);
  }

  /** Every queue a service of this run declares (main, dead-letter, retry). */
  queuesOf(service: string): string[] {
    const names = queueNames(service, this.queuePrefix);
    const delays = this.env(service).CONSUMER_RETRY_DELAYS_MS.split(',').map(Number);
    return [names.main, names.deadLetter, ...delays.map((d) => names.retry(d))];
  }

  /** Drops this run's databases and deletes its exchange and the queues of `services`. */
  async cleanUp(services: string[] = []): Promise<void> {
    const queues = services.flatMap((s) => this.queuesOf(s));
    const admin = new Client({ connectionString: `${this.pgUrl}/postgres` });
    await admin.connect();
    try {
      for (const name of this.databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    const connection = await connect(this.amqpUrl);
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
      await channel.deleteExchange(this.exchange).catch(() => undefined);
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 20_000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a probe may throw anything; String() gives an Error's own 'Name: message'.
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
