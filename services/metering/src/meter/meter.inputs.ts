import { Field, Float, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxDate,
  MaxLength,
  Min,
} from 'class-validator';
import { ACCURACY_CLASSES, TRANSFORMER_RATIO } from './meter-terms';

const NOT_BLANK = /\S/;
/** How far ahead of the server's clock an installation time may be (clock skew of the technician's device). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

@InputType({
  description: 'The meter a metering technician assigns to a case (from the scheme confirmation on)',
})
export class AssignMeterInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, {
    description: 'Meter (asset) number; a number assigned to another case is a CONFLICT',
  })
  @IsString()
  @Matches(NOT_BLANK, { message: 'meterNumber must not be blank' })
  @MaxLength(64)
  meterNumber: string;

  @Field(() => String, {
    description: 'Meter type, e.g. SINGLE_PHASE_SMART or THREE_PHASE_SMART',
  })
  @IsString()
  @Matches(NOT_BLANK, { message: 'meterType must not be blank' })
  @MaxLength(100)
  meterType: string;

  @Field(() => String, {
    description: `Accuracy class: ${ACCURACY_CLASSES.join(', ')}`,
  })
  @IsIn(ACCURACY_CLASSES)
  accuracyClass: string;

  @Field(() => String, {
    nullable: true,
    description: 'Current-transformer ratio, primary/secondary, e.g. 200/5',
  })
  @IsOptional()
  @Matches(TRANSFORMER_RATIO, {
    message: 'ctRatio must be primary/secondary, e.g. 200/5',
  })
  ctRatio?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Voltage-transformer ratio, primary/secondary, e.g. 10000/100',
  })
  @IsOptional()
  @Matches(TRANSFORMER_RATIO, {
    message: 'ptRatio must be primary/secondary, e.g. 10000/100',
  })
  ptRatio?: string;
}

@InputType({ description: 'The installation of the assigned meter on site' })
export class RecordMeterInstallationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => GraphQLISODateTime, {
    description: 'When the meter was installed (ISO 8601 date-time, not in the future)',
  })
  @IsDate({ message: 'installedAt must be a valid ISO 8601 date-time' })
  @MaxDate(() => new Date(Date.now() + CLOCK_SKEW_MS), {
    message: 'installedAt must not be in the future',
  })
  installedAt: Date;

  @Field(() => Float, {
    description: 'Initial register reading in kWh (0 or more)',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  reading: number;

  @Field(() => [String], {
    description: 'Numbers of the seals fitted (at least one, each once)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(NOT_BLANK, {
    each: true,
    message: 'each seal number must not be blank',
  })
  @MaxLength(64, { each: true })
  sealNumbers: string[];
}
