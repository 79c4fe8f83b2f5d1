import { exactDecimal, formatDecimal, formatYuan, multiplyDecimals, parseYuan, timesQuantity } from './money';

describe('parseYuan', () => {
  it.each([
    ['12600.00', 1_260_000n],
    ['12600', 1_260_000n],
    ['0.1', 10n],
    ['0.01', 1n],
    ['168000.5', 16_800_050n],
    ['0', 0n],
    ['9999999999999.99', 999_999_999_999_999n],
  ])('reads %s as %s fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each(['', ' 1', '1 ', '-1', '+1', '1.234', '1.', '.5', '1e3', '1,000.00', 'abc', '12.3.4', '10000000000000'])('refuses %j', (text) => {
    expect(parseYuan(text)).toBeNull();
  });

  it('does not lose a fen where floating point would (0.1 + 0.2)', () => {
    expect(parseYuan('0.10')! + parseYuan('0.20')!).toBe(parseYuan('0.30'));
  });
});

describe('formatYuan', () => {
  it.each([
    [0n, '0.00'],
    [1n, '0.01'],
    [10n, '0.10'],
    [1_260_000n, '12600.00'],
    [16_800_000n, '168000.00'],
    [-150n, '-1.50'],
    [999_999_999_999_999_999n, '9999999999999999.99'],
  ])('writes %s fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('round-trips with parseYuan', () => {
    for (const text of ['0.00', '0.05', '12600.00', '168000.00', '4321.99']) expect(formatYuan(parseYuan(text)!)).toBe(text);
  });
});

describe('exact decimals of quantities', () => {
  it.each([
    [800, 800n, 0],
    [1250.5, 12505n, 1],
    [0.1, 1n, 1],
    [630.25, 63025n, 2],
    [1e21, 10n ** 21n, 0],
    [1e-7, 1n, 7],
  ])('%s is %s / 10^%s', (value, units, scale) => {
    expect(exactDecimal(value)).toEqual({ units, scale });
  });

  it('refuses negative and non-finite quantities', () => {
    expect(() => exactDecimal(-1)).toThrow(RangeError);
    expect(() => exactDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => exactDecimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('multiplies and writes decimals exactly', () => {
    expect(formatDecimal(multiplyDecimals(exactDecimal(1250.5), exactDecimal(2)))).toBe('2501');
    expect(formatDecimal(exactDecimal(0.1))).toBe('0.1');
    expect(formatDecimal(exactDecimal(630.25))).toBe('630.25');
    expect(formatDecimal(exactDecimal(800))).toBe('800');
    expect(formatDecimal({ units: 5n, scale: 3 })).toBe('0.005');
  });
});

describe('timesQuantity', () => {
  it('multiplies a rate in fen by a decimal quantity exactly', () => {
    expect(timesQuantity(21_000n, exactDecimal(800))).toBe(16_800_000n);
    expect(timesQuantity(21_000n, exactDecimal(1250.5))).toBe(26_260_500n);
    // 0.1 kVA × 0.29 CNY: binary floating point gives 0.028999…; exact is 2.9 fen → 3 fen.
    expect(timesQuantity(29n, exactDecimal(0.1))).toBe(3n);
  });

  it('rounds half up to the fen', () => {
    expect(timesQuantity(1n, { units: 5n, scale: 1 })).toBe(1n); // 0.5 fen → 1
    expect(timesQuantity(1n, { units: 49n, scale: 2 })).toBe(0n); // 0.49 fen → 0
    expect(timesQuantity(3n, { units: 5n, scale: 1 })).toBe(2n); // 1.5 fen → 2
  });

  it('refuses a negative rate', () => {
    expect(() => timesQuantity(-1n, exactDecimal(1))).toThrow(RangeError);
  });
});
