import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { MeteringMethodEnum, RoleEnum, TariffCategoryEnum, VoltageLevelEnum } from '@yekuo/platform';
import { ContractStatusEnum, SigningMethodEnum, SigningPartyEnum } from '../enums';

@ObjectType({
  description:
    "The terms of a supply-use contract, copied from the confirmed supply scheme; a 三零 contract drafted at acceptance (termsVersion 0) carries the accepted application's voltage, capacity and sources and leaves the rest to the scheme",
})
export class ContractTerms {
  @Field(() => VoltageLevelEnum, { description: 'Supply voltage level' })
  voltageLevel: string;

  @Field(() => Float, { description: 'Contracted capacity in kVA (用电容量)' })
  capacityKva: number;

  @Field(() => Int, { description: 'Number of supply sources: 1 (single) or 2 (dual)' })
  supplySources: number;

  @Field(() => [String], {
    description:
      'Supply points (供电点): the feeder or substation bay each source comes from; empty on a contract drafted from the application (the scheme sets them)',
  })
  supplyPoints: string[];

  @Field(() => MeteringMethodEnum, {
    nullable: true,
    description: 'Metering method (计量方式); null on a contract drafted from the application (the scheme sets it)',
  })
  meteringMethod: string | null;

  @Field(() => TariffCategoryEnum, {
    nullable: true,
    description: 'Tariff category (电价类别); null on a contract drafted from the application (the scheme sets it)',
  })
  tariffCategory: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where the property (and maintenance) boundary between utility and customer lies (产权分界点); null on a contract drafted from the application (the scheme sets it)',
  })
  propertyBoundary: string | null;
}

@ObjectType({ description: 'One party to the supply-use contract, as written into the document' })
export class ContractParty {
  @Field(() => String, { nullable: true, description: "The customer's id for the customer; null for the utility" })
  id: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Name as written into the contract; null while a contract officer has still to supply it (the document then says （待核实）)',
  })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'Address as written into the contract, when known' })
  address: string | null;
}

@ObjectType({ description: 'The two parties to the supply-use contract: the utility (供电人) and the customer (用电人)' })
export class ContractParties {
  @Field(() => ContractParty, { description: 'The customer (用电人)' })
  customer: ContractParty;

  @Field(() => ContractParty, { description: 'The utility (供电人)' })
  utility: ContractParty;
}

@ObjectType({ description: "One party's signature of a supply-use contract version" })
export class ContractSignature {
  @Field(() => SigningPartyEnum, { description: 'The party signed for' })
  party: string;

  @Field({ description: 'Id of who signed: the customer, the agent or the contract officer' })
  signerId: string;

  @Field(() => String, { nullable: true, description: "The signer's name as their sign-in states it; null when it states none" })
  signerName: string | null;

  @Field(() => RoleEnum, { description: 'The role they signed in: CUSTOMER, AGENT or CONTRACT_OFFICER' })
  signerRole: string;

  @Field(() => SigningMethodEnum, {
    description: 'How they signed',
  })
  method: string;

  @Field(() => String, { nullable: true, description: 'sha256 (hex) of the document the party signed' })
  documentSha256: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When they signed' })
  signedAt: Date;
}

@ObjectType({
  description:
    'A version of the supply-use contract (供用电合同) of a case: drafted from the confirmed supply scheme (under 三零, at acceptance, from the accepted application) and a template, rendered to an immutable PDF, signed by both parties',
})
export class SupplyContract {
  @Field(() => ID, { description: 'Contract version id' })
  id: string;

  @Field(() => Int, {
    description:
      'Contract version, 1 for the first draft; a later scheme or corrected parties before full signature make the next, and under 三零 a scheme that changes the terms the contract carries, even after full signature',
  })
  version: number;

  @Field(() => ContractStatusEnum, {
    description: 'Where this version stands',
  })
  status: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The confirmed supply scheme version the terms were copied from; null on a 三零 contract drafted from the application',
  })
  schemeId: string | null;

  @Field(() => Int, { nullable: true, description: 'Version number of that supply scheme; null when there is none' })
  schemeVersion: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "For a case that walks or walked 三零: the supply scheme version whose voltage, capacity and sources this version carries, 0 for the accepted application's (the contract drafted at acceptance); null for a case that never walked 三零",
  })
  termsVersion: number | null;

  @Field(() => ContractTerms, { description: 'The contracted terms' })
  terms: ContractTerms;

  @Field(() => ContractParties, { description: 'The parties as written into this version' })
  parties: ContractParties;

  @Field(() => String, { nullable: true, description: 'The template the document was rendered from, e.g. HIGH_VOLTAGE' })
  templateCode: string | null;

  @Field(() => String, { nullable: true, description: 'Version of that template' })
  templateVersion: string | null;

  /** Read when asked, as are `pageCount`, `byteSize` and `signatures` (SupplyContractResolver). */
  @Field(() => String, {
    nullable: true,
    description: 'sha256 (hex) of the exact PDF bytes; null only for a version drafted before documents were rendered',
  })
  sha256: string | null;

  @Field(() => Int, { nullable: true, description: 'Number of pages of the PDF' })
  pageCount: number | null;

  @Field(() => Int, { nullable: true, description: 'Size of the PDF in bytes' })
  byteSize: number | null;

  @Field(() => [ContractSignature], { description: 'Signatures of this version, in the order they were given' })
  signatures: ContractSignature[];

  @Field(() => GraphQLISODateTime, { description: 'When this version was drafted' })
  draftedAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the second party signed; null until then' })
  fullySignedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a later version replaced this one; null unless SUPERSEDED' })
  supersededAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why a later version replaced this one' })
  supersededBecause: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the withdrawal closed this version; null unless CANCELLED' })
  cancelledAt: Date | null;
}

/** The fields of `SupplyContract` that need tables beyond the contract row: `SupplyContractResolver` reads them when asked. */
export type LazySupplyContractField = 'signatures' | 'sha256' | 'pageCount' | 'byteSize';

/** A contract version as `Case.contract` and `Case.contractVersions` answer it: what its row (and the case) hold. */
export type SupplyContractParent = Omit<SupplyContract, LazySupplyContractField>;

@ObjectType({
  description:
    'A supply scheme confirmed after the contract was fully signed: the signed contract is not changed; a contract officer decides on an amendment',
})
export class ContractSchemeConflict {
  @Field(() => ID, { description: 'Conflict record id' })
  id: string;

  @Field(() => ID, { description: 'The fully signed contract version the scheme conflicts with' })
  contractId: string;

  @Field(() => ID, { description: 'The later confirmed scheme' })
  schemeId: string;

  @Field(() => Int, { description: 'Its version number' })
  schemeVersion: number;

  @Field(() => ContractTerms, { description: 'The terms of the later scheme' })
  terms: ContractTerms;

  @Field(() => GraphQLISODateTime, { description: 'When contracts received the confirmation' })
  receivedAt: Date;
}
