import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { DesignSubmission } from './design-submission.entity';

export const DESIGN_REVIEW_STATUSES = ['AWAITING_SUBMISSION', 'SUBMITTED', 'APPROVED', 'RETURNED'] as const;
export type DesignReviewStatus = (typeof DESIGN_REVIEW_STATUSES)[number];

@ObjectType({ description: 'Design review (设计审查) of a high-voltage case: the latest round and the comments of the last return' })
export class DesignReview {
  @Field(() => String, {
    description: 'AWAITING_SUBMISSION (no drawings yet), SUBMITTED (under review), APPROVED or RETURNED (revise and submit again)',
  })
  status: DesignReviewStatus;

  @Field(() => Int, { description: 'The latest round, 1 for the first submission; 0 before any' })
  round: number;

  @Field(() => String, { nullable: true, description: 'The design unit the customer chose, as named in the latest submission' })
  designUnit: string | null;

  @Field(() => [String], { description: 'Documents (drawings) of the latest submission' })
  documents: string[];

  @Field(() => [String], { description: "The reviewer's comments of the last return; empty when the design was never returned" })
  comments: string[];

  @Field(() => Int, { nullable: true, description: 'The round whose return the comments belong to' })
  commentsRound: number | null;

  @Field(() => String, { nullable: true, description: 'Id of the customer or agent who submitted the latest round' })
  submittedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the latest round was submitted' })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the inspector who decided the latest round' })
  reviewedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the latest round was approved or returned' })
  reviewedAt: Date | null;
}

/** The review as of its rounds (any order). */
export function designReviewOf(submissions: readonly DesignSubmission[]): DesignReview {
  const rounds = [...submissions].sort((a, b) => a.round - b.round);
  const latest = rounds.at(-1);
  const lastReturn = rounds.filter((s) => s.decision === 'RETURNED').at(-1);
  return {
    status: !latest ? 'AWAITING_SUBMISSION' : (latest.decision ?? 'SUBMITTED'),
    round: latest?.round ?? 0,
    designUnit: latest?.designUnit ?? null,
    documents: latest?.documents ?? [],
    comments: lastReturn?.comments ?? [],
    commentsRound: lastReturn?.round ?? null,
    submittedBy: latest?.submittedBy ?? null,
    submittedAt: latest?.submittedAt ?? null,
    reviewedBy: latest?.reviewedBy ?? null,
    reviewedAt: latest?.reviewedAt ?? null,
  };
}
