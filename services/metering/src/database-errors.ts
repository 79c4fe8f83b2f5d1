import { QueryFailedError } from 'typeorm';

/** PostgreSQL unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** Whether `error` is PostgreSQL refusing a duplicate, on `constraint` when one is named. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && (constraint === undefined || driverError.constraint === constraint);
}
