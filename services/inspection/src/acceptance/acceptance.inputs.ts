import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { FieldError, Text } from '@yekuo/platform';
import { ChecklistDocumentInput } from '../checklist/checklist-document.input';
import { requiredList } from '../common/input-rules';
import { COUNTERSIGN_RESULTS, CountersignResult } from './countersign-policy';
import { ItemResultEnum } from '../enums';

@InputType({
  description:
    'A request for completion acceptance with the completion documents and test reports of the checklist (Case.acceptance.checklist); after a rectification notice, the request for re-inspection',
})
export class RequestCompletionAcceptanceInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => [ChecklistDocumentInput], {
    description: 'The documents, each filed in a checklist slot; a slot left empty is refused with VALIDATION_FAILED naming it',
  })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ChecklistDocumentInput)
  documents: ChecklistDocumentInput[];
}

@InputType({ description: "A department's countersignature of the current acceptance round; the department is the signer's token claim" })
export class CountersignInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => ItemResultEnum, { description: 'Whether the department passes the works' })
  @IsIn(COUNTERSIGN_RESULTS)
  result: CountersignResult;

  @Field(() => [String], { nullable: true, description: 'Items to rectify: at least one when FAIL; optional remarks when PASS' })
  @IsArray()
  @ArrayMaxSize(100)
  @Text({ max: 2000, optional: true, each: true, multiline: true })
  items?: string[];
}

/** What the input types cannot say alone: a failure lists what to rectify. */
export function countersignErrors(input: Pick<CountersignInput, 'result' | 'items'>): FieldError[] {
  return input.result === 'FAIL' ? requiredList('items', input.items, 'the result is FAIL') : [];
}
