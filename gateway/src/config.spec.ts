import { ConfigError } from '@yekuo/platform/core';
import { assertOverridesUsed, loadGatewayConfig, subgraphUrlVariable } from './config';

describe('gateway config', () => {
  it('works with no environment on a developer machine', () => {
    expect(loadGatewayConfig({})).toEqual({
      port: 4000,
      supergraphFile: 'gateway/supergraph.graphql',
      readinessTimeoutMs: 2000,
      bodyLimit: '1mb',
      limits: { introspection: false, maxDepth: 12, maxAliases: 30, maxDirectives: 50, maxTokens: 10_000, maxCost: 20_000 },
      subgraphUrls: {},
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
