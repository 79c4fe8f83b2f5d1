/**
 * Money in integer fen (分, 1/100 yuan) as `bigint`: parsed from and published as
 * yuan strings with two decimals ("12600.00"); never a floating-point number in
 * arithmetic.
 */
export type Fen = bigint;

export const CURRENCY = 'CNY';

/** An amount in yuan as clients write it: digits, optionally a point and one or two decimals. */
export const YUAN_PATTERN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** The amount in fen of a yuan string, or null when it is not one (no sign, no exponent, at most two decimals). */
export function parseYuan(text: string): Fen | null {
  const match = YUAN_PATTERN.exec(text);
  if (!match) return null;
  const [, whole, decimals = ''] = match;
  return BigInt(whole) * 100n + BigInt(decimals.padEnd(2, '0'));
}

/** "12600.00" for 1 260 000 fen. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A decimal quantity as `units / 10^scale`, exactly. */
export interface ExactDecimal {
  units: bigint;
  scale: number;
}

/**
 * The exact decimal a JSON number was written as (its shortest round-trip form,
 * e.g. 1250.5 → 12505 / 10^1), so rates are multiplied without binary fractions.
 */
export function exactDecimal(value: number): ExactDecimal {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a non-negative finite quantity: ${value}`);
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(value));
  if (!match) throw new RangeError(`cannot read ${value} as a decimal`);
  const [, whole, fraction = '', exponent = '0'] = match;
  let units = BigInt(whole + fraction);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

/** `rate × quantity`, rounded half up to the fen. */
export function timesQuantity(rate: Fen, quantity: ExactDecimal): Fen {
  if (rate < 0n) throw new RangeError('a rate cannot be negative');
  const divisor = 10n ** BigInt(quantity.scale);
  return (rate * quantity.units * 2n + divisor) / (2n * divisor);
}

/** `a × b` of two exact decimals. */
export function multiplyDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** An exact decimal written out ("800", "1250.5"). */
export function formatDecimal({ units, scale }: ExactDecimal): string {
  if (scale === 0) return units.toString();
  const digits = units.toString().padStart(scale + 1, '0');
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  return fraction ? `${digits.slice(0, -scale)}.${fraction}` : digits.slice(0, -scale);
}
