import {
  dayProblem,
  decimalPlaces,
  isDateInRange,
  isInstantText,
  isUuid,
  numberProblem,
  parseIsoDateTime,
  textProblem,
} from './input-rules';

describe('the input rules of the boundary', () => {
  it('knows a UUID from anything PostgreSQL would refuse as one', () => {
    expect(isUuid('6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a10')).toBe(true);
    expect(isUuid('6F1C1C2E-7F1B-4F7E-9A51-2B8E4C3D2A10')).toBe(true);
    for (const forged of [
      'not-a-uuid',
      '------------------------------------',
      '6f1c1c2e7f1b4f7e9a512b8e4c3d2a10',
      '6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a1g',
      '',
      42,
      null,
    ]) {
      expect(isUuid(forged)).toBe(false);
    }
  });

  it('refuses control characters always, and tabs and line breaks outside multi-line text', () => {
    expect(textProblem('上海市徐汇区漕溪北路88号', false)).toBeUndefined();
    expect(textProblem('a\u0000b', true)).toBe('control');
    expect(textProblem('a\u001bb', true)).toBe('control');
    expect(textProblem('a\u007fb', true)).toBe('control');
    expect(textProblem('a\u0085b', true)).toBe('control');
    expect(textProblem('two\nlines', false)).toBe('line');
    expect(textProblem('a\tb', false)).toBe('line');
    expect(textProblem('two\r\nlines\tand a tab', true)).toBeUndefined();
  });

  it('refuses a lone surrogate, and takes characters beyond the basic plane', () => {
    expect(textProblem('\ud800', false)).toBe('unicode');
    expect(textProblem('a\udc00b', true)).toBe('unicode');
    expect(textProblem('\udc00\ud800', false)).toBe('unicode');
    expect(textProblem('𠀋 U+2000B and 😀', false)).toBeUndefined();
  });

  it.each([
    ['2026-02-28', undefined],
    ['2024-02-29', undefined],
    ['2000-01-01', undefined],
    ['2099-12-31', undefined],
    ['2026-02-30', 'wantedDate must be a real calendar date'],
    ['2026-02-29', 'wantedDate must be a real calendar date'],
    ['2026-13-01', 'wantedDate must be a real calendar date'],
    ['2026-04-31', 'wantedDate must be a real calendar date'],
    ['0001-01-01', 'wantedDate must be a real date from 2000-01-01 to 2099-12-31'],
    ['9999-12-31', 'wantedDate must be a real date from 2000-01-01 to 2099-12-31'],
    ['1999-12-31', 'wantedDate must be a real date from 2000-01-01 to 2099-12-31'],
    ['2026-3-1', 'wantedDate must be a date YYYY-MM-DD'],
    ['2026-03-01T00:00:00Z', 'wantedDate must be a date YYYY-MM-DD'],
    [20260301, 'wantedDate must be a date YYYY-MM-DD'],
  ])('reads the day %s as %s', (value, problem) => {
    expect(dayProblem(value, 'wantedDate')).toBe(problem);
  });

  it('reads ISO 8601 date-times strictly: an impossible day or hour is no date, not the next one', () => {
    expect(parseIsoDateTime('2026-03-01T08:00:00Z').toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(parseIsoDateTime('2026-03-01T08:00:00.123+08:00').toISOString()).toBe('2026-03-01T00:00:00.123Z');
    expect(parseIsoDateTime('2026-03-01').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    // PostgreSQL's own text form of a timestamptz, as keyset cursors carry it.
    expect(parseIsoDateTime('2026-03-01 08:00:00.123456+00').toISOString()).toBe('2026-03-01T08:00:00.123Z');
    expect(parseIsoDateTime('2026-03-01 08:00:00+0530').toISOString()).toBe('2026-03-01T02:30:00.000Z');
    for (const impossible of [
      '2026-02-30T00:00:00Z',
      '2026-02-29',
      '2026-03-01T24:00:00Z',
      '2026-03-01T08:60:00Z',
      'Tue Mar 03 2026',
      '1772352000000',
      '',
    ]) {
      expect(Number.isNaN(parseIsoDateTime(impossible).getTime())).toBe(true);
    }
  });

  it('takes a keyset instant only when it is real and within 2000–2099', () => {
    expect(isInstantText('2026-03-01 08:00:00.123456+00')).toBe(true);
    expect(isInstantText('2026-02-30 08:00:00+00')).toBe(false);
    expect(isInstantText('0001-01-01T00:00:00Z')).toBe(false);
    expect(isInstantText('9999-12-31T00:00:00Z')).toBe(false);
    expect(isInstantText(['2026-03-01'])).toBe(false);
    expect(isDateInRange(new Date('2100-01-01T00:00:00Z'))).toBe(false);
    expect(isDateInRange(new Date('2099-12-31T23:59:59Z'))).toBe(true);
    expect(isDateInRange(new Date(NaN))).toBe(false);
  });

  it('bounds every number: finite and within ±1e9', () => {
    expect(numberProblem(1_000_000_000, 'reading')).toBeUndefined();
    expect(numberProblem(-12.5, 'delta')).toBeUndefined();
    expect(numberProblem(1e308, 'capacityKva')).toBe('capacityKva must be a number from -1000000000 to 1000000000');
    expect(numberProblem(Number.POSITIVE_INFINITY, 'capacityKva')).toBeDefined();
    expect(numberProblem(Number.NaN, 'capacityKva')).toBeDefined();
  });

  it('counts the decimal places of a number JavaScript writes in exponent form', () => {
    expect(decimalPlaces(12.3456)).toBe(4);
    expect(decimalPlaces(60)).toBe(0);
    expect(decimalPlaces(1e21)).toBe(0);
    expect(decimalPlaces(1e-7)).toBe(7);
    expect(decimalPlaces(1.5e-7)).toBe(8);
    expect(decimalPlaces(Number.MIN_VALUE)).toBe(324);
  });
});
