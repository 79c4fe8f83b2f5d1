import { deriveCategory, VOLTAGE_LEVELS } from './category';

describe('deriveCategory', () => {
  it.each([
    ['AC220V', 'RESIDENTIAL', 1, 'LV_RESIDENTIAL'],
    ['AC380V', 'RESIDENTIAL', 1, 'LV_RESIDENTIAL'],
    ['AC380V', 'COMMERCIAL', 1, 'LV_NON_RESIDENTIAL'],
    ['AC220V', 'INDUSTRIAL', 1, 'LV_NON_RESIDENTIAL'],
    ['AC10KV', 'INDUSTRIAL', 1, 'HV_SINGLE_SOURCE'],
    ['AC10KV', 'RESIDENTIAL', 1, 'HV_SINGLE_SOURCE'],
    ['AC35KV', 'INDUSTRIAL', 2, 'HV_DUAL_SOURCE'],
    ['AC110KV', 'PUBLIC_SERVICE', 2, 'HV_DUAL_SOURCE'],
  ] as const)('%s %s with %d source(s) is %s', (voltage, usage, sources, expected) => {
    expect(deriveCategory(voltage, usage, sources)).toBe(expected);
  });

  it('puts every high voltage level in a high-voltage category', () => {
    const hv = VOLTAGE_LEVELS.filter((v) => v.endsWith('KV'));
    expect(hv.length).toBe(4);
    for (const level of hv) expect(deriveCategory(level, 'RESIDENTIAL', 1)).toBe('HV_SINGLE_SOURCE');
  });
});
