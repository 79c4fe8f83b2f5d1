import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';

/** What the withdrawal of the application closed in planning. */
@ObjectType({ description: 'How the withdrawal of the application cancelled planning: when, why, by whom and what work it closed' })
export class PlanningCancellation {
  @Field(() => GraphQLISODateTime, { description: 'When planning applied the withdrawal' })
  cancelledAt: Date;

  @Field({ description: 'The customer or agent who withdrew the application' })
  cancelledBy: string;

  @Field({ description: 'The reason given for the withdrawal' })
  reason: string;

  @Field(() => [String], {
    description: 'The open work closed (survey appointment, scheme versions, recommendation); empty when nothing was open',
  })
  cancelledWork: string[];
}
