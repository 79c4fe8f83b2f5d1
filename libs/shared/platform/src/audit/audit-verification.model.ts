import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';

// Every service exposes these shapes for its own chain, hence shareable.
@Directive('@shareable')
@ObjectType({ description: 'The first record of an audit chain that does not hold' })
export class BrokenAuditRecord {
  @Field({ description: 'Database id of the record' })
  id: string;

  @Field(() => Int, { description: 'Position in the chain, from 1' })
  seq: number;

  @Field({ description: 'What does not hold: a sequence gap, a broken link or altered content' })
  reason: string;
}

@Directive('@shareable')
@ObjectType({ description: "Result of verifying one service's hash-chained audit trail of a case" })
export class AuditVerification {
  @Field({ description: 'The case the chain belongs to' })
  caseId: string;

  @Field({
    description:
      "True when every record links to the previous one and matches its hash, every chain head anchored in the service's witness " +
      'is still in the chain, and every anchor of the case carries a valid signature',
  })
  valid: boolean;

  @Field(() => Int, { description: 'Number of records in the chain' })
  length: number;

  @Field(() => BrokenAuditRecord, {
    nullable: true,
    description:
      'The first broken record, if any; when the chain was rewritten and re-hashed after an anchor, the first record after the last ' +
      'anchored head that still matches',
  })
  firstBroken?: BrokenAuditRecord;

  @Field(() => Int, {
    nullable: true,
    description: "The highest seq whose hash a signed anchor in the service's witness still confirms; null when none does",
  })
  anchoredThrough?: number | null;

  @Field(() => [Int], {
    description: "Numbers of the case's anchors in the witness whose signature does not hold (forged or altered); empty when none",
  })
  forgedAnchors: number[];
}
