import { CompositionError, composeSupergraph } from './compose';

const intake = {
  name: 'intake',
  url: 'http://localhost:4001/graphql',
  sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Case @key(fields: "id") { id: ID! number: String! }
        type Query { case(id: ID!): Case }`,
};
const planning = {
  name: 'planning',
  url: 'http://localhost:4002/graphql',
  sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Case @key(fields: "id") { id: ID! survey: String }`,
};

describe('composeSupergraph', () => {
  it('composes subgraphs into a supergraph that routes each to its URL', () => {
    const sdl = composeSupergraph([intake, planning]);
    expect(sdl).toContain('INTAKE @join__graph(name: "intake", url: "http://localhost:4001/graphql")');
    expect(sdl).toContain('PLANNING @join__graph(name: "planning", url: "http://localhost:4002/graphql")');
    expect(sdl).toMatch(/survey: String @join__field\(graph: PLANNING\)/);
  });

  it('does not depend on the order the subgraphs are given in', () => {
    expect(composeSupergraph([planning, intake])).toBe(composeSupergraph([intake, planning]));
  });

  it('lists every composition error', () => {
    const clash = {
      name: 'planning',
      url: 'http://localhost:4002/graphql',
      sdl: `type Query { case(id: ID!): Int  other: String }
            type Other { a: Int }`,
    };
    const third = {
      name: 'contracts',
      url: 'http://localhost:4004/graphql',
      sdl: 'type Other { a: String } type Query { x: Int }',
    };
    let error: unknown;
    try {
      composeSupergraph([intake, clash, third]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompositionError);
    const errors = (error as CompositionError).errors;
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.some((e) => e.includes('Query.case'))).toBe(true);
    expect(errors.some((e) => e.includes('Other.a'))).toBe(true);
    expect((error as CompositionError).message).toContain(`failed with ${errors.length} error(s)`);
  });

  it('names the subgraph whose SDL does not parse, with the others', () => {
    expect(() => composeSupergraph([intake, { ...planning, sdl: 'type Case {' }])).toThrow(/subgraph "planning": cannot parse its SDL/);
    expect(() => composeSupergraph([])).toThrow(CompositionError);
  });
});
