import { ConfigError } from '@yekuo/platform/core';
import { assertOverridesUsed, loadGatewayConfig, subgraphUrlVariable } from './config';

describe('gateway config', () => {
  it('works with no environment on a developer machine', () => {
    expect(loadGatewayConfig({})).toEqual({
      port: 4000,
      // Metrics on their own port, loopback only; subgraph requests signed with the development key.
      managementPort: 9400,
      managementHost: '127.0.0.1',
      subgraphSigningKeyFile: 'var/keys/subgraph-private.pem',
      supergraphFile: 'gateway/supergraph.graphql',
      readinessTimeoutMs: 2000,
      bodyLimit: '1mb',
      consoleDir: 'apps/console/dist',
      devSignInKeyFile: undefined,
      production: false,
      limits: { introspection: false, maxDepth: 12, maxAliases: 30, maxDirectives: 50, maxTokens: 10_000, maxCost: 20_000 },
      subgraphUrls: {},
      // Rate limits: the token checked with the services' key, counted in memory (no REDIS_URL), no proxy trusted.
      auth: { issuer: 'yekuo-dev', audience: 'yekuo', publicKeyFile: 'var/keys/jwt-public.pem' },
      rateLimits: { profile: 'default', redisUrl: undefined, keyPrefix: 'yekuo:rate' },
      trustProxy: 0,
    });
  });

  it('reads the GraphQL limits and refuses a wrong one', () => {
    const limits = loadGatewayConfig({ GRAPHQL_INTROSPECTION: 'true', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_COST: '900' }).limits;
    expect(limits).toMatchObject({ introspection: true, maxAliases: 5, maxCost: 900 });
    expect(() => loadGatewayConfig({ GRAPHQL_INTROSPECTION: 'sometimes' })).toThrow(/GRAPHQL_INTROSPECTION/);
  });

  it('reads SUBGRAPH_<NAME>_URL overrides by subgraph name', () => {
    const config = loadGatewayConfig({ PORT: '4100', SUBGRAPH_INTAKE_URL: 'http://intake:4001/graphql' });
    expect(config.port).toBe(4100);
    expect(config.subgraphUrls).toEqual({ SUBGRAPH_INTAKE_URL: 'http://intake:4001/graphql' });
    expect(subgraphUrlVariable('intake')).toBe('SUBGRAPH_INTAKE_URL');
    expect(subgraphUrlVariable('site-survey')).toBe('SUBGRAPH_SITE_SURVEY_URL');
    expect(() => assertOverridesUsed(config, ['intake', 'planning'])).not.toThrow();
  });

  it('takes several comma-separated URLs for the instances of one subgraph, each of them checked', () => {
    const urls = 'http://intake-a:4001/graphql,http://intake-b:4001/graphql';
    expect(loadGatewayConfig({ SUBGRAPH_INTAKE_URL: urls }).subgraphUrls).toEqual({ SUBGRAPH_INTAKE_URL: urls });
    expect(() => loadGatewayConfig({ SUBGRAPH_INTAKE_URL: 'http://intake-a:4001/graphql,intake-b:4001' })).toThrow(/SUBGRAPH_INTAKE_URL/);
  });

  it('names every wrong variable', () => {
    let error: unknown;
    try {
      loadGatewayConfig({ PORT: 'eighty', SUBGRAPH_PLANNING_URL: 'planning:4002' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['PORT', 'SUBGRAPH_PLANNING_URL']);
  });

  it('refuses an override for a subgraph the supergraph does not have', () => {
    const config = loadGatewayConfig({ SUBGRAPH_INTAKES_URL: 'http://intake:4001/graphql' });
    expect(() => assertOverridesUsed(config, ['intake', 'planning'])).toThrow(/SUBGRAPH_INTAKES_URL: the supergraph has no such subgraph/);
  });
});
