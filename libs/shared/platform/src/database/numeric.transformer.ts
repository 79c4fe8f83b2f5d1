import { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL `numeric` arrives from the driver as a string (to keep precision);
 * capacities, readings and the like are small decimals, so entities read and write numbers.
 */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null | undefined): number | null => {
    if (value === null || value === undefined) return null;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new Error(`not a finite number: ${String(value)}`);
    return parsed;
  },
};
