import {
  applicantKindOf,
  applicantKindProblem,
  idNumberProblem,
  isValidResidentId,
  isValidUnifiedSocialCreditCode,
  residentIdCheckCharacter,
} from './identity';

const NOW = new Date('2026-03-03T02:00:00Z');

describe('identity numbers', () => {
  it('checks resident IDs by birth date and check character', () => {
    expect(isValidResidentId('31010419880505666X', NOW)).toBe(true);
    expect(isValidResidentId('310115199202020207', NOW)).toBe(true);
    expect(isValidResidentId('310104198805056666', NOW)).toBe(false); // wrong check character
    expect(isValidResidentId('310104198802306661', NOW)).toBe(false); // 30 February
    expect(isValidResidentId('31010419880505666', NOW)).toBe(false);
  });

  it('refuses a resident ID born after the time it is checked at', () => {
    const first17 = '31010420260401666'; // born 1 April 2026
    const id = first17 + residentIdCheckCharacter(first17);
    expect(isValidResidentId(id, NOW)).toBe(false);
    expect(isValidResidentId(id, new Date('2026-04-02T00:00:00Z'))).toBe(true);
    expect(idNumberProblem('RESIDENT_ID', id, NOW)).toMatch(/^is not a valid RESIDENT_ID number/);
  });

  it('checks unified social credit codes by their MOD 31 check character', () => {
    expect(isValidUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidUnifiedSocialCreditCode('91350100I000100Y43')).toBe(false); // I is not in the alphabet
  });

  it.each([
    ['RESIDENT_ID', '31010419880505666x', true],
    ['RESIDENT_ID', 'x', false],
    ['PASSPORT', 'E12345678', true],
    ['PASSPORT', 'E1', false],
    ['HK_MACAO_PERMIT', 'H12345678', true],
    ['HK_MACAO_PERMIT', 'X12345678', false],
    ['TAIWAN_PERMIT', '12345678', true],
    ['FOREIGN_PERMANENT_RESIDENT_ID', 'USA123456789012', true],
    ['UNIFIED_SOCIAL_CREDIT_CODE', '91350100M000100Y43', true],
    ['BUSINESS_LICENCE', '310115000123456', true],
    ['BUSINESS_LICENCE', '31011500012345', false],
    ['OTHER', 'AB-1234', true],
    ['OTHER', '1', false],
  ] as const)('%s %s valid: %s', (type, number, valid) => {
    expect(idNumberProblem(type, number, NOW) === undefined).toBe(valid);
  });

  it('says what the number should look like', () => {
    expect(idNumberProblem('PASSPORT', '1', NOW)).toBe('is not a valid PASSPORT number: 5 to 17 letters or digits');
  });

  it('derives person or enterprise from the ID type and refuses a contradiction', () => {
    expect(applicantKindOf('UNIFIED_SOCIAL_CREDIT_CODE')).toBe('ENTERPRISE');
    expect(applicantKindOf('RESIDENT_ID')).toBe('PERSON');
    expect(applicantKindOf('OTHER', 'ENTERPRISE')).toBe('ENTERPRISE');
    expect(applicantKindProblem('RESIDENT_ID', 'ENTERPRISE')).toBe('must be PERSON for RESIDENT_ID');
    expect(applicantKindProblem('OTHER', 'ENTERPRISE')).toBeUndefined();
  });
});
