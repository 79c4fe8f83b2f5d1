import { INSPECTION_STATUSES } from '../inspection-case/inspection-case.state-machine';
import { openWorkOf } from './open-work';

describe('openWorkOf', () => {
  it('names the open work of every state a withdrawal can find', () => {
    const expected = {
      NOT_REQUIRED: [],
      AWAITING_DESIGN: ['DESIGN_REVIEW'],
      DESIGN_SUBMITTED: ['DESIGN_REVIEW'],
      DESIGN_RETURNED: ['DESIGN_REVIEW'],
      DESIGN_APPROVED: [],
      AWAITING_CONSTRUCTION: [],
      UNDER_CONSTRUCTION: [],
      INTERMEDIATE_REQUESTED: ['INTERMEDIATE_INSPECTION'],
      INTERMEDIATE_FAILED: [],
      INTERMEDIATE_PASSED: [],
      ACCEPTANCE_REQUESTED: ['COMPLETION_ACCEPTANCE'],
      ACCEPTANCE_PASSED: [],
      ACCEPTANCE_FAILED: ['ACCEPTANCE_RECTIFICATION'],
      CANCELLED: [],
    };
    expect(Object.fromEntries(INSPECTION_STATUSES.map((s) => [s, openWorkOf(s, 0)]))).toEqual(expected);
  });

  it('adds open rectification items, in stage order, unless the case is cancelled already', () => {
    expect(openWorkOf('INTERMEDIATE_FAILED', 2)).toEqual(['INTERMEDIATE_RECTIFICATION']);
    expect(openWorkOf('INTERMEDIATE_REQUESTED', 1)).toEqual(['INTERMEDIATE_INSPECTION', 'INTERMEDIATE_RECTIFICATION']);
    expect(openWorkOf('CANCELLED', 3)).toEqual([]);
  });
});
