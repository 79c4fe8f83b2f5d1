import { CUSTOMER_CATEGORIES } from '@yekuo/shared';
import { computeInvoice, FEE_POLICY, FeePolicy } from './fee-policy';
import { formatYuan, parseYuan } from './money';

describe('fee policy (data)', () => {
  it('states the items of every customer category, each with a valid amount', () => {
    expect(Object.keys(FEE_POLICY.items).sort()).toEqual([...CUSTOMER_CATEGORIES].sort());
    for (const rules of Object.values(FEE_POLICY.items)) {
      for (const rule of rules) {
        const text = rule.basis.kind === 'FLAT' ? rule.basis.amount : rule.basis.rate;
        expect(parseYuan(text)).not.toBeNull();
      }
    }
  });

  it('charges a high-voltage dual-source case 210.00 CNY per kVA for the second source', () => {
    const invoice = computeInvoice('HV_DUAL_SOURCE', { capacityKva: 800, supplySources: 2 });
    expect(invoice).toEqual({
      policyVersion: FEE_POLICY.version,
      currency: 'CNY',
      lines: [
        {
          code: 'HIGH_RELIABILITY',
          name: 'high-reliability fee',
          basis: '210.00 CNY per kVA × 800 kVA × 1 additional supply source',
          amount: 16_800_000n,
        },
      ],
      total: 16_800_000n,
    });
    expect(formatYuan(invoice.total)).toBe('168000.00');
  });

  it('prices fractional capacities exactly', () => {
    expect(formatYuan(computeInvoice('HV_DUAL_SOURCE', { capacityKva: 1250.5, supplySources: 2 }).total)).toBe('262605.00');
    expect(formatYuan(computeInvoice('HV_DUAL_SOURCE', { capacityKva: 0.1, supplySources: 2 }).total)).toBe('21.00');
  });

  it.each(['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE'] as const)('charges nothing for %s', (category) => {
    const invoice = computeInvoice(category, { capacityKva: 800, supplySources: 2 });
    expect(invoice.lines).toEqual([]);
    expect(invoice.total).toBe(0n);
  });

  it('leaves out a per-source fee when the scheme has one source only', () => {
    expect(computeInvoice('HV_DUAL_SOURCE', { capacityKva: 800, supplySources: 1 })).toMatchObject({ lines: [], total: 0n });
  });

  it('reads any policy given as data: flat items, per-kVA items, several lines summed', () => {
    const policy: FeePolicy = {
      version: 'test',
      currency: 'CNY',
      items: {
        LV_RESIDENTIAL: [{ code: 'FLAT', name: 'meter fee', basis: { kind: 'FLAT', amount: '120.50' } }],
        LV_NON_RESIDENTIAL: [
          { code: 'FLAT', name: 'meter fee', basis: { kind: 'FLAT', amount: '120.50' } },
          { code: 'KVA', name: 'capacity fee', basis: { kind: 'PER_KVA', rate: '0.33' } },
        ],
        HV_SINGLE_SOURCE: [],
        HV_DUAL_SOURCE: [],
      },
    };
    expect(computeInvoice('LV_RESIDENTIAL', { capacityKva: 8, supplySources: 1 }, policy)).toMatchObject({
      policyVersion: 'test',
      lines: [{ basis: 'flat 120.50 CNY', amount: 12_050n }],
      total: 12_050n,
    });
    const mixed = computeInvoice('LV_NON_RESIDENTIAL', { capacityKva: 100.5, supplySources: 1 }, policy);
    // 0.33 × 100.5 = 33.165 → 33.17 (half up)
    expect(mixed.lines.map((l) => [l.basis, formatYuan(l.amount)])).toEqual([
      ['flat 120.50 CNY', '120.50'],
      ['0.33 CNY per kVA × 100.5 kVA', '33.17'],
    ]);
    expect(formatYuan(mixed.total)).toBe('153.67');
  });

  it('fails loudly on a policy whose amount is not yuan', () => {
    const broken: FeePolicy = {
      ...FEE_POLICY,
      items: { ...FEE_POLICY.items, HV_SINGLE_SOURCE: [{ code: 'BAD', name: 'bad', basis: { kind: 'PER_KVA', rate: '1e3' } }] },
    };
    expect(() => computeInvoice('HV_SINGLE_SOURCE', { capacityKva: 1, supplySources: 1 }, broken)).toThrow(
      'fee policy: BAD is not an amount in yuan: 1e3',
    );
  });
});
