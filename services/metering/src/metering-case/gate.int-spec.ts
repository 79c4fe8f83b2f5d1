import { AmqpEventsServer } from '@yekuo/platform';
import { EventPayload } from '@yekuo/events';
import { GATE_CONDITIONS, GateCondition } from '@yekuo/policy';
import { graphql, ServiceHarness, waitFor } from '@yekuo/testing';
import {
  acceptancePassed,
  contractSigned,
  copyOf,
  FACT_ACTORS,
  feesSettled,
  HV_GATE,
  inAnHour,
  meteringKit,
  MeteringKit,
  newCase,
  permutations,
  schemeConfirmed,
  startMetering,
  TestCase,
} from '../testing/metering.fixtures';

jest.setTimeout(180_000);

const orders = permutations(HV_GATE);
/** Deliveries through the queue: 1 confirmation + 3 facts × 3 copies per case. */
const QUEUED_PER_CASE = 10;
const BATCH = 6;

interface WalkedCase {
  order: GateCondition[];
  i: number;
  c: TestCase;
  lastDeliveredFrom: number;
}

describe('an HV case with its four gate conditions delivered in every order, twice each, to either instance', () => {
  let h: ServiceHarness;
  let k: MeteringKit;
  beforeAll(async () => {
    h = await startMetering();
    k = await meteringKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** One new HV case per order of the four conditions. */
  const newCases = (): WalkedCase[] =>
    orders.map((order, i) => ({ order, i, c: newCase(i % 2 === 0 ? 'HV_SINGLE_SOURCE' : 'HV_DUAL_SOURCE'), lastDeliveredFrom: 0 }));
  const instance = (i: number) => (i % 2 === 0 ? k.a : k.b);
  const techOf = (i: number) => (i % 2 === 0 ? k.tokens.techA : k.tokens.techB);

  it('covers all 24 orders of the 4 conditions', () => {
    expect(GATE_CONDITIONS.filter((c) => c !== 'EXTERNAL_WORKS_COMPLETED').length).toBe(4);
    expect(new Set(orders.map((o) => o.join(','))).size).toBe(24);
  });

  const deliver = async (c: TestCase, condition: GateCondition) => {
    const { a, b, tokens, call, publish, installation } = k;
    if (condition === 'METER_INSTALLED') {
      // Twice, at once, through both instances: the row lock lets exactly one installation through.
      const both = await Promise.all([
        call(a, 'recordMeterInstallation', tokens.techA, installation(c.caseId)),
        call(b, 'recordMeterInstallation', tokens.techB, installation(c.caseId)),
      ]);
      expect(both.filter((r) => !r.errors)).toHaveLength(1);
      expect(both.flatMap((r) => r.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.currentState])).toEqual([
        ['INVALID_TRANSITION', 'METER_INSTALLED'],
      ]);
      return;
    }
    const event = condition === 'CONTRACT_SIGNED' ? contractSigned(c) : condition === 'FEES_SETTLED' ? feesSettled(c) : acceptancePassed(c);
    // The same event twice (same id) and a second copy under a new id, all at once: both instances may take them.
    await publish(event, event, copyOf(event));
  };

  const walk = async (entry: WalkedCase) => {
    const { a, b, tokens, call, ok, failure, register, readMetering, publish, meteringEvents } = k;
    const { c, order, i } = entry;
    await publish(schemeConfirmed(c));
    await waitFor(`case ${i} to open`, () => readMetering(instance(i + 1), techOf(i + 1), c.caseId));
    const { number } = await register(`HV-${c.caseNumber}`, 'HV_CT_PT', 'CLASS_0_2S', { ctRatio: '200/5', ptRatio: '10000/100' });
    await ok(instance(i), 'assignMeter', techOf(i), { caseId: c.caseId, meterNumber: number });
    await ok(instance(i + 1), 'scheduleInstallation', techOf(i + 1), {
      caseId: c.caseId,
      technicianId: 'tech-a',
      scheduledAt: inAnHour(),
    });

    for (const [step, condition] of order.entries()) {
      const undelivered = order.slice(step);
      // Until the last condition is recorded the gate stays shut and names exactly what is missing, in policy order.
      const closed = await failure(instance(i + step), 'energize', techOf(i + step), { caseId: c.caseId });
      expect(closed.extensions).toMatchObject({
        code: 'GATE_CLOSED',
        requires: HV_GATE.filter((g) => undelivered.includes(g)),
      });
      expect(closed.extensions?.requires).toHaveLength(undelivered.length);
      expect(meteringEvents('metering.gate.opened.v1', c.caseId)).toEqual([]);
      if (step === order.length - 1) entry.lastDeliveredFrom = Date.now();
      await deliver(c, condition);
      await waitFor(`case ${i}: ${condition} recorded`, async () =>
        (await readMetering(instance(i + step + 1), techOf(i + step + 1), c.caseId))?.recordedConditions.includes(condition),
      );
    }

    const open = await waitFor(`case ${i}: the gate to open`, async () => {
      const view = await readMetering(instance(i), techOf(i), c.caseId);
      return view?.gateOpen ? view : null;
    });
    expect(open).toMatchObject({
      status: 'METER_INSTALLED',
      blockedBy: [],
      requiredConditions: HV_GATE,
    });
    expect([...open.recordedConditions].sort()).toEqual([...HV_GATE].sort());
    // Energize twice at once through both instances: exactly one switches the supply on.
    const both = await Promise.all([
      call(a, 'energize', tokens.techA, { caseId: c.caseId }),
      call(b, 'energize', tokens.techB, { caseId: c.caseId }),
    ]);
    expect(both.filter((r) => !r.errors).map((r) => r.data!.energize.metering?.status)).toEqual(['ENERGIZED']);
    expect(both.flatMap((r) => r.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.currentState])).toEqual([
      ['INVALID_TRANSITION', 'ENERGIZED'],
    ]);
  };

  /** Walks every case to energization, a batch at a time. */
  const walkAll = async (cases: WalkedCase[]) => {
    for (let start = 0; start < cases.length; start += BATCH) {
      await Promise.all(cases.slice(start, start + BATCH).map(walk));
    }
  };

  it('opens the gate exactly once per case, never before the last condition, then energizes once', async () => {
    const { a, b, dataSource, meteringEvents, handled, deadLettered } = k;
    const cases = newCases();
    const before = handled();
    await walkAll(cases);
    await waitFor('every queued delivery handled', () => handled() >= before + cases.length * QUEUED_PER_CASE, 30_000);
    expect(deadLettered()).toBe(0);
    // Both instances took part in consuming.
    expect(a.app.get(AmqpEventsServer).stats.handled).toBeGreaterThan(0);
    expect(b.app.get(AmqpEventsServer).stats.handled).toBeGreaterThan(0);

    await waitFor('a gate.opened and an energized event per case', () =>
      cases.every(
        ({ c }) =>
          meteringEvents('metering.gate.opened.v1', c.caseId).length > 0 &&
          meteringEvents('metering.case.energized.v1', c.caseId).length > 0,
      ),
    );
    // Give a duplicate (a relay resend, a second opening) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    for (const { c, order, lastDeliveredFrom } of cases) {
      const gates = meteringEvents('metering.gate.opened.v1', c.caseId);
      expect(gates).toHaveLength(1);
      const [gate] = gates;
      expect(gate.source).toBe('/yekuo/metering');
      expect(gate.data).toMatchObject({
        caseNumber: c.caseNumber,
        customerId: c.customerId,
        category: c.category,
        conditions: HV_GATE,
        nextAction: {
          role: 'metering-technician',
          description: 'Energize the supply',
        },
      });
      // Opened by the last condition delivered, never earlier.
      expect(new Date(gate.time).getTime()).toBeGreaterThanOrEqual(lastDeliveredFrom);
      const last = order[order.length - 1];
      const actorId = (gate.data as EventPayload<'metering.gate.opened.v1'>).actor.id;
      if (last === 'METER_INSTALLED') expect(['tech-a', 'tech-b']).toContain(actorId);
      else expect(actorId).toBe(FACT_ACTORS[last].id);

      expect(meteringEvents('metering.case.energized.v1', c.caseId)).toHaveLength(1);
      expect(meteringEvents('metering.meter.assigned.v1', c.caseId)).toHaveLength(1);
      expect(meteringEvents('metering.meter.installed.v1', c.caseId)).toHaveLength(1);
    }

    const facts = await dataSource.query<{ n: number }[]>(
      `SELECT case_id, count(*)::int AS n FROM metering_fact WHERE case_id = ANY($1) GROUP BY case_id`,
      [cases.map(({ c }) => c.caseId)],
    );
    expect(facts.map((f) => f.n)).toEqual(cases.map(() => 4));
    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  });

  it('keeps one valid audit chain per case under concurrent writers', async () => {
    const { a, tokens } = k;
    const cases = newCases();
    await walkAll(cases);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { meteringAudit { valid length } } } }`;
    const audited = await graphql<{
      _entities: { meteringAudit: { valid: boolean; length: number } }[];
    }>(a.url, query, { r: cases.map(({ c }) => ({ __typename: 'Case', id: c.caseId })) }, tokens.auditor);
    expect(audited.errors).toBeUndefined();
    // Case opened, meter assigned, installation scheduled, 4 facts, meter installed, gate opened, clock started, energized, clock
    // stopped; where the meter came last, its installation clock started when the third fact arrived and stopped at it (2 more).
    expect(audited.data!._entities.map((e) => e.meteringAudit)).toEqual(
      cases.map(({ order }) => ({ valid: true, length: order[order.length - 1] === 'METER_INSTALLED' ? 14 : 12 })),
    );
  });
});
