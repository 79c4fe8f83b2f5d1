import { randomUUID } from 'node:crypto';
import { CUSTOMER_CATEGORIES, createEvent, CustomerCategory } from '@yekuo/events';
import { GATE_CONDITIONS, GateCondition } from '@yekuo/policy';
import {
  factOf,
  FACT_EVENTS,
  gateOpensNow,
  heldConditions,
  isGateCondition,
  missingConditions,
  RecordedFact,
  requiredConditionsOf,
  termsVersionOf,
} from './gate.policy';

/** Written out from ARCHITECTURE.md ("Process variants"), independently of the policy data. */
const REQUIRED: Record<CustomerCategory, GateCondition[]> = {
  LV_RESIDENTIAL: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'],
  LV_NON_RESIDENTIAL: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED'],
  HV_SINGLE_SOURCE: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED'],
  HV_DUAL_SOURCE: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED'],
};

/** Every subset of the gate conditions (2^5 = 32), as bit masks over GATE_CONDITIONS. */
const SUBSETS: GateCondition[][] = Array.from({ length: 1 << GATE_CONDITIONS.length }, (_, mask) =>
  GATE_CONDITIONS.filter((_c, bit) => (mask & (1 << bit)) !== 0),
);

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('requiredConditionsOf', () => {
  it.each(CUSTOMER_CATEGORIES)('reads the pre-reform gate of %s from the process variant, named or not', (category) => {
    expect(requiredConditionsOf(category, null)).toEqual(REQUIRED[category]);
    expect(requiredConditionsOf(category, 'PRE_REFORM')).toEqual(REQUIRED[category]);
  });

  it.each(CUSTOMER_CATEGORIES)('adds EXTERNAL_WORKS_COMPLETED last to the gate of %s when the scheme needs external works', (category) => {
    expect(requiredConditionsOf(category, null, true)).toEqual([...REQUIRED[category], 'EXTERNAL_WORKS_COMPLETED']);
    expect(requiredConditionsOf(category, null, false)).toEqual(REQUIRED[category]);
  });

  it.each(['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL'] as const)(
    'gives a 三零 %s case the contract and the meter only: no fees, no completion acceptance',
    (category) => {
      expect(requiredConditionsOf(category, 'THREE_ZERO')).toEqual(['CONTRACT_SIGNED', 'METER_INSTALLED']);
      expect(requiredConditionsOf(category, 'THREE_ZERO', true)).toEqual([
        'CONTRACT_SIGNED',
        'METER_INSTALLED',
        'EXTERNAL_WORKS_COMPLETED',
      ]);
    },
  );

  it.each(['HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'] as const)('keeps the full gate of a 三省 %s case', (category) => {
    expect(requiredConditionsOf(category, 'THREE_SAVINGS')).toEqual(REQUIRED[category]);
  });

  it('keeps a gate that needs external works closed until their completion is recorded', () => {
    const required = requiredConditionsOf('LV_NON_RESIDENTIAL', null, true);
    const others = REQUIRED.LV_NON_RESIDENTIAL;
    expect(missingConditions(required, others)).toEqual(['EXTERNAL_WORKS_COMPLETED']);
    expect(gateOpensNow({ required, recorded: others, openedAt: null })).toBe(false);
    expect(gateOpensNow({ required, recorded: [...others, 'EXTERNAL_WORKS_COMPLETED'], openedAt: null })).toBe(true);
    // Without external works in the scheme, their completion is a fact the case ignores.
    expect(gateOpensNow({ required: others, recorded: others, openedAt: null })).toBe(true);
  });

  it('returns a copy the caller cannot use to change the policy', () => {
    const required = requiredConditionsOf('LV_RESIDENTIAL', null);
    required.push('COMPLETION_ACCEPTED');
    expect(requiredConditionsOf('LV_RESIDENTIAL', null)).toEqual(REQUIRED.LV_RESIDENTIAL);
  });
});

describe('heldConditions', () => {
  const signed = (termsVersion: number | null): RecordedFact => ({ condition: 'CONTRACT_SIGNED', termsVersion });
  const meter: RecordedFact = { condition: 'METER_INSTALLED', termsVersion: null };

  it('counts any full signature on a case that names no contract terms (pre-reform), in the order recorded', () => {
    for (const termsVersion of [null, 0, 3]) {
      expect(heldConditions([meter, signed(termsVersion)], null)).toEqual(['METER_INSTALLED', 'CONTRACT_SIGNED']);
    }
  });

  it('counts a signature only on the terms the case needs or newer ones', () => {
    expect(heldConditions([signed(0), meter], 0)).toEqual(['CONTRACT_SIGNED', 'METER_INSTALLED']);
    expect(heldConditions([signed(0), meter], 2)).toEqual(['METER_INSTALLED']);
    expect(heldConditions([signed(2), meter], 2)).toEqual(['CONTRACT_SIGNED', 'METER_INSTALLED']);
    expect(heldConditions([signed(3)], 2)).toEqual(['CONTRACT_SIGNED']);
    // A contract that names no terms is not one on the terms a 三零 case needs.
    expect(heldConditions([signed(null)], 0)).toEqual([]);
  });

  it('keeps a 三零 gate shut while only an older contract is signed', () => {
    const required = requiredConditionsOf('LV_RESIDENTIAL', 'THREE_ZERO');
    expect(missingConditions(required, heldConditions([signed(0), meter], 2))).toEqual(['CONTRACT_SIGNED']);
    expect(gateOpensNow({ required, recorded: heldConditions([signed(0), meter], 2), openedAt: null })).toBe(false);
    expect(gateOpensNow({ required, recorded: heldConditions([signed(2), meter], 2), openedAt: null })).toBe(true);
  });
});

describe('missingConditions', () => {
  const cases = CUSTOMER_CATEGORIES.flatMap((category) => SUBSETS.map((recorded) => [category, recorded] as const));

  it('is checked for every category and every set of recorded facts (4 × 32)', () => {
    expect(SUBSETS).toHaveLength(32);
    expect(new Set(SUBSETS.map((s) => s.join(','))).size).toBe(32);
    expect(cases).toHaveLength(128);
  });

  it.each(cases)('%s with %j recorded', (category, recorded) => {
    const required = REQUIRED[category];
    // Membership, counted from the other side: a required condition is missing iff no recorded fact equals it.
    const expected = required.filter((condition) => recorded.every((fact) => fact !== condition));
    const missing = missingConditions(required, recorded);
    expect(missing).toEqual(expected);
    // Missing and recorded-and-required partition the required set.
    expect([...missing, ...required.filter((c) => recorded.includes(c))].sort()).toEqual([...required].sort());
    // The gate is open exactly when every required condition is among the recorded ones.
    expect(missing.length === 0).toBe(required.every((c) => recorded.includes(c)));
  });

  it('does not depend on the order in which facts were recorded', () => {
    for (const order of permutations(GATE_CONDITIONS)) {
      for (let n = 0; n <= order.length; n++) {
        const recorded = order.slice(0, n);
        const expected = REQUIRED.HV_SINGLE_SOURCE.filter((c) => !recorded.includes(c));
        expect(missingConditions(REQUIRED.HV_SINGLE_SOURCE, recorded)).toEqual(expected);
      }
    }
  });

  it('keeps the order of the policy, ignores facts the case does not require and duplicates', () => {
    expect(missingConditions(REQUIRED.HV_DUAL_SOURCE, [])).toEqual([
      'CONTRACT_SIGNED',
      'FEES_SETTLED',
      'METER_INSTALLED',
      'COMPLETION_ACCEPTED',
    ]);
    expect(missingConditions(REQUIRED.LV_RESIDENTIAL, ['COMPLETION_ACCEPTED', 'FEES_SETTLED', 'FEES_SETTLED'])).toEqual([
      'CONTRACT_SIGNED',
      'METER_INSTALLED',
    ]);
    expect(
      missingConditions(REQUIRED.LV_RESIDENTIAL, ['METER_INSTALLED', 'CONTRACT_SIGNED', 'FEES_SETTLED', 'COMPLETION_ACCEPTED']),
    ).toEqual([]);
    expect(missingConditions(['FEES_SETTLED', 'FEES_SETTLED'], [])).toEqual(['FEES_SETTLED']);
    expect(missingConditions([], ['FEES_SETTLED'])).toEqual([]);
  });
});

describe('gateOpensNow', () => {
  const all = REQUIRED.HV_SINGLE_SOURCE;

  it('opens when the last required condition is recorded, never before', () => {
    for (const recorded of SUBSETS) {
      expect(gateOpensNow({ required: all, recorded, openedAt: null })).toBe(all.every((c) => recorded.includes(c)));
      expect(
        gateOpensNow({
          required: REQUIRED.LV_RESIDENTIAL,
          recorded,
          openedAt: null,
        }),
      ).toBe(REQUIRED.LV_RESIDENTIAL.every((c) => recorded.includes(c)));
    }
  });

  it('never opens a second time', () => {
    expect(gateOpensNow({ required: all, recorded: all, openedAt: new Date() })).toBe(false);
  });

  it('never opens while the category (and so the gate) is unknown', () => {
    expect(gateOpensNow({ required: null, recorded: all, openedAt: null })).toBe(false);
  });

  it('never opens on an empty gate (a misconfigured variant fails closed)', () => {
    expect(gateOpensNow({ required: [], recorded: all, openedAt: null })).toBe(false);
  });
});

describe('gate facts from upstream events', () => {
  const base = {
    caseId: randomUUID(),
    caseNumber: 'YK-2026-000042',
    customerId: randomUUID(),
    category: 'HV_SINGLE_SOURCE' as const,
    policyVersion: '2020-01',
    actor: { id: 'officer-1', role: 'contract-officer' as const },
  };
  const signed = (fullySigned: boolean, termsVersion?: number) =>
    createEvent(
      'contracts.contract.signed.v1',
      {
        ...base,
        contractId: randomUUID(),
        version: 1,
        party: fullySigned ? 'UTILITY' : 'CUSTOMER',
        fullySigned,
        ...(termsVersion === undefined ? {} : { termsVersion }),
      },
      { source: '/yekuo/contracts' },
    );

  it('maps each upstream event to its fact', () => {
    expect(factOf(signed(true))).toBe('CONTRACT_SIGNED');
    expect(
      factOf(
        createEvent('contracts.fees.settled.v1', { ...base, invoiceId: randomUUID(), total: '1200.50' }, { source: '/yekuo/contracts' }),
      ),
    ).toBe('FEES_SETTLED');
    expect(
      factOf(
        createEvent<'inspection.acceptance.passed.v1'>(
          'inspection.acceptance.passed.v1',
          {
            ...base,
            actor: { id: 'inspector-1', role: 'inspector' },
            round: 2,
          },
          { source: '/yekuo/inspection' },
        ),
      ),
    ).toBe('COMPLETION_ACCEPTED');
    expect(
      factOf(
        createEvent(
          'planning.externalworks.completed.v1',
          { ...base, actor: { id: 'planner-1', role: 'planner' }, worksOrderId: randomUUID(), completedAt: '2026-11-02T08:00:00.000Z' },
          { source: '/yekuo/planning' },
        ),
      ),
    ).toBe('EXTERNAL_WORKS_COMPLETED');
  });

  it('establishes nothing from a contract signed by one party only', () => {
    expect(factOf(signed(false))).toBeNull();
  });

  it('reads the terms a signed contract carries, and none from other facts', () => {
    expect(termsVersionOf(signed(true, 0))).toBe(0);
    expect(termsVersionOf(signed(true, 2))).toBe(2);
    expect(termsVersionOf(signed(true))).toBeNull();
    expect(
      termsVersionOf(
        createEvent('contracts.fees.settled.v1', { ...base, invoiceId: randomUUID(), total: '1200.50' }, { source: '/yekuo/contracts' }),
      ),
    ).toBeNull();
  });

  it('consumes exactly the four fact events, each establishing a gate condition', () => {
    expect(Object.keys(FACT_EVENTS).sort()).toEqual([
      'contracts.contract.signed.v1',
      'contracts.fees.settled.v1',
      'inspection.acceptance.passed.v1',
      'planning.externalworks.completed.v1',
    ]);
    expect(isGateCondition('FEES_SETTLED')).toBe(true);
    expect(isGateCondition('ENERGIZED')).toBe(false);
    expect(isGateCondition(undefined)).toBe(false);
  });
});
