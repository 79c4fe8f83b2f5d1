import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { Text } from '@yekuo/platform';

@InputType({ description: 'Reject the current document of a checklist slot' })
export class RejectDocumentInput {
  @Field(() => ID, { description: 'The document (a version in a slot)' })
  @IsUUID()
  documentId: string;

  @Field({ description: 'What is wrong with it, in words the customer understands' })
  @Text({ max: 1000, multiline: true })
  reason: string;
}
