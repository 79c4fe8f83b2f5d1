import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { BUSINESS_TYPES } from '../case/category';
import { checklistFor, DOCUMENT_SLOTS } from './checklist.data';
import { sniffContentType } from './content-type';

const required = (entries: ReturnType<typeof checklistFor>) => entries.filter((e) => e.required).map((e) => e.slot);

describe('document checklist', () => {
  it('residential: ID and proof of property; an agent adds the letter of authorization and the agent ID', () => {
    expect(required(checklistFor('LV_RESIDENTIAL', 'NEW_CONNECTION', false))).toEqual(['APPLICANT_ID', 'PROPERTY_PROOF']);
    expect(required(checklistFor('LV_RESIDENTIAL', 'NEW_CONNECTION', true))).toEqual([
      'APPLICANT_ID',
      'PROPERTY_PROOF',
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
    ]);
  });

  it('low-voltage non-residential: licence, authorization, agent ID, property or land-use proof, equipment list', () => {
    expect(required(checklistFor('LV_NON_RESIDENTIAL', 'NEW_CONNECTION', false))).toEqual([
      'BUSINESS_LICENCE',
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
      'PROPERTY_OR_LAND_USE_PROOF',
      'EQUIPMENT_LIST',
    ]);
  });

  it('high voltage adds project approval and the load list', () => {
    for (const category of ['HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'] as const) {
      expect(required(checklistFor(category, 'NEW_CONNECTION', false))).toEqual([
        ...required(checklistFor('LV_NON_RESIDENTIAL', 'NEW_CONNECTION', false)),
        'PROJECT_APPROVAL',
        'LOAD_LIST',
      ]);
    }
  });

  it('a capacity increase does not require the property proof again but asks for a bill of the account', () => {
    const entries = checklistFor('LV_RESIDENTIAL', 'CAPACITY_INCREASE', false);
    expect(entries.find((e) => e.slot === 'PROPERTY_PROOF')?.required).toBe(false);
    expect(required(entries)).toEqual(['APPLICANT_ID', 'EXISTING_ACCOUNT_BILL']);
  });

  it('a temporary supply asks for the temporary-use approval instead of ownership', () => {
    expect(required(checklistFor('HV_SINGLE_SOURCE', 'TEMPORARY_SUPPLY', false))).toContain('TEMPORARY_USE_PROOF');
    expect(required(checklistFor('HV_SINGLE_SOURCE', 'TEMPORARY_SUPPLY', false))).not.toContain('PROPERTY_OR_LAND_USE_PROOF');
  });

  it('every combination has required slots, each slot once, each with a title', () => {
    for (const category of CUSTOMER_CATEGORIES) {
      for (const type of BUSINESS_TYPES) {
        for (const agent of [false, true]) {
          const slots = checklistFor(category, type, agent).map((e) => e.slot);
          expect(new Set(slots).size).toBe(slots.length);
          expect(required(checklistFor(category, type, agent)).length).toBeGreaterThanOrEqual(2);
          for (const slot of slots) expect(DOCUMENT_SLOTS[slot]).toBeTruthy();
        }
      }
    }
  });
});

describe('content type by magic bytes', () => {
  it('recognises pdf, jpeg and png and nothing else', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffContentType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffContentType(Buffer.from('%PD'))).toBeUndefined();
    expect(sniffContentType(Buffer.alloc(0))).toBeUndefined();
  });
});
