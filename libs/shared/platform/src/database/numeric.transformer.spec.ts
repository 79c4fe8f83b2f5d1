import { numericTransformer } from './numeric.transformer';

describe('numericTransformer', () => {
  it('reads numeric strings from the driver as numbers', () => {
    expect(numericTransformer.from('630')).toBe(630);
    expect(numericTransformer.from('12.5')).toBe(12.5);
    expect(numericTransformer.from(8)).toBe(8);
  });

  it('keeps NULL as null', () => {
    expect(numericTransformer.from(null)).toBeNull();
    expect(numericTransformer.from(undefined)).toBeNull();
  });

  it('refuses a value that is not a finite number', () => {
    expect(() => numericTransformer.from('abc')).toThrow('not a finite number: abc');
  });

  it('writes numbers unchanged', () => {
    expect(numericTransformer.to(630)).toBe(630);
    expect(numericTransformer.to(null)).toBeNull();
  });
});
