import { Field, Float, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { MeteringMethodEnum, MinDateFromNow, TariffCategoryEnum, Text, VoltageLevelEnum } from '@yekuo/platform';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { METERING_METHODS, TARIFF_CATEGORIES, VOLTAGE_LEVELS } from './scheme-terms';

@InputType({ description: 'A draft of the supply scheme; drafting again after a rejection makes the next version' })
export class DraftSchemeInput {
  @Field(() => ID, { description: 'The case the scheme is for' })
  @IsUUID()
  caseId: string;

  @Field(() => VoltageLevelEnum, { description: 'Supply voltage level' })
  @IsIn(VOLTAGE_LEVELS)
  voltageLevel: string;

  @Field(() => Float, { description: 'Granted capacity in kVA' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(10_000_000)
  capacityKva: number;

  @Field(() => Int, { description: 'Number of supply sources: 1 or 2' })
  @IsInt()
  @Min(1)
  @Max(2)
  supplySources: number;

  @Field(() => [String], { description: 'Supply points, at least one (one per source)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  supplyPoints: string[];

  @Field(() => MeteringMethodEnum, { description: 'Metering method (计量方式)' })
  @IsIn(METERING_METHODS)
  meteringMethod: string;

  @Field(() => TariffCategoryEnum, { description: 'Tariff category (电价类别)' })
  @IsIn(TARIFF_CATEGORIES)
  tariffCategory: string;

  @Field({ description: 'Where the property boundary between utility and customer lies' })
  @Text({ max: 1000, multiline: true })
  propertyBoundary: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Whether the utility must build works outside the customer's site (配套工程 / 外线工程) to connect it; omitted: false. The customer's confirmation orders them",
  })
  @IsOptional()
  @IsBoolean()
  externalWorksRequired?: boolean;
}

@InputType({ description: 'Approval of the next level of the latest drafted supply scheme version' })
export class ApproveSchemeInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}

@InputType({ description: 'Rejection of the latest drafted supply scheme version' })
export class RejectSchemeInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'Why the draft is rejected (the planner revises from it)' })
  @Text({ max: 2000, multiline: true })
  reason: string;
}

@InputType({ description: 'Reply of the approved supply scheme to the customer' })
export class ReplySchemeInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Until when the customer may confirm (in the future); omitted: the reply time plus the validity days of its voltage class',
  })
  @IsOptional()
  @IsDate({ message: 'validUntil must be a valid ISO 8601 date-time' })
  @MinDateFromNow(0, { message: 'validUntil must be in the future' })
  validUntil?: Date;
}

@InputType({ description: "The customer's request to change the replied supply scheme; the planner drafts a new version" })
export class RequestSchemeChangeInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'What the customer wants changed' })
  @Text({ max: 2000, multiline: true })
  reason: string;
}

@InputType({ description: "The customer's confirmation of the replied supply scheme" })
export class ConfirmSchemeInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}
