import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The approver id recorded for an approval made by rule (fast path): no person signed. */
export const APPROVED_BY_RULE = 'RULE';

/** One signed level of a scheme version's approval chain. */
@ObjectType({ description: 'One level of the approval chain signed for a scheme version: by a person, or by rule on the fast path' })
@Entity({ name: 'scheme_approval' })
@Unique('scheme_approval_level', ['schemeId', 'level'])
@Unique('scheme_approval_distinct_approver', ['schemeId', 'approverId'])
export class SchemeApproval {
  @Field(() => ID, { description: 'Id of the approval' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The scheme version approved' })
  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId: string;

  @Field(() => Int, { description: 'The level signed (1 first)' })
  @Column('int')
  level: number;

  @Field({ description: 'The role the level was signed in, or RULE' })
  @Column('text')
  role: string;

  @Field({ description: 'Staff id of the approver, or RULE when approved by rule' })
  get approvedBy(): string {
    return this.approverId ?? APPROVED_BY_RULE;
  }

  @Column({ name: 'approver_id', type: 'text', nullable: true })
  approverId: string | null;

  @Field(() => String, { nullable: true, description: 'The rule that approved it (fast path); null when a person signed' })
  @Column({ name: 'rule_id', type: 'text', nullable: true })
  ruleId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  @Column({ name: 'approved_at', type: 'timestamptz' })
  approvedAt: Date;
}
