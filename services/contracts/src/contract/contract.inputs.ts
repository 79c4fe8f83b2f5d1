import { Field, ID, InputType } from '@nestjs/graphql';
import { IsIn, IsUUID } from 'class-validator';
import { SIGNING_METHODS } from './contract.state-machine';

@InputType({ description: "A party's signature of the supply-use contract of a case" })
export class SignContractInput {
  @Field(() => ID, { description: 'The case whose contract is signed' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { description: `How it is signed: ${SIGNING_METHODS.join(' or ')}` })
  @IsIn(SIGNING_METHODS, { message: `method must be one of: ${SIGNING_METHODS.join(', ')}` })
  method: string;
}
