import { Field, ObjectType } from '@nestjs/graphql';
import { ReturnItem } from '../case.entity';

@ObjectType({ description: 'What the front desk still needs before it can accept, all at once' })
export class CompletenessReport {
  @Field({ description: 'True when nothing is missing or invalid' })
  complete: boolean;

  @Field(() => [ReturnItem], { description: 'Every missing or rejected document and every field at fault' })
  items: ReturnItem[];
}
