import type { ValueTransformer } from 'typeorm';

const DATE_KEYS = new Set(['returnedAt', 'resubmittedAt', 'withdrawnAt', 'overriddenAt', 'rejectedAt']);

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, DATE_KEYS.has(key) && typeof item === 'string' ? new Date(item) : revive(item)]),
    );
  }
  return value;
}

/** jsonb keeps times as ISO strings; the graph serves them as DateTime, so they are read back as Dates. */
export const jsonbDates: ValueTransformer = {
  to: (value: unknown) => value,
  from: revive,
};
