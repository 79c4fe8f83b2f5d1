import { ServiceHarness } from '@yekuo/testing';
import {
  acceptanceRequest,
  design,
  inspectionKit,
  InspectionKit,
  LV_COMPLETION_ITEMS,
  LV_DEPARTMENTS,
  newCase,
  startInspection,
  TestCase,
} from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('the inspection stages of the process variant a case walks (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const clocksOf = (c: TestCase) =>
    k.dataSource.query<{ stage: string; state: string }[]>('SELECT stage, state FROM stage_clock WHERE case_id = $1 ORDER BY stage', [
      c.caseId,
    ]);

  it('opens no inspection work for a 三零 case, and walks completion acceptance once a later scheme leaves 三零', async () => {
    const { ok, failure, readCase, row, customerOf, inspector } = k;
    const c = newCase('LV_NON_RESIDENTIAL');
    await k.confirm(c, 1, 'THREE_ZERO');
    expect(await row(c.caseId)).toMatchObject({ process_variant: 'THREE_ZERO', status: 'NOT_REQUIRED' });
    expect(await readCase(customerOf(c), c.caseId)).toEqual({
      id: c.caseId,
      inspectionStatus: 'NOT_REQUIRED',
      designReview: null,
      construction: null,
      inspections: [],
      acceptance: null,
    });

    const acceptance = await failure('requestCompletionAcceptance', customerOf(c), acceptanceRequest(c.caseId, LV_COMPLETION_ITEMS));
    expect(acceptance.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'NOT_REQUIRED', requires: [] });
    expect(acceptance.message).toContain('the THREE_ZERO process variant of LV_NON_RESIDENTIAL cases does not walk COMPLETION_ACCEPTANCE');
    const construction = await failure('recordConstructionStart', inspector(), { caseId: c.caseId, unitName: 'Jinqiao Installation Co' });
    expect(construction.message).toContain('THREE_ZERO process variant');
    const designSubmission = await failure('submitDesign', customerOf(c), design(c.caseId));
    expect(designSubmission.message).toContain('does not walk DESIGN_REVIEW');
    expect(await clocksOf(c)).toEqual([]);
    expect(k.eventsOf(c.caseId)).toEqual([]);

    // Scheme version 2 no longer qualifies for 三零: the case walks the pre-reform process from then on.
    await k.confirm(c, 2, 'PRE_REFORM');
    expect(await row(c.caseId)).toMatchObject({ process_variant: 'PRE_REFORM', status: 'AWAITING_CONSTRUCTION' });
    expect(await readCase(customerOf(c), c.caseId)).toMatchObject({
      inspectionStatus: 'AWAITING_CONSTRUCTION',
      designReview: null,
      construction: { unitName: null, startedOn: null },
      acceptance: { status: 'NOT_REQUESTED', requiredDepartments: LV_DEPARTMENTS },
    });
    await ok('recordConstructionStart', inspector(), { caseId: c.caseId, unitName: 'Jinqiao Installation Co' });
    expect(await ok('requestCompletionAcceptance', customerOf(c), acceptanceRequest(c.caseId, LV_COMPLETION_ITEMS))).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    expect(await clocksOf(c)).toEqual([{ stage: 'COMPLETION_ACCEPTANCE', state: 'RUNNING' }]);
    expect(
      await k.signAll(c.caseId, { marketing: { result: 'PASS' }, metering: { result: 'PASS' }, safety: { result: 'PASS' } }),
    ).toMatchObject({ inspectionStatus: 'ACCEPTANCE_PASSED' });
  });

  it('keeps inspection work under way when a later scheme changes the variant', async () => {
    const { ok, row, inspector } = k;
    const c = newCase('LV_NON_RESIDENTIAL');
    await k.confirm(c, 1, 'PRE_REFORM');
    await ok('recordConstructionStart', inspector(), { caseId: c.caseId, unitName: 'Jinqiao Installation Co' });
    await k.confirm(c, 2, 'THREE_ZERO');
    expect(await row(c.caseId)).toMatchObject({ process_variant: 'THREE_ZERO', status: 'UNDER_CONSTRUCTION' });
  });

  it('walks every high-voltage inspection stage of a 三省 case as before the reform', async () => {
    const { ok, readCase, row, customerOf, inspector } = k;
    const c = newCase('HV_SINGLE_SOURCE');
    await k.confirm(c, 1, 'THREE_SAVINGS');
    expect(await row(c.caseId)).toMatchObject({ process_variant: 'THREE_SAVINGS', status: 'AWAITING_DESIGN' });
    expect(await readCase(customerOf(c), c.caseId)).toMatchObject({
      designReview: { status: 'AWAITING_SUBMISSION' },
      construction: { startedOn: null },
      acceptance: { status: 'NOT_REQUESTED' },
    });
    await ok('submitDesign', customerOf(c), design(c.caseId));
    await ok('reviewDesign', inspector(), { caseId: c.caseId, approve: true });
    await ok('recordConstructionStart', customerOf(c), { caseId: c.caseId, unitName: 'Pudong Electric Works' });
    await ok('requestIntermediateInspection', customerOf(c), { caseId: c.caseId });
    expect(
      await ok('recordIntermediateInspection', inspector(), { caseId: c.caseId, items: [{ item: 'Earthing grid', result: 'PASS' }] }),
    ).toMatchObject({ inspectionStatus: 'INTERMEDIATE_PASSED' });
    // A later confirmation under 三省 again changes nothing of the walk.
    await k.confirm(c, 2, 'THREE_SAVINGS');
    expect(await row(c.caseId)).toMatchObject({ process_variant: 'THREE_SAVINGS', status: 'INTERMEDIATE_PASSED' });
    expect((await clocksOf(c)).map((clock) => clock.stage)).toEqual(['DESIGN_REVIEW', 'INTERMEDIATE_INSPECTION']);
  });
});
