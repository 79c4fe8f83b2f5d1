import { ErrorCode } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import {
  application,
  clerkOf,
  COMPLETENESS,
  newCustomer,
  residentId,
  RESUBMIT,
  SEARCH,
  startIntake,
  submit,
  WITHDRAW,
} from '../testing/intake.fixtures';

jest.setTimeout(120_000);

const MY_CASES = `
  {
    myCases(first: 50) {
      edges {
        node {
          id
        }
      }
    }
  }
`;

describe('customers and agents see only their own cases (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startIntake();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers a customer asking for another customer’s case with NOT_FOUND', async () => {
    const created = await submit(
      clerkOf(h),
      application({ regionCode: '310115', siteAddress: '上海市浦东新区世纪大道100号' }, { idNumber: residentId(), name: '王小明' }),
    );
    const stranger = h.as('customer', { sub: '11111111-2222-4333-8444-555555555555' });
    await expect(
      stranger.query(
        `
          query ($id: ID!) {
            case(id: $id) {
              number
            }
          }
        `,
        { id: created.id },
      ),
    ).rejects.toMatchObject({
      extensions: { code: ErrorCode.NOT_FOUND },
      // Every message of the answer, joined: none names the case.
      message: expect.not.stringContaining(created.number as string),
    });
  });

  it('isolates customers and agents on every query and mutation', async () => {
    const alice = newCustomer(h);
    const bob = newCustomer(h);
    const aliceCase = await submit(alice.caller, application({}, { idNumber: residentId(), name: '陈甲' }));
    const bobCase = await submit(bob.caller, application({}, { idNumber: residentId(), name: '陈乙' }));
    const agent = h.as('agent', { sub: 'agent-a', actsFor: [alice.id] });
    const bobsAgent = h.as('agent', { sub: 'agent-b', actsFor: [bob.id] });

    const probes: [string, Record<string, unknown>][] = [
      [`query ($id: ID!) { case(id: $id) { id } }`, { id: aliceCase.id }],
      [`query ($n: String!) { caseByNumber(number: $n) { id } }`, { n: aliceCase.number }],
      [COMPLETENESS, { caseId: aliceCase.id }],
      [RESUBMIT, { caseId: aliceCase.id }],
      [WITHDRAW, { caseId: aliceCase.id, reason: 'not mine' }],
    ];
    for (const [query, variables] of probes) {
      for (const outsider of [bob.caller, bobsAgent]) {
        await expect(outsider.query(query, variables)).rejects.toMatchObject({ extensions: { code: ErrorCode.NOT_FOUND } });
      }
    }
    expect(
      (
        await agent.query(
          `
            query ($id: ID!) {
              case(id: $id) {
                id
              }
            }
          `,
          { id: aliceCase.id },
        )
      ).case.id,
    ).toBe(aliceCase.id);
    const agentList = (await agent.query(MY_CASES)).myCases;
    expect(agentList.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([aliceCase.id]);
    const bobList = (await bob.caller.query(MY_CASES)).myCases;
    expect(bobList.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([bobCase.id]);
    await expect(alice.caller.query(SEARCH, { first: 5 })).rejects.toMatchObject({ extensions: { code: ErrorCode.FORBIDDEN } });
    await expect(submit(agent, { ...application(), customerId: bob.id, authorizationDocumentId: 'A-1' })).rejects.toMatchObject({
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  });
});
