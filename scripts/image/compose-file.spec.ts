// docker-compose.yml and the Dockerfile, read as files (no Docker engine needed): every project
// is a service built from its own image, healthy on /health/ready, on the README's port, and
// every variable compose sets is one the project reads, with a value it accepts.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { z } from 'zod';
import { parse } from 'yaml';
import { DOCUMENT_KEY_RING, GATEWAY_PORT, SERVICES, keyRingSchema, loadConfig, serviceConfigSchema } from '@yekuo/platform/core';
import { SUBGRAPH_URL_VARIABLE, assertOverridesUsed, gatewayConfigSchema, loadGatewayConfig } from '../../gateway/src/config';
import { contactsConfigSchema as contactReaderConfigSchema } from '../../services/intake/src/customer/contacts.config';
import { documentConfigSchema } from '../../services/intake/src/document/document.config';
import { piiConfigSchema } from '../../services/intake/src/pii/pii.config';
import { ticketEscalationConfig } from '../../services/intake/src/ticket/ticket-escalation.sweeper';
import { emailConfigSchema } from '../../services/notifications/src/channels/email/email.config';
import { smsConfigSchema } from '../../services/notifications/src/channels/sms/sms.config';
import { contactsConfigSchema } from '../../services/notifications/src/contacts/contacts.config';
import { notificationsConfigSchema } from '../../services/notifications/src/notifications.config';
import { DATABASE_ROLES_FILE, databaseRolesScript } from './database-roles';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface ComposeService {
  build?: { context?: string; target?: string; args?: Record<string, string> };
  image?: string;
  restart?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const dockerfile = read('Dockerfile');

/** The Dockerfile's stages by name, each the text from its FROM to the next. */
const stages = new Map(
  dockerfile
    .split(/^(?=FROM )/m)
    .filter((part) => part.startsWith('FROM '))
    .map((part) => [/^FROM \S+ AS (\S+)/.exec(part)?.[1] ?? '(unnamed)', part]),
);
const runtimeStage = [...stages.values()].at(-1)!;

/** Each project and the port the README gives it. */
const PROJECTS = [...SERVICES.map(({ name, port }) => ({ name, port })), { name: 'gateway', port: GATEWAY_PORT }];

/** Variables each service reads beyond the shared service schema. */
const SERVICE_SCHEMAS: Record<string, z.ZodObject[]> = {
  intake: [documentConfigSchema, keyRingSchema(DOCUMENT_KEY_RING), piiConfigSchema, ticketEscalationConfig, contactReaderConfigSchema],
  contracts: [keyRingSchema(DOCUMENT_KEY_RING)],
  notifications: [notificationsConfigSchema, emailConfigSchema, smsConfigSchema, contactsConfigSchema],
};

/** Compose's interpolation as `docker compose up` does it with nothing set: `${X:-default}` is the default. */
function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(:?-([^}]*))?\}/g, (match, name?: string, fallback?: string, text?: string) => {
    if (match === '$$') return '$';
    if (fallback === undefined) throw new Error(`\${${name}} has no default; \`docker compose up\` would pass an empty value`);
    return text ?? '';
  });
}

function environmentOf(name: string): Record<string, string> {
  const env = compose.services[name].environment ?? {};
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, interpolate(String(value))]));
}

/** What the image itself sets (ENV lines of the runtime stage), under what compose sets. */
function imageEnvironment(): Record<string, string> {
  const line = /^ENV (.+)$/m.exec(runtimeStage)?.[1] ?? '';
  return Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map(([, key, value]) => [key, value]));
}

/** The variables in `env` that none of `schemas` (or `pattern`) knows. */
function unknownVariables(env: Record<string, string>, schemas: z.ZodObject[], pattern?: RegExp): string[] {
  const known = new Set(schemas.flatMap((schema) => Object.keys(schema.shape)));
  return Object.keys(env).filter((key) => !known.has(key) && !pattern?.test(key));
}

/** The key file's name when `file` lies in the directory the keys container writes, as mounted in service `name`. */
function keyIn(name: string, file: string): string | undefined {
  const workdir = /^WORKDIR (\S+)$/m.exec(runtimeStage)?.[1] ?? '';
  const keysHost = compose.services.keys.volumes?.[0].split(':')[0];
  const mount = compose.services[name].volumes?.map((volume) => volume.split(':')).find(([host]) => host === keysHost);
  return mount && posix.dirname(posix.resolve(workdir, file)) === mount[1] ? posix.basename(file) : undefined;
}

function schemasOf(name: string): z.ZodObject[] {
  if (name === 'gateway') return [gatewayConfigSchema];
  const port = PROJECTS.find((p) => p.name === name)!.port;
  return [serviceConfigSchema(name, port), ...(SERVICE_SCHEMAS[name] ?? [])];
}

describe('docker-compose.yml', () => {
  it('has every service and the gateway of the workspace', () => {
    const { workspaces } = JSON.parse(read('package.json')) as { workspaces: string[] };
    const deployable = workspaces.filter((path) => path.startsWith('services/') || path === 'gateway').map((path) => posix.basename(path));
    expect(PROJECTS.map((p) => p.name).sort()).toEqual(deployable.sort());
    for (const { name } of PROJECTS) expect(Object.keys(compose.services)).toContain(name);
  });

  it.each(PROJECTS)('builds $name from the Dockerfile with its SERVICE argument, as its own image', ({ name }) => {
    const service = compose.services[name];
    expect(service.build).toEqual({ context: '.', args: { SERVICE: name } });
    expect(service.image).toBe(`yekuo-${name}`);
    // The image starts its own project; a command here would start another one.
    expect(service.command).toBeUndefined();
  });

  it.each(PROJECTS)('checks $name on /health/ready of port $port, the port it listens on and publishes', ({ name, port }) => {
    const service = compose.services[name];
    expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`);
    expect(service.healthcheck?.test[0]).toBe('CMD');
    expect(environmentOf(name).PORT).toBe(String(port));
    expect(service.ports).toEqual([`${port}:${port}`]);
  });

  it("gives each project the README's port", () => {
    const row = /^\| `PORT` \| (.+) \|$/m.exec(read('README.md'))?.[1] ?? '';
    const readme = Object.fromEntries([...row.matchAll(/(\w+) (\d{4})/g)].map(([, name, port]) => [name, Number(port)]));
    expect(readme).toEqual(Object.fromEntries(PROJECTS.map(({ name, port }) => [name, port])));
  });

  it.each(SERVICES.map((s) => s.name))('connects %s to its own database, the broker and the signing key', (name) => {
    const service = compose.services[name];
    const env = environmentOf(name);
    const database = new URL(env.DATABASE_URL);
    expect(database.protocol).toBe('postgres:');
    expect(database.hostname).toBe('postgres');
    expect(database.pathname).toBe(`/yekuo_${name}`);
    // As its runtime role; migrations run as its owner role on the same database (decision 0015).
    expect(database.username).toBe(`yekuo_${name}_app`);
    const owner = new URL(env.DATABASE_OWNER_URL);
    expect(owner.username).toBe(`yekuo_${name}_owner`);
    expect(owner.host + owner.pathname).toBe(database.host + database.pathname);
    expect(new URL(env.AMQP_URL).hostname).toBe('rabbitmq');
    for (const dependency of ['postgres', 'rabbitmq']) expect(service.depends_on?.[dependency]).toEqual({ condition: 'service_healthy' });
    expect(service.depends_on?.keys).toEqual({ condition: 'service_completed_successfully' });
    expect(service.depends_on?.['database-roles']).toEqual({ condition: 'service_completed_successfully' });

    // The public key is read from the directory the keys container writes, mounted where the image looks.
    const workdir = /^WORKDIR (\S+)$/m.exec(runtimeStage)?.[1] ?? '';
    const keyFile = posix.resolve(workdir, env.JWT_PUBLIC_KEY_FILE);
    const keysMount = compose.services.keys.volumes?.[0].split(':') ?? [];
    expect(compose.services.keys.command).toEqual([keysMount[1]]);
    const mount = service.volumes?.map((volume) => volume.split(':')).find(([host]) => host === keysMount[0]);
    expect(mount).toBeDefined();
    expect(posix.dirname(keyFile)).toBe(mount![1]);
    expect(posix.basename(keyFile)).toBe('jwt-public.pem');
  });

  it('has the gateway sign subgraph requests with the keys container’s pair, which every service verifies', () => {
    expect(keyIn('gateway', environmentOf('gateway').SUBGRAPH_SIGNING_KEY_FILE)).toBe('subgraph-private.pem');
    for (const { name } of SERVICES) expect(keyIn(name, environmentOf(name).SUBGRAPH_VERIFY_KEY_FILE)).toBe('subgraph-public.pem');
    // The image runs as `node` and must read its private key, which the keys container (root) hands to it.
    expect(compose.services.keys.environment?.GATEWAY_KEY_OWNER).toBe('1000:1000');
    // Services are private to loopback by default; in a container they listen where the gateway reaches them.
    expect(imageEnvironment().HOST).toBe('0.0.0.0');
  });

  it('has notifications sign its contact reads with the keys container’s pair, whose public half intake checks', () => {
    expect(keyIn('notifications', environmentOf('notifications').SERVICE_SIGNING_KEY_FILE)).toBe('notifications-service.pem');
    expect(keyIn('intake', environmentOf('intake').CONTACT_READER_KEY_FILE)).toBe('notifications-service-public.pem');
    // The image runs as `node` and must read its private key (mode 0600), which the keys container hands to it.
    expect(compose.services.keys.environment?.SERVICE_KEY_OWNER).toBe('1000:1000');
  });

  it('has notifications read contacts from the intake container and send email to MailPit', () => {
    const env = environmentOf('notifications');
    const intake = new URL(env.INTAKE_URL);
    expect(intake.hostname).toBe('intake');
    expect(Number(intake.port)).toBe(SERVICES.find((s) => s.name === 'intake')!.port);
    const smtp = new URL(env.SMTP_URL);
    expect(smtp.protocol).toBe('smtp:');
    expect(smtp.hostname).toBe('mailpit');
    expect(compose.services.mailpit.ports).toContain(`${smtp.port}:${smtp.port}`);
    expect(compose.services.notifications.depends_on?.mailpit).toEqual({ condition: 'service_healthy' });
    // Email is on unless a deployment turns it off.
    expect(env.EMAIL_ENABLED).toBeUndefined();
  });

  it('runs MailPit with SMTP on 1025, its web UI on 8025 and a healthcheck', () => {
    const mailpit = compose.services.mailpit;
    expect(mailpit.image).toMatch(/^axllent\/mailpit(:|$)/);
    expect(mailpit.ports).toEqual(['1025:1025', '8025:8025']);
    expect(mailpit.healthcheck?.test).toEqual(['CMD', '/mailpit', 'readyz']);
  });

  it('gives every service a database of its own', () => {
    const databases = SERVICES.map(({ name }) => environmentOf(name).DATABASE_URL);
    expect(new Set(databases).size).toBe(SERVICES.length);
  });

  it('points the gateway at each service by its compose name and starts it once each is healthy', () => {
    const env = environmentOf('gateway');
    for (const { name, port } of SERVICES) {
      expect(env[`SUBGRAPH_${name.toUpperCase()}_URL`]).toBe(`http://${name}:${port}/graphql`);
      expect(compose.services.gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
    const config = loadGatewayConfig(env);
    expect(() =>
      assertOverridesUsed(
        config,
        SERVICES.map((s) => s.name),
      ),
    ).not.toThrow();
    expect(Object.keys(config.subgraphUrls)).toHaveLength(SERVICES.length);
  });

  it.each(PROJECTS)('sets only variables $name reads, with values it accepts', ({ name }) => {
    // The gateway also reads SUBGRAPH_<NAME>_URL, one per subgraph.
    const pattern = name === 'gateway' ? SUBGRAPH_URL_VARIABLE : undefined;
    expect(unknownVariables(environmentOf(name), schemasOf(name), pattern)).toEqual([]);
    // Read as the service reads them: what compose sets over what the image sets (NODE_ENV=production).
    const env = { ...imageEnvironment(), ...environmentOf(name) };
    for (const schema of schemasOf(name)) expect(() => loadConfig(schema, env)).not.toThrow();
  });

  it('finds a misspelt variable', () => {
    const env = { ...environmentOf('planning'), DATABSE_URL: 'postgres://postgres@postgres:5432/yekuo_planning' };
    expect(unknownVariables(env, schemasOf('planning'))).toEqual(['DATABSE_URL']);
    expect(
      unknownVariables(
        { SUBGRAPH_INTAKE_URL: 'http://intake:4001/graphql', SUBGRPH_PLANNING_URL: 'x' },
        schemasOf('gateway'),
        SUBGRAPH_URL_VARIABLE,
      ),
    ).toEqual(['SUBGRPH_PLANNING_URL']);
  });

  it('creates every service’s roles and database first, with the script generated from the platform', () => {
    const roles = compose.services['database-roles'];
    expect(roles.image).toBe(compose.services.postgres.image);
    expect(roles.restart).toBe('no');
    expect(roles.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const [host, mounted, mode] = roles.volumes?.[0].split(':') ?? [];
    expect(posix.normalize(host)).toBe('scripts/image/database-roles.sql');
    expect(mode).toBe('ro');
    const command = roles.command ?? [];
    expect(command[0]).toBe('psql');
    expect(command).toEqual(expect.arrayContaining(['ON_ERROR_STOP=1', '-f', mounted]));
    expect(command[command.indexOf('-h') + 1]).toBe('postgres');
    expect(command[command.indexOf('-U') + 1]).toBe('postgres');
    // Regenerate with: npx tsx --conditions=yekuo-source scripts/image/database-roles.ts
    expect(readFileSync(DATABASE_ROLES_FILE, 'utf8')).toBe(databaseRolesScript());
    for (const { name } of SERVICES) {
      expect(databaseRolesScript()).toContain(`-- yekuo_${name}: owned by yekuo_${name}_owner, used by yekuo_${name}_app\n`);
    }
  });

  it('makes the development keys from the Dockerfile stage that only holds the key script', () => {
    expect(compose.services.keys.build).toEqual({ context: '.', target: 'dev-keys' });
    expect(stages.get('dev-keys')).toMatch(/^COPY scripts\/image\/dev-keys\.mjs /m);
  });
});

describe('Dockerfile', () => {
  it('builds the SERVICE project and assembles its tree with the script CI runs', () => {
    const build = stages.get('build') ?? '';
    expect(build).toMatch(/^ARG SERVICE$/m);
    expect(build).toContain('npm ci');
    expect(build).toContain('npx tsx scripts/image/assemble.ts "$SERVICE" /tree');
  });

  it('ships only the assembled tree, run by the unprivileged node user', () => {
    const copies = runtimeStage.match(/^COPY .+$/gm) ?? [];
    expect(copies).toEqual(['COPY --from=build /tree ./']);
    expect(runtimeStage).not.toMatch(/^RUN .*npm (ci|install)/m);
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage.indexOf('USER node')).toBeLessThan(runtimeStage.indexOf('CMD ["node", "."]'));
    expect(imageEnvironment().NODE_ENV).toBe('production');
  });

  it('checks /health/ready on each project’s own port', () => {
    const healthcheck = /^HEALTHCHECK [\s\S]+?\]$/m.exec(runtimeStage)?.[0] ?? '';
    expect(healthcheck).toContain('/health/ready');
    const ports = Object.fromEntries([...healthcheck.matchAll(/(\w+): (\d{4})/g)].map(([, name, port]) => [name, Number(port)]));
    expect(ports).toEqual(Object.fromEntries(PROJECTS.map(({ name, port }) => [name, port])));
  });
});
