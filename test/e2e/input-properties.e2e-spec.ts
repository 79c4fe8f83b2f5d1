// Property-based input test over the whole graph: for every query and mutation, fast-check
// generates its arguments from the supergraph (valid ids of existing records, garbage, control
// characters, impossible dates, numbers at and past their bounds, forged cursors) and sends them
// through the gateway with a token the operation admits. No answer may be INTERNAL_SERVER_ERROR or
// carry PostgreSQL's words, a file path or a stack; most calls must get past the role check and the
// lookup of the case, so that validation and the resolvers are what is exercised.
// Replay a run with the seed it prints: FC_SEED=<seed> npx jest test/e2e/input-properties --selectProjects e2e
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { ROLES, Role, STAFF_ROLES } from '@yekuo/events';
import { expectData, GraphQLResponse, waitFor } from '@yekuo/testing';
import { apiSchemaOf } from '../../scripts/lib/contract-check';
import { SUPERGRAPH_FILE } from '../../scripts/lib/supergraph';
import { GraphOperation, graphOperations, KnownValues } from './graph-arbitraries';
import { ACCEPT, application, COMPLETENESS, OPEN_TICKET, REGISTER_METER, REGISTER_UNIT, residentId, SUBMIT, upload } from './operations';
import { startSystemFixture, SystemFixture } from './system-fixture';

/** Generated calls per operation: 74 operations, 888 calls, about a minute on two cores. */
const RUNS_PER_OPERATION = 12;
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : randomInt(2 ** 31);

/** What no answer may contain: PostgreSQL's words, ORM errors, source paths, stack lines. */
const INTERNALS = [
  /syntax for type/i,
  /invalid byte sequence/i,
  /violates/i,
  /relation "/i,
  /column "/i,
  /SQLSTATE/i,
  /\bpg_/i,
  /duplicate key/i,
  /QueryFailedError/,
  /\/src\//,
  /node_modules/,
  /\bat (?:async )?\S+ \(\S+:\d+:\d+\)|\bat (?:file:\/\/)?\/\S+:\d+:\d+/,
];

/** Codes that mean the call stopped before validation and the resolver (a rate limit too, though the test should stay under them). */
const TURNED_AWAY = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'RATE_LIMITED']);
/** A staff role only some operations refuse (see `roleFor`). */
const PROBE_ROLE: Role = 'auditor';
/** Codes that mean the test built a request GraphQL refuses as a document: a fault of the test, never of the input. */
const MALFORMED = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

const codeOf = (response: GraphQLResponse) => (response.errors?.length ? String(response.errors[0].extensions?.code ?? 'NO_CODE') : 'OK');

/** The roles the guard names when it refuses a caller: "This operation requires one of the roles: a, b". */
const requiredRoles = (response: GraphQLResponse): Role[] | undefined => {
  const refusal = response.errors?.find((e) => e.extensions?.code === 'FORBIDDEN' && /requires one of the roles: /.test(e.message));
  return refusal?.message
    .split('requires one of the roles: ')[1]
    .split(',')
    .map((r) => r.trim() as Role);
};

describe('generated arguments for every operation of the graph, through the gateway', () => {
  let f: SystemFixture;
  const customerId = randomUUID();
  const region = '310104';
  const known: KnownValues = {
    caseIds: [],
    customerIds: [customerId],
    ticketIds: [],
    meterIds: [],
    unitIds: [],
    documentIds: [],
    texts: [region],
  };

  /** A token of `role` for one operation: its own principal (per-principal limits), the case's customer for customer roles. */
  const tokenFor = (role: Role, operation: string) =>
    f.token({
      sub: role === 'customer' ? customerId : `${role}-${operation}`,
      roles: [role],
      name: '属性测试',
      regions: [region],
      actsFor: role === 'agent' ? [customerId] : [],
      ...(role === 'department-signer' ? { department: 'safety' } : {}),
    });

  beforeAll(async () => {
    f = await startSystemFixture();
    const customer = await tokenFor('customer', 'setup');
    const clerk = await tokenFor('intake-clerk', 'setup');
    const submit = async () =>
      expectData(await f.gql(SUBMIT, { input: application({ idNumber: residentId(randomInt(20_000_000)), name: '陈一' }) }, customer))
        .submitApplication as { id: string; number: string };

    // One case left as submitted, one accepted with every checklist document (planning then opens its copy).
    const submitted = await submit();
    const accepted = await submit();
    const missing = expectData(await f.gql(COMPLETENESS, { caseId: accepted.id }, clerk)).completenessCheck.items as { slot: string }[];
    for (const { slot } of missing) known.documentIds.push((await upload(f.system.gatewayUrl, customer, accepted.id, slot)).id);
    expectData(await f.gql(ACCEPT, { caseId: accepted.id }, clerk));
    known.caseIds.push(submitted.id, accepted.id);
    known.texts.push(submitted.number, accepted.number);
    await waitFor('planning to open the accepted case', async () => {
      const read = await f.gql(`query($id: ID!) { case(id: $id) { planningStatus } }`, { id: accepted.id }, clerk);
      return read.data?.case?.planningStatus === 'AWAITING_SURVEY';
    });

    const ticket = expectData(await f.gql(OPEN_TICKET, { caseId: submitted.id }, customer)).openTicket as { id: string };
    known.ticketIds.push(ticket.id);
    const meterNumber = `M-${randomInt(1e9)}`;
    const meter = expectData(
      await f.gql(
        REGISTER_METER,
        { number: meterNumber, type: 'SINGLE_PHASE', class: 'CLASS_2' },
        await tokenFor('metering-technician', 'setup'),
      ),
    ).registerMeter as { id: string };
    known.meterIds.push(meter.id);
    known.texts.push(meterNumber);
    const unit = expectData(
      await f.gql(
        REGISTER_UNIT,
        { name: '徐汇电力安装公司', licence: `CU-${randomInt(1e6)}`, regions: [region] },
        await tokenFor('planner', 'setup'),
      ),
    ).registerConstructionUnit as { id: string };
    known.unitIds.push(unit.id);
  }, 180_000);

  afterAll(async () => {
    await f?.stop();
  }, 60_000);

  /**
   * The role to call an operation with, as the services state it. An auditor asks first, with
   * arguments GraphQL accepts and validation refuses (so nothing changes): the guard lets it
   * through (every role may call it) or refuses, naming the roles it admits. A staff role is
   * preferred to the customer's, which only operations for customers alone get: staff are held by
   * their own per-caller rate limit, the customer by the per-customer ones too (README "Rate limits").
   */
  async function roleFor(operation: GraphOperation): Promise<Role> {
    const probe = await f.gql(operation.document, operation.probe, await tokenFor(PROBE_ROLE, operation.field));
    if (MALFORMED.has(codeOf(probe)))
      throw new Error(`${operation.field}: the test's request is malformed: ${JSON.stringify(probe.errors)}`);
    const admitted = requiredRoles(probe);
    if (!admitted) return PROBE_ROLE;
    expect(ROLES).toEqual(expect.arrayContaining(admitted));
    return admitted.find((role) => STAFF_ROLES.includes(role)) ?? admitted[0];
  }

  it('never answers INTERNAL_SERVER_ERROR or internals, and most calls reach validation or the resolver', async () => {
    const schema = apiSchemaOf(readFileSync(resolve(__dirname, '../..', SUPERGRAPH_FILE), 'utf8'));
    const operations = graphOperations(schema, known);
    const outcomes = new Map<string, number>();
    const turnedAwayBy = new Map<string, number>();
    let calls = 0;

    for (const [index, operation] of operations.entries()) {
      const token = await tokenFor(await roleFor(operation), operation.field);
      await fc.assert(
        fc.asyncProperty(operation.args, async (variables) => {
          const response = await f.gql(operation.document, variables, token);
          const code = codeOf(response);
          calls += 1;
          outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
          if (TURNED_AWAY.has(code)) turnedAwayBy.set(operation.field, (turnedAwayBy.get(operation.field) ?? 0) + 1);
          const body = JSON.stringify(response);
          if (code === 'INTERNAL_SERVER_ERROR' || MALFORMED.has(code)) throw new Error(`${operation.field} answered ${code}: ${body}`);
          for (const internal of INTERNALS) expect(body).not.toMatch(internal);
        }),
        // One seed per operation, from the run's: operations of the same shape do not all draw the same values.
        { seed: SEED + index, numRuns: RUNS_PER_OPERATION },
      );
    }

    const reached = [...outcomes].filter(([code]) => !TURNED_AWAY.has(code)).reduce((sum, [, n]) => sum + n, 0);
    const share = reached / calls;
    console.log(
      [
        `input properties: seed ${SEED} (replay with FC_SEED=${SEED}), ${operations.length} operations × ${RUNS_PER_OPERATION} runs, ${calls} calls`,
        `reached validation or the resolver: ${(share * 100).toFixed(1)} %`,
        `outcomes: ${[...outcomes]
          .sort((a, b) => b[1] - a[1])
          .map(([code, n]) => `${code} ${n}`)
          .join(', ')}`,
        `turned away (${[...TURNED_AWAY].join(', ')}) by operation: ${[...turnedAwayBy].map(([op, n]) => `${op} ${n}`).join(', ')}`,
      ].join('\n'),
    );
    expect(share).toBeGreaterThanOrEqual(0.8);
  }, 300_000);
});
