import { z } from 'zod';
import {
  bodyLimitSetting,
  ConfigError,
  GATEWAY_MANAGEMENT_PORT,
  GATEWAY_PORT,
  jwtConfigShape,
  jwtSettingsOf,
  type JwtSettings,
  loadConfig,
  logConfigShape,
  logSettingsOf,
  type LogSettings,
} from '@yekuo/platform/core';
import type { GraphQLLimits } from './limits';
import { RATE_LIMIT_PROFILES, type RateLimitProfile } from './rate-limits';

/** `SUBGRAPH_<NAME>_URL` overrides the URL the composed supergraph gives subgraph `<name>`. */
export const SUBGRAPH_URL_VARIABLE = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

/** The environment variable that overrides the URL of subgraph `name` (`intake` -> `SUBGRAPH_INTAKE_URL`). */
export function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/** A subgraph's URL, or the URLs of its instances comma-separated (the gateway balances over them). */
const subgraphUrlSetting = z
  .string()
  .refine((value) => value.split(',').every((part) => z.url({ protocol: /^https?$/ }).safeParse(part.trim()).success), {
    message: 'expected an http(s) URL, or several comma-separated',
  });

/** The gateway's variables, SUBGRAPH_<NAME>_URL aside (those are added per subgraph by loadGatewayConfig). */
export const gatewayConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(GATEWAY_PORT),
  SUPERGRAPH_FILE: z.string().min(1).default('gateway/supergraph.graphql'),
  /** Where `/metrics` is served, apart from the public port; 0 takes any free port. */
  MANAGEMENT_PORT: z.coerce.number().int().min(0).max(65535).default(GATEWAY_MANAGEMENT_PORT),
  MANAGEMENT_HOST: z.string().min(1).default('127.0.0.1'),
  /** The Ed25519 private key every request to a subgraph is signed with (the services hold its public key). */
  SUBGRAPH_SIGNING_KEY_FILE: z.string().min(1).default('var/keys/subgraph-private.pem'),
  /** How long `/health/ready` waits for each subgraph's own `/health/ready`. */
  READINESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(2000),
  /** Largest accepted GraphQL request body; the services read the same setting and accept more (bodyLimitSetting). */
  BODY_LIMIT: bodyLimitSetting(),
  /** Answer introspection (`__schema`, `__type`) and "Did you mean …" in errors; `npm start` turns it on. */
  GRAPHQL_INTROSPECTION: z.stringbool().default(false),
  /** Deepest field nesting (each fragment level counts one); the graph's deepest field path is 9. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  /** Largest document, in tokens (names, punctuation, values); the parser stops beyond it. */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(10_000),
  /** Highest estimated cost (see limits.ts); bench/queries/cases-page.graphql (50 cases, every stage) is about 8,800. */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(20_000),
  /** The token check the rate limits need to know the caller; the same settings as every service's. */
  ...jwtConfigShape(),
  /** The organisation's OpenID Connect provider (its issuer URL) the console signs people in with; with OIDC_CLIENT_ID. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** The console's client id at the provider: a public client (no secret), authorization code with PKCE. */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_SCOPE: z
    .string()
    .refine((scope) => scope.split(' ').includes('openid'), 'must include openid, e.g. "openid profile"')
    .default('openid profile'),
  /** The API the console asks the provider for an access token to (a resource indicator, RFC 8707), e.g. JWT_AUDIENCE. */
  OIDC_RESOURCE: z.string().min(1).optional(),
  /** Where the rate-limit counters live, shared by every gateway instance; in each process's memory when unset. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** `default`, or `bulk` (every limit × 1000) for seeding and load benchmarks; see the README's Limits. */
  RATE_LIMIT_PROFILE: z.enum(RATE_LIMIT_PROFILES).default('default'),
  /** Prefix of every rate-limit key in Redis (tests give each run its own). */
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).default('yekuo:rate'),
  /** How many proxies in front of the gateway set X-Forwarded-For; the client address is read behind them (0: the peer's). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Where the built console is (served at `/` when its index.html is there). */
  CONSOLE_DIR: z.string().min(1).default('apps/console/dist'),
  /**
   * The development token key (the private half of JWT_PUBLIC_KEY_FILE): when set, the gateway
   * serves the console's development sign-in (`POST /dev/token`). Refused in production and with any
   * issuer but the development one; `npm start` sets it.
   */
  DEV_SIGN_IN_KEY_FILE: z.string().min(1).optional(),
  /** The least level logged and the format (JSON in production, readable elsewhere), as in every service. */
  ...logConfigShape(),
  NODE_ENV: z.string().optional(),
});

export interface GatewayConfig {
  port: number;
  managementPort: number;
  managementHost: string;
  supergraphFile: string;
  subgraphSigningKeyFile: string;
  readinessTimeoutMs: number;
  bodyLimit: string;
  /** What one GraphQL request may ask (introspection, depth, aliases, directives, tokens, cost). */
  limits: GraphQLLimits;
  /** Keyed by variable name (`SUBGRAPH_INTAKE_URL`); applied by subgraph name when services are built. */
  subgraphUrls: Record<string, string>;
  /** How the caller's token is checked (for the rate limits). */
  auth: JwtSettings;
  /** The provider the console signs people in with, when one is configured. */
  oidc?: OidcSettings;
  rateLimits: { profile: RateLimitProfile; redisUrl?: string; keyPrefix: string };
  /** Proxies trusted for X-Forwarded-For (Express's `trust proxy`). */
  trustProxy: number;
  consoleDir: string;
  /** The development token key file, when the development sign-in is on. */
  devSignInKeyFile?: string;
  production: boolean;
  log: LogSettings;
}

/** What the console needs to sign people in through the organisation's OpenID Connect provider (never a secret). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
  resource?: string;
}

/** OIDC_ISSUER and OIDC_CLIENT_ID, both or neither. */
function oidcSettingsOf(parsed: z.infer<typeof gatewayConfigSchema>): OidcSettings | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId } = parsed;
  if (issuer && clientId) return { issuer, clientId, scope: parsed.OIDC_SCOPE, resource: parsed.OIDC_RESOURCE };
  if (!issuer && !clientId) return undefined;
  const [variable, other] = issuer ? ['OIDC_CLIENT_ID', 'OIDC_ISSUER'] : ['OIDC_ISSUER', 'OIDC_CLIENT_ID'];
  throw new ConfigError([{ variable, message: `is required with ${other}` }]);
}

/** Validates the gateway's environment; a wrong value throws a ConfigError naming the variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const overrides = Object.keys(env).filter((key) => SUBGRAPH_URL_VARIABLE.test(key));
  const schema = gatewayConfigSchema.extend(Object.fromEntries(overrides.map((key) => [key, subgraphUrlSetting])));
  const parsed = loadConfig(schema, env) as z.infer<typeof gatewayConfigSchema> & Record<string, unknown>;
  return {
    port: parsed.PORT,
    managementPort: parsed.MANAGEMENT_PORT,
    managementHost: parsed.MANAGEMENT_HOST,
    supergraphFile: parsed.SUPERGRAPH_FILE,
    subgraphSigningKeyFile: parsed.SUBGRAPH_SIGNING_KEY_FILE,
    readinessTimeoutMs: parsed.READINESS_TIMEOUT_MS,
    bodyLimit: parsed.BODY_LIMIT,
    limits: {
      introspection: parsed.GRAPHQL_INTROSPECTION,
      maxDepth: parsed.GRAPHQL_MAX_DEPTH,
      maxAliases: parsed.GRAPHQL_MAX_ALIASES,
      maxDirectives: parsed.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: parsed.GRAPHQL_MAX_TOKENS,
      maxCost: parsed.GRAPHQL_MAX_COST,
    },
    subgraphUrls: Object.fromEntries(overrides.map((key) => [key, String(parsed[key])])),
    auth: jwtSettingsOf(parsed),
    oidc: oidcSettingsOf(parsed),
    rateLimits: { profile: parsed.RATE_LIMIT_PROFILE, redisUrl: parsed.REDIS_URL, keyPrefix: parsed.RATE_LIMIT_KEY_PREFIX },
    trustProxy: parsed.TRUST_PROXY,
    consoleDir: parsed.CONSOLE_DIR,
    devSignInKeyFile: parsed.DEV_SIGN_IN_KEY_FILE,
    production: parsed.NODE_ENV === 'production',
    log: logSettingsOf(parsed, parsed.NODE_ENV),
  };
}

/** Fails fast when an override names a subgraph the supergraph does not have (a typo would be ignored otherwise). */
export function assertOverridesUsed(config: GatewayConfig, subgraphNames: Iterable<string>): void {
  const known = new Set([...subgraphNames].map(subgraphUrlVariable));
  const unused = Object.keys(config.subgraphUrls).filter((key) => !known.has(key));
  if (unused.length > 0) {
    throw new ConfigError(
      unused.map((variable) => ({
        variable,
        message: `the supergraph has no such subgraph (it has: ${[...known].join(', ') || 'none'})`,
      })),
    );
  }
}
