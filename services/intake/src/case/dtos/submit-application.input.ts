import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_CATEGORIES, CustomerCategory } from '@yekuo/events';
import { EMAIL_MAX_LENGTH } from '../../customer/email';
import { ApplicantKind, APPLICANT_KINDS, ID_TYPES, IdType, IsIdNumberOfType, IsKindOfIdType } from '../../customer/identity';
import { BUSINESS_TYPES, BusinessType, USAGES, Usage, VOLTAGE_LEVELS, VoltageLevel } from '../category';
import { IsKnownRegion } from './region.validator';
import { ApplicantKindEnum, IdTypeEnum } from '../../enums';
import { BusinessTypeEnum, CustomerCategoryEnum, IsDay, Text, UsageEnum, VoltageLevelEnum } from '@yekuo/platform';

/** A mainland mobile (13812345678) or landline (021-12345678), optionally with +86. */
export const PHONE_PATTERN = /^(\+?86[ -]?)?(1[3-9]\d{9}|0\d{2,3}[ -]?\d{7,8})$/;

@InputType({ description: 'A walk-in customer, found or created by identity document' })
export class WalkInCustomerInput {
  @Field(() => IdTypeEnum, {
    description:
      'RESIDENT_ID, PASSPORT, HK_MACAO_PERMIT, TAIWAN_PERMIT, FOREIGN_PERMANENT_RESIDENT_ID (persons); UNIFIED_SOCIAL_CREDIT_CODE, BUSINESS_LICENCE (enterprises); OTHER',
  })
  @IsIn(ID_TYPES)
  idType: IdType;

  @Field({ description: 'Identity document number, checked against the format of its type (never stored or logged in clear)' })
  @IsString()
  @MaxLength(40)
  @IsIdNumberOfType()
  idNumber: string;

  @Field(() => ApplicantKindEnum, { nullable: true, description: 'PERSON or ENTERPRISE; derived from the ID type when omitted' })
  @IsOptional()
  @IsIn(APPLICANT_KINDS)
  @IsKindOfIdType()
  kind?: ApplicantKind;

  @Field({ description: 'Name of the person or enterprise' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field({ nullable: true, description: 'Contact phone: a mobile (13812345678) or landline (021-12345678) number' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be a mobile or landline number' })
  phone?: string;

  @Field({ nullable: true, description: 'Contact email (name@example.com), for notices about the case; at most 254 characters' })
  @IsOptional()
  @MaxLength(EMAIL_MAX_LENGTH)
  // A mailbox on a named domain: no display name ("Zhang <z@…>"), no bare IP address, no spaces.
  @IsEmail(
    { allow_display_name: false, allow_ip_domain: false, require_tld: true },
    { message: 'email must be an address such as name@example.com' },
  )
  email?: string;
}

@InputType({ description: 'One load the customer will connect' })
export class LoadItemInput {
  @Field({ description: 'What the load is' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field(() => Float, { description: 'Rated power of one unit in kW' })
  @IsPositive()
  @Max(1_000_000)
  kw: number;

  @Field(() => Int, { description: 'How many units' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity: number;
}

@InputType({ description: 'A clerk sets the customer category instead of the derived one, with the reason' })
export class CategoryOverrideInput {
  @Field(() => CustomerCategoryEnum, { description: 'The category to set' })
  @IsIn(CUSTOMER_CATEGORIES)
  category: CustomerCategory;

  @Field({ description: 'Why the derived category does not fit (recorded and audited)' })
  @Text({ max: 1000, multiline: true })
  reason: string;
}

@InputType({ description: 'An application for a new connection, a capacity increase or a temporary supply' })
export class SubmitApplicationInput {
  @Field(() => ID, { nullable: true, description: 'The customer an agent applies for (must be in the agent token `actsFor`)' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @Field(() => WalkInCustomerInput, { nullable: true, description: 'A clerk submitting for a walk-in customer' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WalkInCustomerInput)
  customer?: WalkInCustomerInput;

  @Field(() => BusinessTypeEnum, { description: 'What the application asks for' })
  @IsIn(BUSINESS_TYPES)
  businessType: BusinessType;

  @Field(() => UsageEnum, { description: 'Intended use of the supply' })
  @IsIn(USAGES)
  usage: Usage;

  @Field(() => VoltageLevelEnum, { description: 'Requested supply voltage' })
  @IsIn(VOLTAGE_LEVELS)
  voltageLevel: VoltageLevel;

  @Field(() => Float, { description: 'Requested capacity in kVA' })
  @IsPositive()
  @Max(1_000_000)
  capacityKva: number;

  @Field(() => Int, { defaultValue: 1, description: 'Number of supply sources (2 = dual source)' })
  @IsInt()
  @Min(1)
  @Max(2)
  supplySources: number;

  @Field({ description: 'Address of the site' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  siteAddress: string;

  @Field({ description: 'Administrative region code of the site (6 digits), one the utility serves' })
  @IsString()
  @IsKnownRegion()
  regionCode: string;

  @Field({ nullable: true, description: 'Date power is wanted by (YYYY-MM-DD)' })
  @IsOptional()
  @IsDay()
  wantedDate?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Id of the authorization document the customer signed; required when an agent applies',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  authorizationDocumentId?: string;

  @Field(() => [LoadItemInput], { nullable: true, description: 'The loads to connect; required for high voltage' })
  @IsOptional()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => LoadItemInput)
  loads?: LoadItemInput[];

  @Field(() => CategoryOverrideInput, { nullable: true, description: 'Clerks only: set the category instead of the derived one' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CategoryOverrideInput)
  categoryOverride?: CategoryOverrideInput;
}
