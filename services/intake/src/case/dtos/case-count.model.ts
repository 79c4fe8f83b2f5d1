import { Field, Int, ObjectType } from '@nestjs/graphql';
import { CustomerCategory } from '@yekuo/events';
import { CustomerCategoryEnum } from '@yekuo/platform';
import { CaseStageEnum } from '../../enums';
import { CaseStage } from '../case-stage';

@ObjectType({ description: 'How many cases share one value of each dimension counted by' })
export class CaseCount {
  @Field(() => CaseStageEnum, { nullable: true, description: 'The stage of the cases counted; null when not counted by stage' })
  stage: CaseStage | null;

  @Field(() => CustomerCategoryEnum, {
    nullable: true,
    description: 'The customer category of the cases counted; null when not counted by category',
  })
  category: CustomerCategory | null;

  @Field(() => Int, { description: 'How many cases; never 0 (a group without cases is left out)' })
  count: number;
}
