import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { IsStartDate } from './started-on.rule';
import { Text } from '@yekuo/platform';

@InputType({ description: 'The start of construction by the construction unit the customer chose' })
export class RecordConstructionStartInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { nullable: true, description: 'The day construction started, YYYY-MM-DD (not in the future); today when left out' })
  @IsOptional()
  @IsStartDate()
  startedOn?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The construction unit building; may be left out when the customer chose a unit (that unit is recorded)',
  })
  @Text({ max: 200, optional: true })
  unitName?: string;
}
