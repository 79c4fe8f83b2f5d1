import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AmqpEventsServer, ServiceDefinition, TimeSource } from '@yekuo/platform';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, parseEvent, Role } from '@yekuo/events';
import { GateCondition } from '@yekuo/policy';
import { graphql, GraphQLErrorBody, GraphQLResponse, InProcessService, readCaseEntity, ServiceHarness } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { meteringService } from '../metering.service-definition';

export interface TestCase {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
}

export interface MeterView {
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

export interface MeteringView {
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

export const METER_FIELDS = 'id number type accuracyClass ctRatio ptRatio status caseId assignedAt assignedBy removalRequired';
export const METERING_FIELDS = `metering {
  status meteringMethod
  meter { ${METER_FIELDS} }
  installation {
    status order { status technicianId scheduledAt scheduledBy history { technicianId scheduledAt reason changedBy } }
    installedAt reading seals technicianId recordedAt recordedBy removedAt removalReading
  }
  requiredConditions recordedConditions blockedBy gateOpen gateOpenedAt energizedAt archivedAt
  cancellation { reason cancelledBy cancelledFrom cancelledWork }
}`;

export const MUTATIONS = {
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
export type MutationName = keyof typeof MUTATIONS;
export type MutationResponse = GraphQLResponse<Record<string, any>>;
export const METERS_QUERY = `query($filter: MeterFilter, $first: Int, $after: String) {
  meters(filter: $filter, first: $first, after: $after) { edges { cursor node { ${METER_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;

/** The gate of an HV case, in policy order (ARCHITECTURE.md, "Process variants"). */
export const HV_GATE: GateCondition[] = ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED', 'COMPLETION_ACCEPTED'];
export const LV_RESIDENTIAL_GATE: GateCondition[] = ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'];

/** Who announces each upstream fact (so the test can tell which fact opened the gate). */
export const FACT_ACTORS = {
  CONTRACT_SIGNED: { id: 'officer-sign', role: 'contract-officer' },
  FEES_SETTLED: { id: 'officer-fees', role: 'contract-officer' },
  COMPLETION_ACCEPTED: { id: 'inspector-1', role: 'inspector' },
  EXTERNAL_WORKS_COMPLETED: { id: 'planner-east', role: 'planner' },
} as const;

export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

export function newCase(category: CustomerCategory): TestCase {
  return {
    caseId: randomUUID(),
    caseNumber: `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`,
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

/** The confirmation of the case's scheme (version 1 of a pre-reform case unless `changes` say otherwise). */
export function schemeConfirmed(
  c: TestCase,
  changes: Partial<EventPayload<'planning.scheme.confirmed.v1'>> = {},
): CloudEvent<'planning.scheme.confirmed.v1'> {
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
    ...changes,
  };
  return createEvent('planning.scheme.confirmed.v1', payload, {
    source: '/yekuo/planning',
  });
}

/** A signature of the case's contract (version 1 naming no terms, as before 三零, unless `contract` says otherwise). */
export function contractSigned(
  c: TestCase,
  fullySigned = true,
  contract: { version?: number; termsVersion?: number } = {},
): CloudEvent<'contracts.contract.signed.v1'> {
  return createEvent(
    'contracts.contract.signed.v1',
    {
      ...payloadOf(c, FACT_ACTORS.CONTRACT_SIGNED),
      contractId: randomUUID(),
      version: contract.version ?? 1,
      party: fullySigned ? 'UTILITY' : 'CUSTOMER',
      fullySigned,
      ...(contract.termsVersion === undefined ? {} : { termsVersion: contract.termsVersion }),
    },
    { source: '/yekuo/contracts' },
  );
}

export function feesSettled(c: TestCase): CloudEvent<'contracts.fees.settled.v1'> {
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

export function acceptancePassed(c: TestCase): CloudEvent<'inspection.acceptance.passed.v1'> {
  return createEvent(
    'inspection.acceptance.passed.v1',
    { ...payloadOf(c, FACT_ACTORS.COMPLETION_ACCEPTED), round: 1 },
    { source: '/yekuo/inspection' },
  );
}

export function withdrawn(
  c: TestCase,
  reason = 'The customer no longer needs the connection',
): CloudEvent<'intake.application.withdrawn.v1'> {
  return createEvent(
    'intake.application.withdrawn.v1',
    { ...payloadOf(c, { id: c.customerId, role: 'customer' }), reason },
    { source: '/yekuo/intake' },
  );
}

let meterCounter = 0;
/** A meter number no other test uses. */
export const meterNumber = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(meterCounter += 1)}`;
export const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

/** The same fact again, as a producer that sent it twice would: same payload, new event id. */
export function copyOf<T extends CloudEvent>(event: T): T {
  return createEvent(event.type, event.data, { source: event.source }) as T;
}

export interface MeteringOptions {
  /** The time both instances read (a clock the test sets by hand); the system clock by default. */
  timeSource?: TimeSource;
  /** Environment merged over the run's (e.g. TIME_LIMIT_SWEEP_MS). */
  env?: Record<string, string>;
}

/** Starts two instances of the metering service on one database and one queue, as it runs in production. */
export async function startMetering(options: MeteringOptions = {}): Promise<ServiceHarness> {
  const definition: ServiceDefinition = options.timeSource ? { ...meteringService, timeSource: options.timeSource } : meteringService;
  const h = await ServiceHarness.start(definition, (config) => AppModule.forRoot(config, definition), { env: options.env });
  try {
    await h.startInstance();
  } catch (error) {
    await h.stop();
    throw error;
  }
  return h;
}

/**
 * Stops one instance and starts a fresh one on the same database and queue in its place, as a redeploy would; returns
 * the new one. The harness's `url`, `app` and `as()` without `via` stay on the first instance it started: a test that
 * restarts that one reads through the instances it holds.
 */
export async function restartInstance(h: ServiceHarness, instance: InProcessService): Promise<InProcessService> {
  await instance.stop();
  h.instances.splice(h.instances.indexOf(instance), 1);
  return h.startInstance();
}

export type MeteringKit = Awaited<ReturnType<typeof meteringKit>>;

/**
 * What metering's integration tests use around the harness: the two instances `a` and `b`, tokens per role, mutations
 * through either instance, meters registered in stock, the metering view of a case and the events it published.
 */
export async function meteringKit(h: ServiceHarness) {
  const [a, b] = h.instances;
  const dataSource = a.app.get(DataSource);
  const tokens = {
    techA: await h.token('metering-technician', { sub: 'tech-a' }),
    techB: await h.token('metering-technician', { sub: 'tech-b' }),
    supervisor: await h.token('supervisor', { sub: 'supervisor-1' }),
    auditor: await h.token('auditor', { sub: 'auditor-1' }),
    admin: await h.token('admin', { sub: 'admin-1' }),
    customer: await h.token('customer', { sub: randomUUID() }),
    officer: await h.token('contract-officer', { sub: 'officer-1' }),
  };
  const customerOf = (c: TestCase) => h.token('customer', { sub: c.customerId });

  const handled = () => h.handled;
  const deadLettered = () => h.instances.reduce((sum, i) => sum + i.app.get(AmqpEventsServer).stats.deadLettered, 0);

  const call = (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>): Promise<MutationResponse> =>
    graphql(service.url, MUTATIONS[name], { input }, token);

  const ok = async (service: InProcessService, name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await call(service, name, token, input);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };

  /** The one error a mutation must fail with (and no data). */
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

  /** Registers a meter in stock. */
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
  const readMetering = async (service: InProcessService, token: string, caseId: string): Promise<MeteringView | null> =>
    (await readCaseEntity<{ metering: MeteringView | null }>(service.url, token, caseId, METERING_FIELDS)).metering;

  const publish = (...events: CloudEvent[]) => h.publish(...events);

  const expectOk = <T>(response: GraphQLResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  const meteringEvents = (type: string, caseId: string) =>
    h.tap
      .ofType(type)
      .map((m) => parseEvent(m.body))
      .filter((e) => e.subject === caseId);

  const installation = (caseId: string) => ({
    caseId,
    installedAt: new Date(Date.now() - 60_000).toISOString(),
    reading: 0.5,
    sealNumbers: [`S-${caseId.slice(0, 8)}-1`, `S-${caseId.slice(0, 8)}-2`],
  });

  /** Publishes the scheme confirmation (and any facts before it) and waits until the case is open in metering. */
  const openCase = async (c: TestCase, ...facts: CloudEvent[]) => {
    await publish(...facts, schemeConfirmed(c));
    await h.waitFor(`case ${c.caseNumber} to open`, () => readMetering(a, tokens.techA, c.caseId));
  };

  /** Assigns a meter of its own to an open case, schedules its installation and records it installed. */
  const installMeter = async (c: TestCase) => {
    const meter = await register(meterNumber('M'), 'SINGLE_PHASE', 'CLASS_2');
    await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
    await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
    await ok(b, 'recordMeterInstallation', tokens.techB, installation(c.caseId));
  };

  /** A case open with a meter of its own assigned and its installation scheduled. */
  const scheduledCase = async (c: TestCase, ...facts: CloudEvent[]) => {
    await openCase(c, ...facts);
    const meter = await register(meterNumber('M'), 'SINGLE_PHASE', 'CLASS_2');
    await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
    await ok(a, 'scheduleInstallation', tokens.techA, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
    return meter;
  };

  /**
   * A case taken through all of metering as a residential customer's would be: the contract signature arrives
   * first, then the scheme confirmation; tech-a assigns a meter of its own, the fees are settled, a supervisor
   * schedules the installation, tech-b moves it and installs the meter (the gate opens), tech-a energizes and
   * a supervisor archives.
   */
  const archivedCase = async (c: TestCase) => {
    await h.publishAndWait(contractSigned(c));
    await openCase(c);
    const meter = await register(meterNumber('LV'), 'SINGLE_PHASE', 'CLASS_2');
    await ok(a, 'assignMeter', tokens.techA, { caseId: c.caseId, meterNumber: meter.number });
    await h.publishAndWait(feesSettled(c));
    await ok(a, 'scheduleInstallation', tokens.supervisor, { caseId: c.caseId, technicianId: 'tech-a', scheduledAt: inAnHour() });
    await ok(b, 'rescheduleInstallation', tokens.techB, {
      caseId: c.caseId,
      scheduledAt: new Date(Date.now() + 26 * 3600_000).toISOString(),
      technicianId: 'tech-b',
      reason: 'The customer is away in the morning',
    });
    await ok(b, 'recordMeterInstallation', tokens.techB, {
      ...installation(c.caseId),
      installedAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    await ok(a, 'energize', tokens.techA, { caseId: c.caseId });
    await ok(b, 'archiveCase', tokens.supervisor, { caseId: c.caseId });
    return meter;
  };

  return {
    a,
    b,
    archivedCase,
    dataSource,
    tokens,
    customerOf,
    handled,
    deadLettered,
    call,
    ok,
    failure,
    register,
    meterByNumber,
    readMetering,
    publish,
    expectOk,
    meteringEvents,
    installation,
    openCase,
    installMeter,
    scheduledCase,
  };
}
