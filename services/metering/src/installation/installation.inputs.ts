import { Field, Float, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { MaxDateFromNow, MaxDecimals, MinDateFromNow, Text } from '@yekuo/platform';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsNumber, IsUUID, Max, Min } from 'class-validator';

/** How far off the server's clock a technician's device may be. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** How far ahead an installation may be booked. */
const BOOKING_HORIZON_MS = 366 * 24 * 3600 * 1000;

@InputType({ description: 'The installation order of a case: who installs the meter and when' })
export class ScheduleInstallationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { description: 'Staff id of the metering technician who is to install the meter' })
  @Text({ max: 64 })
  technicianId: string;

  @Field(() => GraphQLISODateTime, { description: 'The appointment on site (ISO 8601 date-time, not in the past, within a year)' })
  @IsDate({ message: 'scheduledAt must be a valid ISO 8601 date-time' })
  @MinDateFromNow(-CLOCK_SKEW_MS, { message: 'scheduledAt must not be in the past' })
  @MaxDateFromNow(BOOKING_HORIZON_MS, { message: 'scheduledAt must be within a year' })
  scheduledAt: Date;
}

@InputType({ description: 'Moving the installation appointment, with the reason' })
export class RescheduleInstallationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => GraphQLISODateTime, { description: 'The new appointment (not in the past, within a year)' })
  @IsDate({ message: 'scheduledAt must be a valid ISO 8601 date-time' })
  @MinDateFromNow(-CLOCK_SKEW_MS, { message: 'scheduledAt must not be in the past' })
  @MaxDateFromNow(BOOKING_HORIZON_MS, { message: 'scheduledAt must be within a year' })
  scheduledAt: Date;

  @Field(() => String, { nullable: true, description: 'Another technician to send; the same one when left out' })
  @Text({ max: 64, optional: true })
  technicianId?: string;

  @Field(() => String, { description: 'Why the appointment moves, e.g. the customer asked for another day' })
  @Text({ max: 500, multiline: true })
  reason: string;
}

@InputType({
  description:
    'The meter installation waits on the customer (e.g. they asked for a later appointment, or the site was not accessible): the meter installation clock pauses',
})
export class PostponeMeterInstallationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { description: 'Why the installation waits on the customer (shown with the pause on the clock)' })
  @Text({ max: 500, multiline: true })
  reason: string;
}

@InputType({ description: 'The customer is ready for the meter installation again: the meter installation clock runs on' })
export class ResumeMeterInstallationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}

@InputType({ description: 'The installation of the assigned meter on site, against its installation order' })
export class RecordMeterInstallationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => GraphQLISODateTime, {
    description: 'When the meter was installed (ISO 8601 date-time, not in the future)',
  })
  @IsDate({ message: 'installedAt must be a valid ISO 8601 date-time' })
  @MaxDateFromNow(CLOCK_SKEW_MS, { message: 'installedAt must not be in the future' })
  installedAt: Date;

  @Field(() => Float, {
    description: 'Register reading at installation in kWh (0 or more, at most 4 decimals)',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'reading must be a number of kWh with at most 4 decimals' })
  @MaxDecimals(4, { message: 'reading must be a number of kWh with at most 4 decimals' })
  @Min(0)
  @Max(1_000_000_000)
  reading: number;

  @Field(() => [String], {
    description: 'Numbers of the seals fitted (at least one, each once; a seal number used at another installation is a CONFLICT)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique((seal: unknown) => (typeof seal === 'string' ? seal.trim() : seal))
  @Text({ max: 64, each: true })
  sealNumbers: string[];

  @Field(() => String, { nullable: true, description: 'Staff id of the technician who installed the meter; the caller when left out' })
  @Text({ max: 64, optional: true })
  installedBy?: string;
}

@InputType({ description: 'Taking the meter off site after the case was withdrawn; the meter goes back to stock' })
export class RecordMeterRemovalInput {
  @Field(() => ID, { description: 'The withdrawn case' })
  @IsUUID()
  caseId: string;

  @Field(() => GraphQLISODateTime, { description: 'When the meter was removed (ISO 8601 date-time, not in the future)' })
  @IsDate({ message: 'removedAt must be a valid ISO 8601 date-time' })
  @MaxDateFromNow(CLOCK_SKEW_MS, { message: 'removedAt must not be in the future' })
  removedAt: Date;

  @Field(() => Float, { description: 'Register reading at removal in kWh (not below the reading at installation, at most 4 decimals)' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'reading must be a number of kWh with at most 4 decimals' })
  @MaxDecimals(4, { message: 'reading must be a number of kWh with at most 4 decimals' })
  @Min(0)
  @Max(1_000_000_000)
  reading: number;
}
