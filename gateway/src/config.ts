import { z } from 'zod';
import { ConfigError, GATEWAY_PORT, loadConfig } from '@yekuo/platform/core';

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
  /** Largest accepted GraphQL request body. */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 1mb or 512kb')
    .default('1mb'),
});

export interface GatewayConfig {
  port: number;
  supergraphFile: string;
  readinessTimeoutMs: number;
  bodyLimit: string;
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
