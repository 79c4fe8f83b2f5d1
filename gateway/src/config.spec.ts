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
      // Readable lines at `log` and above; JSON in production (NODE_ENV) or with LOG_FORMAT=json.
      log: { level: 'log', format: 'pretty' },
      limits: { introspection: false, maxDepth: 12, maxAliases: 30, maxDirectives: 50, maxTokens: 10_000, maxCost: 20_000 },
      subgraphUrls: {},
      // Rate limits: the token checked with the services' key, counted in memory (no REDIS_URL), no proxy trusted.
      auth: {
        issuer: 'yekuo-dev',
        audience: 'yekuo',
        publicKeyFile: 'var/keys/jwt-public.pem',
        jwksUrl: undefined,
        jwksCooldownMs: 30_000,
        algorithms: ['RS256'],
        claims: undefined,
      },
      // No identity provider: the console offers the development sign-in only, when the gateway serves it.
      oidc: undefined,
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

  it('reads the identity provider the console signs in with, and its keys and claims for the token check', () => {
    const config = loadGatewayConfig({
      OIDC_ISSUER: 'https://login.example.com/realms/yekuo',
      OIDC_CLIENT_ID: 'yekuo-console',
      OIDC_RESOURCE: 'yekuo',
      JWT_ISSUER: 'https://login.example.com/realms/yekuo',
      JWT_JWKS_URL: 'https://login.example.com/realms/yekuo/protocol/openid-connect/certs',
      JWT_CLAIMS: '{"roles": "realm_access.roles", "roleNames": {"yk-clerk": "intake-clerk"}}',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://login.example.com/realms/yekuo',
      clientId: 'yekuo-console',
      scope: 'openid profile',
      resource: 'yekuo',
    });
    expect(config.auth).toMatchObject({
      issuer: 'https://login.example.com/realms/yekuo',
      jwksUrl: 'https://login.example.com/realms/yekuo/protocol/openid-connect/certs',
      claims: { roles: 'realm_access.roles', roleNames: { 'yk-clerk': 'intake-clerk' } },
    });
  });

  it('refuses half an identity provider, a scope without openid, and a JWKS URL that is not http(s)', () => {
    expect(() => loadGatewayConfig({ OIDC_ISSUER: 'https://login.example.com' })).toThrow(/OIDC_CLIENT_ID: is required with OIDC_ISSUER/);
    expect(() => loadGatewayConfig({ OIDC_CLIENT_ID: 'yekuo-console' })).toThrow(/OIDC_ISSUER: is required with OIDC_CLIENT_ID/);
    expect(() => loadGatewayConfig({ OIDC_SCOPE: 'profile email' })).toThrow(/OIDC_SCOPE: must include openid/);
    expect(() => loadGatewayConfig({ JWT_JWKS_URL: 'file:///etc/jwks.json' })).toThrow(/JWT_JWKS_URL/);
  });

  it('logs JSON in production and as LOG_FORMAT says, at LOG_LEVEL, and refuses other values naming the variable', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).log).toEqual({ level: 'log', format: 'json' });
    expect(loadGatewayConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty', LOG_LEVEL: 'debug' }).log).toEqual({
      level: 'debug',
      format: 'pretty',
    });
    expect(loadGatewayConfig({ LOG_FORMAT: 'json' }).log.format).toBe('json');
    expect(() => loadGatewayConfig({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT/);
    expect(() => loadGatewayConfig({ LOG_LEVEL: 'info' })).toThrow(/LOG_LEVEL/);
  });
});
