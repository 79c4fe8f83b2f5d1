import { randomUUID } from 'node:crypto';
import { encodeCursor } from '@yekuo/platform';
import { GraphQLResponse, ServiceHarness } from '@yekuo/testing';
import {
  application,
  CASE,
  clerkOf,
  COMPLETENESS,
  newCustomer,
  residentId,
  SEARCH,
  startIntake,
  SUBMIT,
  submit,
  supervisorOf,
} from '../testing/intake.fixtures';

jest.setTimeout(120_000);

/**
 * What PostgreSQL says about a value it refused, and other internals, which a caller must never read.
 * A subgraph's 413 is matched as a number of its own: a random id may hold the digits 413.
 */
const INTERNALS = /invalid input syntax|invalid byte sequence|out of range|UTF8|SELECT|\.ts\b|\b413\b|127\.0\.0\.1/;

/** The code and the fields at fault of a response that must have failed, checking that it reveals nothing. */
function faultOf(response: GraphQLResponse) {
  expect(response.errors?.length).toBeGreaterThan(0);
  expect(JSON.stringify(response.errors)).not.toMatch(INTERNALS);
  const { code, fields } = response.errors![0].extensions ?? {};
  return { code, fields: (fields ?? []).map((f) => f.field) };
}

describe('input hygiene at intake’s boundary: ids, text, dates, cursors (real PostgreSQL)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startIntake();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses an id that is not a UUID as VALIDATION_FAILED naming the argument', async () => {
    const supervisor = supervisorOf(h);
    expect(faultOf(await supervisor.raw(CASE, { id: 'not-a-uuid' }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['id'] });
    expect(faultOf(await supervisor.raw(COMPLETENESS, { caseId: "1' OR '1'='1" }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['caseId'],
    });
    expect(
      faultOf(await supervisor.raw('query ($id: ID!) { ticket(id: $id) { id } }', { id: '------------------------------------' })),
    ).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['id'],
    });
    // A well-formed id of no case is still NOT_FOUND.
    expect(faultOf(await supervisor.raw(CASE, { id: randomUUID() })).code).toBe('NOT_FOUND');
  });

  it('refuses NUL and other control characters in any text input, naming the field; line breaks only in multi-line fields', async () => {
    const clerk = clerkOf(h);
    const input = application({}, { idNumber: residentId(), name: '陈一' });
    const submitted = async (over: Record<string, unknown>) => faultOf(await clerk.raw(SUBMIT, { input: { ...input, ...over } }));

    expect(await submitted({ siteAddress: '上海市\u0000徐汇区' })).toEqual({ code: 'VALIDATION_FAILED', fields: ['input.siteAddress'] });
    expect(await submitted({ siteAddress: '上海市\n徐汇区' })).toEqual({ code: 'VALIDATION_FAILED', fields: ['input.siteAddress'] });
    expect(await submitted({ customer: { ...input.customer, name: '陈\u0000一' } })).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.customer.name'],
    });
    expect(await submitted({ loads: [{ name: 'pump\u0000', kw: 7.5, quantity: 1 }] })).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.loads.0.name'],
    });
    expect(await submitted({ authorizationDocumentId: 'AUTH\u001b[2J' })).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.authorizationDocumentId'],
    });
    // Far past the field's limit (and past what a subgraph's HTTP parser took by default): the field, not a 413.
    expect(await submitted({ siteAddress: '徐'.repeat(150_000) })).toEqual({ code: 'VALIDATION_FAILED', fields: ['input.siteAddress'] });

    const { id, caller: customer } = newCustomer(h);
    const own = await submit(customer, application({}, { idNumber: residentId(), name: '陈三' }));
    expect(own.customer.id).toBe(id);
    const withdraw = 'mutation ($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { id status } }';
    expect(faultOf(await customer.raw(withdraw, { input: { caseId: own.id, reason: 'no\u0000longer' } }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.reason'],
    });
    const ticket = 'mutation ($input: OpenTicketInput!) { openTicket(input: $input) { id } }';
    expect(
      faultOf(await customer.raw(ticket, { input: { caseId: own.id, kind: 'INQUIRY', subject: 'When?', message: 'hello\u0000' } })),
    ).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['input.message'],
    });
    // A message and a reason may hold lines and tabs.
    expect(
      (
        await customer.mutate(ticket, {
          input: { caseId: own.id, kind: 'INQUIRY', subject: 'When?', message: 'Hello,\r\n\twhen is the survey?' },
        })
      ).openTicket.id,
    ).toBeDefined();
    expect(
      (await customer.mutate(withdraw, { input: { caseId: own.id, reason: 'We moved.\nThe shop closed.' } })).withdrawApplication.status,
    ).toBe('WITHDRAWN');

    const supervisor = supervisorOf(h);
    expect(faultOf(await supervisor.raw(SEARCH, { filter: { customerName: '陈\u0000' }, first: 5 }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['filter.customerName'],
    });
    expect(faultOf(await supervisor.raw('query ($n: String!) { caseByNumber(number: $n) { id } }', { n: 'YK-2026-\u0000' }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['number'],
    });
  });

  it('refuses impossible dates and dates outside 2000–2099, naming the field', async () => {
    const clerk = clerkOf(h);
    const input = application({}, { idNumber: residentId(), name: '陈二' });
    for (const wantedDate of ['2026-02-30', '9999-12-31', '0001-01-01']) {
      expect(faultOf(await clerk.raw(SUBMIT, { input: { ...input, wantedDate } }))).toEqual({
        code: 'VALIDATION_FAILED',
        fields: ['input.wantedDate'],
      });
    }
    const supervisor = supervisorOf(h);
    expect(faultOf(await supervisor.raw(SEARCH, { filter: { submittedFrom: '2026-02-30T00:00:00Z' }, first: 5 }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['filter.submittedFrom'],
    });
    expect(faultOf(await supervisor.raw(SEARCH, { filter: { submittedBefore: '9999-12-31T00:00:00Z' }, first: 5 }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['filter.submittedBefore'],
    });
    // Not a date-time string at all: GraphQL's own refusal of the variable.
    expect(faultOf(await supervisor.raw(SEARCH, { filter: { submittedFrom: 1_772_352_000_000 }, first: 5 })).code).toBe('BAD_USER_INPUT');
  });

  it('refuses a forged cursor as VALIDATION_FAILED naming `after`', async () => {
    const supervisor = supervisorOf(h);
    for (const after of [
      encodeCursor(['2026-03-01 10:00:00+00', '------------------------------------']),
      encodeCursor(['2026-02-30 10:00:00+00', randomUUID()]),
      encodeCursor(['Tue Mar 03 2026', randomUUID()]),
      encodeCursor(['0001-01-01 00:00:00+00', randomUUID()]),
      'not a cursor',
    ]) {
      expect(faultOf(await supervisor.raw(SEARCH, { first: 5, after }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['after'] });
    }
    const page = await supervisor.query(SEARCH, { first: 1 });
    expect((await supervisor.query(SEARCH, { first: 1, after: page.cases.pageInfo.endCursor })).cases.edges).toBeDefined();
  });
});
