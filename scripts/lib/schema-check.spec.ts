import { print } from 'graphql';
import { composeSupergraph, SubgraphDefinition } from '../../gateway/src/compose';
import { JsonSchema } from './contract-check';
import {
  checkSchema,
  describeSchemaCheck,
  operationsInTypeScript,
  operationsOfDocument,
  operationsOfExports,
  SchemaCheckInput,
  schemaCheckFailed,
} from './schema-check';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

const intake: SubgraphDefinition = {
  name: 'intake',
  url: 'http://localhost:4001/graphql',
  sdl: `${FEDERATION}
    type Query { case(id: ID!): Case }
    type Case @key(fields: "id") { id: ID! number: String! }`,
};

const planningWith = (caseFields: string): SubgraphDefinition => ({
  name: 'planning',
  url: 'http://localhost:4002/graphql',
  sdl: `${FEDERATION}
    type Case @key(fields: "id") { id: ID! ${caseFields} }`,
});

const planning = planningWith('planningStatus: String surveyor: String');
const baseSupergraph = composeSupergraph([intake, planning]);

const CONSOLE_FILE = 'apps/console/src/features/case/case.graphql';
const consoleOperations = operationsOfDocument(
  CONSOLE_FILE,
  `query CasePage($id: ID!) { case(id: $id) { number ...Planning } }
   query CaseNumber($id: ID!) { case(id: $id) { number } }
   fragment Planning on Case { planningStatus }`,
);

const event = (fields: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties: { data: { type: 'object', properties: fields, required: Object.keys(fields) } },
  required: ['data'],
});
const events = {
  'planning.survey.scheduled.v1': event({ caseId: { type: 'string' } }),
  'intake.application.accepted.v1': event({ caseId: { type: 'string' } }),
};

const input = (candidate: SubgraphDefinition, extra: Partial<SchemaCheckInput> = {}): SchemaCheckInput => ({
  candidate,
  others: [intake, planning],
  baseSupergraph,
  allow: [],
  operations: consoleOperations,
  baseEvents: events,
  currentEvents: events,
  ...extra,
});

const BASE = { label: 'abc123 (the merge base of HEAD and origin/main)' };

describe('schema:check', () => {
  it('passes an additive change: no breaking change, every operation validates, the events unchanged', async () => {
    const report = await checkSchema(input(planningWith('planningStatus: String surveyor: String surveyNote: String')));

    expect(report.compositionErrors).toEqual([]);
    expect(report.graph?.unallowed).toEqual([]);
    expect(report.graph?.allowed).toEqual([]);
    expect(report.operations).toEqual({ checked: 2, invalid: [] });
    expect(report.events).toEqual({ published: 1, violations: [] });
    expect(report.supergraph).toContain('surveyNote: String');
    expect(schemaCheckFailed(report)).toBe(false);
    expect(describeSchemaCheck(report, BASE, 'docs/graph-changes-allowed.json').at(-1)).toBe('schema:check planning: passed.');
  });

  it('fails a breaking change no operation uses unless the allow file records it', async () => {
    const change = "Field 'surveyor' was removed from object type 'Case'";
    const unrecorded = await checkSchema(input(planningWith('planningStatus: String')));
    const recorded = await checkSchema(input(planningWith('planningStatus: String'), { allow: [{ change, reason: 'Nothing reads it' }] }));

    expect(unrecorded.operations.invalid).toEqual([]);
    expect(unrecorded.graph?.unallowed.map((c) => c.message)).toEqual([change]);
    expect(schemaCheckFailed(unrecorded)).toBe(true);
    expect(recorded.graph?.unallowed).toEqual([]);
    expect(recorded.graph?.allowed.map((a) => a.change.message)).toEqual([change]);
    expect(schemaCheckFailed(recorded)).toBe(false);
  });

  it("fails when the candidate does not compose with the others, printing composition's messages", async () => {
    const report = await checkSchema(input(planningWith('planningStatus: String surveyor: String number: Int')));

    expect(report.compositionErrors.length).toBeGreaterThan(0);
    expect(report.compositionErrors.join('\n')).toContain('Case.number');
    expect(report.supergraph).toBeUndefined();
    expect(schemaCheckFailed(report)).toBe(true);
    const lines = describeSchemaCheck(report, BASE, 'docs/graph-changes-allowed.json');
    expect(lines[0]).toMatch(/^schema:check planning: composition FAILED with \d+ errors?:$/);
    expect(lines).toContain(`  - ${report.compositionErrors[0]}`);
    expect(lines.at(-1)).toBe('schema:check planning: FAILED: composition.');
  });

  it('fails an SDL that does not parse, naming the subgraph', async () => {
    const report = await checkSchema(input({ ...planning, sdl: 'type Case @key(fields: "id") { id: ID!' }));

    expect(report.compositionErrors).toEqual([expect.stringMatching(/^subgraph "planning": cannot parse its SDL: Syntax Error/)]);
    expect(schemaCheckFailed(report)).toBe(true);
  });

  it('reports a removed field a console operation uses, naming the file and the operation', async () => {
    const report = await checkSchema(input(planningWith('surveyor: String')));

    expect(report.graph?.unallowed.map((c) => c.message)).toEqual(["Field 'planningStatus' was removed from object type 'Case'"]);
    expect(report.operations.invalid).toEqual([
      { operation: `${CONSOLE_FILE}: CasePage`, errors: ['Cannot query field "planningStatus" on type "Case".'] },
    ]);
    expect(schemaCheckFailed(report)).toBe(true);
    const lines = describeSchemaCheck(report, BASE, 'docs/graph-changes-allowed.json');
    expect(lines).toContain(`  ${CONSOLE_FILE}: CasePage`);
    expect(lines.at(-1)).toBe('schema:check planning: FAILED: graph (1), operations (1).');
  });

  it("refuses an incompatible change to one of the service's published event versions, and only its own", async () => {
    const changed = { ...events, 'planning.survey.scheduled.v1': event({ caseId: { type: 'integer' } }) };
    const report = await checkSchema(input(planning, { currentEvents: changed }));

    expect(report.events?.violations).toEqual([
      { eventType: 'planning.survey.scheduled.v1', field: 'data.caseId', problem: 'changed from string to integer' },
    ]);
    expect(schemaCheckFailed(report)).toBe(true);
    const others = { ...events, 'intake.application.accepted.v1': event({}) };
    expect((await checkSchema(input(planning, { currentEvents: others }))).events).toEqual({ published: 1, violations: [] });
  });

  it('says there is no base and checks composition and operations alone', async () => {
    const report = await checkSchema(input(planning, { baseSupergraph: undefined, baseEvents: undefined }));

    expect(report.graph).toBeUndefined();
    expect(report.events).toBeUndefined();
    expect(schemaCheckFailed(report)).toBe(false);
    const note = 'no origin/main in this clone, so no base to compare the graph and the events with; set BASE_REF to check.';
    expect(describeSchemaCheck(report, { note }, 'allow.json')).toContain(`schema:check planning: graph: ${note}`);
  });
});

describe('the operations schema:check validates', () => {
  it('takes each operation of a document with the fragments it spreads, and nothing from a schema', () => {
    expect(consoleOperations.map((o) => [o.source, o.name, o.document.definitions.length])).toEqual([
      [CONSOLE_FILE, 'CasePage', 2],
      [CONSOLE_FILE, 'CaseNumber', 1],
    ]);
    expect(print(consoleOperations[0].document)).toContain('fragment Planning on Case');
    expect(operationsOfDocument('api-schema.graphql', 'type Query { a: Int }\nquery A { a }')).toEqual([]);
    expect(operationsOfDocument('x.graphql', 'query {')).toEqual([]);
  });

  it('takes the string exports of a module that are operations, named by export', () => {
    const found = operationsOfExports('test/e2e/operations.ts', {
      CASE_FIELDS: 'id number status',
      SUBMIT: 'mutation($input: SubmitInput!) { submit(input: $input) { id } }',
      RATE: 5,
      application: () => ({}),
    });
    expect(found.map((o) => `${o.source}: ${o.name}`)).toEqual(['test/e2e/operations.ts (SUBMIT): anonymous mutation of submit']);
  });

  it('reads the literal operations of a test file, by line and holder, and counts the templates it cannot read', () => {
    const source = [
      'const INBOX = `query($first: Int!) { myNotifications(first: $first) { id } }`;',
      'await f.gql(`{ myCases(first: 50) { edges { node { id } } } }`, {}, token);',
      "const selection = found ? '{ id }' : '{ __typename }';",
      "const ops = { q: { query: 'mutation Mark($id: ID!) { markRead(id: $id) { id } }' } };",
      'const built = `query($id: ID!) { case(id: $id) { ${fields} } }`;',
      "const words = 'query the journey';",
    ].join('\n');
    const { operations, interpolated } = operationsInTypeScript('test/e2e/x.e2e-spec.ts', source);

    expect(operations.map((o) => `${o.source}: ${o.name}`)).toEqual([
      'test/e2e/x.e2e-spec.ts:1 (INBOX): anonymous query of myNotifications',
      'test/e2e/x.e2e-spec.ts:2: anonymous query of myCases',
      'test/e2e/x.e2e-spec.ts:4 (query): Mark',
    ]);
    expect(interpolated).toBe(1);
  });
});
