import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { StageClock } from '@yekuo/timelimits';
import { ChecklistItem, FiledDocumentView } from '../checklist/checklist.model';
import type { ChecklistSlot } from '../checklist/document-checklists';
import type { AcceptanceRound } from './acceptance-round.entity';
import { decideAcceptance } from './countersign-policy';
import type { Countersignature as CountersignatureRow } from './countersignature.entity';
import { COMPLETION_ACCEPTANCE_STATUSES, CompletionAcceptanceStatusEnum, ItemResultEnum, type CompletionAcceptanceStatus } from '../enums';

export { COMPLETION_ACCEPTANCE_STATUSES };
export type { CompletionAcceptanceStatus };

@ObjectType({ description: "One department's countersignature (会签) of a completion acceptance round" })
export class Countersignature {
  @Field({ description: 'The department that signed: marketing, operations, dispatch, metering or safety' })
  department: string;

  @Field(() => ItemResultEnum, { description: 'Whether the department passed the works' })
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
  description:
    'The one rectification notice (整改通知) of a failed round: every item of every failing department, issued once every department of the round has signed',
})
export class RectificationNotice {
  @Field(() => Int, { description: 'The failed round' })
  round: number;

  @Field(() => [RectificationItem], { description: 'Every item to rectify, by department' })
  items: RectificationItem[];

  @Field(() => [String], { description: 'The departments that failed the round and re-inspect the next one' })
  departments: string[];

  @Field(() => GraphQLISODateTime, { description: 'When the notice was issued (the round was decided)' })
  issuedAt: Date;
}

@ObjectType({ description: 'One round of completion acceptance: the request, its documents and the countersignatures' })
export class CompletionAcceptanceRound {
  @Field(() => Int, { description: 'Round, 1 for the first request' })
  round: number;

  @Field(() => CompletionAcceptanceStatusEnum, { description: 'Where the round stands: REQUESTED, PASSED, FAILED or CANCELLED' })
  status: 'REQUESTED' | 'PASSED' | 'FAILED' | 'CANCELLED';

  @Field(() => [FiledDocumentView], { description: 'The completion documents and test reports of the request' })
  documents: FiledDocumentView[];

  @Field(() => [String], {
    description: 'The departments that countersign this round: all of the set in round 1, then only those that failed the round before',
  })
  requiredDepartments: string[];

  @Field(() => [String], { description: 'Required departments that have not signed yet (while REQUESTED)' })
  pendingDepartments: string[];

  @Field(() => [Countersignature], { description: 'The signatures of the round, in signing order' })
  signatures: Countersignature[];

  @Field(() => [RectificationItem], { description: 'Every item to rectify when the round FAILED' })
  rectificationItems: RectificationItem[];

  @Field(() => String, { description: 'Id of the customer or agent who requested it' })
  requestedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was requested' })
  requestedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When its last countersignature decided it' })
  decidedAt: Date | null;

  @Field(() => StageClock, {
    nullable: true,
    description:
      "The round's time-limit clock, from the request with complete documents until it passed or its rectification notice was issued, paused while the customer put the acceptance off; null when the case's policy sets no limit for completion acceptance",
  })
  clock: StageClock | null;
}

@ObjectType({
  description:
    'Completion acceptance (竣工验收) by countersign of every required department; a failed round issues one rectification notice and the failing departments re-inspect',
})
export class CompletionAcceptance {
  @Field(() => CompletionAcceptanceStatusEnum, {
    description: 'Where completion acceptance stands',
  })
  status: CompletionAcceptanceStatus;

  @Field(() => Int, { description: 'The current round, 1 for the first request; 0 before any' })
  currentRound: number;

  @Field(() => Int, { description: 'Same as currentRound', deprecationReason: 'Use `currentRound`.' })
  round: number;

  @Field(() => [CompletionAcceptanceRound], { description: 'Every round, oldest first' })
  rounds: CompletionAcceptanceRound[];

  @Field(() => RectificationNotice, {
    nullable: true,
    description: 'The rectification notice of the last failed round, while acceptance has not passed; null otherwise',
  })
  rectificationNotice: RectificationNotice | null;

  @Field(() => [ChecklistItem], { description: 'The documents a request must contain, one or more per slot' })
  checklist: ChecklistItem[];

  @Field(() => [String], { description: "The category's countersign set (the first round's when there is one)" })
  departments: string[];

  @Field(() => [String], { description: 'Departments whose PASS stands (carried over to later rounds)' })
  passedDepartments: string[];

  @Field(() => [FiledDocumentView], { description: 'Documents of the current round' })
  documents: FiledDocumentView[];

  @Field(() => [String], { description: 'The departments that countersign the current round' })
  requiredDepartments: string[];

  @Field(() => [String], { description: 'Departments of the current round that have not signed yet' })
  pendingDepartments: string[];

  @Field(() => [Countersignature], { description: 'The signatures of the current round, in signing order' })
  signatures: Countersignature[];

  @Field(() => [RectificationItem], { description: 'The items of the rectification notice, if any (same as rectificationNotice.items)' })
  rectificationItems: RectificationItem[];

  @Field(() => String, { nullable: true, description: 'Id of the customer or agent who requested the current round' })
  requestedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the current round was requested' })
  requestedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the current round was decided by its last countersignature' })
  decidedAt: Date | null;

  @Field(() => StageClock, {
    nullable: true,
    description: "The current round's time-limit clock (same as the last round's clock); null before the first request",
  })
  clock: StageClock | null;
}

const bySigning = (a: CountersignatureRow, b: CountersignatureRow) => a.signedAt.getTime() - b.signedAt.getTime();

/** What a round's countersignatures decide of it. */
export type RoundCountersigns = Pick<CompletionAcceptanceRound, 'pendingDepartments' | 'signatures' | 'rectificationItems'>;
type RoundOfRequest = Omit<CompletionAcceptanceRound, keyof RoundCountersigns | 'clock'>;

/** What the countersignatures of every round decide of the acceptance. */
export type AcceptanceCountersigns = Pick<
  CompletionAcceptance,
  'rectificationNotice' | 'passedDepartments' | 'pendingDepartments' | 'signatures' | 'rectificationItems'
>;
type AcceptanceOfRequests = Omit<CompletionAcceptance, keyof AcceptanceCountersigns | 'clock' | 'rounds'> & { rounds: RoundOfRequest[] };

/** A round as its request shows it, with the case its countersignatures and clock are resolved by (off the schema). */
export type CompletionAcceptanceRoundView = RoundOfRequest & { caseId: string };

/**
 * The acceptance as its rounds show it (`Case.acceptance`), with the case its countersignatures and clock
 * are resolved by and whether the case was withdrawn (off the schema); those are their own fields' reads.
 */
export type CompletionAcceptanceView = Omit<AcceptanceOfRequests, 'rounds'> & {
  caseId: string;
  cancelled: boolean;
  rounds: CompletionAcceptanceRoundView[];
};

/** The acceptance as of its rounds alone (any order); `policyDepartments` are shown before the first request. */
function acceptanceOfRequests(
  policyDepartments: readonly string[],
  checklist: readonly ChecklistSlot[],
  rounds: readonly AcceptanceRound[],
  cancelled: boolean,
): AcceptanceOfRequests {
  const sorted = [...rounds].sort((a, b) => a.round - b.round);
  const views = sorted.map((r): RoundOfRequest => ({
    round: r.round,
    status: r.result ?? 'REQUESTED',
    documents: r.documents.map((d) => ({ item: d.item, documentId: d.documentId })),
    requiredDepartments: [...r.requiredDepartments],
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    decidedAt: r.decidedAt,
  }));
  const current = views.at(-1);
  return {
    status: cancelled ? 'CANCELLED' : !current ? 'NOT_REQUESTED' : current.status,
    currentRound: current?.round ?? 0,
    round: current?.round ?? 0,
    rounds: views,
    checklist: checklist.map((s) => ({ item: s.item, description: s.description })),
    departments: sorted.length > 0 ? [...sorted[0].requiredDepartments] : [...policyDepartments],
    documents: current?.documents ?? [],
    requiredDepartments: current?.requiredDepartments ?? [...policyDepartments],
    requestedBy: current?.requestedBy ?? null,
    requestedAt: current?.requestedAt ?? null,
    decidedAt: current?.decidedAt ?? null,
  };
}

/** The acceptance of the case as of its rounds (any order); `cancelled` when the case was withdrawn. */
export function completionAcceptanceViewOf(
  caseId: string,
  policyDepartments: readonly string[],
  checklist: readonly ChecklistSlot[],
  rounds: readonly AcceptanceRound[],
  cancelled = false,
): CompletionAcceptanceView {
  const acceptance = acceptanceOfRequests(policyDepartments, checklist, rounds, cancelled);
  return { ...acceptance, caseId, cancelled, rounds: acceptance.rounds.map((r) => ({ ...r, caseId })) };
}

/** What the countersignatures of the case (any round, any order) decide of one round. */
export function roundCountersignsOf(round: RoundOfRequest, signatures: readonly CountersignatureRow[]): RoundCountersigns {
  const own = signatures.filter((s) => s.round === round.round).sort(bySigning);
  const outcome = decideAcceptance(round.requiredDepartments, own);
  return {
    pendingDepartments: round.status === 'REQUESTED' && !outcome.decided ? outcome.pending : [],
    signatures: own.map((s) => ({
      department: s.department,
      result: s.result,
      items: s.items,
      signedBy: s.signedBy,
      signedAt: s.signedAt,
    })),
    rectificationItems: round.status === 'FAILED' && outcome.decided && outcome.result === 'FAILED' ? outcome.items : [],
  };
}

/**
 * What the countersignatures of the case (any round, any order) decide of the acceptance: the notice of the
 * last failed round, the departments whose PASS stands, and the current round's signatures.
 */
export function acceptanceCountersignsOf(
  acceptance: Pick<AcceptanceOfRequests, 'rounds' | 'departments'>,
  signatures: readonly CountersignatureRow[],
  cancelled: boolean,
): AcceptanceCountersigns {
  const rounds = acceptance.rounds.map((r) => ({ ...r, ...roundCountersignsOf(r, signatures) }));
  const current = rounds.at(-1);
  const lastFailed = rounds.filter((r) => r.status === 'FAILED').at(-1);
  const notice: RectificationNotice | null =
    lastFailed && current?.status !== 'PASSED' && !cancelled
      ? {
          round: lastFailed.round,
          items: lastFailed.rectificationItems,
          departments: [...new Set(lastFailed.rectificationItems.map((i) => i.department))],
          issuedAt: lastFailed.decidedAt!,
        }
      : null;
  // A department's latest signature stands: a PASS carries over, a FAIL waits for its re-inspection.
  const latestBy = new Map<string, CountersignatureRow>();
  for (const s of [...signatures].sort((a, b) => a.round - b.round || bySigning(a, b))) latestBy.set(s.department, s);
  return {
    rectificationNotice: notice,
    passedDepartments: acceptance.departments.filter((d) => latestBy.get(d)?.result === 'PASS'),
    pendingDepartments: current?.pendingDepartments ?? [],
    signatures: current?.signatures ?? [],
    rectificationItems: notice?.items ?? [],
  };
}

/** The clock of an acceptance round among the case's clocks; null when the round has none. */
export function acceptanceClockOf(clocks: readonly StageClock[], round: number): StageClock | null {
  return clocks.find((c) => c.stage === 'COMPLETION_ACCEPTANCE' && c.round === round) ?? null;
}

/**
 * The whole acceptance as of its rounds, signatures and the case's clocks (any order).
 * `policyDepartments` are shown before the first request; `cancelled` when the case was withdrawn.
 */
export function completionAcceptanceOf(
  policyDepartments: readonly string[],
  checklist: readonly ChecklistSlot[],
  rounds: readonly AcceptanceRound[],
  signatures: readonly CountersignatureRow[],
  cancelled = false,
  clocks: readonly StageClock[] = [],
): CompletionAcceptance {
  const acceptance = acceptanceOfRequests(policyDepartments, checklist, rounds, cancelled);
  return {
    ...acceptance,
    ...acceptanceCountersignsOf(acceptance, signatures, cancelled),
    rounds: acceptance.rounds.map((r) => ({ ...r, ...roundCountersignsOf(r, signatures), clock: acceptanceClockOf(clocks, r.round) })),
    clock: acceptance.currentRound === 0 ? null : acceptanceClockOf(clocks, acceptance.currentRound),
  };
}
