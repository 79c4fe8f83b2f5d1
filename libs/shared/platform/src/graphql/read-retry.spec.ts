import { buildSchema, graphql, GraphQLSchema } from 'graphql';
import { strictDateTimes } from './date-time';
import { retryReadsOnce } from './read-retry';

const SDL = `
  scalar DateTime
  type Query { case: Case, when(at: DateTime!): String }
  type Case { number: String, contract: String }
  type Mutation { touch: Case }
`;

/** A schema whose resolvers fail with `error` the first `failures` times each, counting every call. */
function schemaFailing(failures: number, error: () => Error) {
  const calls = { case: 0, contract: 0, touch: 0 };
  const schema = buildSchema(SDL);
  const failing = (name: keyof typeof calls, value: unknown) => async (): Promise<unknown> => {
    calls[name] += 1;
    if (calls[name] <= failures) throw error();
    return Promise.resolve(value);
  };
  schema.getQueryType()!.getFields().case.resolve = failing('case', {});
  (schema.getType('Case') as { getFields(): Record<string, { resolve?: unknown }> }).getFields().contract.resolve = failing(
    'contract',
    'signed',
  );
  schema.getMutationType()!.getFields().touch.resolve = failing('touch', {});
  return { schema: retryReadsOnce(schema, 1), calls };
}

const dropped = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('a query retries its reads once when the database dropped them', () => {
  it('tries a read once more and answers as if nothing happened', async () => {
    const { schema, calls } = schemaFailing(1, dropped);
    const result = await graphql({ schema, source: '{ case { contract } }' });
    expect(result).toEqual({ data: { case: { contract: 'signed' } } });
    expect(calls).toMatchObject({ case: 2, contract: 2 });
  });

  it('gives up after the one retry', async () => {
    const { schema, calls } = schemaFailing(2, dropped);
    const result = await graphql({ schema, source: '{ case { contract } }' });
    expect(result.errors?.[0].message).toBe('terminating connection due to administrator command');
    expect(calls.case).toBe(2);
  });

  it('never retries a mutation, nor an error that is not the database going away', async () => {
    const mutation = schemaFailing(1, dropped);
    expect((await graphql({ schema: mutation.schema, source: 'mutation { touch { contract } }' })).errors).toHaveLength(1);
    expect(mutation.calls.touch).toBe(1);

    const bug = schemaFailing(1, () => new Error('a bug'));
    expect((await graphql({ schema: bug.schema, source: '{ case { number } }' })).errors?.[0].message).toBe('a bug');
    expect(bug.calls.case).toBe(1);
  });
});

describe('strict DateTime inputs', () => {
  const schema = (): GraphQLSchema => {
    const built = buildSchema(SDL);
    built.getQueryType()!.getFields().when.resolve = (_source, args: { at: Date }) =>
      Number.isNaN(args.at.getTime()) ? 'invalid' : args.at.toISOString();
    return strictDateTimes(built);
  };

  it('reads a real ISO 8601 date-time, and an impossible one as an invalid Date for the input rules to refuse', async () => {
    const run = (at: unknown) => graphql({ schema: schema(), source: 'query ($at: DateTime!) { when(at: $at) }', variableValues: { at } });
    expect((await run('2026-03-01T08:00:00+08:00')).data).toEqual({ when: '2026-03-01T00:00:00.000Z' });
    expect((await run('2026-02-30T08:00:00Z')).data).toEqual({ when: 'invalid' });
    expect((await graphql({ schema: schema(), source: '{ when(at: "2026-02-30") }' })).data).toEqual({ when: 'invalid' });
    // Not a string at all: GraphQL's own refusal of the variable.
    expect((await run(1_772_352_000_000)).errors?.[0].message).toMatch(/DateTime must be an ISO 8601 string/);
  });
});
