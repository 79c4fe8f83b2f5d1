import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { Text } from '@yekuo/platform';

@InputType({
  description:
    "The customer puts off a requested on-site step (intermediate inspection or completion acceptance): an appointment they moved, a site not ready. The step's time-limit clock pauses until the delay ends",
})
export class RecordCustomerDelayInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { description: 'Why the step waits on the customer, as the customer gave it; kept with the pause for good' })
  @Text({ max: 500, multiline: true })
  reason: string;
}

@InputType({ description: "The customer is ready again: the step's time-limit clock runs again" })
export class EndCustomerDelayInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}
