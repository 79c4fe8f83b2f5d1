import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { FieldError } from '@yekuo/shared';
import { NOT_BLANK, requiredList } from '../common/input-rules';

@InputType({ description: "The customer's request for the intermediate inspection of concealed works" })
export class RequestIntermediateInspectionInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}

@InputType({ description: "The inspector's result of the requested intermediate inspection" })
export class RecordIntermediateInspectionInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'true when the concealed works pass; false sends the case back to construction for rectification' })
  @IsBoolean()
  passed: boolean;

  @Field(() => [String], { nullable: true, description: 'The failed items to rectify: at least one when failed, none when passed' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each of failedItems must not be blank' })
  @MaxLength(2000, { each: true })
  failedItems?: string[];
}

/** What the input types cannot say alone: a failure lists its items, a pass lists none. */
export function intermediateResultErrors(input: Pick<RecordIntermediateInspectionInput, 'passed' | 'failedItems'>): FieldError[] {
  if (!input.passed) return requiredList('failedItems', input.failedItems, 'the inspection failed');
  return (input.failedItems ?? []).length === 0
    ? []
    : [{ field: 'input.failedItems', message: 'failedItems must be empty when the inspection passed' }];
}
