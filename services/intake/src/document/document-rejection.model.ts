import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Why the front desk rejected a document' })
export class DocumentRejection {
  @Field({ description: 'What is wrong with it, in words the customer understands' })
  reason: string;

  @Field({ description: 'Staff id of the reviewer' })
  rejectedBy: string;

  @Field({ description: 'When it was rejected' })
  rejectedAt: Date;
}
