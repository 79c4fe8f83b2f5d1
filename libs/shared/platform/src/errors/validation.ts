import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidationArguments, ValidationOptions, ValidatorOptions } from 'class-validator';
import { SYSTEM_TIME, TimeSource } from '../service/time-source';
import { FieldError, ValidationFailedError } from './domain-error';

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field: path, message }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Where the validation pipe leaves "now" on an input (and each object nested in it) while it validates it. */
const VALIDATED_AT = Symbol('validatedAt');

function stamp(value: unknown, at: Date, seen: WeakSet<object>): void {
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value) || seen.has(value)) return;
  seen.add(value);
  if (!Array.isArray(value)) Object.defineProperty(value, VALIDATED_AT, { value: at, configurable: true, enumerable: false });
  for (const child of Object.values(value)) stamp(child, at, seen);
}

/**
 * "Now" for a rule that compares an input with the present (not in the past, within a
 * year): the service's time source as read once by the validation pipe for the whole
 * input, so every field is judged at the same instant and a test's clock is honoured.
 * An input validated outside the pipe (a unit test of the rules) is judged by the system clock.
 */
export function validationTime(args: ValidationArguments | undefined): Date {
  const at = (args?.object as Record<symbol, unknown> | undefined)?.[VALIDATED_AT];
  return at instanceof Date ? at : SYSTEM_TIME.now();
}

/** The date is no earlier than the validation time plus `offsetMs` (a negative offset tolerates that much in the past). */
export function MinDateFromNow(offsetMs: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'minDateFromNow',
      validator: {
        validate: (value: unknown, args) => value instanceof Date && value.getTime() >= validationTime(args).getTime() + offsetMs,
        defaultMessage: (args) => `${args?.property ?? 'the date'} is too early`,
      },
    },
    options,
  );
}

/** The date is no later than the validation time plus `offsetMs`. */
export function MaxDateFromNow(offsetMs: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxDateFromNow',
      validator: {
        validate: (value: unknown, args) => value instanceof Date && value.getTime() <= validationTime(args).getTime() + offsetMs,
        defaultMessage: (args) => `${args?.property ?? 'the date'} is too late`,
      },
    },
    options,
  );
}

/** The pipe that reads the service's time source once per input and leaves it for `validationTime`. */
class TimedValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly time: TimeSource,
  ) {
    super(options);
  }

  protected override validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> | ValidationError[] {
    stamp(object, this.time.now(), new WeakSet());
    return super.validate(object, validatorOptions);
  }
}

/**
 * Validates GraphQL inputs and reports every field at fault at once. Rules relative to
 * the present read `time` (the service's time source) through `validationTime`.
 */
export function createValidationPipe(time: TimeSource = SYSTEM_TIME): ValidationPipe {
  return new TimedValidationPipe(
    {
      transform: true,
      whitelist: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new ValidationFailedError(flatten(errors, 'input')),
    },
    time,
  );
}
