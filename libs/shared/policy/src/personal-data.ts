import { isStaff, mayActFor, type Principal } from '@yekuo/platform/core';
import type { Role } from '@yekuo/events';

export type PersonalField = 'name' | 'phone' | 'idNumber' | 'siteAddress';

/**
 * Staff roles that see a personal field in full, because their work needs it; every other
 * staff role sees it masked. The customer and their agents always see the customer's own
 * data in full. Policy as data: change this table, not the resolvers.
 *
 * | field       | in full for                                                              | why                                              |
 * |-------------|--------------------------------------------------------------------------|--------------------------------------------------|
 * | name        | intake-clerk, contract-officer, auditor                                  | checks identity; names the contract party; audits |
 * | phone       | intake-clerk, surveyor, metering-technician                              | calls the customer; makes site appointments      |
 * | idNumber    | intake-clerk, auditor                                                    | checks the identity document; audits             |
 * | siteAddress | intake-clerk, surveyor, planner, inspector, metering-technician, auditor | goes to or plans for the site                    |
 */
export const PERSONAL_DATA_IN_FULL: Readonly<Record<PersonalField, readonly Role[]>> = {
  name: ['intake-clerk', 'contract-officer', 'auditor'],
  phone: ['intake-clerk', 'surveyor', 'metering-technician'],
  idNumber: ['intake-clerk', 'auditor'],
  siteAddress: ['intake-clerk', 'surveyor', 'planner', 'inspector', 'metering-technician', 'auditor'],
};

const chars = (value: string) => Array.from(value);

/** 张三 → 张*, 王小明 → 王**, Acme Ltd → A*******: the first character only. */
export function maskName(name: string): string {
  const c = chars(name.trim());
  if (c.length <= 1) return '*';
  return c[0] + '*'.repeat(Math.min(c.length - 1, 8));
}

/** 13812345678 → 138****5678; short numbers keep only the last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 2) + digits.slice(-2);
}

/** 310104198805056666 → 310***********6666: the issuing region and the last four. */
export function maskIdNumber(idNumber: string): string {
  const c = chars(idNumber);
  if (c.length <= 7) return '*'.repeat(c.length);
  return c.slice(0, 3).join('') + '*'.repeat(c.length - 7) + c.slice(-4).join('');
}

/** 上海市徐汇区漕溪北路88号 → 上海市徐汇区****: the district is enough to route work. */
export function maskAddress(address: string): string {
  const c = chars(address.trim());
  const district = /^(.{2,}?[省市])?(.{1,}?[市州盟])?(.{1,}?[区县旗])/u.exec(address.trim());
  const keep = district ? chars(district[0]).length : Math.min(6, Math.floor(c.length / 2));
  return keep >= c.length ? c.join('') : `${c.slice(0, keep).join('')}****`;
}

const MASKS: Record<PersonalField, (value: string) => string> = {
  name: maskName,
  phone: maskPhone,
  idNumber: maskIdNumber,
  siteAddress: maskAddress,
};

/** Whether `principal` sees `field` of `customerId`'s data in full. */
export function seesInFull(principal: Principal, field: PersonalField, customerId: string): boolean {
  if (!isStaff(principal)) return mayActFor(principal, customerId);
  return principal.roles.some((role) => PERSONAL_DATA_IN_FULL[field].includes(role));
}

/** The value as `principal` may see it. */
export function reveal(principal: Principal, field: PersonalField, customerId: string, value: string): string {
  return seesInFull(principal, field, customerId) ? value : MASKS[field](value);
}
