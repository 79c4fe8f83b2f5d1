import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { Text } from '@yekuo/platform';

@InputType('InspectionDocumentInput', { description: 'One document filed in one slot of an inspection document checklist' })
export class ChecklistDocumentInput {
  @Field(() => String, { description: 'The checklist slot, e.g. SINGLE_LINE_DIAGRAM (see the checklist on the stage object)' })
  @Text({ max: 60 })
  item: string;

  @Field(() => ID, { description: "The id intake's POST /documents answered with for the uploaded file" })
  @IsUUID()
  documentId: string;
}
