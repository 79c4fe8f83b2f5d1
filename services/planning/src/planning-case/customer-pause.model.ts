import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '@yekuo/platform';
import { PauseKind, PauseKindEnum, PauseStageEnum } from './customer-pause.entity';

/** The GraphQL shape of `CustomerPause` (the entity stays free of GraphQL). */
@ObjectType('CustomerPause', {
  description: "An interval counted as the customer's time (the utility's time limit does not run): who, why, from, to",
})
export class CustomerPauseModel {
  @Field(() => ID, { description: 'Id of the pause' })
  id: string;

  @Field(() => ID, { description: 'The case' })
  caseId: string;

  @Field(() => PauseStageEnum, { description: 'The stage paused' })
  stage: string;

  @Field(() => PauseKindEnum, { description: 'What the pause stopped the clock for' })
  kind: PauseKind;

  @Field({ description: 'Who caused the pause (a customer id, or the staff id that recorded the customer’s request)' })
  actorId: string;

  @Field(() => RoleEnum, { description: 'Role of the actor' })
  actorRole: string;

  @Field({ description: 'Why' })
  reason: string;

  @Field(() => GraphQLISODateTime, { description: 'Start of the customer time' })
  fromAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'End of the customer time' })
  toAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the pause was recorded' })
  recordedAt: Date;
}
