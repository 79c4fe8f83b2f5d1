import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import {
  AmqpEventsServer,
  CloudEvent,
  createEvent,
  CustomerCategory,
  EventPayload,
  GATE_CONDITIONS,
  GateCondition,
  parseEvent,
  Role,
} from '@yekuo/shared';
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
} from '@yekuo/shared/testing';
import { AppModule } from './app.module';
import { meteringService } from './metering.service-definition';

jest.setTimeout(180_000);

interface TestCase {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
}

interface MeteringView {
  status: string;
  meteringMethod: string;
  meter: {
    id: string;
    number: string;
    type: string;
    accuracyClass: string;
    ctRatio: string | null;
    ptRatio: string | null;
    assignedAt: string;
    assignedBy: string;
  } | null;
  installation: {
    installedAt: string;
    reading: number;
    sealNumbers: string[];
    technicianId: string;
    recordedAt: string;
  } | null;
  requiredConditions: string[];
  recordedConditions: string[];
  blockedBy: string[];
  gateOpen: boolean;
  gateOpenedAt: string | null;
  energizedAt: string | null;
  archivedAt: string | null;
}

const METERING_FIELDS = `metering {
  status meteringMethod
  meter { id number type accuracyClass ctRatio ptRatio assignedAt assignedBy }
  installation { installedAt reading sealNumbers technicianId recordedAt }
  requiredConditions recordedConditions blockedBy gateOpen gateOpenedAt energizedAt archivedAt
}`;

const MUTATIONS = {
  assignMeter: `mutation($input: AssignMeterInput!) { assignMeter(input: $input) { id ${METERING_FIELDS} } }`,
  recordMeterInstallation: `mutation($input: RecordMeterInstallationInput!) { recordMeterInstallation(input: $input) { id ${METERING_FIELDS} } }`,
  energize: `mutation($input: EnergizeInput!) { energize(input: $input) { id ${METERING_FIELDS} } }`,
  archiveCase: `mutation($input: ArchiveCaseInput!) { archiveCase(input: $input) { id ${METERING_FIELDS} } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;
type MutationResponse = GraphQLResponse<Record<string, { id: string; metering: MeteringView | null }>>;

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

  /** Reads `Case.metering` as the gateway does: through `_entities`. */
  const readMetering = async (service: InProcessService, token: string, caseId: string): Promise<MeteringView | null> => {
    return (await readCaseEntity<{ metering: MeteringView | null }>(service.url, token, caseId, METERING_FIELDS)).metering;
  };

  const publish = (...events: CloudEvent[]) => bus.publish(...events);

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
        meterType: 'SINGLE_PHASE_SMART',
        accuracyClass: '2',
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
            meterType: 'T',
            accuracyClass: '2',
          })
        ).extensions?.code,
      ).toBe('FORBIDDEN');
      expect((await failure(b, 'archiveCase', tokens.auditor, { caseId: lv.caseId })).extensions?.code).toBe('FORBIDDEN');

      const assign = await failure(a, 'assignMeter', tokens.techA, {
        caseId: 'not-a-uuid',
        meterNumber: '   ',
        meterType: '',
        accuracyClass: '7',
        ctRatio: '200:5',
        ptRatio: 'ten',
      });
      expect(assign.extensions?.code).toBe('VALIDATION_FAILED');
      expect(new Set(assign.extensions?.fields?.map((f) => f.field))).toEqual(
        new Set(['input.caseId', 'input.meterNumber', 'input.meterType', 'input.accuracyClass', 'input.ctRatio', 'input.ptRatio']),
      );
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
      const notEnergized = await failure(a, 'archiveCase', tokens.supervisor, {
        caseId: lv.caseId,
      });
      expect(notEnergized.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'OPEN',
        requires: ['ENERGIZED'],
      });
    });

    it('gives a meter number to one case only, also when two cases race for it', async () => {
      const assigned = await ok(a, 'assignMeter', tokens.techA, {
        caseId: lv.caseId,
        meterNumber: ' 3300000000001 ',
        meterType: 'SINGLE_PHASE_SMART',
        accuracyClass: '2',
      });
      expect(assigned.metering).toMatchObject({
        status: 'METER_ASSIGNED',
        meter: {
          number: '3300000000001',
          type: 'SINGLE_PHASE_SMART',
          accuracyClass: '2',
          ctRatio: null,
          ptRatio: null,
          assignedBy: 'tech-a',
        },
      });
      const again = await failure(b, 'assignMeter', tokens.techB, {
        caseId: lv.caseId,
        meterNumber: '3300000000009',
        meterType: 'SINGLE_PHASE_SMART',
        accuracyClass: '2',
      });
      expect(again.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'METER_ASSIGNED',
        requires: ['OPEN'],
      });
      const taken = await failure(b, 'assignMeter', tokens.techB, {
        caseId: other.caseId,
        meterNumber: '3300000000001',
        meterType: 'SINGLE_PHASE_SMART',
        accuracyClass: '2',
      });
      expect(taken.extensions?.code).toBe('CONFLICT');

      // Two cases, one number, two instances at once: the unique index lets exactly one through.
      const race = await Promise.all([
        call(a, 'assignMeter', tokens.techA, {
          caseId: other.caseId,
          meterNumber: '3300000000002',
          meterType: 'SINGLE_PHASE_SMART',
          accuracyClass: '2',
        }),
        call(b, 'assignMeter', tokens.techB, {
          caseId: third.caseId,
          meterNumber: '3300000000002',
          meterType: 'SINGLE_PHASE_SMART',
          accuracyClass: '2',
        }),
      ]);
      expect(race.filter((r) => !r.errors)).toHaveLength(1);
      expect(race.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      const [{ n }] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM meter WHERE meter_number = '3300000000002'`);
      expect(n).toBe(1);
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
      const installed = await ok(b, 'recordMeterInstallation', tokens.techB, {
        caseId: lv.caseId,
        installedAt,
        reading: 0.25,
        sealNumbers: [' LV-S1 ', 'LV-S2'],
      });
      expect(installed.metering).toMatchObject({
        status: 'METER_INSTALLED',
        installation: {
          installedAt: new Date(installedAt).toISOString(),
          reading: 0.25,
          sealNumbers: ['LV-S1', 'LV-S2'],
          technicianId: 'tech-b',
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
      // Fact, case opened, fact, meter assigned, meter installed, fact, gate opened, energized, archived.
      expect(audited.data!._entities[0].meteringAudit).toEqual({
        valid: true,
        length: 9,
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
      await ok(instance(i), 'assignMeter', techOf(i), {
        caseId: c.caseId,
        meterNumber: `HV-${c.caseNumber}`,
        meterType: 'THREE_PHASE_SMART',
        accuracyClass: '0.2S',
        ctRatio: '200/5',
        ptRatio: '10000/100',
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
      // Case opened, meter assigned, 4 facts, meter installed, gate opened, energized.
      expect(audited.data!._entities.map((e) => e.meteringAudit)).toEqual(cases.map(() => ({ valid: true, length: 9 })));
    });
  });
});
