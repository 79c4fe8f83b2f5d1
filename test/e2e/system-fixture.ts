import { SERVICES } from '@yekuo/platform/core';
import { EventTap, graphql, RunningSystem, SmtpSink, startSmtpSink, startSystem, TestRun } from '@yekuo/testing';
import type { TokenClaims } from '@yekuo/testing';

/** The whole system as separate processes on this run's databases, exchange and keys, plus a subscriber on `#` and a mail sink. */
export interface SystemFixture {
  run: TestRun;
  system: RunningSystem;
  tap: EventTap;
  /** The SMTP server the notifications service sends this run's email to. */
  mail: SmtpSink;
  /** POST to the gateway, as a front end would. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- by default tests read the untyped JSON response field by field.
  gql: <T = Record<string, any>>(query: string, variables: Record<string, unknown>, token?: string) => ReturnType<typeof graphql<T>>;
  token: (claims: TokenClaims) => Promise<string>;
  stop(): Promise<void>;
}

export async function startSystemFixture(): Promise<SystemFixture> {
  const run = new TestRun();
  await run.prepare();
  const tap = await EventTap.open(run.amqpUrl, run.exchange, '#');
  const mail = await startSmtpSink();
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _ownerUrl, WITNESS_DATABASE_URL: _witnessUrl, ...shared } = run.env('intake');
  // Each service's roles and this run's database for it, as npm start makes them (decision 0015).
  for (const { name } of SERVICES) await run.provisionDatabase(name);
  const system = await startSystem({
    ports: 'ephemeral',
    quiet: true,
    // Mail goes out soon after its event (the walks wait for it), still in the order of the events.
    env: { ...shared, LOG_LEVEL: 'warn', SMTP_URL: mail.url, DELIVERY_POLL_MS: '200', DELIVERY_SETTLE_MS: '500' },
    databaseUrl: (service) => run.env(service).DATABASE_URL,
    databaseOwnerUrl: (service) => run.env(service).DATABASE_OWNER_URL,
    witnessUrl: (service) => run.witnessUrl(service),
  });
  return {
    run,
    system,
    tap,
    mail,
    gql: (query, variables, token) => graphql(system.gatewayUrl, query, variables, token),
    token: (claims) => run.token(claims),
    stop: async () => {
      await system.stop();
      await tap.close();
      await mail.close();
      await run.cleanUp(system.services.map((s) => s.name));
    },
  };
}
