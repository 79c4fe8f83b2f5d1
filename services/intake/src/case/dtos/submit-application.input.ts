import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
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
import { ID_TYPES, IdType } from '../../customer/customer.entity';
import { BUSINESS_TYPES, BusinessType, USAGES, Usage, VOLTAGE_LEVELS, VoltageLevel } from '../category';

@InputType({ description: 'A walk-in customer, found or created by identity document' })
export class WalkInCustomerInput {
  @Field(() => String, { description: 'RESIDENT_ID, PASSPORT, BUSINESS_LICENCE or OTHER' })
  @IsIn(ID_TYPES)
  idType: IdType;

  @Field({ description: 'Identity document number' })
  @IsString()
  @Matches(/^[0-9A-Za-z-]{4,32}$/, { message: 'must be 4 to 32 letters, digits or dashes' })
  idNumber: string;

  @Field({ description: 'Name of the person or enterprise' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field({ nullable: true, description: 'Contact phone' })
  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'must be a phone number' })
  phone?: string;
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

  @Field(() => String, { description: 'NEW_CONNECTION, CAPACITY_INCREASE or TEMPORARY_SUPPLY' })
  @IsIn(BUSINESS_TYPES)
  businessType: BusinessType;

  @Field(() => String, { description: 'RESIDENTIAL, COMMERCIAL, INDUSTRIAL, AGRICULTURAL or PUBLIC_SERVICE' })
  @IsIn(USAGES)
  usage: Usage;

  @Field(() => String, { description: 'AC220V, AC380V, AC10KV, AC20KV, AC35KV or AC110KV' })
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

  @Field({ description: 'Administrative region code of the site (6 digits)' })
  @Matches(/^\d{6}$/, { message: 'must be a 6-digit region code' })
  regionCode: string;

  @Field({ nullable: true, description: 'Date power is wanted by (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  wantedDate?: string;
}
