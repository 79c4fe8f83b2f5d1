import { ServiceHarness } from '@yekuo/testing';
import { acceptanceRequest, HV_COMPLETION_ITEMS, inspectionKit, InspectionKit, startInspection } from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('intermediate inspection (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('fails an intermediate inspection item by item, re-inspects the failed items only, and passes when every open item passes', async () => {
    const { ok, failure, fieldsOf, readCase, row, inspector } = k;
    const hv = await k.hvCaseAt('DESIGN_APPROVED');
    const HV = hv.caseId;
    const customer = k.customerOf(hv);

    expect(await ok('recordConstructionStart', customer, { caseId: HV, startedOn: '2026-01-05' })).toMatchObject({
      inspectionStatus: 'UNDER_CONSTRUCTION',
    });
    expect((await failure('requestCompletionAcceptance', customer, acceptanceRequest(HV, HV_COMPLETION_ITEMS))).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'UNDER_CONSTRUCTION',
      requires: ['INTERMEDIATE_PASSED', 'ACCEPTANCE_FAILED'],
    });
    expect(await ok('requestIntermediateInspection', customer, { caseId: HV })).toMatchObject({
      inspectionStatus: 'INTERMEDIATE_REQUESTED',
    });
    expect(
      await ok('recordIntermediateInspection', inspector(), {
        caseId: HV,
        items: [
          { item: 'Cable trench depth', result: 'FAIL', note: '0.5 m, the design says 0.8 m' },
          { item: 'Earthing grid', result: 'FAIL', note: 'resistance 6 Ω, limit 4 Ω' },
          { item: 'Cable sheath', result: 'PASS' },
        ],
      }),
    ).toEqual({ id: HV, inspectionStatus: 'INTERMEDIATE_FAILED' });
    const afterFirst = (await readCase(customer, HV, 'inspections { round result rectificationItems { item note status raisedRound } }'))
      .inspections;
    expect(afterFirst).toEqual([
      {
        round: 1,
        result: 'FAILED',
        rectificationItems: [
          { item: 'Cable trench depth', note: '0.5 m, the design says 0.8 m', status: 'OPEN', raisedRound: 1 },
          { item: 'Earthing grid', note: 'resistance 6 Ω, limit 4 Ω', status: 'OPEN', raisedRound: 1 },
        ],
      },
    ]);

    // The customer reports the rectification and asks for the re-inspection.
    expect(
      await ok('requestIntermediateInspection', k.agentOf(hv), { caseId: HV, rectificationNote: 'Trench deepened, grid extended' }),
    ).toMatchObject({
      inspectionStatus: 'INTERMEDIATE_REQUESTED',
    });
    // Items outside the failed set are refused, and so is leaving one out: all named at once.
    const outside = await failure('recordIntermediateInspection', inspector(), {
      caseId: HV,
      items: [
        { item: 'Cable trench depth', result: 'PASS' },
        { item: 'Cable sheath', result: 'PASS' },
        { item: 'Transformer plinth', result: 'FAIL', note: 'cracked' },
      ],
    });
    expect(outside.extensions?.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(outside)).toEqual(['input.items.1.item', 'input.items.2.item', 'input.items']);
    expect(outside.extensions?.fields?.[2].message).toContain('Earthing grid');
    expect(await row(HV)).toMatchObject({ status: 'INTERMEDIATE_REQUESTED' });

    // One passes, one fails again: still failed, the passed one resolved.
    expect(
      await ok('recordIntermediateInspection', inspector(), {
        caseId: HV,
        items: [
          { item: 'cable trench depth', result: 'PASS' },
          { item: 'Earthing grid', result: 'FAIL', note: 'resistance 4.6 Ω' },
        ],
      }),
    ).toEqual({ id: HV, inspectionStatus: 'INTERMEDIATE_FAILED' });
    await ok('requestIntermediateInspection', customer, { caseId: HV, rectificationNote: 'Two more rods driven' });
    expect(
      fieldsOf(
        await failure('recordIntermediateInspection', inspector(), {
          caseId: HV,
          items: [
            { item: 'Earthing grid', result: 'PASS' },
            { item: 'Cable trench depth', result: 'PASS' },
          ],
        }),
      ),
    ).toEqual(['input.items.1.item']);
    expect(
      await ok('recordIntermediateInspection', inspector(), { caseId: HV, items: [{ item: 'Earthing grid', result: 'PASS' }] }),
    ).toEqual({
      id: HV,
      inspectionStatus: 'INTERMEDIATE_PASSED',
    });

    const inspections = (await readCase(customer, HV)).inspections;
    expect(inspections.map((i: any) => [i.round, i.result, i.scope, i.requestedBy])).toEqual([
      [1, 'FAILED', [], hv.customerId],
      [2, 'FAILED', ['Cable trench depth', 'Earthing grid'], 'agent-1'],
      [3, 'PASSED', ['Earthing grid'], hv.customerId],
    ]);
    expect(inspections[1]).toMatchObject({
      rectificationNote: 'Trench deepened, grid extended',
      items: [
        { item: 'cable trench depth', result: 'PASS', note: null },
        { item: 'Earthing grid', result: 'FAIL', note: 'resistance 4.6 Ω' },
      ],
      rectificationItems: [],
      recordedBy: 'inspector-1',
    });
    expect(inspections[0].rectificationItems).toEqual([
      expect.objectContaining({ item: 'Cable trench depth', status: 'RESOLVED', resolvedRound: 2 }),
      expect.objectContaining({ item: 'Earthing grid', status: 'RESOLVED', resolvedRound: 3 }),
    ]);
    // Each failed round waited on the customer from its failure until the next request, in whole seconds.
    for (const [i, failed] of inspections.slice(0, 2).entries()) {
      expect(failed.customerTime).toEqual({ from: failed.recordedAt, to: inspections[i + 1].requestedAt, seconds: expect.any(Number) });
      expect(failed.customerTime.seconds).toBe(
        Math.floor((Date.parse(failed.customerTime.to) - Date.parse(failed.customerTime.from)) / 1000),
      );
    }
    expect(inspections[2].customerTime).toBeNull();

    // The construction start and every request are announced, with the work each closes and opens.
    const announced = () => [
      ...k.eventsOf(HV, 'inspection.construction.started.v1'),
      ...k.eventsOf(HV, 'inspection.intermediate.requested.v1'),
    ];
    await h.waitFor('the start and three requests announced', () => announced().length >= 4);
    const [started, ...requests] = announced();
    expect(started.data).toMatchObject({
      caseId: HV,
      startedOn: '2026-01-05',
      actor: { id: hv.customerId, role: 'customer' },
      nextAction: { role: 'customer' },
      actions: { closes: ['START_CONSTRUCTION'], opens: ['REQUEST_INTERMEDIATE_INSPECTION'] },
    });
    expect(requests.map((e) => [e.data.round, e.data.scope, e.data.nextAction.role, e.data.actions])).toEqual(
      [1, 2, 3].map((round, i) => [
        round,
        [[], ['Cable trench depth', 'Earthing grid'], ['Earthing grid']][i],
        'inspector',
        { closes: ['REQUEST_INTERMEDIATE_INSPECTION'], opens: ['INSPECT_INTERMEDIATE'] },
      ]),
    );
  });
});
