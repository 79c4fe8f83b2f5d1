import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer } from '@yekuo/platform';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, parseEvent, Role } from '@yekuo/events';
import { GATE_CONDITIONS, GateCondition } from '@yekuo/policy';
import {
  EventTap,
  graphql,
  GraphQLErrorBody,
  GraphQLResponse,
  InProcessService,
  readCaseEntity,
  startServiceInProcess,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from './app.module';
import { meteringService } from './metering.service-definition';

jest.setTimeout(180_000);

interface TestCase {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
}

interface MeterView {
  id: string;
  number: string;
  type: string;
  accuracyClass: string;
  ctRatio: string | null;
  ptRatio: string | null;
  status: string;
  caseId: string | null;
  assignedAt: string | null;
  assignedBy: string | null;
  removalRequired: boolean;
}

interface MeteringView {
  status: string;
  meteringMethod: string | null;
  meter: MeterView | null;
  installation: {
    status: string;
    order: {
      status: string;
      technicianId: string;
      scheduledAt: string;
      scheduledBy: string;
      history: { technicianId: string; scheduledAt: string; reason: string | null; changedBy: string }[];
    } | null;
    installedAt: string | null;
    reading: number | null;
    seals: string[];
    technicianId: string | null;
    recordedAt: string | null;
    recordedBy: string | null;
    removedAt: string | null;
    removalReading: number | null;
  } | null;
  requiredConditions: string[];
  recordedConditions: string[];
  blockedBy: string[];
  gateOpen: boolean;
  gateOpenedAt: string | null;
  energizedAt: string | null;
  archivedAt: string | null;
  cancellation: { reason: string; cancelledBy: string; cancelledFrom: string; cancelledWork: string[] } | null;
}

const METER_FIELDS = 'id number type accuracyClass ctRatio ptRatio status caseId assignedAt assignedBy removalRequired';
const METERING_FIELDS = `metering {
  status meteringMethod
  meter { ${METER_FIELDS} }
  installation {
    status order { status technicianId scheduledAt scheduledBy history { technicianId scheduledAt reason changedBy } }
    installedAt reading seals technicianId recordedAt recordedBy removedAt removalReading
  }
  requiredConditions recordedConditions blockedBy gateOpen gateOpenedAt energizedAt archivedAt
  cancellation { reason cancelledBy cancelledFrom cancelledWork }
}`;

const MUTATIONS = {
  registerMeter: `mutation($input: RegisterMeterInput!) { registerMeter(input: $input) { ${METER_FIELDS} } }`,
  retireMeter: `mutation($input: RetireMeterInput!) { retireMeter(input: $input) { ${METER_FIELDS} } }`,
  assignMeter: `mutation($input: AssignMeterInput!) { assignMeter(input: $input) { id ${METERING_FIELDS} } }`,
  scheduleInstallation: `mutation($input: ScheduleInstallationInput!) { scheduleInstallation(input: $input) { id ${METERING_FIELDS} } }`,
  rescheduleInstallation: `mutation($input: RescheduleInstallationInput!) { rescheduleInstallation(input: $input) { id ${METERING_FIELDS} } }`,
  recordMeterInstallation: `mutation($input: RecordMeterInstallationInput!) { recordMeterInstallation(input: $input) { id ${METERING_FIELDS} } }`,
  recordMeterRemoval: `mutation($input: RecordMeterRemovalInput!) { recordMeterRemoval(input: $input) { id ${METERING_FIELDS} } }`,
  energize: `mutation($input: EnergizeInput!) { energize(input: $input) { id ${METERING_FIELDS} } }`,
  archiveCase: `mutation($input: ArchiveCaseInput!) { archiveCase(input: $input) { id ${METERING_FIELDS} } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;
type MutationResponse = GraphQLResponse<Record<string, any>>;
const METERS_QUERY = `query($filter: MeterFilter, $first: Int, $after: String) {
  meters(filter: $filter, first: $first, after: $after) { edges { cursor node { ${METER_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;

/** The gate of an HV case, in policy order (ARCHITECTURE.md, "Process variants"). */
const HV_GATE: GateCondition[] = ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED'];
const LV_RESIDENTIAL_GATE: GateCondition[] = ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'];

/** Who announces each upstream fact (so the test can tell which fact opened the gate). */
const FACT_ACTORS = {
  CONTRACT_SIGNED: { id: 'officer-sign', role: 'contract-officer' },
  FEES_SETTLED: { id: 'officer-fees', role: 'contract-officer' },
  COMPLETION_ACCEPTED: { id: 'inspector-1', role: 'inspector' },
} as const;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

let caseCounter = 100;
function newCase(category: CustomerCategory): TestCase {
  caseCounter += 1;
  return {
    caseId: randomUUID(),
    caseNumber: `YK-2026-${String(caseCounter).padStart(6, '0')}`,
    customerId: randomUUID(),
    category,
  };
}

const payloadOf = (c: TestCase, actor: { id: string; role: Role }) => ({
  caseId: c.caseId,
  caseNumber: c.caseNumber,
  customerId: c.customerId,
  category: c.category,
  policyVersion: '2020-01',
  actor,
});

function schemeConfirmed(c: TestCase): CloudEvent<'planning.scheme.confirmed.v1'> {
  const payload: EventPayload<'planning.scheme.confirmed.v1'> = {
    ...payloadOf(c, { id: c.customerId, role: 'customer' }),
    schemeId: randomUUID(),
    version: 1,
    voltageLevel: c.category.startsWith('HV') ? 'AC10KV' : 'AC220V',
    capacityKva: c.category.startsWith('HV') ? 630 : 8,
    supplySources: c.category === 'HV_DUAL_SOURCE' ? 2 : 1,
    meteringMethod: c.category.startsWith('HV') ? 'HIGH_SUPPLY_HIGH_METERING' : 'LOW_SUPPLY_LOW_METERING',
    tariffCategory: c.category.startsWith('HV') ? 'LARGE_INDUSTRIAL' : 'RESIDENTIAL',
    supplyPoints: c.category === 'HV_DUAL_SOURCE' ? ['10kV feeder 12', '10kV feeder 7'] : ['10kV feeder 12'],
    propertyBoundary: 'Cable terminal of the customer switch room',
  };
  return createEvent('planning.scheme.confirmed.v1', payload, {
    source: '/yekuo/planning',
  });
}

function contractSigned(c: TestCase, fullySigned = true): CloudEvent<'contracts.contract.signed.v1'> {
  return createEvent(
    'contracts.contract.signed.v1',
    {
      ...payloadOf(c, FACT_ACTORS.CONTRACT_SIGNED),
      contractId: randomUUID(),
      version: 1,
      party: fullySigned ? 'UTILITY' : 'CUSTOMER',
      fullySigned,
    },
    { source: '/yekuo/contracts' },
  );
}

function feesSettled(c: TestCase): CloudEvent<'contracts.fees.settled.v1'> {
  return createEvent(
    'contracts.fees.settled.v1',
    {
      ...payloadOf(c, FACT_ACTORS.FEES_SETTLED),
      invoiceId: randomUUID(),
      total: '3250.00',
    },
    { source: '/yekuo/contracts' },
  );
}

function acceptancePassed(c: TestCase): CloudEvent<'inspection.acceptance.passed.v1'> {
  return createEvent(
    'inspection.acceptance.passed.v1',
    { ...payloadOf(c, FACT_ACTORS.COMPLETION_ACCEPTED), round: 1 },
    { source: '/yekuo/inspection' },
  );
}

function withdrawn(c: TestCase, reason = 'The customer no longer needs the connection'): CloudEvent<'intake.application.withdrawn.v1'> {
  return createEvent(
    'intake.application.withdrawn.v1',
    { ...payloadOf(c, { id: c.customerId, role: 'customer' }), reason },
    { source: '/yekuo/intake' },
  );
}

let meterCounter = 0;
/** A meter number no other test uses. */
const meterNumber = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(meterCounter += 1)}`;
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

/** The same fact again, as a producer that sent it twice would: same payload, new event id. */
function copyOf<T extends CloudEvent>(event: T): T {
  return createEvent(event.type, event.data, { source: event.source }) as T;
}

describe('metering service (two instances in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let a: InProcessService;
  let b: InProcessService;
  let tap: EventTap;
  let bus: TestPublisher;
  let dataSource: DataSource;
  const tokens: Record<string, string> = {};

  const handled = () => a.app.get(AmqpEventsServer).stats.handled + b.app.get(AmqpEventsServer).stats.handled;
  const deadLettered = () => a.app.get(AmqpEventsServer).stats.deadLettered + b.app.get(AmqpEventsServer).stats.deadLettered;

  const call = (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>): Promise<MutationResponse> =>
    graphql(service.url, MUTATIONS[name], { input }, token);

  const ok = async (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await call(service, name, token, input);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };

  const failure = async (
    service: InProcessService,
    name: MutationName,
    token: string,
    input: Record<string, unknown>,
  ): Promise<GraphQLErrorBody> => {
    const response = await call(service, name, token, input);
    expect(response.errors).toHaveLength(1);
    expect(response.data ?? null).toBeNull();
    return response.errors![0];
  };

  /** Registers a meter in stock; returns its number. */
  const register = async (number: string, type: string, accuracyClass: string, ratios: { ctRatio?: string; ptRatio?: string } = {}) => {
    const meter = await ok(a, 'registerMeter', tokens.techA, { number, type, accuracyClass, ...ratios });
    expect(meter).toMatchObject({ number, type, accuracyClass, status: 'IN_STOCK', caseId: null });
    return meter as MeterView;
  };

  const meterByNumber = async (number: string): Promise<MeterView> => {
    const response = await graphql<{ meters: { edges: { node: MeterView }[] } }>(
      b.url,
      METERS_QUERY,
      { filter: { numberPrefix: number }, first: 5 },
      tokens.supervisor,
    );
    const found = response.data?.meters.edges.map((e) => e.node).find((m) => m.number === number);
    if (!found) throw new Error(`meter ${number} not listed: ${JSON.stringify(response)}`);
    return found;
  };

  /** Reads `Case.metering` as the gateway does: through `_entities`. */
  const readMetering = async (service: InProcessService, token: string, caseId: string): Promise<MeteringView | null> => {
    return (await readCaseEntity<{ metering: MeteringView | null }>(service.url, token, caseId, METERING_FIELDS)).metering;
  };

  const publish = (...events: CloudEvent[]) => bus.publish(...events);

  const expectOk = <T>(response: GraphQLResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  const meteringEvents = (type: string, caseId: string) =>
    tap
      .ofType(type)
      .map((m) => parseEvent(m.body))
      .filter((e) => e.subject === caseId);

  const installation = (caseId: string) => ({
    caseId,
    installedAt: new Date(Date.now() - 60_000).toISOString(),
    reading: 0.5,
    sealNumbers: [`S-${caseId.slice(0, 8)}-1`, `S-${caseId.slice(0, 8)}-2`],
  });

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, '#');
    a = await startServiceInProcess(run, meteringService, (config) => AppModule.forRoot(config));
    b = await startServiceInProcess(run, meteringService, (config) => AppModule.forRoot(config));
    dataSource = a.app.get(DataSource);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    const mint = (sub: string, roles: Role[], actsFor?: string[]) => run.token({ sub, roles, actsFor });
    Object.assign(tokens, {
      techA: await mint('tech-a', ['metering-technician']),
      techB: await mint('tech-b', ['metering-technician']),
      supervisor: await mint('supervisor-1', ['supervisor']),
      auditor: await mint('auditor-1', ['auditor']),
      admin: await mint('admin-1', ['admin']),
      customer: await mint(randomUUID(), ['customer']),
      officer: await mint('officer-1', ['contract-officer']),
    });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await tap?.close();
    await bus?.close();
    await run.cleanUp(['metering']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('runs two instances on one database and one queue', () => {
    expect(a.config.DATABASE_URL).toBe(b.config.DATABASE_URL);
    expect(a.config.AMQP_QUEUE_PREFIX).toBe(b.config.AMQP_QUEUE_PREFIX);
    expect(a.url).not.toBe(b.url);
  });

  describe('an LV residential case whose contract signature arrives before the scheme confirmation', () => {
    const lv = newCase('LV_RESIDENTIAL');
    const other = newCase('LV_RESIDENTIAL');
    const third = newCase('LV_RESIDENTIAL');
    let customer: string;
    let agent: string;
    let otherCustomer: string;

    beforeAll(async () => {
      customer = await run.token({ sub: lv.customerId, roles: ['customer'] });
      agent = await run.token({
        sub: 'agent-1',
        roles: ['agent'],
        actsFor: [lv.customerId],
      });
      otherCustomer = await run.token({
        sub: other.customerId,
        roles: ['customer'],
      });
    });

    it('keeps a fact that arrives before the case, and ignores a signature by one party only', async () => {
      const before = handled();
      const partial = contractSigned(lv, false);
      const signed = contractSigned(lv, true);
      await publish(partial, signed, signed);
      await waitFor('three deliveries handled', () => handled() >= before + 3);
      expect(deadLettered()).toBe(0);

      const facts = await dataSource.query<Record<string, unknown>[]>(
        'SELECT condition, source, event_id, actor_id FROM metering_fact WHERE case_id = $1',
        [lv.caseId],
      );
      expect(facts).toEqual([
        {
          condition: 'CONTRACT_SIGNED',
          source: 'contracts.contract.signed.v1',
          event_id: signed.id,
          actor_id: 'officer-sign',
        },
      ]);
      const [row] = await dataSource.query<Record<string, unknown>[]>(
        'SELECT status, category, required_conditions, gate_opened_at FROM metering_case WHERE case_id = $1',
        [lv.caseId],
      );
      expect(row).toEqual({
        status: 'AWAITING_SCHEME',
        category: null,
        required_conditions: null,
        gate_opened_at: null,
      });

      // Not open in metering yet: nobody sees it, and meter work cannot start.
      expect(await readMetering(a, tokens.techA, lv.caseId)).toBeNull();
      const early = await failure(b, 'assignMeter', tokens.techB, {
        caseId: lv.caseId,
        meterNumber: 'LV-0001',
      });
      expect(early.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'AWAITING_SCHEME',
        requires: ['OPEN'],
      });
      const unknown = await failure(a, 'energize', tokens.techA, {
        caseId: randomUUID(),
      });
      expect(unknown.extensions?.code).toBe('NOT_FOUND');
    });

    it('opens the case on the scheme confirmation with the gate of its variant and the fact already recorded', async () => {
      const confirmed = schemeConfirmed(lv);
      await publish(confirmed, confirmed, schemeConfirmed(other), schemeConfirmed(third));
      const view = await waitFor('the LV case to open', () => readMetering(b, tokens.techB, lv.caseId));
      expect(view).toEqual({
        status: 'OPEN',
        meteringMethod: 'LOW_SUPPLY_LOW_METERING',
        meter: null,
        installation: null,
        requiredConditions: LV_RESIDENTIAL_GATE,
        recordedConditions: ['CONTRACT_SIGNED'],
        blockedBy: ['FEES_SETTLED', 'METER_INSTALLED'],
        gateOpen: false,
        gateOpenedAt: null,
        energizedAt: null,
        archivedAt: null,
        cancellation: null,
      });
      await waitFor(
        'the other cases to open',
        async () => (await readMetering(a, tokens.techA, other.caseId)) && readMetering(a, tokens.techA, third.caseId),
      );
    });

    it('refuses wrong roles, invalid input, steps out of order and a closed gate', async () => {
      expect((await failure(a, 'energize', customer, { caseId: lv.caseId })).extensions?.code).toBe('FORBIDDEN');
      expect((await failure(a, 'energize', tokens.supervisor, { caseId: lv.caseId })).extensions?.code).toBe('FORBIDDEN');
      expect(
        (
          await failure(a, 'assignMeter', tokens.officer, {
            caseId: lv.caseId,
            meterNumber: 'X',
          })
        ).extensions?.code,
      ).toBe('FORBIDDEN');
      expect((await failure(b, 'archiveCase', tokens.auditor, { caseId: lv.caseId })).extensions?.code).toBe('FORBIDDEN');

      const assign = await failure(a, 'assignMeter', tokens.techA, {
        caseId: 'not-a-uuid',
        meterNumber: '   ',
        meterId: randomUUID(),
      });
      expect(assign.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(assign.extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['input.caseId', 'input.meterNumber', 'input.meterId']),
      );
      const neither = await failure(a, 'assignMeter', tokens.techA, { caseId: lv.caseId });
      expect(neither.extensions?.fields).toEqual([{ field: 'input.meterId', message: 'give the meter by meterId or meterNumber' }]);
      const unknownMeter = await failure(b, 'assignMeter', tokens.techB, { caseId: lv.caseId, meterNumber: 'NO-SUCH-METER' });
      expect(unknownMeter.extensions?.code).toBe('NOT_FOUND');
      const install = await failure(b, 'recordMeterInstallation', tokens.techB, {
        caseId: lv.caseId,
        installedAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
        reading: -1,
        sealNumbers: ['S-1', 'S-1', ' '],
      });
      expect(install.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(install.extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['input.installedAt', 'input.reading', 'input.sealNumbers']),
      );
      expect(
        (
          await failure(a, 'recordMeterInstallation', tokens.techA, {
            ...installation(lv.caseId),
            sealNumbers: [],
          })
        ).extensions?.fields,
      ).toEqual([expect.objectContaining({ field: 'input.sealNumbers' })]);

      const noMeter = await failure(a, 'recordMeterInstallation', tokens.techA, installation(lv.caseId));
      expect(noMeter.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'OPEN',
        requires: ['METER_ASSIGNED'],
      });
      const closed = await failure(b, 'energize', tokens.techB, {
        caseId: lv.caseId,
      });
      expect(closed.extensions).toMatchObject({
        code: 'GATE_CLOSED',
        requires: ['FEES_SETTLED', 'METER_INSTALLED'],
      });
      const schedule = await failure(a, 'scheduleInstallation', tokens.techA, {
        caseId: lv.caseId,
        technicianId: ' ',
        scheduledAt: new Date(Date.now() - 24 * 3600_000).toISOString(),
      });
      expect(schedule.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(schedule.extensions?.fields?.map((f) => f.field))).toEqual(new Set(['input.technicianId', 'input.scheduledAt']));
      expect(
        (await failure(a, 'scheduleInstallation', customer, { caseId: lv.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() }))
          .extensions?.code,
      ).toBe('FORBIDDEN');
      expect(
        (await failure(b, 'rescheduleInstallation', tokens.officer, { caseId: lv.caseId, scheduledAt: inAnHour(), reason: 'x' })).extensions
          ?.code,
      ).toBe('FORBIDDEN');
      const noReason = await failure(b, 'rescheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        scheduledAt: inAnHour(),
        reason: '  ',
      });
      expect(noReason.extensions?.fields).toEqual([expect.objectContaining({ field: 'input.reason' })]);
      const notScheduled = await failure(b, 'rescheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        scheduledAt: inAnHour(),
        reason: 'The customer asked for another day',
      });
      expect(notScheduled.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'NOT_SCHEDULED', requires: ['SCHEDULED'] });
      const notWithdrawn = await failure(a, 'recordMeterRemoval', tokens.techA, {
        caseId: lv.caseId,
        removedAt: new Date().toISOString(),
        reading: 1,
      });
      expect(notWithdrawn.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'OPEN', requires: ['CANCELLED'] });
      const notEnergized = await failure(a, 'archiveCase', tokens.supervisor, {
        caseId: lv.caseId,
      });
      expect(notEnergized.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'OPEN',
        requires: ['ENERGIZED'],
      });
    });

    it('assigns a meter from stock to one case only, also when two cases race for it', async () => {
      await register('3300000000001', 'SINGLE_PHASE', 'CLASS_2');
      await register('3300000000002', 'SINGLE_PHASE', 'CLASS_2');
      await register('3300000000009', 'SINGLE_PHASE', 'CLASS_2');
      const assigned = await ok(a, 'assignMeter', tokens.techA, {
        caseId: lv.caseId,
        meterNumber: ' 3300000000001 ',
      });
      expect(assigned.metering).toMatchObject({
        status: 'METER_ASSIGNED',
        meter: {
          number: '3300000000001',
          type: 'SINGLE_PHASE',
          accuracyClass: 'CLASS_2',
          ctRatio: null,
          ptRatio: null,
          status: 'ASSIGNED',
          caseId: lv.caseId,
          assignedBy: 'tech-a',
          removalRequired: false,
        },
      });
      expect(await meterByNumber('3300000000001')).toMatchObject({ status: 'ASSIGNED', caseId: lv.caseId });
      const again = await failure(b, 'assignMeter', tokens.techB, {
        caseId: lv.caseId,
        meterNumber: '3300000000009',
      });
      expect(again.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'METER_ASSIGNED',
        requires: ['OPEN'],
      });
      const taken = await failure(b, 'assignMeter', tokens.techB, {
        caseId: other.caseId,
        meterId: assigned.metering.meter.id,
      });
      expect(taken.extensions?.code).toBe('CONFLICT');
      expect(taken.message).toContain('already assigned');

      // Two cases, one meter, two instances at once: exactly one assignment commits.
      const race = await Promise.all([
        call(a, 'assignMeter', tokens.techA, { caseId: other.caseId, meterNumber: '3300000000002' }),
        call(b, 'assignMeter', tokens.techB, { caseId: third.caseId, meterNumber: '3300000000002' }),
      ]);
      expect(race.filter((r) => !r.errors)).toHaveLength(1);
      expect(race.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM meter_assignment a JOIN meter m ON m.id = a.meter_id WHERE m.meter_number = '3300000000002' AND a.released_at IS NULL`,
      );
      expect(n).toBe(1);
      const winner = race.find((r) => !r.errors)!.data!.assignMeter as { id: string };
      expect(await meterByNumber('3300000000002')).toMatchObject({ status: 'ASSIGNED', caseId: winner.id });
    });

    it('opens the gate in the transaction of the last fact, then energizes once and archives', async () => {
      await publish(feesSettled(lv));
      await waitFor('FEES_SETTLED recorded', async () =>
        (await readMetering(a, tokens.techA, lv.caseId))?.recordedConditions.includes('FEES_SETTLED'),
      );
      const closed = await failure(a, 'energize', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(closed.extensions).toMatchObject({
        code: 'GATE_CLOSED',
        requires: ['METER_INSTALLED'],
      });

      const installedAt = new Date(Date.now() - 3600_000).toISOString();
      const unordered = await failure(b, 'recordMeterInstallation', tokens.techB, installation(lv.caseId));
      expect(unordered.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'NOT_SCHEDULED', requires: ['SCHEDULED'] });

      const firstSlot = new Date(Date.now() + 2 * 3600_000).toISOString();
      const scheduled = await ok(a, 'scheduleInstallation', tokens.supervisor, {
        caseId: lv.caseId,
        technicianId: 'tech-a',
        scheduledAt: firstSlot,
      });
      expect(scheduled.metering.installation).toEqual({
        status: 'SCHEDULED',
        order: {
          status: 'SCHEDULED',
          technicianId: 'tech-a',
          scheduledAt: firstSlot,
          scheduledBy: 'supervisor-1',
          history: [{ technicianId: 'tech-a', scheduledAt: firstSlot, reason: null, changedBy: 'supervisor-1' }],
        },
        installedAt: null,
        reading: null,
        seals: [],
        technicianId: null,
        recordedAt: null,
        recordedBy: null,
        removedAt: null,
        removalReading: null,
      });
      const twiceScheduled = await failure(b, 'scheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        technicianId: 'tech-b',
        scheduledAt: firstSlot,
      });
      expect(twiceScheduled.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'SCHEDULED',
        requires: ['NOT_SCHEDULED'],
      });
      const secondSlot = new Date(Date.now() + 26 * 3600_000).toISOString();
      const moved = await ok(b, 'rescheduleInstallation', tokens.techB, {
        caseId: lv.caseId,
        scheduledAt: secondSlot,
        technicianId: 'tech-b',
        reason: ' The customer is away in the morning ',
      });
      expect(moved.metering.installation.order).toMatchObject({
        technicianId: 'tech-b',
        scheduledAt: secondSlot,
        scheduledBy: 'supervisor-1',
        history: [
          { technicianId: 'tech-a', scheduledAt: firstSlot, reason: null, changedBy: 'supervisor-1' },
          { technicianId: 'tech-b', scheduledAt: secondSlot, reason: 'The customer is away in the morning', changedBy: 'tech-b' },
        ],
      });

      const installed = await ok(b, 'recordMeterInstallation', tokens.techB, {
        caseId: lv.caseId,
        installedAt,
        reading: 0.25,
        sealNumbers: [' LV-S1 ', 'LV-S2'],
      });
      expect(installed.metering).toMatchObject({
        status: 'METER_INSTALLED',
        meter: { number: '3300000000001', status: 'INSTALLED' },
        installation: {
          status: 'INSTALLED',
          order: { status: 'COMPLETED', technicianId: 'tech-b' },
          installedAt: new Date(installedAt).toISOString(),
          reading: 0.25,
          seals: ['LV-S1', 'LV-S2'],
          technicianId: 'tech-b',
          recordedBy: 'tech-b',
        },
        recordedConditions: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'],
        blockedBy: [],
        gateOpen: true,
        gateOpenedAt: expect.any(String),
      });
      const twice = await failure(a, 'recordMeterInstallation', tokens.techA, installation(lv.caseId));
      expect(twice.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'METER_INSTALLED',
        requires: ['METER_ASSIGNED'],
      });

      const energized = await ok(a, 'energize', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(energized.metering).toMatchObject({
        status: 'ENERGIZED',
        energizedAt: expect.any(String),
        archivedAt: null,
      });
      const again = await failure(b, 'energize', tokens.techB, {
        caseId: lv.caseId,
      });
      expect(again.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'ENERGIZED',
        requires: ['OPEN', 'METER_ASSIGNED', 'METER_INSTALLED'],
      });

      const archived = await ok(b, 'archiveCase', tokens.supervisor, {
        caseId: lv.caseId,
      });
      expect(archived.metering).toMatchObject({
        status: 'ARCHIVED',
        archivedAt: expect.any(String),
      });
      const archivedAgain = await failure(a, 'archiveCase', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(archivedAgain.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'ARCHIVED',
        requires: ['ENERGIZED'],
      });
      const afterArchive = await failure(a, 'energize', tokens.techA, {
        caseId: lv.caseId,
      });
      expect(afterArchive.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'ARCHIVED',
      });
    });

    it('shows the case to its customer and their agent only, and its audit chain to auditors', async () => {
      const view = await readMetering(a, customer, lv.caseId);
      expect(view).toMatchObject({
        status: 'ARCHIVED',
        meter: { number: '3300000000001' },
        gateOpen: true,
        blockedBy: [],
      });
      expect(await readMetering(b, agent, lv.caseId)).toMatchObject({
        status: 'ARCHIVED',
      });
      expect(await readMetering(a, otherCustomer, lv.caseId)).toBeNull();
      expect(await readMetering(a, tokens.techA, randomUUID())).toBeNull();

      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { meteringAudit { valid length firstBroken { seq reason } } } } }`;
      const audited = await graphql<{
        _entities: { meteringAudit: unknown }[];
      }>(b.url, query, { r: [{ __typename: 'Case', id: lv.caseId }] }, tokens.auditor);
      expect(audited.errors).toBeUndefined();
      // Fact, case opened, fact, meter assigned, scheduled, rescheduled, meter installed, fact, gate opened,
      // energization clock started, energized, clock stopped, archived.
      expect(audited.data!._entities[0].meteringAudit).toEqual({
        valid: true,
        length: 13,
        firstBroken: null,
      });
      const denied = await graphql(a.url, query, { r: [{ __typename: 'Case', id: lv.caseId }] }, tokens.techA);
      expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('published each metering event of the case exactly once, valid, with who acts next', async () => {
      const types = [
        'metering.meter.assigned.v1',
        'metering.meter.installed.v1',
        'metering.gate.opened.v1',
        'metering.case.energized.v1',
        'metering.case.archived.v1',
        // The energization step's time-limit clock, from the gate opening to the power-on.
        'metering.timelimit.started.v1',
        'metering.timelimit.stopped.v1',
      ];
      await waitFor('every metering event of the LV case', () => types.every((t) => meteringEvents(t, lv.caseId).length > 0));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const all = tap.messages
        .filter((m) => m.routingKey.startsWith('metering.'))
        .map((m) => parseEvent(m.body))
        .filter((e) => e.subject === lv.caseId);
      expect(all.map((e) => e.type).sort()).toEqual([...types].sort());
      for (const event of all) {
        expect(event).toMatchObject({
          source: '/yekuo/metering',
          subject: lv.caseId,
        });
        expect(event.data).toMatchObject({
          caseId: lv.caseId,
          caseNumber: lv.caseNumber,
          customerId: lv.customerId,
          category: 'LV_RESIDENTIAL',
          policyVersion: '2020-01',
        });
      }
      const [assigned] = meteringEvents('metering.meter.assigned.v1', lv.caseId);
      expect(assigned.data).toMatchObject({
        meterNumber: '3300000000001',
        actor: { id: 'tech-a', role: 'metering-technician' },
        nextAction: { role: 'metering-technician' },
      });
      const [installed] = meteringEvents('metering.meter.installed.v1', lv.caseId);
      expect((installed.data as EventPayload<'metering.meter.installed.v1'>).meterId).toBe(
        (assigned.data as EventPayload<'metering.meter.assigned.v1'>).meterId,
      );
      const [gate] = meteringEvents('metering.gate.opened.v1', lv.caseId);
      expect(gate.data).toMatchObject({
        conditions: LV_RESIDENTIAL_GATE,
        actor: { id: 'tech-b', role: 'metering-technician' },
        nextAction: {
          role: 'metering-technician',
          team: 'metering',
          description: 'Energize the supply',
        },
      });
      // The gate opened in the installation's transaction: the same instant as the installation was recorded.
      const [row] = await dataSource.query<{ gate_opened_at: Date; recorded_at: Date }[]>(
        `SELECT c.gate_opened_at, i.recorded_at FROM metering_case c JOIN meter_installation i USING (case_id) WHERE case_id = $1`,
        [lv.caseId],
      );
      expect(Math.abs(row.gate_opened_at.getTime() - row.recorded_at.getTime())).toBeLessThan(1000);
      expect(meteringEvents('metering.case.energized.v1', lv.caseId)[0].data).toMatchObject({
        actor: { id: 'tech-a', role: 'metering-technician' },
        nextAction: {
          role: 'metering-technician',
          description: 'Archive the case',
        },
      });
      expect(meteringEvents('metering.case.archived.v1', lv.caseId)[0].data).toMatchObject({
        actor: { id: 'supervisor-1', role: 'supervisor' },
      });
      // The energization clock ran from the gate opening to the power-on, by the same hands.
      const [started] = meteringEvents('metering.timelimit.started.v1', lv.caseId);
      expect(started.data).toMatchObject({
        stage: 'ENERGIZATION',
        round: 1,
        team: 'metering',
        limitDays: 3,
        targetDays: 3,
        at: row.gate_opened_at.toISOString(),
        actor: { id: 'tech-b', role: 'metering-technician' },
      });
      const [{ energized_at: energizedAt }] = await dataSource.query<{ energized_at: Date }[]>(
        'SELECT energized_at FROM metering_case WHERE case_id = $1',
        [lv.caseId],
      );
      expect(meteringEvents('metering.timelimit.stopped.v1', lv.caseId)[0].data).toMatchObject({
        clockId: (started.data as EventPayload<'metering.timelimit.started.v1'>).clockId,
        at: energizedAt.toISOString(),
        onTime: true,
        customerSeconds: 0,
        actor: { id: 'tech-a', role: 'metering-technician' },
      });
    });
  });

  describe('an HV case with its four gate conditions delivered in every order, twice each, to either instance', () => {
    const orders = permutations(HV_GATE);
    const cases = orders.map((order, i) => ({
      order,
      i,
      c: newCase(i % 2 === 0 ? 'HV_SINGLE_SOURCE' : 'HV_DUAL_SOURCE'),
      lastDeliveredFrom: 0,
    }));
    const instance = (i: number) => (i % 2 === 0 ? a : b);
    const techOf = (i: number) => (i % 2 === 0 ? tokens.techA : tokens.techB);
    /** Deliveries through the queue: 1 confirmation + 3 facts × 3 copies per case. */
    const QUEUED_PER_CASE = 10;
    const BATCH = 6;

    it('covers all 24 orders of the 4 conditions', () => {
      expect(GATE_CONDITIONS.length).toBe(4);
      expect(new Set(orders.map((o) => o.join(','))).size).toBe(24);
    });

    const deliver = async (c: TestCase, condition: GateCondition) => {
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
      const event =
        condition === 'CONTRACT_SIGNED' ? contractSigned(c) : condition === 'FEES_SETTLED' ? feesSettled(c) : acceptancePassed(c);
      // The same event twice (same id) and a second copy under a new id, all at once: both instances may take them.
      await publish(event, event, copyOf(event));
    };

    const walk = async (entry: (typeof cases)[number]) => {
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

    it('opens the gate exactly once per case, never before the last condition, then energizes once', async () => {
      const before = handled();
      for (let start = 0; start < cases.length; start += BATCH) {
        await Promise.all(cases.slice(start, start + BATCH).map(walk));
      }
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
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { meteringAudit { valid length } } } }`;
      const audited = await graphql<{
        _entities: { meteringAudit: { valid: boolean; length: number } }[];
      }>(a.url, query, { r: cases.map(({ c }) => ({ __typename: 'Case', id: c.caseId })) }, tokens.auditor);
      expect(audited.errors).toBeUndefined();
      // Case opened, meter assigned, installation scheduled, 4 facts, meter installed, gate opened, clock started, energized, clock stopped.
      expect(audited.data!._entities.map((e) => e.meteringAudit)).toEqual(cases.map(() => ({ valid: true, length: 12 })));
    });
  });

  describe('the meter inventory', () => {
    it('registers a meter with the transformer ratios its type needs, and names every fault at once', async () => {
      const hv = await failure(a, 'registerMeter', tokens.techA, {
        number: meterNumber('HV'),
        type: 'HV_CT_PT',
        accuracyClass: 'CLASS_0_2S',
      });
      expect(hv.extensions?.code).toBe('VALIDATION_FAILED');
      expect(hv.extensions?.fields).toEqual([
        { field: 'input.ctRatio', message: expect.stringContaining('(rule METER_TYPE_CT_RATIO)') },
        { field: 'input.ptRatio', message: expect.stringContaining('(rule METER_TYPE_PT_RATIO)') },
      ]);
      const ctOnly = await failure(b, 'registerMeter', tokens.techB, {
        number: meterNumber('CT'),
        type: 'THREE_PHASE_CT',
        accuracyClass: 'CLASS_0_5S',
        ptRatio: '10000/100',
      });
      expect(ctOnly.extensions?.fields?.map((f) => f.field)).toEqual(['input.ctRatio', 'input.ptRatio']);
      const direct = await failure(a, 'registerMeter', tokens.techA, {
        number: meterNumber('SP'),
        type: 'SINGLE_PHASE',
        accuracyClass: 'CLASS_2',
        ctRatio: '200/5',
      });
      expect(direct.extensions?.fields).toEqual([
        { field: 'input.ctRatio', message: expect.stringContaining('leave the current transformer ratio out') },
      ]);
      // A type or class outside the MeterType and AccuracyClass enums is refused by GraphQL (0.2S is CLASS_0_2S in the graph).
      const outsideEnums = await call(a, 'registerMeter', tokens.techA, { number: meterNumber('E'), type: 'SMART', accuracyClass: '0.2S' });
      expect(outsideEnums.data ?? null).toBeNull();
      expect(outsideEnums.errors?.map((e) => [e.extensions?.code, e.message.match(/does not exist in "(\w+)" enum/)?.[1]]).sort()).toEqual([
        ['BAD_USER_INPUT', 'AccuracyClass'],
        ['BAD_USER_INPUT', 'MeterType'],
      ]);
      const everything = await failure(a, 'registerMeter', tokens.techA, {
        number: ' ',
        type: 'SINGLE_PHASE',
        accuracyClass: 'CLASS_2',
        ctRatio: '200:5',
      });
      expect(new Set(everything.extensions?.fields?.map((f) => f.field))).toEqual(new Set(['input.number', 'input.ctRatio']));

      const number = meterNumber('HV');
      const registered = await ok(b, 'registerMeter', tokens.admin, {
        number: ` ${number} `,
        type: 'HV_CT_PT',
        accuracyClass: 'CLASS_0_2S',
        ctRatio: '100/5',
        ptRatio: '10000/100',
      });
      expect(registered).toMatchObject({
        number,
        type: 'HV_CT_PT',
        ctRatio: '100/5',
        ptRatio: '10000/100',
        status: 'IN_STOCK',
        assignedAt: null,
      });
      const duplicate = await failure(a, 'registerMeter', tokens.techA, { number, type: 'SINGLE_PHASE', accuracyClass: 'CLASS_2' });
      expect(duplicate.extensions?.code).toBe('CONFLICT');

      for (const token of [tokens.officer, tokens.supervisor, tokens.auditor, tokens.customer]) {
        const denied = await failure(a, 'registerMeter', token, {
          number: meterNumber('X'),
          type: 'SINGLE_PHASE',
          accuracyClass: 'CLASS_2',
        });
        expect(denied.extensions?.code).toBe('FORBIDDEN');
      }
    });

    it('lists meters by number a page at a time, filtered, to metering staff only', async () => {
      const prefix = meterNumber('PG');
      for (const n of [3, 1, 2]) await register(`${prefix}-${n}`, 'THREE_PHASE_DIRECT', 'CLASS_1');
      await register(`${prefix}-4`, 'SINGLE_PHASE', 'CLASS_2');
      const page = (token: string, variables: Record<string, unknown>) =>
        graphql<{ meters: { edges: { cursor: string; node: MeterView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
          a.url,
          METERS_QUERY,
          variables,
          token,
        );
      const filter = { numberPrefix: prefix, type: 'THREE_PHASE_DIRECT', status: 'IN_STOCK' };
      const first = expectOk(await page(tokens.auditor, { filter, first: 2 }));
      expect(first.meters.edges.map((e) => e.node.number)).toEqual([`${prefix}-1`, `${prefix}-2`]);
      expect(first.meters.pageInfo.hasNextPage).toBe(true);
      const second = expectOk(await page(tokens.techB, { filter, first: 2, after: first.meters.pageInfo.endCursor }));
      expect(second.meters.edges.map((e) => e.node.number)).toEqual([`${prefix}-3`]);
      expect(second.meters.pageInfo).toEqual({ hasNextPage: false, endCursor: second.meters.edges[0].cursor });
      const all = expectOk(await page(tokens.admin, { filter: { numberPrefix: prefix }, first: 10 }));
      expect(all.meters.edges).toHaveLength(4);

      expect((await page(tokens.customer, { first: 1 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await page(tokens.officer, { first: 1 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const tooMany = await page(tokens.techA, { first: 1000 });
      expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'first' }] });
      const unknownStatus = await page(tokens.techA, { filter: { status: 'LOST' }, first: 1 });
      expect(unknownStatus.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(unknownStatus.errors?.[0].message).toContain('"LOST" does not exist in "MeterStatus" enum');
      const badPage = await page(tokens.techA, { filter: { numberPrefix: ' '.repeat(100) }, first: 0, after: '!!' });
      expect(badPage.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(badPage.errors?.[0].extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['filter.numberPrefix', 'first', 'after']),
      );
    });

    it('retires a meter in stock only, and never assigns a retired one', async () => {
      const meter = await register(meterNumber('RT'), 'SINGLE_PHASE', 'CLASS_2');
      const retired = await ok(b, 'retireMeter', tokens.techB, { meterId: meter.id, reason: 'Failed the verification test' });
      expect(retired).toMatchObject({ status: 'RETIRED' });
      const again = await failure(a, 'retireMeter', tokens.techA, { meterId: meter.id, reason: 'again' });
      expect(again.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'RETIRED', requires: ['IN_STOCK'] });
      const installed = await meterByNumber('3300000000001');
      expect(installed.status).toBe('INSTALLED');
      const inService = await failure(a, 'retireMeter', tokens.admin, { meterId: installed.id, reason: 'worn out' });
      expect(inService.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'INSTALLED' });
      expect((await failure(a, 'retireMeter', tokens.supervisor, { meterId: meter.id, reason: 'x' })).extensions?.code).toBe('FORBIDDEN');

      const c = newCase('LV_RESIDENTIAL');
      await publish(schemeConfirmed(c));
      await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
      const refused = await failure(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterId: meter.id });
      expect(refused).toMatchObject({ message: expect.stringContaining('retired'), extensions: { code: 'CONFLICT' } });
    });
  });

  describe("assignment by the scheme's metering method", () => {
    const hv = newCase('HV_SINGLE_SOURCE');

    beforeAll(async () => {
      await publish(schemeConfirmed(hv));
      await waitFor('the HV case to open', () => readMetering(a, tokens.techA, hv.caseId));
    });

    it('refuses to install a meter that no longer fits after a later scheme version changed the metering method', async () => {
      const c = newCase('HV_SINGLE_SOURCE');
      const v1 = schemeConfirmed(c);
      await publish(v1);
      await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
      const meter = await register(meterNumber('HVM'), 'HV_CT_PT', 'CLASS_0_2S', { ctRatio: '100/5', ptRatio: '10000/100' });
      await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
      await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
      // The customer's changed scheme meters on the low-voltage side now.
      await publish(
        createEvent(
          'planning.scheme.confirmed.v1',
          { ...v1.data, schemeId: randomUUID(), version: 2, meteringMethod: 'HIGH_SUPPLY_LOW_METERING' },
          { source: '/yekuo/planning' },
        ),
      );
      await waitFor(
        'the new scheme version',
        async () => (await readMetering(a, tokens.techA, c.caseId))?.meteringMethod === 'HIGH_SUPPLY_LOW_METERING',
      );
      const refused = await failure(a, 'recordMeterInstallation', tokens.techA, installation(c.caseId));
      expect(refused.extensions?.code).toBe('CONFLICT');
      expect(refused.message).toContain('no longer fits');
    });

    it('refuses a meter of the wrong type or class for the metering method, naming the rule', async () => {
      const single = await register(meterNumber('SP'), 'SINGLE_PHASE', 'CLASS_2');
      const wrong = await failure(a, 'assignMeter', tokens.techA, { caseId: hv.caseId, meterNumber: single.number });
      expect(wrong.extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        rules: ['METERING_METHOD_METER_TYPE', 'METERING_METHOD_ACCURACY_CLASS'],
      });
      expect(wrong.extensions?.fields).toEqual([
        {
          field: 'input.meterNumber',
          message: expect.stringMatching(
            /SINGLE_PHASE meter does not fit the metering method HIGH_SUPPLY_HIGH_METERING.*rule METERING_METHOD_METER_TYPE/,
          ),
        },
        { field: 'input.meterNumber', message: expect.stringContaining('rule METERING_METHOD_ACCURACY_CLASS') },
      ]);
      const lowSide = await register(meterNumber('CT'), 'THREE_PHASE_CT', 'CLASS_0_5S', { ctRatio: '400/5' });
      const byId = await failure(b, 'assignMeter', tokens.techB, { caseId: hv.caseId, meterId: lowSide.id });
      expect(byId.extensions).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['METERING_METHOD_METER_TYPE'] });
      expect(byId.extensions?.fields?.map((f) => f.field)).toEqual(['input.meterId']);

      // Nothing changed: the meters are in stock and the case still waits for its meter.
      expect((await meterByNumber(single.number)).status).toBe('IN_STOCK');
      expect((await readMetering(a, tokens.techA, hv.caseId))?.status).toBe('OPEN');

      const fitting = await register(meterNumber('HV'), 'HV_CT_PT', 'CLASS_0_5S', { ctRatio: '50/5', ptRatio: '10000/100' });
      const assigned = await ok(a, 'assignMeter', tokens.techA, { caseId: hv.caseId, meterId: fitting.id });
      expect(assigned.metering).toMatchObject({
        status: 'METER_ASSIGNED',
        meter: { number: fitting.number, type: 'HV_CT_PT', accuracyClass: 'CLASS_0_5S', ctRatio: '50/5', ptRatio: '10000/100' },
      });
    });

    it('lets exactly one of many concurrent assignments of one meter win', async () => {
      const contenders = Array.from({ length: 6 }, () => newCase('LV_RESIDENTIAL'));
      await publish(...contenders.map(schemeConfirmed));
      await waitFor('the contenders to open', async () =>
        (await Promise.all(contenders.map((c) => readMetering(b, tokens.techB, c.caseId)))).every(Boolean),
      );
      const meter = await register(meterNumber('RACE'), 'SINGLE_PHASE', 'CLASS_1');
      const answers = await Promise.all(
        contenders.map((c, i) =>
          call(i % 2 === 0 ? a : b, 'assignMeter', i % 2 === 0 ? tokens.techA : tokens.techB, { caseId: c.caseId, meterId: meter.id }),
        ),
      );
      expect(answers.filter((r) => !r.errors)).toHaveLength(1);
      expect(answers.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
      const rows = await dataSource.query<{ case_id: string }[]>('SELECT case_id FROM meter_assignment WHERE meter_id = $1', [meter.id]);
      expect(rows).toHaveLength(1);
      const winner = contenders[answers.findIndex((r) => !r.errors)];
      expect(rows[0].case_id).toBe(winner.caseId);
      const losers = contenders.filter((c) => c !== winner);
      for (const c of losers) expect((await readMetering(a, tokens.techA, c.caseId))?.status).toBe('OPEN');
      await waitFor('the assignment event', () => meteringEvents('metering.meter.assigned.v1', winner.caseId).length === 1);
      expect(losers.flatMap((c) => meteringEvents('metering.meter.assigned.v1', c.caseId))).toEqual([]);
    });
  });

  describe('withdrawal of the application', () => {
    const cancelledEvents = (caseId: string) => meteringEvents('metering.case.cancelled.v1', caseId);
    /** Publishes the withdrawal as intake would, plus a redelivery (same id) and a second copy (new id). */
    const withdrawTwice = async (c: TestCase, reason?: string) => {
      const before = handled();
      const event = withdrawn(c, reason);
      await publish(event, event, copyOf(event));
      await waitFor('three withdrawal deliveries handled', () => handled() >= before + 3);
      return event;
    };
    const refusedAsCancelled = async (name: MutationName, input: Record<string, unknown>) => {
      const refused = await failure(a, name, tokens.techA, input);
      expect(refused.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
      return refused;
    };

    it('releases the assigned meter to stock, cancels the installation order and publishes the cancellation once', async () => {
      const c = newCase('LV_RESIDENTIAL');
      const customerToken = await run.token({ sub: c.customerId, roles: ['customer'] });
      await publish(schemeConfirmed(c), contractSigned(c));
      await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
      const meter = await register(meterNumber('WD'), 'SINGLE_PHASE', 'CLASS_2');
      await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
      await ok(b, 'scheduleInstallation', tokens.techB, { caseId: c.caseId, technicianId: 'tech-b', scheduledAt: inAnHour() });

      await withdrawTwice(c, 'Moved to another city');
      await waitFor('the cancellation event', () => cancelledEvents(c.caseId).length > 0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(deadLettered()).toBe(0);
      const [cancelled, ...more] = cancelledEvents(c.caseId);
      expect(more).toEqual([]);
      expect(cancelled).toMatchObject({ source: '/yekuo/metering', subject: c.caseId });
      expect(cancelled.data).toEqual({
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        customerId: c.customerId,
        category: 'LV_RESIDENTIAL',
        policyVersion: '2020-01',
        actor: { id: c.customerId, role: 'customer' },
        reason: 'Moved to another city',
        cancelledWork: ['METER_ASSIGNMENT', 'INSTALLATION_ORDER', 'ENERGIZATION'],
      });

      const view = await readMetering(b, customerToken, c.caseId);
      expect(view).toMatchObject({
        status: 'CANCELLED',
        meter: null,
        installation: { status: 'CANCELLED', order: { status: 'CANCELLED' }, installedAt: null },
        blockedBy: [],
        gateOpen: false,
        cancellation: {
          reason: 'Moved to another city',
          cancelledBy: c.customerId,
          cancelledFrom: 'METER_ASSIGNED',
          cancelledWork: ['METER_ASSIGNMENT', 'INSTALLATION_ORDER', 'ENERGIZATION'],
        },
      });
      expect(await meterByNumber(meter.number)).toMatchObject({ status: 'IN_STOCK', caseId: null, assignedAt: null });

      // Nothing moves a cancelled case any more.
      const other = await register(meterNumber('WD'), 'SINGLE_PHASE', 'CLASS_2');
      await refusedAsCancelled('assignMeter', { caseId: c.caseId, meterNumber: other.number });
      expect(
        (await refusedAsCancelled('scheduleInstallation', { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() })).extensions
          ?.requires,
      ).toEqual(['OPEN', 'METER_ASSIGNED']);
      await refusedAsCancelled('rescheduleInstallation', { caseId: c.caseId, scheduledAt: inAnHour(), reason: 'later' });
      await refusedAsCancelled('recordMeterInstallation', installation(c.caseId));
      await refusedAsCancelled('energize', { caseId: c.caseId });
      // Nothing was installed: nothing to remove.
      const nothingToRemove = await failure(b, 'recordMeterRemoval', tokens.techB, {
        caseId: c.caseId,
        removedAt: new Date().toISOString(),
        reading: 1,
      });
      expect(nothingToRemove.extensions?.code).toBe('CONFLICT');

      // The released meter serves another case.
      const next = newCase('LV_RESIDENTIAL');
      await publish(schemeConfirmed(next));
      await waitFor('the next case to open', () => readMetering(a, tokens.techA, next.caseId));
      const reassigned = await ok(b, 'assignMeter', tokens.techB, { caseId: next.caseId, meterNumber: meter.number });
      expect(reassigned.metering.meter).toMatchObject({ number: meter.number, status: 'ASSIGNED', caseId: next.caseId });
    });

    it('cancels a case it never heard of, so a late scheme confirmation cannot open it', async () => {
      const c = newCase('LV_NON_RESIDENTIAL');
      await withdrawTwice(c);
      await waitFor('the cancellation event', () => cancelledEvents(c.caseId).length > 0);
      expect(cancelledEvents(c.caseId)[0].data).toMatchObject({ cancelledWork: [], actor: { id: c.customerId, role: 'customer' } });

      const before = handled();
      await publish(schemeConfirmed(c), feesSettled(c));
      await waitFor('the late events handled', () => handled() >= before + 2);
      const customerToken = await run.token({ sub: c.customerId, roles: ['customer'] });
      expect(await readMetering(a, customerToken, c.caseId)).toMatchObject({
        status: 'CANCELLED',
        meteringMethod: null,
        requiredConditions: [],
        recordedConditions: ['FEES_SETTLED'],
        blockedBy: [],
        cancellation: { cancelledFrom: 'AWAITING_SCHEME', cancelledWork: [] },
      });
      const stranger = await run.token({ sub: randomUUID(), roles: ['customer'] });
      expect(await readMetering(a, stranger, c.caseId)).toBeNull();
      await refusedAsCancelled('assignMeter', { caseId: c.caseId, meterNumber: 'ANY' });
      expect(cancelledEvents(c.caseId)).toHaveLength(1);
    });

    it('leaves an installed meter on site for removal, and the gate shut whatever facts still arrive', async () => {
      const c = newCase('LV_RESIDENTIAL');
      await publish(schemeConfirmed(c));
      await waitFor('the case to open', () => readMetering(a, tokens.techA, c.caseId));
      const meter = await register(meterNumber('RM'), 'SINGLE_PHASE', 'CLASS_2');
      await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
      await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
      await ok(b, 'recordMeterInstallation', tokens.techB, installation(c.caseId));

      await withdrawTwice(c);
      await waitFor('the cancellation event', () => cancelledEvents(c.caseId).length > 0);
      expect(cancelledEvents(c.caseId)[0].data).toMatchObject({ cancelledWork: ['ENERGIZATION'] });
      const before = handled();
      await publish(contractSigned(c), feesSettled(c));
      await waitFor('the late facts handled', () => handled() >= before + 2);
      const view = await readMetering(a, tokens.techA, c.caseId);
      expect(view).toMatchObject({
        status: 'CANCELLED',
        meter: { number: meter.number, status: 'INSTALLED', removalRequired: true },
        installation: { status: 'INSTALLED', order: { status: 'COMPLETED' } },
        recordedConditions: expect.arrayContaining(['METER_INSTALLED', 'CONTRACT_SIGNED', 'FEES_SETTLED']),
        gateOpen: false,
        blockedBy: [],
      });
      await refusedAsCancelled('energize', { caseId: c.caseId });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(meteringEvents('metering.gate.opened.v1', c.caseId)).toEqual([]);
      expect(cancelledEvents(c.caseId)).toHaveLength(1);
      // Still in service on site: it cannot be retired or given to another case.
      expect((await failure(a, 'retireMeter', tokens.admin, { meterId: meter.id, reason: 'x' })).extensions?.currentState).toBe(
        'INSTALLED',
      );

      // Its removal puts it back in stock, with the final reading.
      const removal = { caseId: c.caseId, removedAt: new Date().toISOString(), reading: 12.5 };
      expect((await failure(a, 'recordMeterRemoval', tokens.supervisor, removal)).extensions?.code).toBe('FORBIDDEN');
      const backwards = await failure(a, 'recordMeterRemoval', tokens.techA, { ...removal, reading: 0.1 });
      expect(backwards.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.reading' }] });
      const removed = await ok(b, 'recordMeterRemoval', tokens.techB, removal);
      expect(removed.metering).toMatchObject({
        status: 'CANCELLED',
        meter: null,
        installation: { status: 'INSTALLED', removedAt: removal.removedAt, removalReading: 12.5 },
      });
      expect(await meterByNumber(meter.number)).toMatchObject({ status: 'IN_STOCK', caseId: null, removalRequired: false });
      expect((await failure(a, 'recordMeterRemoval', tokens.techA, removal)).extensions?.code).toBe('CONFLICT');
    });

    it('cancels nothing once the supply is on', async () => {
      const archived = (
        await dataSource.query<{ case_id: string; case_number: string; customer_id: string }[]>(
          `SELECT case_id, case_number, customer_id FROM metering_case WHERE status = 'ARCHIVED' LIMIT 1`,
        )
      )[0];
      const c: TestCase = {
        caseId: archived.case_id,
        caseNumber: archived.case_number,
        customerId: archived.customer_id,
        category: 'LV_RESIDENTIAL',
      };
      await withdrawTwice(c);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(cancelledEvents(c.caseId)).toEqual([]);
      expect((await readMetering(a, tokens.techA, c.caseId))?.status).toBe('ARCHIVED');
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_record WHERE case_id = $1 AND action = 'metering.withdrawal.refused'`,
        [c.caseId],
      );
      // Kept on record once per withdrawal event (the redelivery of the same event is skipped).
      expect(n).toBe(2);
    });
  });
});
