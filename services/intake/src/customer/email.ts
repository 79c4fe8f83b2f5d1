import type { Principal } from '@yekuo/platform';
import { seesInFull } from '@yekuo/policy';

/** The longest address SMTP carries (RFC 5321's path limit less its brackets). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * zhang.san@example.com → z***@example.com: the first character of the mailbox and the domain,
 * never how long the mailbox is. The domain alone says little more than a phone's prefix does.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  const mailbox = Array.from(email.slice(0, at));
  return `${mailbox.length > 1 ? `${mailbox[0]}***` : '*'}${email.slice(at)}`;
}

/**
 * The email as `principal` may see it. Email is the customer's other contact channel, so it is
 * shown in full to whoever sees the phone in full (staff who contact the customer, the customer
 * and their agents) and masked for everyone else.
 */
export function revealEmail(principal: Principal, customerId: string, email: string): string {
  return seesInFull(principal, 'phone', customerId) ? email : maskEmail(email);
}
