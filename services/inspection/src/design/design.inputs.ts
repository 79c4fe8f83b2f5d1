import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { FieldError, Text } from '@yekuo/platform';
import { ChecklistDocumentInput } from '../checklist/checklist-document.input';
import { DESIGN_CHECKLIST } from '../checklist/document-checklists';

/** A comment about the design as a whole rather than one checklist slot. */
export const GENERAL_COMMENT_ITEM = 'GENERAL';

@InputType({ description: 'The qualified design unit the customer chose (the utility does not designate one)' })
export class DesignUnitInput {
  @Field(() => String, { description: "The design unit's name" })
  @Text({ max: 200 })
  name: string;

  @Field(() => String, { description: 'Its design qualification class, e.g. 电力行业(送变电工程)专业乙级' })
  @Text({ max: 200 })
  qualificationClass: string;

  @Field(() => String, { description: 'The number of its qualification certificate' })
  @Text({ max: 100 })
  certificateNumber: string;
}

@InputType({
  description:
    'The design documents for review, one or more per checklist slot (every slot of Case.designReview.checklist); every submission is a new round',
})
export class SubmitDesignInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => DesignUnitInput, { description: 'The design unit that made the design' })
  @ValidateNested()
  @Type(() => DesignUnitInput)
  designUnit: DesignUnitInput;

  @Field(() => [ChecklistDocumentInput], {
    description: 'The documents, each filed in a checklist slot; a slot left empty is refused with VALIDATION_FAILED naming it',
  })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ChecklistDocumentInput)
  documents: ChecklistDocumentInput[];
}

@InputType({ description: "One itemised review comment the customer's design unit must address" })
export class DesignCommentInput {
  @Field(() => String, { description: 'The checklist slot the comment is about, or GENERAL for the design as a whole' })
  @Text({ max: 60 })
  item: string;

  @Field(() => String, { description: 'What is wrong and what to change' })
  @Text({ max: 2000, multiline: true })
  text: string;
}

@InputType({ description: "The inspector's decision on the submitted design" })
export class ReviewDesignInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'true approves the design; false returns it with comments' })
  @IsBoolean()
  approve: boolean;

  @Field(() => [DesignCommentInput], {
    nullable: true,
    description: 'Itemised comments: at least one when the design is returned; optional remarks when approved',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DesignCommentInput)
  comments?: DesignCommentInput[];
}

/** What the input types cannot say alone: a return needs comments, each about a checklist slot or the design as a whole. */
export function reviewDesignErrors(input: Pick<ReviewDesignInput, 'approve' | 'comments'>): FieldError[] {
  const comments = input.comments ?? [];
  const allowed = [...DESIGN_CHECKLIST.map((s) => s.item), GENERAL_COMMENT_ITEM];
  const errors: FieldError[] = comments
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => !allowed.includes(c.item.trim()))
    .map(({ c, index }) => ({
      field: `input.comments.${index}.item`,
      message: `${c.item} is not a design checklist item (${allowed.join(', ')})`,
    }));
  if (!input.approve && comments.length === 0) {
    errors.unshift({ field: 'input.comments', message: 'comments must list at least one entry when the design is returned' });
  }
  return errors;
}
