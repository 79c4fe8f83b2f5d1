import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { getOperationAST, GraphQLSchema, parse, print } from 'graphql';
import { MAX_PAGE as PLATFORM_MAX_PAGE } from '@yekuo/platform';
import { loadGatewayConfig } from './config';
import { GraphQLLimits, limitsFormatter, MAX_PAGE, refusalOf, rememberedRefusals, withLimitCode, withPageSizes } from './limits';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const DEFAULTS: GraphQLLimits = loadGatewayConfig({}).limits;

/** The README's `graphql` blocks (the case query). */
const readmeQueries = [...read('README.md').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('GraphQL limits', () => {
  let schema: GraphQLSchema;
  let gateway: ApolloGateway;

  beforeAll(async () => {
    // The API schema the gateway serves, from the committed supergraph (no subgraph is called).
    gateway = new ApolloGateway({ supergraphSdl: read('gateway/supergraph.graphql') });
    schema = (await gateway.load()).schema;
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const refusal = (query: string, variables?: Record<string, unknown>, limits = DEFAULTS) => {
    const document = parse(query);
    return refusalOf(schema, document, limits, variables, getOperationAST(document) ?? undefined)?.extensions;
  };

  it('remembers a decision per document and page sizes: another page size is weighed afresh, other variables are not', () => {
    const remembered = rememberedRefusals(DEFAULTS);
    const document = parse(
      `query ($first: Int!, $status: CaseStatus) { cases(first: $first, filter: { status: $status }) { edges { node { id } } } }`,
    );
    const operation = getOperationAST(document) ?? undefined;
    const decide = (variables: Record<string, unknown>) => remembered(schema, document, variables, operation)?.extensions?.code;
    expect(decide({ first: 500 })).toBe('VALIDATION_FAILED');
    expect(decide({ first: 5 })).toBeUndefined();
    expect(decide({ first: 500, status: 'ACCEPTED' })).toBe('VALIDATION_FAILED');
    expect(decide({ first: 5, status: 'ACCEPTED' })).toBeUndefined();
    // A remembered refusal is a new error each time, like the one it remembers.
    const first = remembered(schema, document, { first: 500 }, operation);
    const again = remembered(schema, document, { first: 500 }, operation);
    expect(again).not.toBe(first);
    expect(again?.message).toBe(first?.message);
    // The same query text parsed again is another document, decided on its own.
    const reparsed = parse(print(document));
    expect(remembered(schema, reparsed, { first: 500 }, getOperationAST(reparsed) ?? undefined)?.extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('has defaults that are off for introspection and sized for what front ends send', () => {
    expect(DEFAULTS).toEqual({ introspection: false, maxDepth: 12, maxAliases: 30, maxDirectives: 50, maxTokens: 10_000, maxCost: 20_000 });
  });

  it('bounds `first` as every subgraph does', () => {
    expect(MAX_PAGE).toBe(PLATFORM_MAX_PAGE);
  });

  it('accepts the README case query and the benchmark queries', () => {
    expect(readmeQueries).toHaveLength(1);
    for (const query of [...readmeQueries, read('bench/queries/case.graphql'), read('bench/queries/cases-page.graphql')]) {
      expect({ query, refusal: refusal(query) }).toEqual({ query, refusal: undefined });
    }
    // Even the full page of 100 cases with every stage's fields.
    expect(refusal(read('bench/queries/cases-page.graphql').replace('first: 50', 'first: 100'))).toBeUndefined();
  });

  it('writes out each page size: from a variable, from its default, or from the argument default', () => {
    const document = parse(
      'query ($n: Int!, $m: Int = 7) { a: cases(first: $n) { pageInfo { hasNextPage } } b: cases(first: $m) { pageInfo { hasNextPage } } myCases { pageInfo { hasNextPage } } }',
    );
    const sized = print(withPageSizes(schema, document, { n: 3 }, getOperationAST(document) ?? undefined));
    expect(sized).toContain('a: cases(first: 3)');
    expect(sized).toContain('b: cases(first: 7)');
    expect(sized).toContain('myCases(first: 20)');
  });

  it('refuses each limit with its own code', () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `c${i}: myCases { pageInfo { hasNextPage } }`).join(' ')} }`;
    expect(refusal(aliases)).toMatchObject({ code: 'TOO_MANY_ALIASES' });
    const deep = `{ myCases { pageInfo { ${'... on PageInfo { '.repeat(11)}hasNextPage${' }'.repeat(11)} } } }`;
    expect(refusal(deep)).toMatchObject({ code: 'QUERY_TOO_DEEP' });
    const directives = `{ myCases { pageInfo { ${Array.from({ length: 51 }, () => 'hasNextPage @include(if: true)').join(' ')} } } }`;
    expect(refusal(directives)).toMatchObject({ code: 'TOO_MANY_DIRECTIVES' });
    expect(refusal('{ __schema { queryType { name } } }')).toMatchObject({ code: 'INTROSPECTION_DISABLED' });
    expect(refusal('{ __schema { queryType { name } } }', {}, { ...DEFAULTS, introspection: true })).toBeUndefined();
    const costly = 'query ($n: Int!) { cases(first: $n) { edges { node { number tickets(first: $n) { edges { node { id } } } } } } }';
    expect(refusal(costly, { n: 10 })).toBeUndefined();
    expect(refusal(costly, { n: 100 })).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
  });

  it('refuses a page size outside 1..100 as the subgraphs do, before weighing its cost', () => {
    for (const [query, variables] of [
      ['{ cases(first: 1000) { edges { node { id } } } }', {}],
      ['query ($n: Int!) { cases(first: $n) { edges { node { id } } } }', { n: 101 }],
      ['{ myCases(first: 0) { edges { node { id } } } }', {}],
      // Nested, where the page size would also be refused as too costly.
      ['{ cases(first: 1) { edges { node { tickets(first: 1000) { edges { node { id } } } } } } }', {}],
    ] as const) {
      expect(refusal(query, variables)).toEqual({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'first', message: 'must be an integer from 1 to 100' }],
        http: { status: 400 },
      });
    }
  });

  it('gives the parser’s refusal of too many tokens its own code', () => {
    let message = '';
    try {
      parse('{ a b c d }', { maxTokens: 3 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(withLimitCode({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })).toEqual({
      message: 'Token limit of 3 exceeded.',
      extensions: { code: 'QUERY_TOO_LARGE' },
    });
    const other = { message: 'Syntax Error: Unexpected Name "x".', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(withLimitCode(other)).toBe(other);
  });

  it('drops the schema names errors suggest while introspection is off', () => {
    const variable = {
      message:
        'Variable "$s" got invalid value "SUBMITED"; Value "SUBMITED" does not exist in "ApplicationStatus" enum. Did you mean the enum value "SUBMITTED"?',
      extensions: { code: 'BAD_USER_INPUT' },
    };
    expect(limitsFormatter({ introspection: false })(variable)).toEqual({
      message: 'Variable "$s" got invalid value "SUBMITED"; Value "SUBMITED" does not exist in "ApplicationStatus" enum.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(limitsFormatter({ introspection: true })(variable)).toEqual(variable);
  });
});
