import type { StageClock } from '@yekuo/timelimits';
import type { CustomerWait } from '../customer-time/customer-wait.entity';
import type { DesignSubmission } from './design-submission.entity';
import { designReviewOf } from './design-review.model';

const submission = (round: number, decision: DesignSubmission['decision'], ...comments: string[]): DesignSubmission => ({
  id: `s${round}`,
  caseId: 'c',
  round,
  designUnit: `Unit ${round}`,
  designUnitQualification: 'Class B',
  designUnitCertificate: `A-${round}`,
  documents: [{ item: 'LAYOUT', documentId: `drawing-${round}` }],
  submittedBy: 'cust',
  submittedAt: new Date(Date.UTC(2026, 0, round * 2)),
  decision,
  comments: comments.map((text) => ({ item: 'PROTECTION', text })),
  reviewedBy: decision ? 'insp' : null,
  reviewedAt: decision ? new Date(Date.UTC(2026, 0, round * 2, 5)) : null,
});

const wait = (round: number, from: Date, to: Date | null): CustomerWait => ({
  id: `w${round}`,
  caseId: 'c',
  stage: 'DESIGN_REVIEW',
  round,
  reason: 'returned',
  startedAt: from,
  endedAt: to,
  endedBy: to ? 'cust' : null,
});

/** A clock as the engine shows it; only what the stage objects pick it by matters here. */
const clockView = (stage: string, round: number): StageClock => ({
  id: `${stage}-${round}`,
  stage,
  round,
  policyVersion: '2020-01',
  team: 'inspection',
  dayUnit: 'WORKING_DAYS',
  limitDays: 5,
  targetDays: 5,
  startedAt: new Date(Date.UTC(2026, 0, round)),
  deadline: new Date(Date.UTC(2026, 0, round + 7)),
  targetDeadline: new Date(Date.UTC(2026, 0, round + 7)),
  provisional: false,
  utilityTimeSeconds: 0,
  customerTimeSeconds: 0,
  remainingSeconds: 5 * 86_400,
  paused: false,
  state: 'RUNNING',
  status: 'ON_TIME',
  stoppedAt: null,
  onTime: null,
  targetWarnedAt: null,
  targetBreachedAt: null,
  limitWarnedAt: null,
  limitBreachedAt: null,
  pauses: [],
});

describe('designReviewOf', () => {
  it('awaits the first submission and lists the checklist', () => {
    const review = designReviewOf([]);
    expect(review).toMatchObject({ status: 'AWAITING_SUBMISSION', currentRound: 0, round: 0, rounds: [], customerSeconds: 0 });
    expect(review.checklist.map((c) => c.item)).toEqual([
      'DESIGN_DESCRIPTION',
      'SINGLE_LINE_DIAGRAM',
      'PROTECTION',
      'METERING',
      'REACTIVE_COMPENSATION',
      'LAYOUT',
    ]);
  });

  it('shows every round with its comments and the customer time between a return and the next submission', () => {
    const returned = submission(1, 'RETURNED', 'CT ratio too low');
    const second = submission(2, null);
    const review = designReviewOf([second, returned], [wait(1, returned.reviewedAt!, second.submittedAt)]);
    expect(review).toMatchObject({ status: 'SUBMITTED', currentRound: 2 });
    expect(review.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(review.rounds[0]).toMatchObject({
      decision: 'RETURNED',
      comments: [{ item: 'PROTECTION', text: 'CT ratio too low' }],
      reviewer: 'insp',
      designUnit: { name: 'Unit 1', qualificationClass: 'Class B', certificateNumber: 'A-1' },
      customerTime: { from: returned.reviewedAt, to: second.submittedAt, seconds: 2 * 86_400 - 5 * 3_600 },
    });
    expect(review.rounds[1]).toMatchObject({ decision: null, decidedAt: null, customerTime: null });
    expect(review.customerSeconds).toBe(2 * 86_400 - 5 * 3_600);
  });

  it('counts an unfinished wait as no customer time yet, and shows APPROVED or CANCELLED', () => {
    const returned = submission(1, 'RETURNED', 'x');
    const open = designReviewOf([returned], [wait(1, returned.reviewedAt!, null)]);
    expect(open).toMatchObject({ status: 'RETURNED', customerSeconds: 0 });
    expect(open.rounds[0].customerTime).toMatchObject({ to: null, seconds: null });
    expect(designReviewOf([returned, submission(2, 'APPROVED')]).status).toBe('APPROVED');
    expect(designReviewOf([submission(1, 'CANCELLED')]).status).toBe('CANCELLED');
    expect(designReviewOf([returned], [], true).status).toBe('CANCELLED');
  });

  it("gives each round its own clock and the review the current round's, ignoring other steps' clocks", () => {
    const clocks = [clockView('DESIGN_REVIEW', 1), clockView('INTERMEDIATE_INSPECTION', 2), clockView('DESIGN_REVIEW', 2)];
    const review = designReviewOf([submission(2, null), submission(1, 'RETURNED', 'x')], [], false, clocks);
    expect(review.rounds.map((r) => r.clock?.id)).toEqual(['DESIGN_REVIEW-1', 'DESIGN_REVIEW-2']);
    expect(review.clock?.id).toBe('DESIGN_REVIEW-2');
    // A round started before clocks were kept has none; nor has a review without a submission.
    expect(designReviewOf([submission(1, null)], [], false, []).clock).toBeNull();
    expect(designReviewOf([], [], false, clocks).clock).toBeNull();
  });
});
