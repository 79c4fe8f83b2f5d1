import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, MaxLength, ValidateBy, ValidationArguments } from 'class-validator';

/** Control characters (C0 except tab, line feed and carriage return; DEL; C1) never belong in text input. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Whether `value` is text a person typed: something besides spaces, and no control characters. */
export function isCleanText(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0 && !CONTROL_CHARACTERS.test(value);
}

export interface TextOptions {
  /** The most characters accepted. */
  max: number;
  /** The field may be left out (or null). */
  optional?: boolean;
  /** The field is a list and every entry is such a text. */
  each?: boolean;
}

function message(args: ValidationArguments, each: boolean): string {
  const what = each ? `each of ${args.property}` : args.property;
  const values = each && Array.isArray(args.value) ? (args.value as unknown[]) : [args.value];
  return values.some((v) => typeof v === 'string' && CONTROL_CHARACTERS.test(v))
    ? `${what} must not contain control characters`
    : `${what} must not be blank`;
}

/**
 * The one rule for free text in an input: a string that is not blank once trimmed, at most
 * `max` characters, without NUL or other control characters (line breaks and tabs are fine).
 * Each violation is reported on the field (`input.reason must not be blank`).
 */
export function Text(options: TextOptions): PropertyDecorator {
  const each = options.each ?? false;
  return applyDecorators(
    ...(options.optional ? [IsOptional()] : []),
    IsString({ each }),
    ValidateBy(
      {
        name: 'isCleanText',
        validator: {
          validate: (value: unknown) => isCleanText(value),
          defaultMessage: (args) => message(args as ValidationArguments, each),
        },
      },
      { each },
    ),
    MaxLength(options.max, { each }),
  );
}
