import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { introspectionGate } from './introspection';

const schema = buildSchema('type Query { hello: String }');

async function answer(enabled: boolean, query: string) {
  const server = new ApolloServer({ schema, plugins: [introspectionGate(enabled)], rootValue: { hello: 'world' } });
  await server.start();
  try {
    const response = await server.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status, ...response.body.singleResult };
  } finally {
    await server.stop();
  }
}

describe('introspectionGate', () => {
  it('refuses __schema and __type with INTROSPECTION_DISABLED (HTTP 400) while off', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Query") { name } }']) {
      const refused = await answer(false, query);
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
    }
  });

  it('still answers __typename and ordinary fields while off', async () => {
    expect((await answer(false, '{ __typename hello }')).data).toEqual({ __typename: 'Query', hello: 'world' });
  });

  it('answers introspection when on', async () => {
    expect((await answer(true, '{ __schema { queryType { name } } }')).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
