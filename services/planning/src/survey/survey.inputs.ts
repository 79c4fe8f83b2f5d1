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
  IsUUID,
  Max,
} from 'class-validator';
import { RESCHEDULE_REQUESTERS, RescheduleRequesterEnum } from './survey-appointment.entity';
import { Text } from '@yekuo/platform';

@InputType({ description: 'Appoint the site survey of a case (scheduling again moves the appointment on the utility’s side)' })
export class ScheduleSurveyInput {
  @Field(() => ID, { description: 'The case to survey' })
  @IsUUID()
  caseId: string;

  @Field(() => String, {
    nullable: true,
    description: "Staff id of the surveyor who will visit; omitted: the least loaded surveyor of the case's region",
  })
  @Text({ max: 100, optional: true })
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
  @Text({ max: 2000, multiline: true })
  reason: string;

  @Field(() => RescheduleRequesterEnum, { description: 'Who asked for the move' })
  @IsIn(RESCHEDULE_REQUESTERS)
  requestedBy: string;

  @Field(() => String, { nullable: true, description: 'Another surveyor to visit; omitted: the same surveyor' })
  @Text({ max: 100, optional: true })
  surveyorId?: string;
}

@InputType({ description: 'What the surveyor found on site' })
export class RecordSurveyInput {
  @Field(() => ID, { description: 'The case surveyed' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'Line, transformer and site conditions found on the visit' })
  @Text({ max: 4000, multiline: true })
  siteConditions: string;

  @Field(() => [String], { description: 'Feasible supply points (at least one); on the fast path the first one supplies the case' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsNotEmpty({ each: true })
  @Text({ max: 200, each: true })
  supplyPointOptions: string[];

  @Field(() => Float, { nullable: true, description: 'Capacity of the nearest public transformer in kVA' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(10_000_000)
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
  @Text({ max: 1000, optional: true, multiline: true })
  propertyBoundary?: string;
}

@InputType({
  description:
    'Survey and supply scheme in one step (low-voltage residential; low-voltage non-residential under 三零): the survey result, the scheme from the standard template, approved by rule and replied to the customer',
})
export class CompleteFastPathInput extends RecordSurveyInput {}
