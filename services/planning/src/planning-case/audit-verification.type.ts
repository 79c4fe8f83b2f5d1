import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The first record of an audit chain that does not hold' })
@Directive('@shareable')
export class AuditBrokenLink {
  @Field(() => Int, { description: 'Sequence number of the record within the case chain' })
  seq: number;

  @Field(() => ID, { description: 'Id of the audit record' })
  id: string;

  @Field({ description: 'Why the record breaks the chain' })
  reason: string;
}

@ObjectType({ description: "The result of re-computing a case's hash-chained audit log" })
@Directive('@shareable')
export class AuditVerification {
  @Field({ description: 'True when every record links to its predecessor and matches its hash' })
  valid: boolean;

  @Field(() => Int, { description: 'Number of records in the chain' })
  length: number;

  @Field(() => AuditBrokenLink, { nullable: true, description: 'The first broken record; null when the chain is valid' })
  firstBroken?: AuditBrokenLink;
}
