import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { ensureDevKeys, mintToken, TokenClaims } from './dev-keys';
import { prepareServiceDatabase, queueNames, serviceRoles, urlAs } from '@yekuo/platform';

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
      done = prepareServiceDatabase(`${this.pgUrl}/postgres`, service, name);
      this.provisioned.set(service, done);
    }
    return done;
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
      CONSUMER_RETRY_DELAYS_MS: '200,500',
      CONSUMER_MAX_ATTEMPTS: '3',
      OUTBOX_POLL_MS: '500',
      LOG_LEVEL: 'warn',
    };
  }

  async token(claims: TokenClaims): Promise<string> {
    this.keys ??= ensureDevKeys(this.keyDir);
    return mintToken(claims, { privateKeyPem: (await this.keys).privateKeyPem });
  }

  /** Creates the signing keys now, before a service reads the public key. */
  async prepare(): Promise<void> {
    this.keys ??= ensureDevKeys(this.keyDir);
    await this.keys;
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
