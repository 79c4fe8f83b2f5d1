import type { Dayjs } from 'dayjs';
import type { BusinessType, IdType, SubmitApplicationInput, Usage, VoltageLevel } from '../../graphql/schema';

/** Every value of an enum the form offers, in the graph's order (the `satisfies` keeps the lists complete). */
function valuesOf<T extends string>(values: Record<T, true>): T[] {
  return Object.keys(values) as T[];
}

export const BUSINESS_TYPES = valuesOf({ NEW_CONNECTION: true, CAPACITY_INCREASE: true, TEMPORARY_SUPPLY: true } satisfies Record<
  BusinessType,
  true
>);
export const USAGES = valuesOf({
  RESIDENTIAL: true,
  COMMERCIAL: true,
  INDUSTRIAL: true,
  AGRICULTURAL: true,
  PUBLIC_SERVICE: true,
} satisfies Record<Usage, true>);
export const VOLTAGE_LEVELS = valuesOf({
  AC220V: true,
  AC380V: true,
  AC10KV: true,
  AC20KV: true,
  AC35KV: true,
  AC110KV: true,
} satisfies Record<VoltageLevel, true>);
export const ID_TYPES = valuesOf({
  RESIDENT_ID: true,
  PASSPORT: true,
  HK_MACAO_PERMIT: true,
  TAIWAN_PERMIT: true,
  FOREIGN_PERMANENT_RESIDENT_ID: true,
  UNIFIED_SOCIAL_CREDIT_CODE: true,
  BUSINESS_LICENCE: true,
  OTHER: true,
} satisfies Record<IdType, true>);

/** High voltage must list its loads (the front desk returns an application without them). */
export function isHighVoltage(level: VoltageLevel | undefined): boolean {
  return level !== undefined && level !== 'AC220V' && level !== 'AC380V';
}

export interface LoadValues {
  name?: string;
  kw?: number;
  quantity?: number;
}

export interface IdentityValues {
  idType?: IdType;
  idNumber?: string;
  name?: string;
  phone?: string;
  email?: string;
}

/** What the form holds; names follow SubmitApplicationInput so the server's field paths land on them. */
export interface ApplyValues {
  customerId?: string;
  authorizationDocumentId?: string;
  customer?: IdentityValues;
  businessType?: BusinessType;
  usage?: Usage;
  voltageLevel?: VoltageLevel;
  capacityKva?: number;
  supplySources?: number;
  siteAddress?: string;
  regionCode?: string;
  wantedDate?: Dayjs | null;
  loads?: LoadValues[];
}

/** The form's top-level names: a server field error outside them is told in the alert instead. */
export const FORM_FIELDS = new Set<string>([
  'customerId',
  'authorizationDocumentId',
  'customer',
  'businessType',
  'usage',
  'voltageLevel',
  'capacityKva',
  'supplySources',
  'siteAddress',
  'regionCode',
  'wantedDate',
  'loads',
]);

/** `loads.0.kw` -> `['loads', 0, 'kw']`: the name path of a Form.List item. */
export function namePathOf(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const blank = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/**
 * The mutation's input from the form. `as` says who applies: an agent names the customer and the
 * authorization letter; a customer applying for the first time (or a clerk for a walk-in) gives the
 * identity; a returning customer's identity is on file.
 */
export function toInput(values: ApplyValues, as: { agent: boolean; identity: boolean }): SubmitApplicationInput {
  const identity = values.customer;
  const loads = (values.loads ?? []).filter((l) => blank(l.name) || l.kw !== undefined || l.quantity !== undefined);
  return {
    ...(as.agent ? { customerId: values.customerId, authorizationDocumentId: blank(values.authorizationDocumentId) } : {}),
    ...(!as.agent && as.identity && identity
      ? {
          customer: {
            idType: identity.idType!,
            idNumber: identity.idNumber?.trim() ?? '',
            name: identity.name?.trim() ?? '',
            phone: blank(identity.phone),
            email: blank(identity.email),
          },
        }
      : {}),
    businessType: values.businessType!,
    usage: values.usage!,
    voltageLevel: values.voltageLevel!,
    capacityKva: values.capacityKva!,
    supplySources: values.supplySources ?? 1,
    siteAddress: values.siteAddress?.trim() ?? '',
    regionCode: values.regionCode?.trim() ?? '',
    wantedDate: values.wantedDate ? values.wantedDate.format('YYYY-MM-DD') : undefined,
    loads: loads.length ? loads.map((l) => ({ name: l.name?.trim() ?? '', kw: l.kw!, quantity: l.quantity! })) : undefined,
  };
}
