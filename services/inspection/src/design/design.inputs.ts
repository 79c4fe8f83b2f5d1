import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { FieldError } from '@yekuo/shared';
import { NOT_BLANK, requiredList } from '../common/input-rules';

@InputType({ description: 'Design drawings submitted for review; every submission is a new round' })
export class SubmitDesignInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'The qualified design unit the customer chose (the utility does not designate one)' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'designUnit must not be blank' })
  @MaxLength(200)
  designUnit: string;

  @Field(() => [String], { description: 'The drawings and design documents (document ids or references), at least one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each of documents must not be blank' })
  @MaxLength(500, { each: true })
  documents: string[];
}

@InputType({ description: "The inspector's decision on the submitted design" })
export class ReviewDesignInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'true approves the design; false returns it with comments' })
  @IsBoolean()
  approve: boolean;

  @Field(() => [String], { nullable: true, description: 'Review comments; at least one is required when the design is returned' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each of comments must not be blank' })
  @MaxLength(2000, { each: true })
  comments?: string[];
}

/** What the input types cannot say alone: a return needs comments. */
export function reviewDesignErrors(input: Pick<ReviewDesignInput, 'approve' | 'comments'>): FieldError[] {
  return input.approve ? [] : requiredList('comments', input.comments, 'the design is returned');
}
