import { ValueTransformer } from 'typeorm';

/**
 * Money is stored as integer fen (分, 1/100 yuan) in `bigint` columns, which the
 * driver returns as strings; the entities hold `bigint`, so no amount ever passes
 * through a floating-point number.
 */
export const fenTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined): string | null | undefined => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | number | null | undefined): bigint | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`not an integer amount of fen: ${value}`);
    if (typeof value === 'string' && !/^-?\d+$/.test(value)) throw new Error(`not an integer amount of fen: ${value}`);
    return BigInt(value);
  },
};
