// The rules every value from outside meets before the code acting on it sees it: ids are
// UUIDs, text has no control characters, dates are real and within a sane range, numbers
// are finite and bounded. Framework-free: the validation pipe, cursors and the services' own
// rules read the same functions.

/** A UUID as the databases store them (any version, either case). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID (`6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a10`). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. Never allowed in text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Tab, line feed and carriage return: allowed in multi-line text (messages, comments, reasons) only. */
const LINE_CHARACTERS = /[\t\n\r]/;

/** Half of a UTF-16 surrogate pair without its other half: no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextProblem = 'control' | 'line' | 'unicode';

/**
 * What is wrong with text typed by a person, or undefined: `control` for NUL, ESC and the
 * like (never allowed), `line` for a tab or line break in a single-line field, `unicode` for a
 * lone surrogate (JSON may escape one, `"\ud800"`, but it is no character: PostgreSQL refuses it
 * in JSON, and validators that encode the text throw on it).
 */
export function textProblem(value: string, multiline: boolean): TextProblem | undefined {
  if (CONTROL_CHARACTERS.test(value)) return 'control';
  if (LONE_SURROGATE.test(value)) return 'unicode';
  if (!multiline && LINE_CHARACTERS.test(value)) return 'line';
  return undefined;
}

/** The message for a `textProblem` of field `what`. */
export function textProblemMessage(what: string, problem: TextProblem): string {
  if (problem === 'control') return `${what} must not contain control characters`;
  if (problem === 'unicode') return `${what} must be well-formed Unicode text (a lone surrogate is no character)`;
  return `${what} must be one line, without line breaks or tabs`;
}

/** The earliest instant an input may name unless its field says otherwise. */
export const EARLIEST_DATE = new Date('2000-01-01T00:00:00.000Z');
/** The first instant an input may no longer name unless its field says otherwise (dates run to the end of 2099). */
export const DATE_LIMIT = new Date('2100-01-01T00:00:00.000Z');

/** Whether `date` is a valid date from EARLIEST_DATE up to (not including) DATE_LIMIT. */
export function isDateInRange(date: Date): boolean {
  const time = date.getTime();
  return !Number.isNaN(time) && time >= EARLIEST_DATE.getTime() && time < DATE_LIMIT.getTime();
}

/** The message for a date outside the range, or not a real date. */
export function dateRangeMessage(what: string): string {
  return `${what} must be a real date from 2000-01-01 to 2099-12-31`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0);
}

/** What is wrong with a calendar day given as `YYYY-MM-DD` (a real day from 2000 to 2099), or undefined. */
export function dayProblem(value: unknown, what = 'the date'): string | undefined {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return `${what} must be a date YYYY-MM-DD`;
  const [year, month, day] = match.slice(1).map(Number);
  if (!isRealDay(year, month, day)) return `${what} must be a real calendar date`;
  if (year < 2000 || year > 2099) return dateRangeMessage(what);
  return undefined;
}

/** ISO 8601 date or date-time: `2026-03-01`, `2026-03-01T08:00:00Z`, `2026-03-01T08:00:00.123+08:00`. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Reads an ISO 8601 date or date-time strictly: an impossible day (`2026-02-30`), hour or
 * minute gives an invalid Date instead of the next valid one, as `new Date()` would.
 * (PostgreSQL's own text form, `2026-03-01 08:00:00.123456+00`, is read too.)
 */
export function parseIsoDateTime(value: string): Date {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return new Date(NaN);
  const [year, month, day] = match.slice(1, 4).map(Number);
  const [hour, minute, second] = match.slice(4, 7).map((part) => (part === undefined ? 0 : Number(part)));
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return new Date(NaN);
  const zone = match[7];
  if (zone && zone.toUpperCase() !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(-2)) > 59)) return new Date(NaN);
  // Date parses ISO 8601 itself once the parts are known to be real; PostgreSQL's space and
  // its "+00" and "+0530" offsets are written out in full first.
  const local = (zone ? value.slice(0, -zone.length) : value).replace(' ', 'T');
  const offset = !zone || zone.toUpperCase() === 'Z' ? (zone ?? '') : `${zone.slice(0, 3)}:${zone.length > 3 ? zone.slice(-2) : '00'}`;
  return new Date(local + offset);
}

/** Whether `value` is an ISO 8601 date-time naming a real instant within the date range (for keyset cursors). */
export function isInstantText(value: unknown): value is string {
  return typeof value === 'string' && isDateInRange(parseIsoDateTime(value));
}

/** The largest magnitude of a number in an input unless its field sets a smaller bound. */
export const MAX_INPUT_NUMBER = 1_000_000_000;

/** What is wrong with a number in an input (not finite, or beyond ±MAX_INPUT_NUMBER), or undefined. */
export function numberProblem(value: number, what: string): string | undefined {
  return Number.isFinite(value) && Math.abs(value) <= MAX_INPUT_NUMBER
    ? undefined
    : `${what} must be a number from -${MAX_INPUT_NUMBER} to ${MAX_INPUT_NUMBER}`;
}

/**
 * How many decimal places a finite number has, written in exponent form or not (`12.3456` has 4,
 * `1.5e-7` has 8, `5e-324` has 324). class-validator's `maxDecimalPlaces` reads only what follows
 * a `.`: it counts 1 for `1.5e-7` and throws (an internal error) on `1e-7`.
 */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}
