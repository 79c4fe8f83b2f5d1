import { Field, ID, InputType } from '@nestjs/graphql';
import { IsIn, IsUUID } from 'class-validator';
import { CUSTOMER_CATEGORIES, CustomerCategory } from '@yekuo/events';
import { CustomerCategoryEnum, Text } from '@yekuo/platform';

@InputType({ description: 'Set the customer category by hand, with the reason' })
export class OverrideCategoryInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => CustomerCategoryEnum, { description: 'The category to set' })
  @IsIn(CUSTOMER_CATEGORIES)
  category: CustomerCategory;

  @Field({ description: 'Why the derived category does not fit (recorded and audited)' })
  @Text({ max: 1000, multiline: true })
  reason: string;
}
