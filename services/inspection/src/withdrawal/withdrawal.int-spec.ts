import { randomUUID } from 'node:crypto';
import { ServiceHarness } from '@yekuo/testing';
import {
  acceptanceRequest,
  casePayload,
  design,
  inspectionKit,
  InspectionKit,
  LV_COMPLETION_ITEMS,
  MutationName,
  startInspection,
} from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('withdrawal of the application (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('cancels open work once on withdrawal, whatever the order, and refuses every act afterwards', async () => {
    const { row, readCase, failure, eventsOf, dataSource } = k;
    const customerId = randomUUID();
    const deadLetteredBefore = h.consumer.stats.deadLettered;
    // A design returned to the customer, an acceptance round half countersigned, a residential case, and a case
    // inspection has not heard of: withdrawn in that order, then a redelivery, a second withdrawal and the late
    // confirmation of the early case.
    const cases = await k.stageWithdrawals(customerId);
    const designWithdrawal = await k.withdrawAll(cases);
    expect(h.consumer.stats.deadLettered - deadLetteredBefore).toBe(0);
    const { wdDesign, wdAcceptance, res, wdEarly } = cases;
    const [WD_DESIGN, WD_ACCEPTANCE, RES, WD_EARLY] = [wdDesign, wdAcceptance, res, wdEarly].map((c) => c.caseId);
    const customer = k.customerOf(wdDesign);

    expect(await row(WD_DESIGN)).toMatchObject({
      status: 'CANCELLED',
      cancellation_reason: 'Project cancelled by the board',
      cancel_event_id: designWithdrawal.id,
      cancelled_by_id: customerId,
      cancelled_by_role: 'customer',
      cancelled_work: ['DESIGN_REVIEW'],
    });
    expect(await row(WD_ACCEPTANCE)).toMatchObject({
      status: 'CANCELLED',
      cancelled_by_id: 'agent-1',
      cancelled_work: ['COMPLETION_ACCEPTANCE'],
    });
    expect(await row(RES)).toMatchObject({ status: 'CANCELLED', cancelled_work: [] });
    expect(await row(WD_EARLY)).toMatchObject({
      status: 'CANCELLED',
      case_number: wdEarly.caseNumber,
      customer_id: customerId,
      category: 'HV_SINGLE_SOURCE',
      scheme_id: null,
      cancelled_work: [],
    });
    // The open wait on the customer closed with the withdrawal; the round awaiting signatures is cancelled.
    expect(await dataSource.query('SELECT ended_by FROM customer_wait WHERE case_id = $1 AND ended_at IS NOT NULL', [WD_DESIGN])).toEqual([
      { ended_by: customerId },
    ]);
    expect(await dataSource.query('SELECT round, result FROM acceptance_round WHERE case_id = $1', [WD_ACCEPTANCE])).toEqual([
      { round: 1, result: 'CANCELLED' },
    ]);

    const cancellations = () => [WD_DESIGN, WD_ACCEPTANCE, RES, WD_EARLY].flatMap((id) => eventsOf(id, 'inspection.case.cancelled.v1'));
    await h.waitFor('four cancellations on the exchange', () => cancellations().length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cancelled = cancellations();
    expect(cancelled.map((e) => e.subject).sort()).toEqual([WD_DESIGN, WD_ACCEPTANCE, RES, WD_EARLY].sort());
    expect(cancelled.find((e) => e.subject === WD_DESIGN)!.data).toEqual({
      ...casePayload(wdDesign),
      reason: 'Project cancelled by the board',
      cancelledWork: ['DESIGN_REVIEW'],
    });
    expect(cancelled.find((e) => e.subject === WD_ACCEPTANCE)!.data).toMatchObject({
      actor: { id: 'agent-1', role: 'agent' },
      reason: 'Moved to another site',
      cancelledWork: ['COMPLETION_ACCEPTANCE'],
    });
    expect(cancelled.find((e) => e.subject === WD_EARLY)!.data).toMatchObject({
      caseNumber: wdEarly.caseNumber,
      category: 'HV_SINGLE_SOURCE',
      cancelledWork: [],
    });

    // GraphQL shows CANCELLED; every act is refused with INVALID_TRANSITION naming CANCELLED.
    expect(
      await readCase(customer, WD_DESIGN, 'inspectionStatus designReview { status rounds { decision customerTime { to } } }'),
    ).toMatchObject({
      inspectionStatus: 'CANCELLED',
      designReview: { status: 'CANCELLED', rounds: [{ decision: 'RETURNED' }] },
    });
    expect(await readCase(customer, WD_ACCEPTANCE, 'inspectionStatus acceptance { status rounds { status } }')).toEqual({
      inspectionStatus: 'CANCELLED',
      acceptance: { status: 'CANCELLED', rounds: [{ status: 'CANCELLED' }] },
    });
    expect(await readCase(customer, WD_EARLY, 'inspectionStatus designReview { status rounds { round } } acceptance { status }')).toEqual({
      inspectionStatus: 'CANCELLED',
      designReview: { status: 'CANCELLED', rounds: [] },
      acceptance: { status: 'CANCELLED' },
    });
    // A residential case shows CANCELLED and still has no inspection stages.
    expect(await readCase(customer, RES)).toEqual({
      id: RES,
      inspectionStatus: 'CANCELLED',
      designReview: null,
      construction: null,
      inspections: [],
      acceptance: null,
    });
    const refusals: [MutationName, ReturnType<InspectionKit['inspector']>, Record<string, unknown>][] = [
      ['submitDesign', customer, design(WD_DESIGN, 'r2')],
      ['countersign', k.signer('metering'), { caseId: WD_ACCEPTANCE, result: 'PASS' }],
      ['requestCompletionAcceptance', customer, acceptanceRequest(WD_ACCEPTANCE, LV_COMPLETION_ITEMS, 'a2')],
      ['submitDesign', customer, design(WD_EARLY)],
    ];
    for (const [name, caller, input] of refusals) {
      expect((await failure(name, caller, input)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    }
  });
});
