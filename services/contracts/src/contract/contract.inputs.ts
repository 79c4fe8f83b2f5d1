import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { PARTIES, SIGNING_METHODS } from './contract.state-machine';
import { SigningMethodEnum, SigningPartyEnum } from '../enums';
import { Text } from '@yekuo/platform';

@InputType({ description: "A party's signature of the supply-use contract of a case" })
export class SignContractInput {
  @Field(() => ID, { description: 'The case whose contract is signed' })
  @IsUUID()
  caseId: string;

  @Field(() => SigningPartyEnum, {
    nullable: true,
    description:
      'The party signed for; it must be the party your role signs for (customer and agent: CUSTOMER, contract officer: UTILITY). Taken from your role when omitted',
  })
  @IsOptional()
  @IsIn(PARTIES, { message: `party must be one of: ${PARTIES.join(', ')}` })
  party?: string | null;

  @Field(() => SigningMethodEnum, { description: 'How it is signed' })
  @IsIn(SIGNING_METHODS, { message: `method must be one of: ${SIGNING_METHODS.join(', ')}` })
  method: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The contract version the signer read; when given and no longer the current version, the signature is refused (CONFLICT)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@InputType({ description: "The customer's details as a party to the supply-use contract, supplied or corrected by a contract officer" })
export class UpdateContractPartiesInput {
  @Field(() => ID, { description: 'The case whose contract parties are supplied' })
  @IsUUID()
  caseId: string;

  @Field({ description: "The customer's name as it is to appear in the contract (用电人), e.g. 华东电子科技有限公司" })
  @Text({ max: 200 })
  customerName: string;

  @Field(() => String, { nullable: true, description: "The customer's address as it is to appear in the contract" })
  @Text({ max: 300, optional: true })
  customerAddress?: string | null;
}
