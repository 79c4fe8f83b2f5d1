import { ServiceHarness } from '@yekuo/testing';
import { design, DESIGN_COMMENTS, DESIGN_UNIT, inspectionKit, InspectionKit, startInspection } from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('design review (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('reviews a design in rounds: returned with itemised comments the customer sees, customer time recorded, then approved', async () => {
    const { ok, failure, readCase, inspector } = k;
    const hv = await k.hvCaseAt('AWAITING_DESIGN');
    const HV = hv.caseId;
    const customer = k.customerOf(hv);

    expect(
      await ok('submitDesign', customer, { ...design(HV), designUnit: { ...DESIGN_UNIT, name: ' East China Design Institute ' } }),
    ).toEqual({
      id: HV,
      inspectionStatus: 'DESIGN_SUBMITTED',
    });
    expect((await failure('submitDesign', customer, design(HV))).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'DESIGN_SUBMITTED',
      requires: ['AWAITING_DESIGN', 'DESIGN_RETURNED'],
    });
    const comments = DESIGN_COMMENTS;
    expect(await ok('reviewDesign', inspector(), { caseId: HV, approve: false, comments })).toMatchObject({
      inspectionStatus: 'DESIGN_RETURNED',
    });
    // The customer sees every comment, by checklist slot; the wait on the customer has started.
    const returned = await readCase(
      customer,
      HV,
      'designReview { status currentRound rounds { round decision comments { item text } reviewer customerTime { to seconds reason } } }',
    );
    expect(returned.designReview).toEqual({
      status: 'RETURNED',
      currentRound: 1,
      rounds: [
        {
          round: 1,
          decision: 'RETURNED',
          comments,
          reviewer: 'inspector-1',
          customerTime: { to: null, seconds: null, reason: 'Design round 1 returned with 2 comment(s)' },
        },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await ok('submitDesign', k.agentOf(hv), design(HV, 'r2'))).toMatchObject({ inspectionStatus: 'DESIGN_SUBMITTED' });
    expect(await ok('reviewDesign', inspector(), { caseId: HV, approve: true })).toMatchObject({
      inspectionStatus: 'DESIGN_APPROVED',
    });

    const view = (await readCase(customer, HV)).designReview;
    expect(view).toMatchObject({ status: 'APPROVED', currentRound: 2, round: 2 });
    expect(view.rounds).toHaveLength(2);
    const [first, second] = view.rounds;
    expect(first).toMatchObject({
      round: 1,
      designUnit: DESIGN_UNIT,
      documents: design(HV, 'r1').documents,
      submittedBy: hv.customerId,
      decision: 'RETURNED',
      comments,
      reviewer: 'inspector-1',
    });
    expect(second).toMatchObject({
      round: 2,
      documents: design(HV, 'r2').documents,
      submittedBy: 'agent-1',
      decision: 'APPROVED',
      comments: [],
      reviewer: 'inspector-1',
      customerTime: null,
    });
    // Customer time: from the return to the next submission, recorded for the clocks.
    expect(first.customerTime.from).toBe(first.decidedAt);
    expect(first.customerTime.to).toBe(second.submittedAt);
    expect(first.customerTime.seconds).toBeGreaterThanOrEqual(1);
    expect(view.customerSeconds).toBe(first.customerTime.seconds);
    const waits = await k.dataSource.query<Record<string, any>[]>(
      'SELECT stage, round, started_at, ended_at, ended_by FROM customer_wait WHERE case_id = $1',
      [HV],
    );
    expect(waits).toEqual([
      {
        stage: 'DESIGN_REVIEW',
        round: 1,
        started_at: new Date(first.decidedAt),
        ended_at: new Date(second.submittedAt),
        ended_by: 'agent-1',
      },
    ]);
    // Strangers see nothing.
    expect(await readCase(k.otherCustomer(), HV, 'designReview { status }')).toEqual({ designReview: null });
  });
});
