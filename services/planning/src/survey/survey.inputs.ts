import { Field, Float, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

const NOT_BLANK = /\S/;

@InputType({ description: 'Appoint (or re-appoint) the site survey of a case' })
export class ScheduleSurveyInput {
  @Field(() => ID, { description: 'The case to survey' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'Staff id of the surveyor who will visit' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'surveyorId must not be blank' })
  @MaxLength(100)
  surveyorId: string;

  @Field(() => GraphQLISODateTime, { description: 'When the surveyor visits the site (ISO 8601 date-time)' })
  @IsDate({ message: 'appointmentAt must be a valid ISO 8601 date-time' })
  appointmentAt: Date;
}

@InputType({ description: 'What the surveyor found on site' })
export class RecordSurveyInput {
  @Field(() => ID, { description: 'The case surveyed' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'Line, transformer and site conditions found on the visit' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'siteConditions must not be blank' })
  @MaxLength(4000)
  siteConditions: string;

  @Field(() => [String], { description: 'Feasible supply points (at least one)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  supplyPointOptions: string[];

  @Field(() => Float, { nullable: true, description: 'Capacity of the nearest public transformer in kVA' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  transformerCapacityKva?: number;
}
