import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { StageClock } from '@yekuo/timelimits';
import { ChecklistItem, FiledDocumentView } from '../checklist/checklist.model';
import { DESIGN_CHECKLIST } from '../checklist/document-checklists';
import type { CustomerWait } from '../customer-time/customer-wait.entity';
import { CustomerTime, customerTimeOf } from '../customer-time/customer-wait.model';
import type { DesignSubmission } from './design-submission.entity';
import { DESIGN_REVIEW_STATUSES, DesignDecisionEnum, DesignReviewStatusEnum, type DesignReviewStatus } from '../enums';

export { DESIGN_REVIEW_STATUSES };
export type { DesignReviewStatus };

@ObjectType({ description: 'The design unit that made a design, with its qualification' })
export class DesignUnit {
  @Field(() => String, { description: "The design unit's name" })
  name: string;

  @Field(() => String, { nullable: true, description: 'Its design qualification class; null on rounds recorded before it was asked' })
  qualificationClass: string | null;

  @Field(() => String, { nullable: true, description: 'The number of its qualification certificate' })
  certificateNumber: string | null;
}

@ObjectType({ description: "One itemised comment of the reviewer's decision" })
export class DesignComment {
  @Field(() => String, {
    nullable: true,
    description: 'The checklist slot it is about, GENERAL for the design as a whole; null on rounds recorded before comments were itemised',
  })
  item: string | null;

  @Field(() => String, { description: 'What is wrong and what to change' })
  text: string;
}

@ObjectType({ description: 'One round of design review: a submission and its decision' })
export class DesignReviewRound {
  @Field(() => Int, { description: 'Round, 1 for the first submission' })
  round: number;

  @Field(() => DesignUnit, { description: 'The design unit named in this submission' })
  designUnit: DesignUnit;

  @Field(() => [FiledDocumentView], { description: 'The documents submitted, by checklist slot' })
  documents: FiledDocumentView[];

  @Field(() => String, { description: 'Id of the customer or agent who submitted' })
  submittedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was submitted' })
  submittedAt: Date;

  @Field(() => DesignDecisionEnum, {
    nullable: true,
    description: 'How the round ended; null while under review',
  })
  decision: 'APPROVED' | 'RETURNED' | 'CANCELLED' | null;

  @Field(() => [DesignComment], { description: "The reviewer's itemised comments (what to change when RETURNED)" })
  comments: DesignComment[];

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the round was decided' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the inspector who decided it' })
  reviewer: string | null;

  @Field(() => CustomerTime, {
    nullable: true,
    description: "After a return: the customer's time until the next submission; null when the round was not returned",
  })
  customerTime: CustomerTime | null;

  @Field(() => StageClock, {
    nullable: true,
    description:
      "The round's time-limit clock, from its submission to its approval or return (utility working time against the limit and target); null when the case's policy sets no limit for design review",
  })
  clock: StageClock | null;
}

@ObjectType({ description: 'Design review (设计审查) of a high-voltage case: every round with its documents, decision and comments' })
export class DesignReview {
  @Field(() => DesignReviewStatusEnum, {
    description: 'Where the design review stands',
  })
  status: DesignReviewStatus;

  @Field(() => Int, { description: 'The latest round, 1 for the first submission; 0 before any' })
  currentRound: number;

  @Field(() => Int, { description: 'Same as currentRound', deprecationReason: 'Use `currentRound`.' })
  round: number;

  @Field(() => [DesignReviewRound], { description: 'Every round, oldest first' })
  rounds: DesignReviewRound[];

  @Field(() => [ChecklistItem], { description: 'The documents a submission must contain, one or more per slot' })
  checklist: ChecklistItem[];

  @Field(() => Int, { description: 'Customer time so far in seconds: from each return to the next submission (finished waits only)' })
  customerSeconds: number;

  @Field(() => StageClock, {
    nullable: true,
    description: "The current round's time-limit clock (same as the last round's clock); null before the first submission",
  })
  clock: StageClock | null;
}

/** A round as its submission shows it, with the case its customer time and clock are resolved by (off the schema). */
export type DesignReviewRoundView = Omit<DesignReviewRound, 'customerTime' | 'clock'> & { caseId: string };

/**
 * The review as its submissions show it (`Case.designReview`), with the case its customer time and clock
 * are resolved by (off the schema); the rounds' customer time and clocks are their own fields' reads.
 */
export type DesignReviewView = Omit<DesignReview, 'rounds' | 'customerSeconds' | 'clock'> & {
  caseId: string;
  rounds: DesignReviewRoundView[];
};

type RoundOfSubmission = Omit<DesignReviewRoundView, 'caseId'>;

/** The review as of its rounds alone (any order); `cancelled` when the case was withdrawn. */
function reviewOfSubmissions(
  submissions: readonly DesignSubmission[],
  cancelled: boolean,
): Omit<DesignReviewView, 'caseId' | 'rounds'> & { rounds: RoundOfSubmission[] } {
  const sorted = [...submissions].sort((a, b) => a.round - b.round);
  const latest = sorted.at(-1);
  const rounds = sorted.map((s): RoundOfSubmission => ({
    round: s.round,
    designUnit: { name: s.designUnit, qualificationClass: s.designUnitQualification, certificateNumber: s.designUnitCertificate },
    documents: s.documents.map((d) => ({ item: d.item, documentId: d.documentId })),
    submittedBy: s.submittedBy,
    submittedAt: s.submittedAt,
    decision: s.decision,
    comments: s.comments.map((c) => ({ item: c.item, text: c.text })),
    decidedAt: s.reviewedAt,
    reviewer: s.reviewedBy,
  }));
  const status: DesignReviewStatus = cancelled
    ? 'CANCELLED'
    : !latest
      ? 'AWAITING_SUBMISSION'
      : latest.decision === null
        ? 'SUBMITTED'
        : latest.decision === 'CANCELLED'
          ? 'CANCELLED'
          : latest.decision;
  return {
    status,
    currentRound: latest?.round ?? 0,
    round: latest?.round ?? 0,
    rounds,
    checklist: DESIGN_CHECKLIST.map((s) => ({ item: s.item, description: s.description })),
  };
}

/** The review of the case as of its rounds (any order); `cancelled` when the case was withdrawn. */
export function designReviewViewOf(caseId: string, submissions: readonly DesignSubmission[], cancelled = false): DesignReviewView {
  const review = reviewOfSubmissions(submissions, cancelled);
  return { ...review, caseId, rounds: review.rounds.map((r) => ({ ...r, caseId })) };
}

/** After a return of `round`: the customer's time until the next submission (null when the round was not returned). */
export function designCustomerTimeOf(waits: readonly CustomerWait[], round: number): CustomerTime | null {
  const wait = waits.find((w) => w.stage === 'DESIGN_REVIEW' && w.round === round);
  return wait ? customerTimeOf(wait) : null;
}

/** Customer time of the rounds in seconds: from each return to the next submission (finished waits only). */
export function designCustomerSecondsOf(waits: readonly CustomerWait[], rounds: readonly { round: number }[]): number {
  return rounds.reduce((sum, r) => sum + (designCustomerTimeOf(waits, r.round)?.seconds ?? 0), 0);
}

/** The clock of a design round among the case's clocks; null when the round has none. */
export function designClockOf(clocks: readonly StageClock[], round: number): StageClock | null {
  return clocks.find((c) => c.stage === 'DESIGN_REVIEW' && c.round === round) ?? null;
}

/** The whole review as of its rounds, the customer's waits and the case's clocks (any order); `cancelled` when the case was withdrawn. */
export function designReviewOf(
  submissions: readonly DesignSubmission[],
  waits: readonly CustomerWait[] = [],
  cancelled = false,
  clocks: readonly StageClock[] = [],
): DesignReview {
  const review = reviewOfSubmissions(submissions, cancelled);
  return {
    ...review,
    rounds: review.rounds.map((r) => ({ ...r, customerTime: designCustomerTimeOf(waits, r.round), clock: designClockOf(clocks, r.round) })),
    customerSeconds: designCustomerSecondsOf(waits, review.rounds),
    clock: review.currentRound === 0 ? null : designClockOf(clocks, review.currentRound),
  };
}
