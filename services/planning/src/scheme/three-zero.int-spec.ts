import { CloudEvent, EventPayload } from '@yekuo/events';
import { ServiceHarness } from '@yekuo/testing';
import { kwToKva, TimeLimitPolicy } from '@yekuo/timelimits';
import {
  customerOf,
  databaseOf,
  LV_DRAFT,
  newCase,
  ok,
  open,
  readCase,
  startPlanning,
  SURVEY,
  SURVEYOR,
  THREE_ZERO_SURVEY_EVENTS,
  surveyed,
  TestCase,
} from '../testing/planning.fixtures';

jest.setTimeout(120_000);

/** A Shanghai shop of 120 kW of load: 141.18 kVA at the power factor of the data, below Shanghai's 160 kW ceiling. */
const SHOP_KVA =
  Math.round(kwToKva(120, TimeLimitPolicy.fromFile().lvCeiling('shanghai', new Date('2026-12-07T10:00:00+08:00')).powerFactor) * 100) / 100;
/** What intake publishes for a case it accepted under 三零. */
const THREE_ZERO = { policyVersion: '2024-12', processVariant: 'THREE_ZERO' } as const;

describe('三零: a qualifying scheme confirmed by rule at its approval, or the case leaves 三零 (real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startPlanning();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Waits for the planning events of a case until `type` shows up, and returns them all. */
  const eventsUntil = (c: TestCase, type: string) =>
    h.waitFor(`${type} of ${c.number}`, () => {
      const events = h.eventsOf(c.id, 'planning.');
      return events.some((e) => e.type === type) ? events : undefined;
    });
  const dataOf = <T extends 'planning.scheme.replied.v1' | 'planning.scheme.confirmed.v1'>(events: CloudEvent[], type: T) =>
    events.find((e) => e.type === type)!.data as EventPayload<T>;
  const copyOf = async (c: TestCase) =>
    (
      await databaseOf(h).query<{ process_variant: string | null; contract_terms_version: number | null }[]>(
        'SELECT process_variant, contract_terms_version FROM planning_case WHERE case_id = $1',
        [c.id],
      )
    )[0];
  const auditOf = (c: TestCase, action: string) =>
    databaseOf(h).query<{ actor_id: string; data: Record<string, unknown> }[]>(
      'SELECT actor_id, data FROM audit_record WHERE case_id = $1 AND action = $2 ORDER BY seq',
      [c.id, action],
    );

  it('surveys a Shanghai shop of 141.18 kVA with the LV non-residential template: drafted, approved, replied and confirmed in one step', async () => {
    expect(SHOP_KVA).toBe(141.18);
    const shop = newCase('LV_NON_RESIDENTIAL', 'AC380V', SHOP_KVA, '310101');
    await open(h, shop, THREE_ZERO);
    expect(await copyOf(shop)).toEqual({ process_variant: 'THREE_ZERO', contract_terms_version: 0 });

    expect(await ok('completeFastPath', h.as('surveyor', SURVEYOR), SURVEY(shop.id))).toEqual({
      id: shop.id,
      planningStatus: 'SCHEME_CONFIRMED',
    });
    const view = await readCase(customerOf(h, shop), shop.id);
    expect(view.scheme).toMatchObject({
      version: 1,
      status: 'CONFIRMED',
      voltageLevel: 'AC380V',
      capacityKva: SHOP_KVA,
      supplySources: 1,
      meteringMethod: 'LOW_SUPPLY_LOW_METERING',
      tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
      templateId: 'TPL-LV-NONRES-2026-01',
      approvedBy: 'RULE',
      confirmedBy: 'RULE',
      approvals: [{ level: 1, approvedBy: 'RULE', role: 'RULE', ruleId: 'AR-LV-NONRES-TEMPLATE' }],
    });
    // Nobody waited on the customer: no customer time is recorded.
    expect(view.planningPauses).toEqual([]);

    const events = await eventsUntil(shop, 'planning.timelimit.stopped.v1');
    expect(events.map((e) => e.type).sort()).toEqual(THREE_ZERO_SURVEY_EVENTS);
    const replied = dataOf(events, 'planning.scheme.replied.v1');
    expect(replied).toMatchObject({ version: 1, processVariant: 'THREE_ZERO' });
    expect(replied.nextAction).toBeUndefined();
    expect(dataOf(events, 'planning.scheme.confirmed.v1')).toMatchObject({
      version: 1,
      capacityKva: SHOP_KVA,
      processVariant: 'THREE_ZERO',
      contractTermsVersion: 0,
      actor: { id: 'surveyor-east-1', role: 'surveyor' },
      // The contract was signed with the application: the meter is next.
      nextAction: { role: 'metering-technician' },
    });
    expect(await copyOf(shop)).toEqual({ process_variant: 'THREE_ZERO', contract_terms_version: 0 });
    expect(await auditOf(shop, 'planning.scheme.confirmed-by-rule')).toEqual([
      { actor_id: 'RULE', data: expect.objectContaining({ version: 1, ruleId: 'CR-THREE-ZERO-CONTRACT-SIGNED', contractTermsVersion: 0 }) },
    ]);
  });

  it('names the template scheme version for the contract when its supply differs from the application', async () => {
    // Applied for single-phase; the non-residential template supplies three-phase 380 V.
    const shop = newCase('LV_NON_RESIDENTIAL', 'AC220V', 20, '310101');
    await open(h, shop, THREE_ZERO);
    await surveyed(h, shop, { opened: true });

    expect((await readCase(h.as('planner'), shop.id)).planningStatus).toBe('SCHEME_CONFIRMED');
    const events = await eventsUntil(shop, 'planning.scheme.confirmed.v1');
    expect(dataOf(events, 'planning.scheme.confirmed.v1')).toMatchObject({
      voltageLevel: 'AC380V',
      processVariant: 'THREE_ZERO',
      contractTermsVersion: 1,
    });
    expect(await copyOf(shop)).toEqual({ process_variant: 'THREE_ZERO', contract_terms_version: 1 });
  });

  it('confirms by rule on the approver’s final approval too, naming the version whose capacity differs', async () => {
    const shop = newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310101');
    await open(h, shop, { policyVersion: THREE_ZERO.policyVersion });
    await surveyed(h, shop, { opened: true });
    // The survey drafts every 三零 scheme from the template; the rule holds on whichever path a version is
    // approved, so this surveyed case is given the walk a 三零 case has before its scheme is drafted by hand.
    await databaseOf(h).query(`UPDATE planning_case SET process_variant = 'THREE_ZERO', contract_terms_version = 0 WHERE case_id = $1`, [
      shop.id,
    ]);
    await ok('draftScheme', h.as('planner'), { ...LV_DRAFT(shop.id), capacityKva: 60, externalWorksRequired: true });
    expect(await ok('approveScheme', h.as('approver'), { caseId: shop.id })).toEqual({ id: shop.id, planningStatus: 'SCHEME_CONFIRMED' });

    const events = await eventsUntil(shop, 'planning.scheme.confirmed.v1');
    const approved = events.find((e) => e.type === 'planning.scheme.approved.v1')!.data as EventPayload<'planning.scheme.approved.v1'>;
    expect(approved).toMatchObject({ final: true, actor: { id: 'approver-1', role: 'approver' } });
    // Nobody replies by hand: the approval is not handed to the planner.
    expect(approved.nextAction).toBeUndefined();
    expect(dataOf(events, 'planning.scheme.replied.v1')).toMatchObject({ version: 1, processVariant: 'THREE_ZERO' });
    expect(dataOf(events, 'planning.scheme.confirmed.v1')).toMatchObject({
      capacityKva: 60,
      processVariant: 'THREE_ZERO',
      contractTermsVersion: 1,
      actor: { id: 'approver-1', role: 'approver' },
    });
    // The confirmation orders the utility's works outside the site, as the customer's would.
    const ordered = await eventsUntil(shop, 'planning.externalworks.ordered.v1');
    expect(ordered.find((e) => e.type === 'planning.externalworks.ordered.v1')!.data).toMatchObject({ schemeVersion: 1 });
    const view = await readCase(h.as('planner'), shop.id);
    expect(view.scheme).toMatchObject({ status: 'CONFIRMED', approvedBy: 'approver-1', repliedBy: 'approver-1', confirmedBy: 'RULE' });
    expect(view.planningPauses).toEqual([]);
    expect(await copyOf(shop)).toEqual({ process_variant: 'THREE_ZERO', contract_terms_version: 1 });
  });

  it('leaves 三零 when the scheme no longer qualifies: replied for the customer to confirm, the contract from the scheme', async () => {
    // Accepted under 三零, but the policy version it is pinned to names the pre-reform process for the category.
    const shop = newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310101');
    await open(h, shop, { ...THREE_ZERO, policyVersion: '2020-01' });

    expect(await ok('completeFastPath', h.as('surveyor', SURVEYOR), SURVEY(shop.id))).toMatchObject({ planningStatus: 'SCHEME_REPLIED' });
    expect(await copyOf(shop)).toEqual({ process_variant: 'PRE_REFORM', contract_terms_version: 0 });
    expect(await auditOf(shop, 'planning.variant.left')).toEqual([
      {
        actor_id: 'RULE',
        data: expect.objectContaining({
          from: 'THREE_ZERO',
          to: 'PRE_REFORM',
          version: 1,
          reason: 'policy version 2020-01 names PRE_REFORM for LV_NON_RESIDENTIAL cases',
        }),
      },
    ]);
    const replied = dataOf(await eventsUntil(shop, 'planning.scheme.replied.v1'), 'planning.scheme.replied.v1');
    expect(replied).toMatchObject({
      processVariant: 'PRE_REFORM',
      nextAction: { role: 'customer', description: 'Confirm the supply scheme' },
    });

    const customer = customerOf(h, shop);
    expect(await ok('confirmScheme', customer, { caseId: shop.id })).toMatchObject({ planningStatus: 'SCHEME_CONFIRMED' });
    expect(dataOf(await eventsUntil(shop, 'planning.scheme.confirmed.v1'), 'planning.scheme.confirmed.v1')).toMatchObject({
      version: 1,
      processVariant: 'PRE_REFORM',
      contractTermsVersion: 1,
      actor: { id: shop.customerId, role: 'customer' },
      // The pre-reform walk of an LV non-residential case: the customer builds, then completion acceptance.
      nextAction: { role: 'customer' },
    });
    expect(await copyOf(shop)).toEqual({ process_variant: 'PRE_REFORM', contract_terms_version: 1 });
    expect((await readCase(customer, shop.id)).planningPauses).toEqual([
      expect.objectContaining({ kind: 'SCHEME_AWAITING_CUSTOMER', reason: 'Confirmed the replied supply scheme' }),
    ]);
  });

  it('carries no variant on the events of a case accepted without one, and only the variant on one that never walked 三零', async () => {
    const [old, preReform] = [newCase('LV_RESIDENTIAL', 'AC220V', 8, '310101'), newCase('LV_RESIDENTIAL', 'AC220V', 8, '310101')];
    await open(h, old);
    await open(h, preReform, { policyVersion: '2020-01', processVariant: 'PRE_REFORM' });
    for (const c of [old, preReform]) {
      await ok('completeFastPath', h.as('surveyor', SURVEYOR), SURVEY(c.id));
      await ok('confirmScheme', customerOf(h, c), { caseId: c.id });
    }
    for (const [c, walk] of [
      [old, {}],
      [preReform, { processVariant: 'PRE_REFORM' }],
    ] as const) {
      const events = await eventsUntil(c, 'planning.scheme.confirmed.v1');
      for (const type of ['planning.scheme.replied.v1', 'planning.scheme.confirmed.v1'] as const) {
        const data = dataOf(events, type) as Record<string, unknown>;
        expect({ processVariant: data.processVariant, contractTermsVersion: data.contractTermsVersion }).toEqual({
          processVariant: undefined,
          contractTermsVersion: undefined,
          ...walk,
        });
      }
    }
  });
});
