import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { countersignErrors, CountersignInput, RequestCompletionAcceptanceInput } from './acceptance/acceptance.inputs';
import { RecordConstructionStartInput } from './construction/construction.inputs';
import { startedOnProblem, todayIn } from './construction/started-on.rule';
import { checklistErrors, COMPLETION_CHECKLISTS, DESIGN_CHECKLIST } from './checklist/document-checklists';
import { ReviewDesignInput, reviewDesignErrors, SubmitDesignInput } from './design/design.inputs';
import { intermediateItemsErrors, RecordIntermediateInspectionInput, reinspectionScopeErrors } from './intermediate/intermediate.inputs';

const CASE_ID = '6f1c1b7e-3c55-4b0e-9a57-0d7c1c9b1a11';

/** Fields at fault as the validation pipe would name them. */
async function faults<T extends object>(type: new () => T, plain: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(type, plain));
  return errors.map((e) => `input.${e.property}`).sort();
}

describe('cross-field rules', () => {
  it('a returned design needs at least one comment, each about a checklist slot or GENERAL; an approval needs none', () => {
    expect(reviewDesignErrors({ approve: false })).toEqual([
      { field: 'input.comments', message: 'comments must list at least one entry when the design is returned' },
    ]);
    expect(reviewDesignErrors({ approve: false, comments: [] })).toHaveLength(1);
    expect(reviewDesignErrors({ approve: false, comments: [{ item: 'PROTECTION', text: 'fix the relay settings' }] })).toEqual([]);
    expect(reviewDesignErrors({ approve: false, comments: [{ item: 'GENERAL', text: 'x' }] })).toEqual([]);
    expect(
      reviewDesignErrors({
        approve: false,
        comments: [
          { item: 'ROOF', text: 'x' },
          { item: 'LAYOUT', text: 'y' },
          { item: 'COLOUR', text: 'z' },
        ],
      }).map((e) => e.field),
    ).toEqual(['input.comments.0.item', 'input.comments.2.item']);
    expect(reviewDesignErrors({ approve: true })).toEqual([]);
    expect(reviewDesignErrors({ approve: true, comments: [{ item: 'LAYOUT', text: 'nice' }] })).toEqual([]);
  });

  it('an intermediate inspection lists each item once and a note for every failure', () => {
    expect(intermediateItemsErrors([{ item: 'Cable trench depth', result: 'PASS' }])).toEqual([]);
    expect(
      intermediateItemsErrors([
        { item: 'Cable trench depth', result: 'FAIL' },
        { item: 'Earthing grid', result: 'FAIL', note: 'resistance 6 Ω > 4 Ω' },
        { item: ' cable  trench depth ', result: 'PASS' },
      ]),
    ).toEqual([
      { field: 'input.items.0.note', message: 'note is required when the item fails' },
      { field: 'input.items.2.item', message: 'cable trench depth is listed more than once' },
    ]);
  });

  it('a re-inspection records exactly the open rectification items, naming every one outside or left out', () => {
    const scope = ['Cable trench depth', 'Earthing grid'];
    expect(reinspectionScopeErrors([], [{ item: 'anything' }])).toEqual([]);
    expect(reinspectionScopeErrors(scope, [{ item: 'earthing grid' }, { item: 'Cable trench depth' }])).toEqual([]);
    expect(reinspectionScopeErrors(scope, [{ item: 'Cable trench depth' }, { item: 'Roof' }, { item: 'Door' }])).toEqual([
      {
        field: 'input.items.1.item',
        message: 'Roof is not an open rectification item; the re-inspection covers: Cable trench depth, Earthing grid',
      },
      {
        field: 'input.items.2.item',
        message: 'Door is not an open rectification item; the re-inspection covers: Cable trench depth, Earthing grid',
      },
      { field: 'input.items', message: 'the re-inspection must record the open rectification item Earthing grid' },
    ]);
  });

  it('a checklist names every empty slot and every unknown one at once', () => {
    const full = DESIGN_CHECKLIST.map((s, i) => ({ item: s.item, documentId: `doc-${i}` }));
    expect(checklistErrors(DESIGN_CHECKLIST, full)).toEqual([]);
    expect(checklistErrors(DESIGN_CHECKLIST, [...full, { item: 'LAYOUT', documentId: 'second-layout' }])).toEqual([]);
    const errors = checklistErrors(DESIGN_CHECKLIST, [
      { item: 'DESIGN_DESCRIPTION', documentId: 'd' },
      { item: 'PHOTOS', documentId: 'p' },
      { item: 'LAYOUT', documentId: 'l' },
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'input.documents.1.item',
      'input.documents.SINGLE_LINE_DIAGRAM',
      'input.documents.PROTECTION',
      'input.documents.METERING',
      'input.documents.REACTIVE_COMPENSATION',
    ]);
    expect(checklistErrors(COMPLETION_CHECKLISTS.HV_DUAL_SOURCE, []).map((e) => e.field)).toContain('input.documents.INTERLOCK_TESTS');
    expect(checklistErrors(COMPLETION_CHECKLISTS.LV_NON_RESIDENTIAL, []).map((e) => e.field)).toEqual([
      'input.documents.COMPLETION_REPORT',
      'input.documents.AS_BUILT_DRAWINGS',
      'input.documents.TEST_REPORTS',
    ]);
  });

  it('a FAIL countersignature lists what to rectify; a PASS may carry remarks', () => {
    expect(countersignErrors({ result: 'FAIL' }).map((e) => e.field)).toEqual(['input.items']);
    expect(countersignErrors({ result: 'FAIL', items: [] }).map((e) => e.field)).toEqual(['input.items']);
    expect(countersignErrors({ result: 'FAIL', items: ['no earthing'] })).toEqual([]);
    expect(countersignErrors({ result: 'PASS' })).toEqual([]);
    expect(countersignErrors({ result: 'PASS', items: ['seal the meter box later'] })).toEqual([]);
  });
});

describe('construction start date', () => {
  it.each([
    ['2026-03-02', undefined],
    ['2026-03-03', undefined],
    ['2026-03-04', 'startedOn must not be in the future (today is 2026-03-03)'],
    ['2024-02-29', undefined],
    ['2026-02-29', 'startedOn must be a real calendar date'],
    ['2026-13-01', 'startedOn must be a real calendar date'],
    ['1999-12-31', 'startedOn must be a real date from 2000-01-01 to 2099-12-31'],
    ['0001-01-01', 'startedOn must be a real date from 2000-01-01 to 2099-12-31'],
    ['2026-3-2', 'startedOn must be a date as YYYY-MM-DD'],
    ['2026-03-02T00:00:00Z', 'startedOn must be a date as YYYY-MM-DD'],
    [20260302, 'startedOn must be a date as YYYY-MM-DD'],
  ])('%s → %s', (value, problem) => {
    expect(startedOnProblem(value, '2026-03-03')).toBe(problem);
  });

  it("takes today in the utility's time zone (UTC+8), not the server's", () => {
    // 17:00 UTC on 2 March is already 3 March in Shanghai.
    expect(todayIn('Asia/Shanghai', new Date('2026-03-02T17:00:00Z'))).toBe('2026-03-03');
    expect(todayIn('Asia/Shanghai', new Date('2026-03-02T15:59:59Z'))).toBe('2026-03-02');
  });
});

describe('input types', () => {
  it('report every field at fault at once', async () => {
    expect(await faults(SubmitDesignInput, { caseId: 'nope', designUnit: { name: ' ' }, documents: 'x' })).toEqual([
      'input.caseId',
      'input.designUnit',
      'input.documents',
    ]);
    const unit = { name: 'Huadong Design Institute', qualificationClass: 'Class A', certificateNumber: 'A131000001' };
    expect(
      await faults(SubmitDesignInput, { caseId: CASE_ID, designUnit: unit, documents: [{ item: 'LAYOUT', documentId: 'layout.pdf' }] }),
    ).toEqual(['input.documents']);
    expect(await faults(SubmitDesignInput, { caseId: CASE_ID, designUnit: unit, documents: [] })).toEqual([]);
    expect(await faults(ReviewDesignInput, { caseId: CASE_ID, approve: false, comments: [{ item: 'LAYOUT' }] })).toEqual([
      'input.comments',
    ]);
    expect(await faults(RecordIntermediateInspectionInput, { caseId: CASE_ID, items: [{ item: 'Trench', result: 'MAYBE' }] })).toEqual([
      'input.items',
    ]);
    expect(await faults(RecordIntermediateInspectionInput, { caseId: CASE_ID, items: [] })).toEqual(['input.items']);
    expect(await faults(CountersignInput, { caseId: CASE_ID, result: 'MAYBE', items: [''] })).toEqual(['input.items', 'input.result']);
    expect(await faults(CountersignInput, { caseId: CASE_ID, result: 'FAIL', items: ['no earthing'] })).toEqual([]);
    expect(await faults(RequestCompletionAcceptanceInput, { caseId: CASE_ID })).toEqual(['input.documents']);
    expect(
      await faults(RequestCompletionAcceptanceInput, { caseId: CASE_ID, documents: [{ item: 'TEST_REPORTS', documentId: CASE_ID }] }),
    ).toEqual([]);
  });

  it('check the construction start date and unit name', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(await faults(RecordConstructionStartInput, { caseId: CASE_ID, startedOn: tomorrow, unitName: ' ' })).toEqual([
      'input.startedOn',
      'input.unitName',
    ]);
    expect(await faults(RecordConstructionStartInput, { caseId: CASE_ID })).toEqual([]);
    expect(
      await faults(RecordConstructionStartInput, { caseId: CASE_ID, startedOn: '2026-01-05', unitName: 'Pudong Electric Works' }),
    ).toEqual([]);
    const [error] = await validate(plainToInstance(RecordConstructionStartInput, { caseId: CASE_ID, startedOn: '2026-02-30' }));
    expect(Object.values(error.constraints ?? {})).toEqual(['startedOn must be a real calendar date']);
  });
});
