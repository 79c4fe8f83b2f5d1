import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, MaxLength, ValidateBy, ValidationArguments } from 'class-validator';
import { textProblem, textProblemMessage } from '../errors/input-rules';

/** Where `@Text({ multiline: true })` (or `@MultiLine()`) marks a property whose text may hold line breaks and tabs. */
const MULTILINE = Symbol('yekuo:multiline');

/** Marks a text property as multi-line (messages, comments, reasons): line breaks and tabs are allowed in it. */
export function MultiLine(): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(MULTILINE, true, target, property);
}

/** Whether `property` of `object` (an input class instance) was marked multi-line. */
export function isMultiLine(object: object, property: string): boolean {
  return Reflect.getMetadata(MULTILINE, object, property) === true;
}

/**
 * Whether `value` is text a person typed: something besides spaces, and no control
 * characters (tabs and line breaks only when `multiline`).
 */
export function isCleanText(value: unknown, multiline = false): boolean {
  return typeof value === 'string' && value.trim().length > 0 && textProblem(value, multiline) === undefined;
}

export interface TextOptions {
  /** The most characters accepted. */
  max: number;
  /** The field may be left out (or null). */
  optional?: boolean;
  /** The field is a list and every entry is such a text. */
  each?: boolean;
  /** Line breaks and tabs are allowed (messages, comments, reasons); other text is one line. */
  multiline?: boolean;
}

function message(args: ValidationArguments, each: boolean, multiline: boolean): string {
  const what = each ? `each of ${args.property}` : args.property;
  const values = each && Array.isArray(args.value) ? (args.value as unknown[]) : [args.value];
  for (const value of values) {
    const problem = typeof value === 'string' ? textProblem(value, multiline) : undefined;
    if (problem) return textProblemMessage(what, problem);
  }
  return `${what} must not be blank`;
}

/**
 * The one rule for free text in an input: a string that is not blank once trimmed, at most
 * `max` characters, without NUL or other control characters; one line unless `multiline`
 * (then line breaks and tabs are fine). Each violation is reported on the field
 * (`input.reason must not be blank`). The validation pipe holds every other string of an
 * input to the same rule for control characters, so `multiline` is what lets a field hold lines.
 */
export function Text(options: TextOptions): PropertyDecorator {
  const each = options.each ?? false;
  const multiline = options.multiline ?? false;
  return applyDecorators(
    ...(options.optional ? [IsOptional()] : []),
    ...(multiline ? [MultiLine()] : []),
    IsString({ each }),
    ValidateBy(
      {
        name: 'isCleanText',
        validator: {
          validate: (value: unknown) => isCleanText(value, multiline),
          defaultMessage: (args) => message(args as ValidationArguments, each, multiline),
        },
      },
      { each },
    ),
    MaxLength(options.max, { each }),
  );
}
