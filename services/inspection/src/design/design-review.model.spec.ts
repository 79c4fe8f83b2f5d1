import type { DesignSubmission } from './design-submission.entity';
import { designReviewOf } from './design-review.model';

const submission = (round: number, decision: DesignSubmission['decision'], comments: string[] = []): DesignSubmission => ({
  id: `s${round}`,
  caseId: 'c',
  round,
  designUnit: `Unit ${round}`,
  documents: [`drawing-${round}`],
  submittedBy: 'cust',
  submittedAt: new Date(Date.UTC(2026, 0, round)),
  decision,
  comments,
  reviewedBy: decision ? 'insp' : null,
  reviewedAt: decision ? new Date(Date.UTC(2026, 0, round, 5)) : null,
});

describe('designReviewOf', () => {
  it('awaits the first submission', () => {
    expect(designReviewOf([])).toMatchObject({
      status: 'AWAITING_SUBMISSION',
      round: 0,
      designUnit: null,
      documents: [],
      comments: [],
      commentsRound: null,
    });
  });

  it('shows the latest round with the comments of the last return', () => {
    const rounds = [submission(2, null), submission(1, 'RETURNED', ['cable section too small'])];
    expect(designReviewOf(rounds)).toMatchObject({
      status: 'SUBMITTED',
      round: 2,
      designUnit: 'Unit 2',
      documents: ['drawing-2'],
      comments: ['cable section too small'],
      commentsRound: 1,
      reviewedBy: null,
    });
    expect(designReviewOf([submission(1, 'RETURNED', ['a']), submission(2, 'RETURNED', ['b']), submission(3, 'APPROVED')])).toMatchObject({
      status: 'APPROVED',
      round: 3,
      comments: ['b'],
      commentsRound: 2,
      reviewedBy: 'insp',
    });
  });
});
