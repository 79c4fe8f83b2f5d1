import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidationArguments, ValidationOptions, ValidatorOptions } from 'class-validator';
import { isMultiLine } from '../graphql/text';
import { SYSTEM_TIME, TimeSource } from '../service/time-source';
import { FieldError, ValidationFailedError } from './domain-error';
import { dateRangeMessage, dayProblem, decimalPlaces, isDateInRange, numberProblem, textProblem, textProblemMessage } from './input-rules';

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

/** A calendar day `YYYY-MM-DD`: a real day from 2000-01-01 to 2099-12-31 (`2026-02-30` and `9999-12-31` are refused). */
export function IsDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDay',
      validator: {
        validate: (value: unknown) => dayProblem(value) === undefined,
        defaultMessage: (args) => dayProblem(args?.value, args?.property) ?? 'the date is invalid',
      },
    },
    options,
  );
}

/**
 * A number with at most `max` decimal places (`decimalPlaces`); anything else is left to the
 * field's own type rule. Use it instead of class-validator's `maxDecimalPlaces`, which throws on
 * numbers JavaScript writes in exponent form (`1e-7`).
 */
export function MaxDecimals(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxDecimals',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'number' || decimalPlaces(value) <= max,
        defaultMessage: (args) => `${args?.property ?? 'the number'} must have at most ${max} decimals`,
      },
    },
    options,
  );
}

/**
 * What the boundary refuses in any value of an input, whatever rules its field declares: a
 * string with control characters (or, unless the field is `@MultiLine`/`@Text({ multiline })`,
 * a tab or line break), a number that is not finite or beyond ±MAX_INPUT_NUMBER, a date that
 * is not real or outside 2000–2099.
 */
function boundaryProblem(holder: object, property: string, value: unknown, what = property): string | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value, isMultiLine(holder, property));
    return problem && textProblemMessage(what, problem);
  }
  if (typeof value === 'number') return numberProblem(value, what);
  if (value instanceof Date) return isDateInRange(value) ? undefined : dateRangeMessage(what);
  return undefined;
}

function errorFor(errors: ValidationError[], property: string, value: unknown): ValidationError {
  const found = errors.find((e) => e.property === property);
  if (found) return found;
  const error: ValidationError = { property, value, children: [] };
  errors.push(error);
  return error;
}

/**
 * Adds the boundary's faults (`boundaryProblem`) of every value in `object`, at any depth, to
 * class-validator's `errors` of it; a property at fault by its own rules already is left as is.
 */
function addBoundaryFaults(object: object, errors: ValidationError[]): ValidationError[] {
  for (const [property, value] of Object.entries(object) as [string, unknown][]) {
    const existing = errors.find((e) => e.property === property);
    if (existing?.constraints && Object.keys(existing.constraints).length > 0) continue;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        if (item !== null && typeof item === 'object' && !(item instanceof Date)) {
          // class-validator keys the errors of a list's entries by their index.
          const holder = errorFor(errors, property, value);
          const entry = errorFor((holder.children ??= []), String(index), item);
          entry.children = addBoundaryFaults(item, entry.children ?? []);
          holder.children = holder.children.filter(hasFaults);
          return;
        }
        const problem = boundaryProblem(object, property, item, `each of ${property}`);
        if (problem) errorFor(errors, property, value).constraints ??= { boundary: problem };
      });
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const holder = errorFor(errors, property, value);
      holder.children = addBoundaryFaults(value, holder.children ?? []);
    } else {
      const problem = boundaryProblem(object, property, value);
      if (problem) errorFor(errors, property, value).constraints = { boundary: problem };
    }
  }
  // Holders made for nested values that turned out clean are dropped again.
  return errors.filter(hasFaults);
}

/** A plain object (or list) as GraphQL hands an input over, not a Date or another class's instance. */
function isPlainInput(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function hasFaults(error: ValidationError): boolean {
  return Object.keys(error.constraints ?? {}).length > 0 || (error.children?.length ?? 0) > 0;
}

/**
 * The pipe that reads the service's time source once per input and leaves it for
 * `validationTime`, and holds every value of an input, and every text argument, to the
 * boundary's rules (`boundaryProblem`) besides the rules of its class.
 */
class TimedValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly time: TimeSource,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A named text argument (`caseByNumber(number)`, `after`): GraphQL hands it over as it came.
    if (typeof value === 'string' && typeof metadata.data === 'string') {
      const problem = textProblem(value, false);
      if (problem) throw new ValidationFailedError([{ field: metadata.data, message: textProblemMessage(metadata.data, problem) }]);
    }
    // A named input argument whose class was not recorded (`filter: CaseFilter | undefined` is
    // `Object` to reflection): its values still meet the boundary's rules (`OptionalInputArg`
    // names the class, so that its own rules apply too).
    if ((metadata.metatype === Object || metadata.metatype === undefined) && typeof metadata.data === 'string' && isPlainInput(value)) {
      const faults = flatten(addBoundaryFaults(value, []), metadata.data);
      if (faults.length > 0) throw new ValidationFailedError(faults);
    }
    return (await super.transform(value, metadata)) as unknown;
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    stamp(object, this.time.now(), new WeakSet());
    let errors: ValidationError[];
    try {
      errors = await super.validate(object, validatorOptions);
    } catch (error) {
      // A class rule that throws on a value the boundary refuses anyway (validator.js's isEmail
      // on a lone surrogate throws URIError) answers with the boundary's faults.
      const boundary = addBoundaryFaults(object, []);
      if (boundary.length > 0) return boundary;
      throw error;
    }
    return addBoundaryFaults(object, errors);
  }
}

/**
 * Validates GraphQL inputs and reports every field at fault at once, each named under
 * `prefix` (`input.capacityKva`). Rules relative to the present read `time` (the service's
 * time source) through `validationTime`.
 */
export function createValidationPipe(time: TimeSource = SYSTEM_TIME, prefix = 'input'): ValidationPipe {
  return new TimedValidationPipe(
    {
      transform: true,
      whitelist: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new ValidationFailedError(flatten(errors, prefix)),
    },
    time,
  );
}
