import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { FeePolicy, FeeSchedule, TimeLimitPolicy } from '@yekuo/timelimits';
import { computeInvoice } from './fee-policy';
import { formatYuan, parseYuan } from './money';

/** The shipped fees in force in mid-2026 for the national default. */
const FEE_POLICY = FeeSchedule.fromFile(TimeLimitPolicy.fromFile().jurisdictionIds).policyFor(
  'national',
  new Date('2026-06-01T00:00:00+08:00'),
);

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
    const invoice = computeInvoice('HV_DUAL_SOURCE', { capacityKva: 800, supplySources: 2 }, FEE_POLICY);
    expect(invoice).toEqual({
      policyVersion: FEE_POLICY.version,
      currency: 'CNY',
      lines: [
        {
          code: 'HIGH_RELIABILITY',
          name: 'high-reliability fee',
          description: '高可靠性供电费',
          basis: '210.00 CNY per kVA × 800 kVA × 1 additional supply source',
          quantity: '800',
          unit: 'kVA × additional source',
          unitPrice: 21_000n,
          amount: 16_800_000n,
        },
      ],
      total: 16_800_000n,
    });
    expect(formatYuan(invoice.total)).toBe('168000.00');
  });

  it('prices fractional capacities exactly', () => {
    expect(formatYuan(computeInvoice('HV_DUAL_SOURCE', { capacityKva: 1250.5, supplySources: 2 }, FEE_POLICY).total)).toBe('262605.00');
    expect(formatYuan(computeInvoice('HV_DUAL_SOURCE', { capacityKva: 0.1, supplySources: 2 }, FEE_POLICY).total)).toBe('21.00');
  });

  it.each(['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE'] as const)(
    'charges nothing for a permanent %s connection',
    (category) => {
      for (const businessType of [undefined, null, 'NEW_CONNECTION', 'CAPACITY_INCREASE']) {
        const invoice = computeInvoice(category, { capacityKva: 800, supplySources: 2, businessType }, FEE_POLICY);
        expect(invoice.lines).toEqual([]);
        expect(invoice.total).toBe(0n);
      }
    },
  );

  it('charges the temporary supply fee per kVA only for temporary supply, by voltage class', () => {
    expect(
      computeInvoice('LV_NON_RESIDENTIAL', { capacityKva: 100, supplySources: 1, businessType: 'TEMPORARY_SUPPLY' }, FEE_POLICY),
    ).toMatchObject({
      lines: [
        {
          code: 'TEMPORARY_SUPPLY',
          description: '临时接电费',
          basis: '50.00 CNY per kVA × 100 kVA',
          quantity: '100',
          unit: 'kVA',
          unitPrice: 5_000n,
          amount: 500_000n,
        },
      ],
      total: 500_000n,
    });
    expect(
      computeInvoice('HV_SINGLE_SOURCE', { capacityKva: 630, supplySources: 1, businessType: 'TEMPORARY_SUPPLY' }, FEE_POLICY).total,
    ).toBe(5_040_000n);
    expect(
      computeInvoice('LV_RESIDENTIAL', { capacityKva: 8, supplySources: 1, businessType: 'TEMPORARY_SUPPLY' }, FEE_POLICY).lines,
    ).toEqual([]);
    // Dual source and temporary: both items, summed.
    const both = computeInvoice('HV_DUAL_SOURCE', { capacityKva: 800, supplySources: 2, businessType: 'TEMPORARY_SUPPLY' }, FEE_POLICY);
    expect(both.lines.map((l) => [l.code, formatYuan(l.amount)])).toEqual([
      ['HIGH_RELIABILITY', '168000.00'],
      ['TEMPORARY_SUPPLY', '64000.00'],
    ]);
    expect(formatYuan(both.total)).toBe('232000.00');
  });

  it('leaves out a per-source fee when the scheme has one source only', () => {
    expect(computeInvoice('HV_DUAL_SOURCE', { capacityKva: 800, supplySources: 1 }, FEE_POLICY)).toMatchObject({ lines: [], total: 0n });
  });

  it('reads any policy given as data: flat items, per-kVA items, several lines summed', () => {
    const policy: FeePolicy = {
      version: 'test',
      jurisdiction: 'national',
      currency: 'CNY',
      items: {
        LV_RESIDENTIAL: [
          { code: 'FLAT', name: 'meter fee', description: '表计费', basis: { kind: 'FLAT', amount: '120.50' }, source: 'test' },
        ],
        LV_NON_RESIDENTIAL: [
          { code: 'FLAT', name: 'meter fee', description: '表计费', basis: { kind: 'FLAT', amount: '120.50' }, source: 'test' },
          { code: 'KVA', name: 'capacity fee', description: '容量费', basis: { kind: 'PER_KVA', rate: '0.33' }, source: 'test' },
        ],
        HV_SINGLE_SOURCE: [],
        HV_DUAL_SOURCE: [],
      },
    };
    expect(computeInvoice('LV_RESIDENTIAL', { capacityKva: 8, supplySources: 1 }, policy)).toMatchObject({
      policyVersion: 'test',
      lines: [{ basis: 'flat 120.50 CNY', quantity: '1', unit: 'item', unitPrice: 12_050n, amount: 12_050n }],
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
      items: {
        ...FEE_POLICY.items,
        HV_SINGLE_SOURCE: [{ code: 'BAD', name: 'bad', description: '错', basis: { kind: 'PER_KVA', rate: '1e3' }, source: 'test' }],
      },
    };
    expect(() => computeInvoice('HV_SINGLE_SOURCE', { capacityKva: 1, supplySources: 1 }, broken)).toThrow(
      'fee policy: BAD is not an amount in yuan: 1e3',
    );
  });
});
