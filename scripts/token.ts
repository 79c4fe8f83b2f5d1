// Mints a dev token signed with the dev keys (creating them on first use).
// Only the token goes to stdout, so `TOKEN=$(npm run -s token -- ...)` works.
import { parseArgs } from 'node:util';
import { ROLES, Role, isRole } from '@yekuo/events';
import { ensureDevKeys, mintToken } from '@yekuo/testing/dev-keys';

const USAGE = `Usage: npm run token -- --role <role> --sub <id> [--role <role> ...]
         [--name <name>] [--department <d>] [--team <t>] [--regions a,b] [--acts-for c1,c2] [--ttl 8h]
Roles: ${ROLES.join(', ')}`;

class UsageError extends Error {}

// The positive spans jose's setExpirationTime understands.
const TTL = /^\d+(\.\d+)? ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i;

function csv(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        name: { type: 'string' },
        department: { type: 'string' },
        team: { type: 'string' },
        regions: { type: 'string' },
        'acts-for': { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  const roles = values.role ?? [];
  if (roles.length === 0) throw new UsageError('at least one --role is required');
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new UsageError(`unknown role(s): ${unknown.join(', ')}`);
  if (!values.sub) throw new UsageError('--sub is required');
  if (!TTL.test(values.ttl)) throw new UsageError(`--ttl must look like 15m, 8h or 7d, not "${values.ttl}"`);
  return {
    claims: {
      sub: values.sub,
      roles: [...new Set(roles as Role[])],
      name: values.name,
      department: values.department,
      team: values.team,
      regions: csv(values.regions),
      actsFor: csv(values['acts-for']),
    },
    ttl: values.ttl,
  };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { privateKeyPem } = await ensureDevKeys();
  // Issuer and audience follow the same variables the services read.
  const token = await mintToken(parsed.claims, {
    privateKeyPem,
    issuer: process.env.JWT_ISSUER || undefined,
    audience: process.env.JWT_AUDIENCE || undefined,
    expiresIn: parsed.ttl,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
