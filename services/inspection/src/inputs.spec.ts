import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { countersignErrors, CountersignInput, RequestCompletionAcceptanceInput } from './acceptance/acceptance.inputs';
import { RecordConstructionStartInput } from './construction/construction.inputs';
import { startedOnProblem, todayIn } from './construction/started-on.rule';
import { reviewDesignErrors, SubmitDesignInput } from './design/design.inputs';
import { intermediateResultErrors } from './intermediate/intermediate.inputs';

const CASE_ID = '6f1c1b7e-3c55-4b0e-9a57-0d7c1c9b1a11';

/** Fields at fault as the validation pipe would name them. */
async function faults<T extends object>(type: new () => T, plain: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(type, plain));
  return errors.map((e) => `input.${e.property}`).sort();
}

describe('cross-field rules', () => {
  it('a returned design needs at least one comment; an approval needs none', () => {
    expect(reviewDesignErrors({ approve: false })).toEqual([
      { field: 'input.comments', message: 'comments must list at least one entry when the design is returned' },
    ]);
    expect(reviewDesignErrors({ approve: false, comments: [] })).toHaveLength(1);
    expect(reviewDesignErrors({ approve: false, comments: ['fix the earthing'] })).toEqual([]);
    expect(reviewDesignErrors({ approve: true })).toEqual([]);
    expect(reviewDesignErrors({ approve: true, comments: ['nice'] })).toEqual([]);
  });

  it('a failed intermediate inspection lists its items; a passed one lists none', () => {
    expect(intermediateResultErrors({ passed: false }).map((e) => e.field)).toEqual(['input.failedItems']);
    expect(intermediateResultErrors({ passed: false, failedItems: ['cable trench depth'] })).toEqual([]);
    expect(intermediateResultErrors({ passed: true })).toEqual([]);
    expect(intermediateResultErrors({ passed: true, failedItems: ['x'] })).toEqual([
      { field: 'input.failedItems', message: 'failedItems must be empty when the inspection passed' },
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
    expect(todayIn()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('input types', () => {
  it('report every field at fault at once', async () => {
    expect(await faults(SubmitDesignInput, { caseId: 'nope', designUnit: '  ', documents: [] })).toEqual([
      'input.caseId',
      'input.designUnit',
      'input.documents',
    ]);
    expect(await faults(SubmitDesignInput, { caseId: CASE_ID, designUnit: 'Huadong Design Institute', documents: ['d-1', ' '] })).toEqual([
      'input.documents',
    ]);
    expect(await faults(CountersignInput, { caseId: CASE_ID, result: 'MAYBE', items: [''] })).toEqual(['input.items', 'input.result']);
    expect(await faults(CountersignInput, { caseId: CASE_ID, result: 'FAIL', items: ['no earthing'] })).toEqual([]);
    expect(await faults(RequestCompletionAcceptanceInput, { caseId: CASE_ID })).toEqual(['input.documents']);
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
