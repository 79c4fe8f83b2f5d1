import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { AcceptanceRound } from './acceptance-round.entity';
import { decideAcceptance } from './countersign-policy';
import type { Countersignature as CountersignatureRow } from './countersignature.entity';

export const COMPLETION_ACCEPTANCE_STATUSES = ['NOT_REQUESTED', 'REQUESTED', 'PASSED', 'FAILED'] as const;
export type CompletionAcceptanceStatus = (typeof COMPLETION_ACCEPTANCE_STATUSES)[number];

@ObjectType({ description: "One department's countersignature (会签) of a completion acceptance round" })
export class Countersignature {
  @Field({ description: 'The department that signed: marketing, operations, dispatch, metering or safety' })
  department: string;

  @Field(() => String, { description: 'PASS or FAIL' })
  result: 'PASS' | 'FAIL';

  @Field(() => [String], { description: 'Rectification items when FAIL; remarks, if any, when PASS' })
  items: string[];

  @Field({ description: 'Staff id of the signer' })
  signedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When the department signed' })
  signedAt: Date;
}

@ObjectType({ description: 'One item to rectify (整改) before acceptance is requested again, with the department that raised it' })
export class RectificationItem {
  @Field({ description: 'The department that failed the acceptance on this item' })
  department: string;

  @Field({ description: 'What must be rectified' })
  item: string;
}

@ObjectType({
  description: 'Completion acceptance (竣工验收) by countersign of every required department; a failure lists every item to rectify',
})
export class CompletionAcceptance {
  @Field(() => String, {
    description: 'NOT_REQUESTED, REQUESTED (countersigning), PASSED (every department passed) or FAILED (rectify and request again)',
  })
  status: CompletionAcceptanceStatus;

  @Field(() => Int, { description: 'The current round, 1 for the first request; 0 before any' })
  round: number;

  @Field(() => [String], { description: 'Completion documents and test reports of the current round' })
  documents: string[];

  @Field(() => [String], { description: 'The departments that must countersign (the policy in force when the round was requested)' })
  requiredDepartments: string[];

  @Field(() => [String], { description: 'Required departments that have not signed the current round yet' })
  pendingDepartments: string[];

  @Field(() => [Countersignature], { description: 'The signatures of the current round, in signing order' })
  signatures: Countersignature[];

  @Field(() => [RectificationItem], {
    description: 'Every item of the last failed round, while it is not followed by a passed one (what to rectify)',
  })
  rectificationItems: RectificationItem[];

  @Field(() => String, { nullable: true, description: 'Id of the customer or agent who requested the current round' })
  requestedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the current round was requested' })
  requestedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the current round was decided by its last countersignature' })
  decidedAt: Date | null;
}

const bySigning = (a: CountersignatureRow, b: CountersignatureRow) => a.signedAt.getTime() - b.signedAt.getTime();

/**
 * The acceptance as of its rounds and signatures (any order). `policyDepartments` are
 * shown as required before the first request.
 */
export function completionAcceptanceOf(
  policyDepartments: readonly string[],
  rounds: readonly AcceptanceRound[],
  signatures: readonly CountersignatureRow[],
): CompletionAcceptance {
  const sorted = [...rounds].sort((a, b) => a.round - b.round);
  const current = sorted.at(-1);
  const signaturesOf = (round: number) => signatures.filter((s) => s.round === round).sort(bySigning);
  const currentSignatures = current ? signaturesOf(current.round) : [];
  const required = current ? [...current.requiredDepartments] : [...policyDepartments];
  const lastFailed = sorted.filter((r) => r.result === 'FAILED').at(-1);
  const outcome =
    current?.result !== 'PASSED' && lastFailed
      ? decideAcceptance(lastFailed.requiredDepartments, signaturesOf(lastFailed.round))
      : undefined;
  return {
    status: !current ? 'NOT_REQUESTED' : (current.result ?? 'REQUESTED'),
    round: current?.round ?? 0,
    documents: current?.documents ?? [],
    requiredDepartments: required,
    pendingDepartments: current && !current.result ? required.filter((d) => !currentSignatures.some((s) => s.department === d)) : [],
    signatures: currentSignatures.map((s) => ({
      department: s.department,
      result: s.result,
      items: s.items,
      signedBy: s.signedBy,
      signedAt: s.signedAt,
    })),
    rectificationItems: outcome?.decided && outcome.result === 'FAILED' ? outcome.items : [],
    requestedBy: current?.requestedBy ?? null,
    requestedAt: current?.requestedAt ?? null,
    decidedAt: current?.decidedAt ?? null,
  };
}
