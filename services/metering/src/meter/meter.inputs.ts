import { Field, ID, InputType } from '@nestjs/graphql';
import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  isUUID,
  IsUUID,
} from 'class-validator';
import { transformerBreaches } from './meter-fit.policy';
import { ACCURACY_CLASSES, METER_STATUSES, METER_TYPES, MeterType, TRANSFORMER_RATIO } from './meter-terms';
import { AccuracyClassEnum, MeterStatusEnum, MeterTypeEnum } from '../enums';
import { Text } from '@yekuo/platform';

/** Asset numbers as printed on the nameplate and its bar code: letters, digits and hyphens. */
const METER_NUMBER = /^\s*[A-Za-z0-9][A-Za-z0-9-]{0,63}\s*$/;

/** A transformer ratio in the right form, given exactly when the meter type is connected through that transformer. */
@ValidatorConstraint({ name: 'transformerRatio' })
class TransformerRatioConstraint implements ValidatorConstraintInterface {
  private problem(value: unknown, args: ValidationArguments): string | null {
    const name = args.property as 'ctRatio' | 'ptRatio';
    if (value !== undefined && value !== null && (typeof value !== 'string' || !TRANSFORMER_RATIO.test(value))) {
      return `${name} must be primary/secondary, e.g. ${name === 'ctRatio' ? '200/5' : '10000/100'}`;
    }
    const { type } = args.object as { type?: unknown };
    if (!(METER_TYPES as readonly unknown[]).includes(type)) return null; // type reports its own error
    const breach = transformerBreaches(type as MeterType, { [name]: value }).find((b) =>
      b.rule.endsWith(name === 'ctRatio' ? 'CT_RATIO' : 'PT_RATIO'),
    );
    return breach ? `${breach.message} (rule ${breach.rule})` : null;
  }

  validate(value: unknown, args: ValidationArguments): boolean {
    return this.problem(value, args) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value, args) ?? 'invalid transformer ratio';
  }
}

/** Exactly one of meterId and meterNumber names the meter. */
@ValidatorConstraint({ name: 'meterReference' })
class MeterReferenceConstraint implements ValidatorConstraintInterface {
  private problem(args: ValidationArguments): string | null {
    const { meterId, meterNumber } = args.object as { meterId?: unknown; meterNumber?: unknown };
    if (meterId === undefined && meterNumber === undefined) return 'give the meter by meterId or meterNumber';
    if (meterId !== undefined && meterNumber !== undefined) return 'give the meter by meterId or meterNumber, not both';
    return isUUID(meterId) ? null : 'meterId must be a UUID';
  }

  validate(_value: unknown, args: ValidationArguments): boolean {
    return this.problem(args) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args) ?? 'invalid meter reference';
  }
}

@InputType({ description: 'A meter received into the inventory (metering technician or admin)' })
export class RegisterMeterInput {
  @Field(() => String, { description: 'Asset number from the nameplate (letters, digits, hyphens; unique in the inventory)' })
  @IsString()
  @Matches(METER_NUMBER, { message: 'number must be 1 to 64 letters, digits or hyphens, starting with a letter or digit' })
  number: string;

  @Field(() => MeterTypeEnum, {
    description: `Meter type; THREE_PHASE_CT needs ctRatio, HV_CT_PT needs ctRatio and ptRatio, the others take neither`,
  })
  @IsIn(METER_TYPES)
  type: string;

  @Field(() => AccuracyClassEnum, { description: 'Accuracy class' })
  @IsIn(ACCURACY_CLASSES)
  accuracyClass: string;

  @Field(() => String, {
    nullable: true,
    description: 'Current-transformer ratio, primary/secondary, e.g. 200/5: required for THREE_PHASE_CT and HV_CT_PT, refused otherwise',
  })
  @Validate(TransformerRatioConstraint)
  ctRatio?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Voltage-transformer ratio, primary/secondary, e.g. 10000/100: required for HV_CT_PT, refused otherwise',
  })
  @Validate(TransformerRatioConstraint)
  ptRatio?: string;
}

@InputType({ description: 'Taking a meter in stock out of service for good' })
export class RetireMeterInput {
  @Field(() => ID, { description: 'The meter' })
  @IsUUID()
  meterId: string;

  @Field(() => String, { description: 'Why, e.g. failed the verification test' })
  @Text({ max: 500, multiline: true })
  reason: string;
}

@InputType({
  description:
    'The meter from stock a metering technician assigns to a case (from the scheme confirmation on); give meterId or meterNumber',
})
export class AssignMeterInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => ID, { nullable: true, description: 'The meter, by id' })
  @ValidateIf((o: AssignMeterInput) => o.meterId !== undefined || o.meterNumber === undefined)
  @Validate(MeterReferenceConstraint)
  meterId?: string;

  @Field(() => String, { nullable: true, description: 'The meter, by its asset number' })
  @Text({ max: 64, optional: true })
  meterNumber?: string;
}

@InputType({ description: 'Narrows a list of meters' })
export class MeterFilter {
  @Field(() => MeterStatusEnum, { nullable: true, description: 'Meter status' })
  @IsOptional()
  @IsIn(METER_STATUSES)
  status?: string;

  @Field(() => MeterTypeEnum, { nullable: true, description: 'Meter type' })
  @IsOptional()
  @IsIn(METER_TYPES)
  type?: string;

  @Field(() => AccuracyClassEnum, { nullable: true, description: 'Accuracy class' })
  @IsOptional()
  @IsIn(ACCURACY_CLASSES)
  accuracyClass?: string;

  @Field(() => String, { nullable: true, description: 'Meters whose number starts with this' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  numberPrefix?: string;
}
