import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { WorksOrderStatus, WorksOrderStatusEnum } from './external-works-order.entity';
import { PermitKind, PermitKindEnum, PermitStatus, PermitStatusEnum } from './works-permit.entity';

/** The GraphQL shape of `ExternalWorksOrder` (the entity stays free of GraphQL). */
@ObjectType('ExternalWorks', {
  description:
    "The utility's works outside the customer's site (配套工程 / 外线工程) that the confirmed supply scheme needs: permits, progress and completion; energization waits for their completion",
})
export class ExternalWorksModel {
  @Field(() => ID, { description: 'Id of the works order' })
  id: string;

  @Field(() => ID, { description: 'The case' })
  caseId: string;

  @Field(() => ID, { description: 'The confirmed supply scheme version that asked for the works' })
  schemeId: string;

  @Field(() => Int, { description: 'Its version number' })
  schemeVersion: number;

  @Field(() => WorksOrderStatusEnum, { description: 'Where the works stand' })
  status: WorksOrderStatus;

  @Field(() => GraphQLISODateTime, { description: 'When the works were ordered (the confirmation of the scheme)' })
  orderedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the works were completed' })
  completedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of who recorded the completion' })
  completedById: string | null;

  @Field(() => String, { nullable: true, description: 'The closing note of the completion' })
  completionNote: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the withdrawal of the application cancelled the works' })
  cancelledAt: Date | null;
}

@ObjectType('WorksPermit', {
  description: 'One application for a permit the external works need (a refused kind may be applied for again)',
})
export class WorksPermitModel {
  @Field(() => ID, { description: 'Id of the application' })
  id: string;

  @Field(() => PermitKindEnum, { description: 'What the permit allows' })
  kind: PermitKind;

  @Field({ description: 'The authority applied to' })
  authority: string;

  @Field(() => PermitStatusEnum, { description: 'Where the application stands' })
  status: PermitStatus;

  @Field(() => GraphQLISODateTime, { description: 'When it was applied for' })
  appliedAt: Date;

  @Field({ description: 'Staff id of who applied' })
  appliedById: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the authority granted or refused it' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of who recorded the decision' })
  decidedById: string | null;

  @Field(() => String, { nullable: true, description: 'The permit number, once granted' })
  reference: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was refused' })
  refusalReason: string | null;
}

@ObjectType('WorksProgress', { description: 'A progress note on the external works' })
export class WorksProgressModel {
  @Field(() => ID, { description: 'Id of the note' })
  id: string;

  @Field({ description: 'What was done' })
  note: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded' })
  recordedAt: Date;

  @Field({ description: 'Staff id of who recorded it' })
  recordedById: string;
}
