import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { QUALIFICATION_CLASS_CODES } from './qualification-classes';
import { QualificationClassEnum } from '../enums';
import { IsDay, Text } from '@yekuo/platform';

const REGION_CODE = /^\d{6}$/;

@InputType({ description: 'A construction unit to add to the registry (planner, admin)' })
export class RegisterConstructionUnitInput {
  @Field({ description: 'Registered name of the unit' })
  @Text({ max: 200 })
  name: string;

  @Field({ description: 'Licence number (承装(修、试)电力设施许可证); unique in the registry' })
  @Text({ max: 100 })
  licenceNumber: string;

  @Field(() => QualificationClassEnum, { description: 'Qualification class' })
  @IsIn(QUALIFICATION_CLASS_CODES)
  qualificationClass: string;

  @Field(() => Float, { description: 'Highest voltage it may build for, in kV' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1000)
  maxVoltageKv: number;

  @Field(() => Float, { nullable: true, description: 'Largest capacity it may build for, in kVA, when limited beyond its class' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(10_000_000)
  maxCapacityKva?: number;

  @Field(() => [String], { description: 'Region codes (six digits) it serves; at least one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(REGION_CODE, { each: true, message: 'each region must be a six-digit region code' })
  regions: string[];

  @Field({ description: 'Last day its licence is valid (YYYY-MM-DD)' })
  @IsDay()
  validUntil: string;
}

@InputType({
  description: 'Changes to a registered construction unit (planner, admin); only the fields given change, each change is recorded',
})
export class UpdateConstructionUnitInput {
  @Field(() => ID, { description: 'The unit' })
  @IsUUID()
  unitId: string;

  @Field(() => String, { nullable: true, description: 'New name' })
  @Text({ max: 200, optional: true })
  name?: string;

  @Field(() => String, { nullable: true, description: 'New licence number' })
  @Text({ max: 100, optional: true })
  licenceNumber?: string;

  @Field(() => QualificationClassEnum, { nullable: true, description: 'New qualification class' })
  @IsOptional()
  @IsIn(QUALIFICATION_CLASS_CODES)
  qualificationClass?: string;

  @Field(() => Float, { nullable: true, description: 'New highest voltage, in kV' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1000)
  maxVoltageKv?: number;

  @Field(() => Float, { nullable: true, description: 'New largest capacity, in kVA' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(10_000_000)
  maxCapacityKva?: number;

  @Field(() => [String], { nullable: true, description: 'New list of region codes served' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(REGION_CODE, { each: true, message: 'each region must be a six-digit region code' })
  regions?: string[];

  @Field(() => String, { nullable: true, description: 'New last day of validity (YYYY-MM-DD), e.g. after a licence renewal' })
  @IsOptional()
  @IsDay()
  validUntil?: string;

  @Field(() => Boolean, { nullable: true, description: 'true suspends the unit (a reason is required), false lifts the suspension' })
  @IsOptional()
  @IsBoolean()
  suspended?: boolean;

  @Field(() => String, { nullable: true, description: 'Why (required when suspending); recorded with the change' })
  @Text({ max: 2000, optional: true, multiline: true })
  reason?: string;
}

@InputType({ description: 'Narrows the construction-unit registry' })
export class ConstructionUnitFilter {
  @Field(() => String, { nullable: true, description: 'Units serving this region code' })
  @IsOptional()
  @Matches(REGION_CODE, { message: 'regionCode must be a six-digit region code' })
  regionCode?: string;

  @Field(() => QualificationClassEnum, { nullable: true, description: 'Units of at least this class' })
  @IsOptional()
  @IsIn(QUALIFICATION_CLASS_CODES)
  minQualificationClass?: string;

  @Field(() => String, { nullable: true, description: 'Units whose licence is valid on this day (YYYY-MM-DD)' })
  @IsOptional()
  @IsDay()
  validOn?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: suspended units only; false: units not suspended; omitted: both' })
  @IsOptional()
  @IsBoolean()
  suspended?: boolean;

  @Field(() => String, { nullable: true, description: 'Units whose name contains this text (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameContains?: string;
}

@InputType({ description: 'A qualified construction unit the customer chose outside the recommendation' })
export class OtherConstructionUnitInput {
  @Field({ description: 'Name of the unit' })
  @Text({ max: 200 })
  name: string;

  @Field(() => QualificationClassEnum, { description: 'Its qualification class' })
  @IsIn(QUALIFICATION_CLASS_CODES)
  qualificationClass: string;

  @Field({ description: 'Its licence number' })
  @Text({ max: 100 })
  licenceNumber: string;
}

@InputType({
  description: 'The construction unit the customer chose: a recommended one (unitId), or another qualified unit (otherUnit) — exactly one',
})
export class ChooseConstructionUnitInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => ID, { nullable: true, description: 'A unit of the recommendation' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @Field(() => OtherConstructionUnitInput, { nullable: true, description: 'Another qualified unit, named by the customer' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OtherConstructionUnitInput)
  otherUnit?: OtherConstructionUnitInput;
}
