import type { Principal } from '@yekuo/platform/core';
import type { Role } from '@yekuo/events';
import { maskAddress, maskIdNumber, maskName, maskPhone, reveal } from './personal-data';

const principal = (roles: Role[], sub = 'u1', actsFor: string[] = []): Principal => ({ sub, roles, regions: [], actsFor });
const CUSTOMER = '11111111-1111-4111-8111-111111111111';

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['王小明', '王**'],
    ['Acme Ltd', 'A*******'],
    ['李', '*'],
  ])('name %s → %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '861****5678'],
    ['021-12345678', '021****5678'],
    ['1234', '**34'],
  ])('phone %s → %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it('ID numbers keep the first three and last four', () => {
    expect(maskIdNumber('310104198805056666')).toBe('310***********6666');
    expect(maskIdNumber('E1234567')).toBe('E12*4567');
    expect(maskIdNumber('AB12')).toBe('****');
  });

  it('addresses keep the district only', () => {
    expect(maskAddress('上海市徐汇区漕溪北路88号')).toBe('上海市徐汇区****');
    expect(maskAddress('浙江省杭州市西湖区文三路1号')).toBe('浙江省杭州市西湖区****');
    expect(maskAddress('Some road 1')).toBe('Some ****');
  });
});

describe('reveal by the visibility table', () => {
  it('shows the customer and their agent their own data in full', () => {
    expect(reveal(principal(['customer'], CUSTOMER), 'idNumber', CUSTOMER, '310104198805056666')).toBe('310104198805056666');
    expect(reveal(principal(['agent'], 'a1', [CUSTOMER]), 'name', CUSTOMER, '王小明')).toBe('王小明');
    expect(reveal(principal(['agent'], 'a1', []), 'name', CUSTOMER, '王小明')).toBe('王**');
  });

  it('shows staff what their work needs and masks the rest', () => {
    expect(reveal(principal(['intake-clerk']), 'idNumber', CUSTOMER, '310104198805056666')).toBe('310104198805056666');
    expect(reveal(principal(['surveyor']), 'phone', CUSTOMER, '13812345678')).toBe('13812345678');
    expect(reveal(principal(['surveyor']), 'name', CUSTOMER, '王小明')).toBe('王**');
    expect(reveal(principal(['supervisor']), 'phone', CUSTOMER, '13812345678')).toBe('138****5678');
    expect(reveal(principal(['planner']), 'idNumber', CUSTOMER, '310104198805056666')).toBe('310***********6666');
    expect(reveal(principal(['supervisor']), 'siteAddress', CUSTOMER, '上海市徐汇区漕溪北路88号')).toBe('上海市徐汇区****');
  });
});
