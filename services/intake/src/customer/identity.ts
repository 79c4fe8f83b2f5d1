import { validationTime } from '@yekuo/platform';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { normalizeIdNumber } from '../pii/pii-cipher';

export const APPLICANT_KINDS = ['PERSON', 'ENTERPRISE'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

interface IdTypeRule {
  kind: ApplicantKind | 'EITHER';
  /** What the number looks like, for the error message. */
  format: string;
  /** `now`: the birth date in a number must not lie after it. */
  valid: (normalized: string, now: Date) => boolean;
}

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** The check character of the first 17 characters of a resident ID (ISO 7064 MOD 11-2). */
export function residentIdCheckCharacter(first17: string): string {
  const sum = RESIDENT_ID_WEIGHTS.reduce((total, w, i) => total + w * Number(first17[i]), 0);
  return RESIDENT_ID_CHECK[sum % 11];
}

/** GB 11643: region, a real birth date (not after `now`), sequence and the ISO 7064 MOD 11-2 check character. */
export function isValidResidentId(id: string, now: Date): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > now.getTime()) return false;
  return residentIdCheckCharacter(id) === id[17];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100: 18 characters of the code alphabet with a MOD 31 check character. */
export function isValidUnifiedSocialCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  const sum = USCC_WEIGHTS.reduce((total, w, i) => total + w * USCC_CHARS.indexOf(code[i]), 0);
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === code[17];
}

/** The identity documents the front desk accepts, and how each number is checked. Policy as data. */
export const ID_TYPE_RULES = {
  RESIDENT_ID: { kind: 'PERSON', format: '18 characters with a valid birth date and check character', valid: isValidResidentId },
  PASSPORT: { kind: 'PERSON', format: '5 to 17 letters or digits', valid: (n) => /^[A-Z0-9]{5,17}$/.test(n) },
  HK_MACAO_PERMIT: { kind: 'PERSON', format: 'H or M followed by 8 or 10 digits', valid: (n) => /^[HM]\d{8}(\d{2})?$/.test(n) },
  TAIWAN_PERMIT: { kind: 'PERSON', format: '8 or 10 digits', valid: (n) => /^\d{8}(\d{2})?$/.test(n) },
  FOREIGN_PERMANENT_RESIDENT_ID: {
    kind: 'PERSON',
    format: '3 letters and 12 digits, or 18 characters starting with 9',
    valid: (n) => /^([A-Z]{3}\d{12}|9\d{16}[\dX])$/.test(n),
  },
  UNIFIED_SOCIAL_CREDIT_CODE: {
    kind: 'ENTERPRISE',
    format: '18 characters with a valid check character',
    valid: isValidUnifiedSocialCreditCode,
  },
  BUSINESS_LICENCE: {
    kind: 'ENTERPRISE',
    format: 'a 15-digit registration number or an 18-character unified social credit code',
    valid: (n) => /^\d{15}$/.test(n) || isValidUnifiedSocialCreditCode(n),
  },
  OTHER: { kind: 'EITHER', format: '4 to 32 letters or digits', valid: (n) => /^[0-9A-Z]{4,32}$/.test(n) },
} as const satisfies Record<string, IdTypeRule>;

export type IdType = keyof typeof ID_TYPE_RULES;
export const ID_TYPES = Object.keys(ID_TYPE_RULES) as IdType[];

/** Why `idNumber` is not a valid number of `idType` at `now`, or undefined when it is. */
export function idNumberProblem(idType: string, idNumber: string, now: Date): string | undefined {
  const rule = (ID_TYPE_RULES as Record<string, IdTypeRule>)[idType];
  if (!rule) return undefined; // the ID type itself is reported by its own field
  return rule.valid(normalizeIdNumber(idNumber), now) ? undefined : `is not a valid ${idType} number: ${rule.format}`;
}

/** Person or enterprise, from the ID type (OTHER: as declared, a person by default). */
export function applicantKindOf(idType: IdType, declared?: ApplicantKind): ApplicantKind {
  const kind = ID_TYPE_RULES[idType].kind;
  return kind === 'EITHER' ? (declared ?? 'PERSON') : kind;
}

/** Why the declared kind contradicts the ID type, or undefined. */
export function applicantKindProblem(idType: string, declared: string | undefined): string | undefined {
  const rule = (ID_TYPE_RULES as Record<string, IdTypeRule>)[idType];
  if (!rule || !declared || rule.kind === 'EITHER' || rule.kind === declared) return undefined;
  return `must be ${rule.kind} for ${idType}`;
}

/** Validates an ID number against the sibling `idType` field, in the same pass as every other field. */
export function IsIdNumberOfType(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isIdNumberOfType',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          typeof value === 'string' &&
          idNumberProblem((args.object as { idType: string }).idType, value, validationTime(args)) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          typeof args.value === 'string'
            ? (idNumberProblem((args.object as { idType: string }).idType, args.value, validationTime(args)) ?? 'is invalid')
            : 'must be a string',
      },
    });
}

/** Validates the declared applicant kind against the sibling `idType` field. */
export function IsKindOfIdType(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isKindOfIdType',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          applicantKindProblem((args.object as { idType: string }).idType, value as string | undefined) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          applicantKindProblem((args.object as { idType: string }).idType, args.value as string) ?? 'is invalid',
      },
    });
}
