import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The terms of a supply-use contract, copied from the confirmed supply scheme' })
export class ContractTerms {
  @Field({ description: 'Supply voltage level, e.g. AC380V or AC10KV' })
  voltageLevel: string;

  @Field(() => Float, { description: 'Contracted capacity in kVA' })
  capacityKva: number;

  @Field(() => Int, { description: 'Number of supply sources: 1 (single) or 2 (dual)' })
  supplySources: number;

  @Field(() => [String], { description: 'Supply points (the feeder or substation bay each source comes from)' })
  supplyPoints: string[];

  @Field({ description: 'Metering method: HIGH_SUPPLY_HIGH_METERING, HIGH_SUPPLY_LOW_METERING or LOW_SUPPLY_LOW_METERING' })
  meteringMethod: string;

  @Field({ description: 'Tariff category: RESIDENTIAL, GENERAL_INDUSTRIAL_COMMERCIAL, LARGE_INDUSTRIAL or AGRICULTURAL' })
  tariffCategory: string;

  @Field({ description: 'Where the property (and maintenance) boundary between utility and customer lies' })
  propertyBoundary: string;
}

@ObjectType({ description: "One party's signature of the supply-use contract" })
export class ContractSignature {
  @Field(() => String, { description: 'CUSTOMER (the customer or their agent) or UTILITY (a contract officer)' })
  party: string;

  @Field({ description: 'Id of who signed: the customer, the agent or the contract officer' })
  signerId: string;

  @Field({ description: 'The role they signed in: customer, agent or contract-officer' })
  signerRole: string;

  @Field(() => String, { description: 'ONLINE or ON_PAPER' })
  method: string;

  @Field(() => GraphQLISODateTime, { description: 'When they signed' })
  signedAt: Date;
}

@ObjectType({
  description: 'The supply-use contract (供用电合同) of a case, drafted from the confirmed supply scheme and signed by both parties',
})
export class SupplyContract {
  @Field(() => ID, { description: 'Contract id' })
  id: string;

  @Field(() => Int, { description: 'Contract version, 1 for the first draft' })
  version: number;

  @Field(() => String, { description: 'DRAFTED, PARTIALLY_SIGNED (one party signed) or FULLY_SIGNED' })
  status: string;

  @Field(() => ID, { description: 'The confirmed supply scheme version the terms were copied from' })
  schemeId: string;

  @Field(() => Int, { description: 'Version number of that supply scheme' })
  schemeVersion: number;

  @Field(() => ContractTerms, { description: 'The contracted terms' })
  terms: ContractTerms;

  @Field(() => [ContractSignature], { description: 'Signatures so far, in the order they were given' })
  signatures: ContractSignature[];

  @Field(() => GraphQLISODateTime, { description: 'When the contract was drafted' })
  draftedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the second party signed; null until then' })
  fullySignedAt: Date | null;
}
