import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

@InputType({ description: 'Withdraw an application before energization' })
export class WithdrawApplicationInput {
  @Field(() => ID, { description: 'The case to withdraw' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'Why the customer withdraws; passed to every service that closes work' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
