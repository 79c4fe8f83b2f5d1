import { z } from 'zod';
import { bodyLimitSetting, ConfigError, GATEWAY_PORT, loadConfig } from '@yekuo/platform/core';
import type { GraphQLLimits } from './limits';

/** `SUBGRAPH_<NAME>_URL` overrides the URL the composed supergraph gives subgraph `<name>`. */
export const SUBGRAPH_URL_VARIABLE = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

/** The environment variable that overrides the URL of subgraph `name` (`intake` -> `SUBGRAPH_INTAKE_URL`). */
export function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/** The gateway's variables, SUBGRAPH_<NAME>_URL aside (those are added per subgraph by loadGatewayConfig). */
export const gatewayConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(GATEWAY_PORT),
  SUPERGRAPH_FILE: z.string().min(1).default('gateway/supergraph.graphql'),
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
});

export interface GatewayConfig {
  port: number;
  supergraphFile: string;
  readinessTimeoutMs: number;
  bodyLimit: string;
  /** What one GraphQL request may ask (introspection, depth, aliases, directives, tokens, cost). */
  limits: GraphQLLimits;
  /** Keyed by variable name (`SUBGRAPH_INTAKE_URL`); applied by subgraph name when services are built. */
  subgraphUrls: Record<string, string>;
}

/** Validates the gateway's environment; a wrong value throws a ConfigError naming the variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const overrides = Object.keys(env).filter((key) => SUBGRAPH_URL_VARIABLE.test(key));
  const schema = gatewayConfigSchema.extend(Object.fromEntries(overrides.map((key) => [key, z.url({ protocol: /^https?$/ })])));
  const parsed = loadConfig(schema, env) as z.infer<typeof gatewayConfigSchema> & Record<string, unknown>;
  return {
    port: parsed.PORT,
    supergraphFile: parsed.SUPERGRAPH_FILE,
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
