import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { SubmitApplicationInput } from './submit-application.input';

const valid = {
  customer: { idType: 'RESIDENT_ID', idNumber: '31010419880505666X', name: '陈一', phone: '13812345678' },
  businessType: 'NEW_CONNECTION',
  usage: 'RESIDENTIAL',
  voltageLevel: 'AC220V',
  capacityKva: 8,
  supplySources: 1,
  siteAddress: '上海市徐汇区漕溪北路88号',
  regionCode: '310104',
};

function faults(input: Record<string, unknown>): string[] {
  const flatten = (errors: ValidationError[], prefix: string): string[] =>
    errors.flatMap((e) => [...(e.constraints ? [`${prefix}${e.property}`] : []), ...flatten(e.children ?? [], `${prefix}${e.property}.`)]);
  return flatten(validateSync(plainToInstance(SubmitApplicationInput, input)), '').sort();
}

describe('SubmitApplicationInput', () => {
  it('accepts a complete application, with or without loads and the optional fields', () => {
    expect(faults(valid)).toEqual([]);
    expect(
      faults({ ...valid, loads: [{ name: 'pump', kw: 7.5, quantity: 2 }], wantedDate: '2026-12-01', authorizationDocumentId: 'A-1' }),
    ).toEqual([]);
  });

  it('reports every field at fault at once', () => {
    expect(
      faults({
        ...valid,
        customer: { idType: 'PASSPORT', idNumber: '1', name: '', phone: '555' },
        capacityKva: 0,
        regionCode: '440300',
        usage: 'MINING',
        loads: [{ name: '', kw: 0, quantity: 1.5 }],
        categoryOverride: { category: 'LV_RESIDENTIAL', reason: '' },
      }),
    ).toEqual([
      'capacityKva',
      'categoryOverride.reason',
      'customer.idNumber',
      'customer.name',
      'customer.phone',
      'loads.0.kw',
      'loads.0.name',
      'loads.0.quantity',
      'regionCode',
      'usage',
    ]);
  });

  it('checks the ID number against its own type', () => {
    expect(faults({ ...valid, customer: { ...valid.customer, idType: 'UNIFIED_SOCIAL_CREDIT_CODE' } })).toEqual(['customer.idNumber']);
    expect(
      faults({ ...valid, customer: { ...valid.customer, idType: 'UNIFIED_SOCIAL_CREDIT_CODE', idNumber: '91350100M000100Y43' } }),
    ).toEqual([]);
    expect(faults({ ...valid, customer: { ...valid.customer, kind: 'ENTERPRISE' } })).toEqual(['customer.kind']);
  });

  it.each(['13812345678', '+86 13812345678', '021-12345678', '02112345678'])('accepts the phone %s', (phone) => {
    expect(faults({ ...valid, customer: { ...valid.customer, phone } })).toEqual([]);
  });

  it.each(['zhang.san@example.com', 'z+notices@mail.example.cn', '张三@例子.中国'])('accepts the email %s', (email) => {
    expect(faults({ ...valid, customer: { ...valid.customer, email } })).toEqual([]);
  });

  it.each([
    ['no domain', 'zhang.san'],
    ['no top-level domain', 'zhang@localhost'],
    ['a display name', 'Zhang San <zhang@example.com>'],
    ['an IP address for a domain', 'zhang@[192.168.0.1]'],
    ['a space', 'zhang san@example.com'],
    ['too long', `${'z'.repeat(60)}@${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.com`],
    ['not a string', 13812345678],
  ])('refuses an email with %s, naming the field', (_what, email) => {
    expect(faults({ ...valid, customer: { ...valid.customer, email } })).toEqual(['customer.email']);
  });

  it('says what an email must look like', () => {
    const [customer] = validateSync(plainToInstance(SubmitApplicationInput, { ...valid, customer: { ...valid.customer, email: 'x' } }));
    expect(customer.children?.[0].constraints).toEqual({ isEmail: 'email must be an address such as name@example.com' });
  });
});
