import { ApolloServer } from '@apollo/server';
import { buildSchema, GraphQLError } from 'graphql';
import { GatewayMetrics, routeOf } from './metrics';

describe('routeOf', () => {
  it.each([
    ['/graphql', '/graphql'],
    ['/health/live', '/health/live'],
    ['/health/ready', '/health/ready'],
    ['/documents/6f1c2e3d-4b5a-4c7d-8e9f-0a1b2c3d4e5f', '/documents'],
    ['/reports/time-limits.csv', '/reports'],
    ['/dev/token', '/dev/token'],
    ['/graphqlx', 'other'],
    ['/cases/6f1c2e3d', 'other'],
    ['/', 'other'],
  ])('labels %s as %s', (path, route) => {
    expect(routeOf(path)).toBe(route);
  });
});

describe('GatewayMetrics', () => {
  it('counts errors by code and subgraph, an unusual code as OTHER, and times the request as an error', async () => {
    const metrics = new GatewayMetrics();
    const fails = (code: string, serviceName?: string) => () => {
      throw new GraphQLError('no', { extensions: { code, ...(serviceName ? { serviceName } : {}) } });
    };
    const server = new ApolloServer({
      schema: buildSchema('type Query { down: String odd: String }'),
      rootValue: { down: fails('SERVICE_UNAVAILABLE', 'metering'), odd: fails('weird code') },
      plugins: metrics.plugins(),
    });
    await server.start();
    try {
      await server.executeOperation({ query: 'query Board { down odd }' });
    } finally {
      await server.stop();
    }
    const text = await metrics.render();
    expect(text).toMatch(/^yekuo_gateway_graphql_errors_total\{code="SERVICE_UNAVAILABLE",subgraph="metering"\} 1$/m);
    expect(text).toMatch(/^yekuo_gateway_graphql_errors_total\{code="OTHER",subgraph="gateway"\} 1$/m);
    expect(text).toMatch(/^yekuo_gateway_graphql_request_duration_seconds_count\{operation="Board",type="query",outcome="error"\} 1$/m);
  });

  it('times subgraph fetches by subgraph and outcome, beside the process metrics', async () => {
    const metrics = new GatewayMetrics();
    metrics.subgraphFetched('intake', 0.02, true);
    metrics.subgraphFetched('intake', 3, false);
    const text = await metrics.render();
    expect(text).toMatch(/^yekuo_gateway_subgraph_fetch_duration_seconds_bucket\{le="0.025",subgraph="intake",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^yekuo_gateway_subgraph_fetch_duration_seconds_count\{subgraph="intake",outcome="failed"\} 1$/m);
    expect(text).toMatch(/^# TYPE process_resident_memory_bytes gauge$/m);
  });
});
