import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApprovalSignerEnum } from '../enums';

/** The GraphQL shape of `SchemeApproval` (the entity stays free of GraphQL). */
@ObjectType('SchemeApproval', {
  description: 'One level of the approval chain signed for a scheme version: by a person, or by rule on the fast path',
})
export class SchemeApprovalModel {
  @Field(() => ID, { description: 'Id of the approval' })
  id: string;

  @Field(() => ID, { description: 'The scheme version approved' })
  schemeId: string;

  @Field(() => Int, { description: 'The level signed (1 first)' })
  level: number;

  @Field(() => ApprovalSignerEnum, { description: 'The role the level was signed in, or RULE' })
  role: string;

  @Field(() => String, { nullable: true, description: 'The rule that approved it (fast path); null when a person signed' })
  ruleId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  approvedAt: Date;

  /** The entity derives it from the approver id (RULE when a rule approved). */
  @Field({ description: 'Staff id of the approver, or RULE when approved by rule' })
  approvedBy: string;
}
