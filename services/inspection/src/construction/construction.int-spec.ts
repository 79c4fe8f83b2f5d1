import { DataSource } from 'typeorm';
import { ServiceHarness, waitFor } from '@yekuo/testing';
import { ConstructionStartBackfill } from './construction-start.backfill';
import {
  acceptanceRequest,
  inspectionKit,
  InspectionKit,
  LV_COMPLETION_ITEMS,
  LV_DEPARTMENTS,
  startInspection,
} from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('construction (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('takes a low-voltage non-residential case straight to construction and acceptance', async () => {
    const { ok, failure, fieldsOf, readCase, signer, signAll, inspector } = k;
    // Opened with Jinqiao Installation Co chosen in planning.
    const lv = await k.lvCase();
    const LV = lv.caseId;
    const customer = k.customerOf(lv);

    expect((await failure('countersign', signer('marketing'), { caseId: LV, result: 'PASS' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_CONSTRUCTION',
      requires: ['ACCEPTANCE_REQUESTED'],
    });
    // The inspector records a different unit from the one chosen: the name is kept, the registry id is not carried over.
    expect(await ok('recordConstructionStart', inspector(), { caseId: LV, unitName: 'Zhangjiang Power Contractors' })).toEqual({
      id: LV,
      inspectionStatus: 'UNDER_CONSTRUCTION',
    });
    expect((await failure('requestIntermediateInspection', customer, { caseId: LV })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'UNDER_CONSTRUCTION',
      requires: [],
    });
    // The low-voltage checklist has no high-voltage slots.
    expect(
      fieldsOf(await failure('requestCompletionAcceptance', customer, acceptanceRequest(LV, [...LV_COMPLETION_ITEMS, 'INTERLOCK_TESTS']))),
    ).toEqual(['input.documents.3.item']);
    expect(await ok('requestCompletionAcceptance', customer, acceptanceRequest(LV, LV_COMPLETION_ITEMS))).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    // Operations countersigns high-voltage cases only.
    expect((await failure('countersign', signer('operations'), { caseId: LV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    expect(await signAll(LV, { safety: { result: 'PASS' }, marketing: { result: 'PASS' }, metering: { result: 'PASS' } })).toEqual({
      id: LV,
      inspectionStatus: 'ACCEPTANCE_PASSED',
    });
    const view = await readCase(customer, LV);
    expect(view).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_PASSED',
      designReview: null,
      inspections: [],
      construction: {
        chosenUnitName: 'Jinqiao Installation Co',
        unitId: null,
        unitName: 'Zhangjiang Power Contractors',
        recordedBy: 'inspector-1',
      },
      acceptance: { status: 'PASSED', currentRound: 1, requiredDepartments: LV_DEPARTMENTS, pendingDepartments: [] },
    });
    expect(view.construction.startedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.acceptance.signatures.map((s: { department: string }) => s.department)).toEqual(['safety', 'marketing', 'metering']);
  });

  it('announces once, at start, a construction start recorded before its event existed', async () => {
    const lv = await k.lvCase();
    // As a case recorded before the event: the start on the row and in the chain, no event.
    await h.app
      .get(DataSource)
      .query(
        `UPDATE inspection_case SET construction_started_on = '2026-11-20', construction_unit_name = 'Jinqiao Installation Co', status = 'UNDER_CONSTRUCTION' WHERE case_id = $1`,
        [lv.caseId],
      );
    const started = () => h.eventsOf(lv.caseId, 'inspection.construction.started.v1');
    expect(started()).toEqual([]);
    const backfill = h.app.get(ConstructionStartBackfill);
    await backfill.onApplicationBootstrap();
    await waitFor('the construction start on the bus', () => started().length === 1);
    expect(started()[0].data).toMatchObject({
      caseId: lv.caseId,
      startedOn: '2026-11-20',
      unitName: 'Jinqiao Installation Co',
      actor: { id: 'system:inspection', role: 'inspector' },
      actions: { closes: ['START_CONSTRUCTION'] },
    });
    // Started again (another instance, a restart): nothing is announced twice.
    await backfill.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(started()).toHaveLength(1);
  });
});
