import { Field, Float, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { RESCHEDULE_REQUESTERS } from './survey-appointment.entity';

const NOT_BLANK = /\S/;

@InputType({ description: 'Appoint the site survey of a case (scheduling again moves the appointment on the utility’s side)' })
export class ScheduleSurveyInput {
  @Field(() => ID, { description: 'The case to survey' })
  @IsUUID()
  caseId: string;

  @Field(() => String, {
    nullable: true,
    description: "Staff id of the surveyor who will visit; omitted: the least loaded surveyor of the case's region",
  })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'surveyorId must not be blank' })
  @MaxLength(100)
  surveyorId?: string;

  @Field(() => GraphQLISODateTime, { description: 'When the surveyor visits the site (ISO 8601 date-time)' })
  @IsDate({ message: 'appointmentAt must be a valid ISO 8601 date-time' })
  appointmentAt: Date;
}

@InputType({ description: 'Move the survey appointment, saying who asked and why; a move the customer asked for counts as customer time' })
export class RescheduleSurveyInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => GraphQLISODateTime, { description: 'The new appointment (ISO 8601 date-time)' })
  @IsDate({ message: 'appointmentAt must be a valid ISO 8601 date-time' })
  appointmentAt: Date;

  @Field({ description: 'Why the appointment moves' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason: string;

  @Field(() => String, { description: 'Who asked for the move: CUSTOMER or UTILITY' })
  @IsIn(RESCHEDULE_REQUESTERS)
  requestedBy: string;

  @Field(() => String, { nullable: true, description: 'Another surveyor to visit; omitted: the same surveyor' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'surveyorId must not be blank' })
  @MaxLength(100)
  surveyorId?: string;
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

  @Field(() => [String], { description: 'Feasible supply points (at least one); on the fast path the first one supplies the case' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each supply point must not be blank' })
  @MaxLength(200, { each: true })
  supplyPointOptions: string[];

  @Field(() => Float, { nullable: true, description: 'Capacity of the nearest public transformer in kVA' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  transformerCapacityKva?: number;

  @Field(() => [ID], { nullable: true, description: "Photos of the site: ids of documents uploaded through intake's POST /documents" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each photo must be a document id' })
  photoDocumentIds?: string[];

  @Field(() => String, {
    nullable: true,
    description: "Fast path only: where the property boundary lies, when it differs from the template's",
  })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'propertyBoundary must not be blank' })
  @MaxLength(1000)
  propertyBoundary?: string;
}

@InputType({
  description:
    'Survey and supply scheme in one step (low-voltage residential): the survey result, the scheme from the standard template, approved by rule and replied to the customer',
})
export class CompleteFastPathInput extends RecordSurveyInput {}
