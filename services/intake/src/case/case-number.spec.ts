import { formatCaseNumber, numberingYear } from './case-number';

describe('case numbers', () => {
  it('pads the sequence to six digits', () => {
    expect(formatCaseNumber(2026, 1)).toBe('YK-2026-000001');
    expect(formatCaseNumber(2026, 123456)).toBe('YK-2026-123456');
  });

  it('numbers by the calendar year in China Standard Time', () => {
    expect(numberingYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(numberingYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});
