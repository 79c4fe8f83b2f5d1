// `npm start [-- --no-build]`: the whole of Yekuo on this machine. Makes sure PostgreSQL,
// RabbitMQ and Redis are up, creates the database roles (decision 0015), the databases and dev keys, builds, then runs every
// service and the gateway as separate processes from their `dist` folders until Ctrl-C. Email goes to
// MailPit when it runs (`docker compose up -d mailpit`); without it the notifications service starts with email off.
// (tsx does not emit decorator metadata, so nothing NestJS is imported here.)
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_PRIVATE_KEY_FILE, ensureDevKeys, ensureSubgraphKeys } from '@yekuo/testing/dev-keys';
import { GATEWAY_PORT, SERVICES } from '@yekuo/platform/core';
import {
  PreparedDatabase,
  prepareServiceDatabase,
  provisionWitness,
  WITNESS_DATABASE,
  witnessWriter,
} from '@yekuo/platform/database-roles';
import { RunningSystem, startSystem } from '@yekuo/testing/system';
import { buildAll, buildConsole } from './lib/build';
import {
  checkSmtp,
  DEFAULT_DATABASE_ADMIN_URL,
  DEFAULT_REDIS_URL,
  DEFAULT_SMTP_URL,
  ensureInfrastructure,
  InfrastructureError,
} from './lib/infrastructure';
import { SUPERGRAPH_FILE } from './lib/supergraph';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
  const root = resolve(__dirname, '..');
  process.chdir(root);
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;

  await ensureInfrastructure({ databaseAdminUrl: adminUrl, redisUrl });
  const email = await emailSetting(process.env.SMTP_URL ?? DEFAULT_SMTP_URL);
  // Each service's owner and runtime roles and its database, idempotently; tables made earlier move to the owner.
  const databases = new Map<string, PreparedDatabase>();
  for (const { name } of SERVICES) databases.set(name, await prepareServiceDatabase(adminUrl, name));
  // The audit witness, with each service's writer (decision 0016).
  const witness = await provisionWitness(adminUrl, {
    database: WITNESS_DATABASE,
    writers: SERVICES.map(({ name }) => ({ service: name, role: witnessWriter(name) })),
  });
  const created = [
    ...[...databases.values()].filter((d) => d.created).map((d) => d.database),
    ...(witness.created ? [WITNESS_DATABASE] : []),
  ];
  if (created.length > 0) console.log(`created databases: ${created.join(', ')}`);
  // Token keys, and the gateway's pair for signing subgraph requests (services refuse unsigned ones).
  await ensureDevKeys();
  await ensureSubgraphKeys();
  if (!values['no-build']) {
    await buildAll(root);
    await buildConsole(root);
  }
  if (!existsSync(SUPERGRAPH_FILE)) {
    throw new InfrastructureError(`${SUPERGRAPH_FILE} is missing; compose it first with: npm run compose`);
  }

  // eslint-disable-next-line prefer-const -- stopAll may read it before startSystem resolves; a const would be in its TDZ then.
  let system: RunningSystem | undefined;
  let stopping = false;
  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('stopping Yekuo ...');
    (system?.stop() ?? Promise.resolve()).then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  system = await startSystem({
    ports: 'default',
    // Development: introspection (and "Did you mean …") on in the gateway and every service, unless set;
    // the gateway's rate-limit counters in Redis, as in production.
    // The console's development sign-in, signing with the development token key (gateway/src/dev-sign-in.ts).
    env: {
      GRAPHQL_INTROSPECTION: process.env.GRAPHQL_INTROSPECTION ?? 'true',
      REDIS_URL: redisUrl,
      DEV_SIGN_IN_KEY_FILE: `var/keys/${DEV_PRIVATE_KEY_FILE}`,
      ...email.env,
    },
    databaseUrl: (service) => databases.get(service)!.url,
    databaseOwnerUrl: (service) => databases.get(service)!.ownerUrl,
    onUnexpectedExit: (name) => {
      // Ctrl-C reaches the children too; give our own SIGINT handler the first word.
      setTimeout(() => {
        if (stopping) return;
        console.error(`${name} stopped unexpectedly; stopping Yekuo (see its output above)`);
        stopAll(1);
      }, 500);
    },
  });
  if (stopping) return;

  console.log('');
  console.log(
    `Yekuo is up: the console at http://localhost:${GATEWAY_PORT}/ (development sign-in), the graph at http://localhost:${GATEWAY_PORT}/graphql`,
  );
  const width = Math.max(...system.services.map((s) => s.name.length)) + 1;
  for (const service of system.services) console.log(`  ${service.name.padEnd(width)} ${service.url}`);
  console.log(email.line);
  console.log('Mint a token for it with: npm run token -- --role intake-clerk --sub u1');
  console.log('Ctrl-C stops everything.');
}

/**
 * Email on when an SMTP server greets at `smtpUrl` now (or when EMAIL_ENABLED says so), else off so that
 * the notifications service does not retry every delivery against a closed port; the line says which.
 */
async function emailSetting(smtpUrl: string): Promise<{ env: Record<string, string>; line: string }> {
  const mailpit = smtpUrl === DEFAULT_SMTP_URL ? ' (MailPit: mails at http://localhost:8025)' : '';
  const on = { env: {}, line: `Email goes to ${new URL(smtpUrl).host}${mailpit}.` };
  const chosen = process.env.EMAIL_ENABLED;
  // The service reads it as zod's stringbool does: these words (any case) are off.
  if (chosen !== undefined)
    return /^(false|0|no|off|n|disabled)$/i.test(chosen) ? { env: {}, line: `Email is off (EMAIL_ENABLED=${chosen}).` } : on;
  if ((await checkSmtp(smtpUrl)) === undefined) return on;
  return {
    env: { EMAIL_ENABLED: 'false' },
    line: `Email is off: nothing answers at ${new URL(smtpUrl).host}; to see the mails run docker compose up -d mailpit, start again and open http://localhost:8025.`,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof InfrastructureError ? error.message : error);
  process.exit(1);
});
