import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

@InputType({ description: 'Names the case an action applies to' })
export class CaseIdInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;
}
