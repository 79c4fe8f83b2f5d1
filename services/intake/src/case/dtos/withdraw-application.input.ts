import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { Text } from '@yekuo/platform';

@InputType({ description: 'Withdraw an application before energization' })
export class WithdrawApplicationInput {
  @Field(() => ID, { description: 'The case to withdraw' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'Why the customer withdraws; passed to every service that closes work' })
  @Text({ max: 1000, multiline: true })
  reason: string;
}
