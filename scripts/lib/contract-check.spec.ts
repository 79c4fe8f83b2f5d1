import {
  apiSchemaOf,
  describeEventViolation,
  eventCatalogViolations,
  eventSchemasOf,
  graphChanges,
  JsonSchema,
  parseAllowedGraphChanges,
} from './contract-check';

const submitted = (data: JsonSchema): Record<string, JsonSchema> => ({
  'intake.application.submitted.v1': {
    type: 'object',
    properties: { type: { type: 'string', const: 'intake.application.submitted.v1' }, data },
    required: ['type', 'data'],
  },
});

const DATA: JsonSchema = {
  type: 'object',
  properties: {
    caseId: { type: 'string', format: 'uuid' },
    category: { type: 'string', enum: ['LV_RESIDENTIAL', 'HV_DUAL_SOURCE'] },
    capacityKva: { type: 'number', description: 'kVA' },
    loads: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    wantedDate: { type: 'string' },
  },
  required: ['caseId', 'category', 'capacityKva', 'loads'],
};

const withData = (change: (data: JsonSchema & { properties: Record<string, JsonSchema>; required: string[] }) => void) => {
  const data = structuredClone(DATA) as JsonSchema & { properties: Record<string, JsonSchema>; required: string[] };
  change(data);
  return submitted(data);
};

describe('event catalog check', () => {
  it('passes the same catalog, a new optional field, a new event type and a changed description', () => {
    const current = {
      ...withData((d) => {
        d.properties.siteNote = { type: 'string' };
        d.properties.capacityKva = { type: 'number', description: 'requested capacity' };
      }),
      'intake.application.flagged.v1': { type: 'object' },
    };
    expect(eventCatalogViolations(submitted(DATA), submitted(DATA))).toEqual([]);
    expect(eventCatalogViolations(submitted(DATA), current)).toEqual([]);
  });

  it('fails a removed field, a new required field and a changed type, naming the event and the field', () => {
    const current = withData((d) => {
      delete d.properties.wantedDate;
      d.properties.regionCode = { type: 'string' };
      d.required.push('regionCode');
      d.properties.capacityKva = { type: 'string' };
      d.properties.category = { type: 'string', enum: ['LV_RESIDENTIAL'] };
      (d.properties.loads.items as JsonSchema).properties = { name: { type: 'integer' } };
    });
    expect(eventCatalogViolations(submitted(DATA), current).map(describeEventViolation)).toEqual([
      'intake.application.submitted.v1: field data.capacityKva changed from number to string',
      'intake.application.submitted.v1: field data.category changed from enum ["LV_RESIDENTIAL","HV_DUAL_SOURCE"] to enum ["LV_RESIDENTIAL"]',
      'intake.application.submitted.v1: field data.loads[].name changed from string to integer',
      'intake.application.submitted.v1: field data.regionCode added as a required field',
      'intake.application.submitted.v1: field data.wantedDate removed',
    ]);
  });

  it('fails a field whose requiredness changed either way, and a removed event type', () => {
    const current = withData((d) => {
      d.required = d.required.filter((f) => f !== 'capacityKva');
      d.required.push('wantedDate');
    });
    expect(eventCatalogViolations(submitted(DATA), current).map(describeEventViolation)).toEqual([
      'intake.application.submitted.v1: field data.capacityKva was required and became optional',
      'intake.application.submitted.v1: field data.wantedDate was optional and became required',
    ]);
    expect(eventCatalogViolations(submitted(DATA), {})).toEqual([
      { eventType: 'intake.application.submitted.v1', problem: 'event type removed (publish a new version beside it instead)' },
    ]);
  });

  it('reads the payload schemas of an AsyncAPI document', () => {
    expect(eventSchemasOf({ components: { messages: { 'a.b.c.v1': { payload: { type: 'object' } } } } })).toEqual({
      'a.b.c.v1': { type: 'object' },
    });
    expect(() => eventSchemasOf({})).toThrow('components.messages');
  });
});

const SUPERGRAPH = (statusType: string, extra = '') => `
schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
directive @join__type(graph: join__Graph!, key: join__FieldSet) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
scalar join__FieldSet
scalar link__Import
enum join__Graph { INTAKE @join__graph(name: "intake", url: "http://localhost:4001/graphql") }
enum link__Purpose { SECURITY EXECUTION }
enum ApplicationStatus @join__type(graph: INTAKE) { SUBMITTED ACCEPTED }
type Case @join__type(graph: INTAKE, key: "id") { id: ID! status: ${statusType} ${extra} }
type Query @join__type(graph: INTAKE) { case(id: ID!): Case }
`;

describe('graph check', () => {
  it('sees the schema clients see, without the join and link machinery', () => {
    const schema = apiSchemaOf(SUPERGRAPH('String!'));
    expect(schema.getType('join__Graph')).toBeUndefined();
    expect(schema.getType('link__Import')).toBeUndefined();
    expect(schema.getDirective('join__type')).toBeUndefined();
    expect(schema.getType('Case')?.astNode?.directives ?? []).toEqual([]);
  });

  it('passes additive changes and lists a breaking one as not allowed until the allow file records it', async () => {
    const additive = await graphChanges(SUPERGRAPH('String!'), SUPERGRAPH('String!', 'number: String'), []);
    expect(additive.unallowed).toEqual([]);

    const message = "Field 'Case.status' changed type from 'String!' to 'ApplicationStatus!'";
    const refused = await graphChanges(SUPERGRAPH('String!'), SUPERGRAPH('ApplicationStatus!'), []);
    expect(refused.unallowed.map((c) => c.message)).toEqual([message]);

    const allowed = await graphChanges(SUPERGRAPH('String!'), SUPERGRAPH('ApplicationStatus!'), [
      { change: message, reason: 'closed set as an enum' },
      { change: 'Type Foo was removed', reason: 'stale' },
    ]);
    expect(allowed.unallowed).toEqual([]);
    expect(allowed.allowed.map((a) => [a.change.message, a.reason])).toEqual([[message, 'closed set as an enum']]);
    expect(allowed.unused.map((u) => u.change)).toEqual(['Type Foo was removed']);
  });

  it('wants a reason for every allowed change', () => {
    expect(parseAllowedGraphChanges({ changes: [{ change: 'x', reason: 'y' }] })).toEqual([{ change: 'x', reason: 'y' }]);
    expect(() => parseAllowedGraphChanges({ changes: [{ change: 'x' }] })).toThrow('has no reason');
    expect(() => parseAllowedGraphChanges({ changes: [{ reason: 'y' }] })).toThrow('changes[0].change');
    expect(() => parseAllowedGraphChanges([])).toThrow('the allow file must be');
  });
});
