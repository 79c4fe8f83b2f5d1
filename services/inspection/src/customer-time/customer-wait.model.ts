import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { CustomerWait } from './customer-wait.entity';
import { secondsBetween } from './customer-wait';

@ObjectType('InspectionCustomerTime', {
  description:
    "Customer time (客户原因): the case waited on the customer from a return or failure until the next submission; time-limit clocks do not count it as the utility's",
})
export class CustomerTime {
  @Field(() => GraphQLISODateTime, { description: 'When the wait began (the return or failure)' })
  from: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the customer submitted again; null while still waiting' })
  to: Date | null;

  @Field(() => Int, { nullable: true, description: 'Length of the wait in seconds; null while still waiting' })
  seconds: number | null;

  @Field(() => String, { description: 'Why the case waited on the customer' })
  reason: string;
}

export function customerTimeOf(wait: CustomerWait): CustomerTime {
  return {
    from: wait.startedAt,
    to: wait.endedAt,
    seconds: wait.endedAt ? secondsBetween(wait.startedAt, wait.endedAt) : null,
    reason: wait.reason,
  };
}
