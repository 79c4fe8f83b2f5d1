import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { MultiLine, Text } from '@yekuo/platform';

@InputType({ description: 'One missing or invalid item' })
export class ReturnItemInput {
  @Field({ description: 'What is missing or invalid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  item: string;

  @Field({ description: 'Why, in words the customer understands' })
  @Text({ max: 1000, multiline: true })
  reason: string;
}

@InputType({ description: 'Return an application with one notice listing everything missing' })
export class ReturnApplicationInput {
  @Field(() => ID)
  @IsUUID()
  caseId: string;

  @Field(() => [ReturnItemInput], {
    defaultValue: [],
    description:
      "The reviewer's own items; the notice also lists every missing or rejected document and field found by the completeness check",
  })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReturnItemInput)
  items: ReturnItemInput[];

  @Field({ nullable: true, description: 'A comment for the customer' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  comment?: string;
}
