import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { IntermediateInspectionRecord } from './intermediate-inspection.entity';

@ObjectType({ description: 'One intermediate inspection (中间检查) of concealed works, on the customer’s request' })
export class IntermediateInspection {
  @Field(() => Int, { description: 'Round, 1 for the first request; a failed inspection is re-inspected in the next round' })
  round: number;

  @Field(() => String, { description: 'PENDING (requested, not yet inspected), PASSED or FAILED' })
  result: 'PENDING' | 'PASSED' | 'FAILED';

  @Field(() => [String], { description: 'Failed items to rectify; empty unless FAILED' })
  items: string[];

  @Field({ description: 'Id of the customer or agent who requested it' })
  requestedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was requested' })
  requestedAt: Date;

  @Field(() => String, { nullable: true, description: 'Staff id of the inspector who recorded the result' })
  recordedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the result was recorded' })
  recordedAt: Date | null;
}

export function intermediateInspectionOf(r: IntermediateInspectionRecord): IntermediateInspection {
  return {
    round: r.round,
    result: r.result ?? 'PENDING',
    items: r.items,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt,
  };
}
