import { dateRangeMessage, validationTime } from '@yekuo/platform';
import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/** The utility's civil time zone: "today" for a construction start is a date there. */
export const UTILITY_TIME_ZONE = 'Asia/Shanghai';

/** The date (YYYY-MM-DD) in `timeZone` at `now` (the service's time source). */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** What is wrong with a construction start date, or undefined when it is a real date no later than `today`. */
export function startedOnProblem(value: unknown, today: string): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'startedOn must be a date as YYYY-MM-DD';
  const [year, month, day] = value.split('-').map(Number);
  if (year < 2000) return dateRangeMessage('startedOn');
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'startedOn must be a real calendar date';
  }
  // Same fixed-width format: string order is date order.
  if (value > today) return `startedOn must not be in the future (today is ${today})`;
  return undefined;
}

/** class-validator decorator for `startedOnProblem` against today in the utility's time zone, by the service's time source. */
export function IsStartDate(options?: ValidationOptions): PropertyDecorator {
  const today = (args: ValidationArguments | undefined) => todayIn(UTILITY_TIME_ZONE, validationTime(args));
  return ValidateBy(
    {
      name: 'isStartDate',
      validator: {
        validate: (value: unknown, args) => startedOnProblem(value, today(args)) === undefined,
        defaultMessage: (args) => startedOnProblem(args?.value, today(args)) ?? 'startedOn is invalid',
      },
    },
    options,
  );
}
