import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { SERVICES } from '@yekuo/platform/core';
import { expectData, GraphQLResponse, RunningSystem, startSystem, subgraphFetch, TestRun } from '@yekuo/testing';
import { loadGatewayConfig, subgraphUrlVariable } from './config';
import { RunningGateway, startGateway } from './server';

jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
const README = readFileSync(join(root, 'README.md'), 'utf8');
/** The README's case query (its one `graphql` block) and its submitApplication example (the curl body). */
const README_CASE_QUERY = /```graphql\n([\s\S]*?)```/.exec(README)![1];
const README_SUBMIT = JSON.parse(/-d '(\{[\s\S]*?\})'/.exec(README)![1]) as { query: string; variables: Record<string, unknown> };
const CASES_PAGE = readFileSync(join(root, 'bench/queries/cases-page.graphql'), 'utf8');
const SERVICE_NAMES = SERVICES.map((s) => s.name);

interface Answer extends GraphQLResponse {
  status: number;
}

/** POSTs one operation; the HTTP status with the GraphQL answer. */
async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const response = await subgraphFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as GraphQLResponse) };
}

/** `n` aliases of `selection`, `c0: … c1: …`, in one query. */
const aliased = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `c${i}: ${selection}`).join(' ')} }`;

describe('GraphQL limits at the gateway (every service built and started as a process)', () => {
  const run = new TestRun();
  const dir = mkdtempSync(join(tmpdir(), 'yekuo-limits-'));
  let system: RunningSystem;
  /** The services' /graphql URLs. */
  let services: string[];
  /** With the defaults: introspection off. */
  let closed: RunningGateway;
  /** GRAPHQL_INTROSPECTION=true, as `npm start` runs it. */
  let open: RunningGateway;
  let clerk: string;
  let supervisor: string;
  let caseId: string;

  beforeAll(async () => {
    await run.prepare();
    for (const name of SERVICE_NAMES) await run.provisionDatabase(name);
    const { DATABASE_URL: _url, DATABASE_OWNER_URL: _owner, ...shared } = run.env('intake');
    // Each service with its defaults (introspection off), from its dist folder.
    system = await startSystem({
      gateway: false,
      quiet: true,
      env: { ...shared, PII_DEV_KEY_DIR: join(dir, 'pii'), DOCUMENTS_DIR: join(dir, 'documents') },
      databaseUrl: (service) => run.env(service).DATABASE_URL,
      readyTimeoutMs: 240_000,
    });
    services = system.services.map((s) => s.url);
    const env = {
      ...Object.fromEntries(system.services.map((s) => [subgraphUrlVariable(s.name), s.url])),
      ...run.gatewayEnv(),
    };
    closed = await startGateway(loadGatewayConfig({ ...env, PORT: '0' }));
    open = await startGateway(loadGatewayConfig({ ...env, PORT: '0', GRAPHQL_INTROSPECTION: 'true' }));
    clerk = await run.token({ sub: 'clerk-1', roles: ['intake-clerk'], team: 'front-desk' });
    supervisor = await run.token({ sub: 'sup-1', roles: ['supervisor'] });
    const submitted = expectData(await post(closed.url, README_SUBMIT.query, README_SUBMIT.variables, clerk));
    caseId = (submitted as { submitApplication: { id: string } }).submitApplication.id;
  }, 300_000);

  afterAll(async () => {
    await closed?.stop();
    await open?.stop();
    await system?.stop();
    await run.cleanUp(SERVICE_NAMES);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('refuses introspection with INTROSPECTION_DISABLED at the gateway and every service unless configured on', async () => {
    for (const token of [undefined, supervisor]) {
      for (const query of [getIntrospectionQuery(), '{ __type(name: "Case") { name } }']) {
        const refused = await post(closed.url, query, {}, token);
        expect(refused.status).toBe(400);
        expect(refused.data).toBeUndefined();
        expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
      }
    }
    for (const url of services) {
      const refused = await post(url, '{ __schema { queryType { name } } }');
      expect({ url, codes: refused.errors?.map((e) => e.extensions?.code) }).toEqual({ url, codes: ['INTROSPECTION_DISABLED'] });
      // What `npm run compose` reads is not introspection and still answers: the subgraph's federated SDL.
      expect((expectData(await post(url, '{ _service { sdl } }')) as { _service: { sdl: string } })._service.sdl).toContain(
        '@link(url: "https://specs.apollo.dev/federation/',
      );
    }
    // `__typename` is not introspection.
    expect(expectData(await post(closed.url, '{ __typename }'))).toEqual({ __typename: 'Query' });

    const served = await post(open.url, getIntrospectionQuery());
    expect(served.errors).toBeUndefined();
    expect(served.data?.__schema).toMatchObject({ queryType: { name: 'Query' } });
    expect((served.data?.__schema as { types: { name: string }[] }).types.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Case', 'CaseConnection', 'PageInfo']),
    );
  });

  it('says no "Did you mean" in validation errors unless introspection is on', async () => {
    const typo = '{ cases(first: 1) { edges { node { nmber } } } }';
    const closedAnswer = await post(closed.url, typo, {}, supervisor);
    expect(closedAnswer.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['Cannot query field "nmber" on type "Case".', 'GRAPHQL_VALIDATION_FAILED'],
    ]);
    const enumTypo = '{ cases(filter: { status: SUBMITED }) { edges { node { number } } } }';
    const closedEnum = await post(closed.url, enumTypo, {}, supervisor);
    expect(closedEnum.errors?.length).toBe(1);
    expect(closedEnum.errors?.[0].message).not.toMatch(/Did you mean/);
    const variableTypo = 'query ($s: ApplicationStatus) { cases(filter: { status: $s }) { edges { node { number } } } }';
    const closedVariable = await post(closed.url, variableTypo, { s: 'SUBMITED' }, supervisor);
    expect(closedVariable.errors?.length).toBe(1);
    expect(closedVariable.errors?.[0].message).not.toMatch(/Did you mean/);

    expect((await post(open.url, typo, {}, supervisor)).errors?.[0].message).toBe(
      'Cannot query field "nmber" on type "Case". Did you mean "number"?',
    );
    expect((await post(open.url, enumTypo, {}, supervisor)).errors?.[0].message).toMatch(/Did you mean the enum value "SUBMITTED"\?/);
  });

  it('refuses 500 aliases of cases(first: 20) with TOO_MANY_ALIASES at the gateway', async () => {
    const refused = await post(closed.url, aliased(500, 'cases(first: 20) { edges { node { number status } } }'), {}, supervisor);
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([{ message: 'Aliases limit of 30 exceeded, found 500.', extensions: { code: 'TOO_MANY_ALIASES' } }]);
    // Up to the limit, aliases are served.
    const served = await post(closed.url, aliased(30, 'cases(first: 1) { pageInfo { hasNextPage } }'), {}, supervisor);
    expect(served.errors).toBeUndefined();
    expect(Object.keys(served.data ?? {})).toHaveLength(30);
  });

  it('refuses a query nested deeper than 12 with QUERY_TOO_DEEP', async () => {
    const deep = `query ($id: ID!) { case(id: $id) { ${'... on Case { '.repeat(12)}number${' }'.repeat(12)} } }`;
    const refused = await post(closed.url, deep, { id: caseId }, clerk);
    expect(refused.status).toBe(400);
    expect(refused.errors).toEqual([{ message: 'Query depth limit of 12 exceeded, found 14.', extensions: { code: 'QUERY_TOO_DEEP' } }]);
    // The graph's deepest field path (9 fields) is served.
    const deepest = '{ cases(first: 1) { edges { node { designReview { rounds { clock { pauses { by { id } } } } } } } } }';
    expect((await post(closed.url, deepest, {}, supervisor)).errors).toBeUndefined();
  });

  it('refuses an estimated cost above 20,000 with QUERY_TOO_COSTLY, weighing page sizes given in variables', async () => {
    // 100 cases, each with 100 tickets.
    const costly =
      'query ($n: Int!) { cases(first: $n) { edges { node { number tickets(first: $n) { edges { node { id subject status } } } } } } }';
    const refused = await post(closed.url, costly, { n: 100 }, supervisor);
    expect(refused.status).toBe(400);
    expect(refused.errors).toEqual([
      {
        message: expect.stringMatching(/^Query Cost limit of 20000 exceeded, found \d+\.?\d*\.$/),
        extensions: { code: 'QUERY_TOO_COSTLY' },
      },
    ]);
    expect((await post(closed.url, costly, { n: 5 }, supervisor)).errors).toBeUndefined();
  });

  it('serves the README case query and bench/queries/cases-page.graphql (also at 100 cases) under the defaults', async () => {
    const read = await post(closed.url, README_CASE_QUERY, { id: caseId }, clerk);
    expect(read.errors).toBeUndefined();
    expect(read.data?.case).toMatchObject({ status: 'SUBMITTED', journey: { currentStage: 'APPLICATION' } });
    for (const page of [CASES_PAGE, CASES_PAGE.replace('first: 50', 'first: 100')]) {
      const answer = await post(closed.url, page, {}, supervisor);
      expect(answer.errors).toBeUndefined();
      expect((answer.data?.cases as { edges: { node: { number: string } }[] }).edges.map((e) => e.node.number)).toContain(
        (read.data?.case as { number: string }).number,
      );
    }
  });

  it('refuses `first` above 100 on every connection at the gateway as VALIDATION_FAILED naming `first`', async () => {
    const refusedFirst = {
      status: 400,
      errors: [
        {
          message: 'Invalid input: first must be an integer from 1 to 100',
          extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'first', message: 'must be an integer from 1 to 100' }] },
        },
      ],
    };
    const asked: [string, Record<string, unknown>][] = [
      ['{ cases(first: 1000) { edges { node { number } } } }', {}],
      ['query ($first: Int!) { cases(first: $first) { edges { node { number } } } }', { first: 1000 }],
      ['{ cases(first: 1) { edges { node { tickets(first: 1000) { edges { node { id } } } } } } }', {}],
      ['{ tickets(first: 1000) { edges { node { id } } } }', {}],
      ['{ overdueClocks(first: 1000) { edges { node { clockId } } } }', {}],
      ['{ constructionUnits(first: 1000) { edges { node { id } } } }', {}],
      ['{ meters(first: 1000) { edges { node { id } } } }', {}],
    ];
    for (const [query, variables] of asked) {
      // Refused by the gateway itself: no `serviceName`, nothing asked of a service.
      expect({ query, ...(await post(closed.url, query, variables, supervisor)) }).toEqual({ query, ...refusedFirst });
    }
    expect((await post(closed.url, '{ cases(first: 100) { edges { node { number } } } }', {}, supervisor)).errors).toBeUndefined();
  });

  it('refuses a document of more than 10,000 tokens with QUERY_TOO_LARGE', async () => {
    const refused = await post(closed.url, aliased(1000, 'cases(first: 20) { edges { node { number } } }'), {}, supervisor);
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['Token limit of 10000 exceeded.', 'QUERY_TOO_LARGE']]);
  });
});
