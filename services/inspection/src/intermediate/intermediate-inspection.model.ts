import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { StageClock } from '@yekuo/timelimits';
import type { CustomerWait } from '../customer-time/customer-wait.entity';
import { CustomerTime, customerTimeOf } from '../customer-time/customer-wait.model';
import type { IntermediateInspectionRecord } from './intermediate-inspection.entity';
import type { RectificationItem } from './rectification-item.entity';
import { IntermediateResultEnum, ItemResultEnum, RectificationStatusEnum } from '../enums';

@ObjectType({ description: 'One inspected item of concealed works and its result' })
export class InspectedItem {
  @Field(() => String, { description: 'The item inspected' })
  item: string;

  @Field(() => ItemResultEnum, { description: 'Whether the item passed' })
  result: 'PASS' | 'FAIL';

  @Field(() => String, { nullable: true, description: "The inspector's note" })
  note: string | null;
}

@ObjectType({ description: 'An item to rectify (整改) raised by a failed intermediate inspection' })
export class IntermediateRectificationItem {
  @Field(() => String, { description: 'The failed item' })
  item: string;

  @Field(() => String, { nullable: true, description: "The inspector's note on the failure" })
  note: string | null;

  @Field(() => RectificationStatusEnum, {
    description: 'Where the item stands',
  })
  status: 'OPEN' | 'RESOLVED' | 'CANCELLED';

  @Field(() => Int, { description: 'The round whose inspection failed it' })
  raisedRound: number;

  @Field(() => Int, { nullable: true, description: 'The re-inspection round that passed it' })
  resolvedRound: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was resolved or cancelled' })
  closedAt: Date | null;
}

@ObjectType({ description: 'One intermediate inspection (中间检查) of concealed works, on the customer’s request' })
export class IntermediateInspection {
  @Field(() => Int, { description: 'Round, 1 for the first request; a failed inspection is re-inspected in the next round' })
  round: number;

  @Field(() => IntermediateResultEnum, {
    description: 'The result of the inspection',
  })
  result: 'PENDING' | 'PASSED' | 'FAILED' | 'CANCELLED';

  @Field(() => [String], { description: 'For a re-inspection: the open rectification items it covers; empty for a full inspection' })
  scope: string[];

  @Field(() => String, { nullable: true, description: 'What the customer reported as rectified with the request' })
  rectificationNote: string | null;

  @Field(() => [InspectedItem], { description: 'Every item recorded, with its result' })
  items: InspectedItem[];

  @Field(() => [IntermediateRectificationItem], { description: 'The items this round failed, with where each stands now' })
  rectificationItems: IntermediateRectificationItem[];

  @Field({ description: 'Id of the customer or agent who requested it' })
  requestedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was requested' })
  requestedAt: Date;

  @Field(() => String, { nullable: true, description: 'Staff id of the inspector who recorded the result' })
  recordedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the result was recorded' })
  recordedAt: Date | null;

  @Field(() => CustomerTime, { nullable: true, description: "After a failure: the customer's time until the re-inspection request" })
  customerTime: CustomerTime | null;

  @Field(() => StageClock, {
    nullable: true,
    description:
      "This request's time-limit clock, from the customer's request to the recorded result, paused while the customer put the inspection off; null when the case's policy sets no limit for intermediate inspection",
  })
  clock: StageClock | null;
}

/**
 * An inspection as its record shows it (`Case.inspections`), with the case its rectification items,
 * customer time and clock are resolved by (off the schema); those are their own fields' reads.
 */
export type IntermediateInspectionView = Omit<IntermediateInspection, 'rectificationItems' | 'customerTime' | 'clock'> & {
  caseId: string;
};

export function intermediateInspectionViewOf(r: IntermediateInspectionRecord): IntermediateInspectionView {
  return {
    caseId: r.caseId,
    round: r.round,
    result: r.result ?? 'PENDING',
    scope: r.scope,
    rectificationNote: r.rectificationNote,
    items: r.items.map((i) => ({ item: i.item, result: i.result, note: i.note })),
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
  };
}

/** The rectification items the inspection of `round` failed, with where each stands now (in the order given). */
export function rectificationItemsOf(rectifications: readonly RectificationItem[], round: number): IntermediateRectificationItem[] {
  return rectifications
    .filter((x) => x.raisedRound === round)
    .map((x) => ({
      item: x.item,
      note: x.note,
      status: x.status,
      raisedRound: x.raisedRound,
      resolvedRound: x.resolvedRound,
      closedAt: x.closedAt,
    }));
}

/** After a failure of `round`: the customer's time until the re-inspection request (null when it did not fail). */
export function intermediateCustomerTimeOf(waits: readonly CustomerWait[], round: number): CustomerTime | null {
  const wait = waits.find((w) => w.stage === 'INTERMEDIATE_INSPECTION' && w.round === round);
  return wait ? customerTimeOf(wait) : null;
}
