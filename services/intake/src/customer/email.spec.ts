import type { Principal } from '@yekuo/platform';
import type { Role } from '@yekuo/events';
import { maskEmail, revealEmail } from './email';

const principal = (roles: Role[], sub = 'u1', actsFor: string[] = []): Principal => ({ sub, roles, regions: [], actsFor });
const CUSTOMER = '11111111-1111-4111-8111-111111111111';

describe('email masking', () => {
  it.each([
    ['zhang.san@example.com', 'z***@example.com'],
    ['z@example.com', '*@example.com'],
    ['张三@例子.中国', '张***@例子.中国'],
    ['a.very.long.mailbox.name@mail.example.cn', 'a***@mail.example.cn'],
    ['no-at-sign', '***'],
  ])('%s → %s', (email, masked) => expect(maskEmail(email)).toBe(masked));

  it('never tells how long the mailbox is', () => {
    expect(maskEmail('ab@example.com')).toBe(maskEmail('abcdefghij@example.com'));
  });
});

describe('revealEmail, by the phone’s row of the visibility table', () => {
  it('shows the customer and their agent their own email in full', () => {
    expect(revealEmail(principal(['customer'], CUSTOMER), CUSTOMER, 'zhang@example.com')).toBe('zhang@example.com');
    expect(revealEmail(principal(['agent'], 'a1', [CUSTOMER]), CUSTOMER, 'zhang@example.com')).toBe('zhang@example.com');
    expect(revealEmail(principal(['agent'], 'a1', []), CUSTOMER, 'zhang@example.com')).toBe('z***@example.com');
  });

  it('shows staff who contact the customer the email in full and masks it for the rest', () => {
    for (const role of ['intake-clerk', 'surveyor', 'metering-technician'] as const) {
      expect(revealEmail(principal([role]), CUSTOMER, 'zhang@example.com')).toBe('zhang@example.com');
    }
    for (const role of ['supervisor', 'planner', 'auditor', 'contract-officer'] as const) {
      expect(revealEmail(principal([role]), CUSTOMER, 'zhang@example.com')).toBe('z***@example.com');
    }
  });
});
