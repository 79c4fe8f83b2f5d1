import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

@InputType({ description: 'Reject the current document of a checklist slot' })
export class RejectDocumentInput {
  @Field(() => ID, { description: 'The document (a version in a slot)' })
  @IsUUID()
  documentId: string;

  @Field({ description: 'What is wrong with it, in words the customer understands' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
