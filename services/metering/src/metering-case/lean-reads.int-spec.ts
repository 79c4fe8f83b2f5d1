import { graphql, ServiceHarness, StatementLog, tablesOf } from '@yekuo/testing';
import {
  contractSigned,
  feesSettled,
  inAnHour,
  meteringKit,
  MeteringKit,
  meterNumber,
  METERING_FIELDS,
  newCase,
  schemeConfirmed,
  startMetering,
  TestCase,
  withdrawn,
} from '../testing/metering.fixtures';

jest.setTimeout(180_000);

const CASES = 50;

/** What the README's case query asks of metering. */
const README_FIELDS = 'metering { blockedBy gateOpenedAt energizedAt }';

/** Every field of `Case.metering` and below it (the clock apart, which is the time-limit library's). */
const FULL_FIELDS = `id ${METERING_FIELDS.replace('meter {', 'meter { registeredAt registeredBy retiredAt')}`;

const ENTITIES = (fields: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { ${fields} } } }`;

describe('metering answers `_entities` with the tables the asked fields need, one statement per table (in process, real PostgreSQL)', () => {
  let h: ServiceHarness;
  let k: MeteringKit;
  let log: StatementLog;
  const cases: TestCase[] = Array.from({ length: CASES }, () => newCase('LV_RESIDENTIAL'));
  const [energized, blocked, scheduled, cancelled] = cases;

  beforeAll(async () => {
    // No outbox poll and no time-limit sweep while statements are counted (the outbox is still relayed on NOTIFY).
    h = await startMetering({ env: { OUTBOX_POLL_MS: '3600000', TIME_LIMIT_SWEEP_MS: '0' } });
    k = await meteringKit(h);

    await h.publishAndWait(contractSigned(energized), contractSigned(blocked), feesSettled(energized));
    await h.publishAndWait(...cases.map((c) => schemeConfirmed(c)));
    const { a, ok, tokens, register, installation } = k;
    for (const c of [energized, blocked, scheduled, cancelled]) {
      const meter = await register(meterNumber('LEAN'), 'SINGLE_PHASE', 'CLASS_2');
      await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
      await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
      await ok(a, 'rescheduleInstallation', tokens.techA, {
        caseId: c.caseId,
        scheduledAt: new Date(Date.now() + 26 * 3600_000).toISOString(),
        reason: 'The customer is away in the morning',
      });
    }
    for (const c of [energized, blocked]) await ok(a, 'recordMeterInstallation', tokens.techA, installation(c.caseId));
    await ok(a, 'energize', tokens.techA, { caseId: energized.caseId });
    await h.publishAndWait(withdrawn(cancelled));
    log = await h.recordStatements();
  });

  afterAll(async () => {
    log?.stop();
    await h?.stop();
  });

  /** Resolves `Case` for `ids` through `_entities` as the gateway does, and the statements it took. */
  const read = async (ids: string[], fields: string) => {
    log.take();
    const response = await graphql<{ _entities: Record<string, any>[] }>(
      k.a.url,
      ENTITIES(fields),
      { r: ids.map((id) => ({ __typename: 'Case', id })) },
      k.tokens.supervisor,
    );
    expect(response.errors).toBeUndefined();
    return { cases: response.data!._entities, queries: [...log.statements] };
  };

  it("answers the README's fields of a case from the case row and its facts only", async () => {
    const supervisor = h.as('supervisor', { sub: 'supervisor-1' });
    for (const [c, expected] of [
      [energized, { blockedBy: [], gateOpenedAt: expect.any(String), energizedAt: expect.any(String) }],
      [blocked, { blockedBy: ['FEES_SETTLED'], gateOpenedAt: null, energizedAt: null }],
      [scheduled, { blockedBy: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'], gateOpenedAt: null, energizedAt: null }],
      [cancelled, { blockedBy: [], gateOpenedAt: null, energizedAt: null }],
      [cases[10], { blockedBy: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'], gateOpenedAt: null, energizedAt: null }],
    ] as const) {
      log.take();
      expect(await supervisor.readCase(c.caseId, README_FIELDS)).toEqual({ metering: expected });
      const sent = [...log.statements];
      expect(sent.length).toBeLessThanOrEqual(2);
      expect(sent.flatMap(tablesOf).every((t) => ['metering_case', 'metering_fact'].includes(t))).toBe(true);
    }
  });

  it('reads no further table for the scalars of 50 cases either', async () => {
    const { cases: found, queries: sent } = await read(
      cases.map((c) => c.caseId),
      `id metering { status meteringMethod requiredConditions recordedConditions blockedBy gateOpen gateOpenedAt energizedAt archivedAt cancellation { reason cancelledWork } }`,
    );
    expect(found.map((c) => c.id)).toEqual(cases.map((c) => c.caseId));
    expect(found[3].metering).toMatchObject({
      status: 'CANCELLED',
      cancellation: { cancelledWork: expect.arrayContaining(['METER_ASSIGNMENT']) },
    });
    expect(sent.flatMap(tablesOf).sort()).toEqual(['metering_case', 'metering_fact']);
  });

  it('answers the full detail of 50 cases with one statement per table, not one per case', async () => {
    const one = await read([energized.caseId], FULL_FIELDS);
    const all = await read(
      cases.map((c) => c.caseId),
      FULL_FIELDS,
    );

    expect(all.cases.map((c) => c.id)).toEqual(cases.map((c) => c.caseId));
    expect(all.cases[0].metering).toMatchObject({
      status: 'ENERGIZED',
      meter: { type: 'SINGLE_PHASE', status: 'INSTALLED', caseId: energized.caseId, registeredBy: 'tech-a', retiredAt: null },
      installation: {
        status: 'INSTALLED',
        order: {
          status: 'COMPLETED',
          technicianId: 'tech-a',
          history: [{ reason: null }, { reason: 'The customer is away in the morning' }],
        },
        reading: 0.5,
        seals: [`S-${energized.caseId.slice(0, 8)}-1`, `S-${energized.caseId.slice(0, 8)}-2`],
      },
      recordedConditions: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'],
      gateOpen: true,
    });
    expect(all.cases[1].metering).toMatchObject({
      status: 'METER_INSTALLED',
      blockedBy: ['FEES_SETTLED'],
      installation: { status: 'INSTALLED' },
    });
    expect(all.cases[2].metering).toMatchObject({
      status: 'METER_ASSIGNED',
      meter: { status: 'ASSIGNED', caseId: scheduled.caseId },
      installation: { status: 'SCHEDULED', installedAt: null, seals: [], order: { status: 'SCHEDULED', history: [{}, {}] } },
    });
    expect(all.cases[3].metering).toMatchObject({ status: 'CANCELLED', meter: null, installation: { status: 'CANCELLED' } });
    expect(all.cases[4].metering).toMatchObject({ status: 'OPEN', meter: null, installation: null, recordedConditions: [] });

    const tables = all.queries.flatMap(tablesOf);
    expect(new Set(tables).size).toBe(tables.length);
    expect(all.queries).toHaveLength(tables.length);
    expect(all.queries.length).toBeLessThanOrEqual(7);
    expect(all.queries.length).toBe(one.queries.length);
  });
});
