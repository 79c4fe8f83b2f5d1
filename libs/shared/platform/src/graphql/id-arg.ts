import { ArgumentMetadata, Injectable, PipeTransform, Type } from '@nestjs/common';
import { Args, ArgsOptions, ID } from '@nestjs/graphql';
import { ValidationFailedError } from '../errors/domain-error';
import { isUuid } from '../errors/input-rules';
import { createValidationPipe } from '../errors/validation';
import { SYSTEM_TIME } from '../service/time-source';

/** Refuses an id argument that is not a UUID as VALIDATION_FAILED naming the argument (PostgreSQL never sees it). */
@Injectable()
export class UuidArgPipe implements PipeTransform<unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === undefined || value === null || isUuid(value)) return value;
    const field = metadata.data ?? 'id';
    throw new ValidationFailedError([{ field, message: `${field} must be a UUID` }]);
  }
}

/**
 * An `ID` argument of a query or mutation, checked to be a UUID (every id the services hand
 * out is one): `case(@IdArg('id') id: string)`. The graph still says `ID`.
 */
export function IdArg(name: string, options: Omit<ArgsOptions, 'type' | 'name'> = {}): ParameterDecorator {
  return Args(name, { ...options, type: () => ID }, UuidArgPipe);
}

/** Validates an optional input argument against the class it is declared with, which the global pipe cannot see. */
export class OptionalInputPipe implements PipeTransform<unknown> {
  private readonly pipe: PipeTransform<unknown>;

  /** Faults are named under `name` (`filter.customerName`). */
  constructor(
    private readonly type: () => Type<unknown>,
    name: string,
  ) {
    this.pipe = createValidationPipe(SYSTEM_TIME, name);
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === undefined || value === null) return value;
    // Validated as a whole input (as the global pipe validates `input`), whatever kind of parameter it is.
    return this.pipe.transform(value, { ...metadata, type: 'body', metatype: this.type() });
  }
}

/**
 * An optional input-object argument (a list's `filter`), validated by the rules of its class,
 * its faults named after the argument (`filter.customerName`).
 * A parameter typed `CaseFilter | undefined` is recorded as `Object`, so the global validation
 * pipe would take it for a plain object and check none of its rules; this names the class.
 * (Its rules are not relative to the present: it is judged by the system clock.)
 */
export function OptionalInputArg(
  name: string,
  type: () => Type<unknown>,
  options: Omit<ArgsOptions, 'type' | 'nullable'> = {},
): ParameterDecorator {
  return Args(name, { ...options, type, nullable: true }, new OptionalInputPipe(type, name));
}
