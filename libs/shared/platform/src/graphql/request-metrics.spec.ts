import { ApolloServer } from '@apollo/server';
import { buildSchema, GraphQLError } from 'graphql';
import { GraphQLRequestObservation, OperationNames, requestMetricsPlugin } from './request-metrics';

describe('OperationNames', () => {
  it('names a missing name anonymous and one GraphQL would refuse invalid', () => {
    const names = new OperationNames();
    expect(names.label(undefined)).toBe('anonymous');
    expect(names.label('')).toBe('anonymous');
    expect(names.label('case-read')).toBe('invalid');
    expect(names.label('x'.repeat(101))).toBe('invalid');
  });

  it("takes the query planner's suffix off, so a subgraph labels the client's operation", () => {
    const names = new OperationNames();
    expect(names.label('CaseBoard__intake__0')).toBe('CaseBoard');
    expect(names.label('CaseBoard__metering__12')).toBe('CaseBoard');
    expect(names.label('CaseBoard')).toBe('CaseBoard');
  });

  it('keeps the names it has seen and calls every new one past the limit other', () => {
    const names = new OperationNames(2);
    expect([names.label('A'), names.label('B'), names.label('C'), names.label('A'), names.label('D')]).toEqual([
      'A',
      'B',
      'other',
      'A',
      'other',
    ]);
  });
});

describe('requestMetricsPlugin', () => {
  const schema = buildSchema('type Query { hello: String fails: String } type Mutation { touch: Boolean }');
  const rootValue = {
    hello: 'world',
    fails: () => {
      throw new GraphQLError('no');
    },
    touch: true,
  };

  async function observe(request: { query: string; operationName?: string }): Promise<GraphQLRequestObservation[]> {
    const seen: GraphQLRequestObservation[] = [];
    const server = new ApolloServer({ schema, rootValue, plugins: [requestMetricsPlugin((o) => seen.push(o))] });
    await server.start();
    try {
      await server.executeOperation(request);
    } finally {
      await server.stop();
    }
    return seen;
  }

  it('records each request once with its operation, type, outcome and a duration', async () => {
    const [ok] = await observe({ query: 'query Greeting { hello }' });
    expect(ok).toEqual({ operation: 'Greeting', type: 'query', outcome: 'success', seconds: expect.any(Number) });
    expect(ok.seconds).toBeGreaterThan(0);
    expect(await observe({ query: 'mutation { touch }' })).toEqual([expect.objectContaining({ operation: 'anonymous', type: 'mutation' })]);
  });

  it('records a partial answer and a request that does not validate as errors', async () => {
    expect(await observe({ query: 'query Both { hello fails }' })).toEqual([
      expect.objectContaining({ operation: 'Both', type: 'query', outcome: 'error' }),
    ]);
    expect(await observe({ query: '{ nothing }' })).toEqual([expect.objectContaining({ type: 'unknown', outcome: 'error' })]);
  });
});
