import { fenTransformer } from './fen.transformer';

describe('fenTransformer', () => {
  it('reads bigint strings from the driver as bigint, beyond the safe integer range too', () => {
    expect(fenTransformer.from('16800000')).toBe(16_800_000n);
    expect(fenTransformer.from('0')).toBe(0n);
    expect(fenTransformer.from('90071992547409930')).toBe(90_071_992_547_409_930n);
    expect(fenTransformer.from(42)).toBe(42n);
  });

  it('keeps NULL as null', () => {
    expect(fenTransformer.from(null)).toBeNull();
    expect(fenTransformer.from(undefined)).toBeNull();
  });

  it('refuses anything that is not a whole number of fen', () => {
    expect(() => fenTransformer.from('12.5')).toThrow('not an integer amount of fen: 12.5');
    expect(() => fenTransformer.from('abc')).toThrow('not an integer amount of fen: abc');
    expect(() => fenTransformer.from(0.5)).toThrow('not an integer amount of fen: 0.5');
  });

  it('writes bigint as its exact decimal string', () => {
    expect(fenTransformer.to(16_800_000n)).toBe('16800000');
    expect(fenTransformer.to(90_071_992_547_409_930n)).toBe('90071992547409930');
    expect(fenTransformer.to(null)).toBeNull();
    expect(fenTransformer.to(undefined)).toBeUndefined();
  });
});
