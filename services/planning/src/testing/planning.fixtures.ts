import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CloudEvent, CustomerCategory, EventPayload } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { Caller, GraphQLErrorBody, GraphQLResponse, HarnessOptions, InProcessService, ServiceHarness } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { planningService } from '../planning.service-definition';

/** Starts the planning service in process for one test file (its own database, exchange and queues). */
export const startPlanning = (options: HarnessOptions = {}) =>
  ServiceHarness.start(planningService, (config) => AppModule.forRoot(config), options);

/**
 * The time of every instance of one harness, set by hand: each instance started gets a ManualTimeSource of its
 * own at the instant set last (a restarted instance too), and `set` moves them all on together.
 */
export class HandSetTime {
  private readonly sources: ManualTimeSource[] = [];

  constructor(private at: string) {}

  /** A time source of its own for the next instance started, at the instant set last. */
  source(): ManualTimeSource {
    const source = new ManualTimeSource(this.at);
    this.sources.push(source);
    return source;
  }

  /** Moves every instance's time to `at`. */
  set(at: string): void {
    this.at = at;
    for (const source of this.sources) source.set(at);
  }
}

/**
 * Starts `instances` of planning on one database and one queue (as replicas run), each reading its time from
 * `time`, with `env` merged over the run's.
 */
export async function startPlanningAt(time: HandSetTime, env: Record<string, string> = {}, instances = 1): Promise<ServiceHarness> {
  const h = await ServiceHarness.start(
    planningService,
    (config) => AppModule.forRoot(config, { ...planningService, timeSource: time.source() }),
    { env },
  );
  try {
    for (let i = 1; i < instances; i += 1) await h.startInstance();
  } catch (error) {
    await h.stop();
    throw error;
  }
  return h;
}

/**
 * Stops `instance` and starts another on the same database and queue in its place, as a restart would
 * (`whileDown` runs in between). The harness's `service`, `app` and `as()` without `via` keep the first
 * instance: after restarting that one, call through the instance returned.
 */
export async function restartInstance(h: ServiceHarness, instance: InProcessService, whileDown = () => {}): Promise<InProcessService> {
  await instance.stop();
  h.instances.splice(h.instances.indexOf(instance), 1);
  whileDown();
  return h.startInstance();
}

/** The database of the harness's first running instance. */
export const databaseOf = (h: ServiceHarness): DataSource => h.instances[0].app.get(DataSource);

export interface TestCase {
  id: string;
  number: string;
  customerId: string;
  category: CustomerCategory;
  voltageLevel: string;
  capacityKva: number;
  regionCode: string;
}

const numberBase = 100_000 + Math.floor(Math.random() * 800_000);
let numbered = 0;
/** A case number no other case of this test file has (numbers are unique per planning database). */
export const caseNumber = () => `YK-2026-${String(numberBase + (numbered += 1)).padStart(6, '0')}`;

/** A case nobody has heard of yet: a test opens its own and never reads another test's. */
export const newCase = (category: CustomerCategory, voltageLevel: string, capacityKva: number, regionCode: string): TestCase => ({
  id: randomUUID(),
  number: caseNumber(),
  customerId: randomUUID(),
  category,
  voltageLevel,
  capacityKva,
  regionCode,
});

/** The cases the planning flows walk, each a new one per call. */
export const CASES = {
  /** LV residential, the fast path (310101). */
  LV: () => newCase('LV_RESIDENTIAL', 'AC220V', 8, '310101'),
  /** LV non-residential in 310101: the recommendation and the customer's choice. */
  REC: () => newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310101'),
  /** 10 kV in 310104, where only two units of the registry are eligible. */
  TWO: () => newCase('HV_SINGLE_SOURCE', 'AC10KV', 1000, '310104'),
  /** 35 kV: three approval levels, then a change request. */
  HV35: () => newCase('HV_SINGLE_SOURCE', 'AC35KV', 9000, '310115'),
  /** LV non-residential in 310115, withdrawn with a drafted scheme and a recommendation open. */
  WD: () => newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310115'),
  /** LV non-residential in 310115, withdrawn with a survey appointment open. */
  WD2: () => newCase('LV_NON_RESIDENTIAL', 'AC380V', 30, '310115'),
  /** Withdrawn before planning heard of its acceptance. */
  LATE: () => newCase('LV_RESIDENTIAL', 'AC220V', 6, '310104'),
  /** The 630 kVA 10 kV case walked from survey to confirmation, through a rejection and two approval levels. */
  HV10: () => newCase('HV_SINGLE_SOURCE', 'AC10KV', 630, '310115'),
} as const;

type Accepted = EventPayload<'intake.application.accepted.v1'>;

/** What intake publishes when it accepts the application (a new connection on one source, accepted now). */
export const acceptedOf = (c: TestCase, overrides: Partial<Accepted> = {}): Accepted => ({
  caseId: c.id,
  caseNumber: c.number,
  customerId: c.customerId,
  category: c.category,
  policyVersion: '2020-01',
  actor: { id: 'clerk-1', role: 'intake-clerk' },
  businessType: 'NEW_CONNECTION',
  capacityKva: c.capacityKva,
  voltageLevel: c.voltageLevel,
  supplySources: 1,
  regionCode: c.regionCode,
  acceptedAt: new Date().toISOString(),
  ...overrides,
});

/** What intake publishes when the customer withdraws the application. */
export const withdrawnOf = (c: TestCase, reason: string): EventPayload<'intake.application.withdrawn.v1'> => ({
  caseId: c.id,
  caseNumber: c.number,
  customerId: c.customerId,
  category: c.category,
  policyVersion: '2020-01',
  actor: { id: c.customerId, role: 'customer' },
  reason,
});

export const accepted = (h: ServiceHarness, c: TestCase, overrides: Partial<Accepted> = {}): CloudEvent<'intake.application.accepted.v1'> =>
  h.event('intake.application.accepted.v1', acceptedOf(c, overrides));

export const withdrawn = (h: ServiceHarness, c: TestCase, reason: string): CloudEvent<'intake.application.withdrawn.v1'> =>
  h.event('intake.application.withdrawn.v1', withdrawnOf(c, reason));

/** Waits until planning has opened its copy of every case in `ids`. */
export const waitOpened = (h: ServiceHarness, ids: string[]) =>
  h.waitFor(`${ids.length} planning case(s) opened`, async () => {
    const [row] = await databaseOf(h).query<{ n: number }[]>('SELECT count(*)::int AS n FROM planning_case WHERE case_id = ANY($1)', [ids]);
    return row.n === ids.length;
  });

/** Publishes the acceptance of each case (`overrides` over every payload) and waits until planning has opened them all. */
export async function open(h: ServiceHarness, cases: TestCase | TestCase[], overrides: Partial<Accepted> = {}): Promise<void> {
  const list = Array.isArray(cases) ? cases : [cases];
  await h.publish(...list.map((c) => accepted(h, c, overrides)));
  await waitOpened(
    h,
    list.map((c) => c.id),
  );
}

export const UNIT_FIELDS = `id name licenceNumber qualificationClass qualificationClassLabel maxVoltageKv maxCapacityKva regions validUntil suspended
  suspensionReason lastRecommendedAt timesRecommended registeredBy`;

/** The case as the planning flows read it. */
export const CASE_FIELDS = `
  id
  planningStatus
  survey { surveyorId appointmentAt completedBy photoDocumentIds supplyPointOptions
           appointments { surveyorId appointmentAt requestedBy reason status scheduledBy } }
  planningPauses { stage kind actorId actorRole reason fromAt toAt }
  scheme { version status voltageLevel capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary
           approvalChain requiredLevels templateId approvedBy repliedBy validUntil confirmedBy changeRequestReason
           approvals { level approvedBy role ruleId } }
  schemeVersions { version status changeRequestReason changeRequestedBy approvedBy approvals { level approvedBy } }
  recommendedConstructionUnits { fewerThanThree issuedAt issuedBy status units { unitId name qualificationClass validUntil reason } }
  chosenConstructionUnit { unitId unitName qualificationClass licenceNumber fromRecommendation chosenBy }
  planningCancellation { cancelledBy reason cancelledWork }
`;

/** The case as the walk from survey to confirmation reads it (every survey and scheme field). */
export const WALK_FIELDS = `
  id
  planningStatus
  survey { caseId surveyorId appointmentAt scheduledBy completedAt completedBy siteConditions supplyPointOptions transformerCapacityKva }
  scheme { id version status voltageLevel capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary
           draftedBy approvedBy rejectedBy rejectionReason repliedBy validUntil confirmedBy confirmedAt }
  schemeVersions { id version status rejectionReason rejectedBy approvedBy confirmedBy approvalChain requiredLevels
                   approvals { level approvedBy role ruleId approvedAt } }
  recommendedConstructionUnits { fewerThanThree units { unitId } }
`;

export const MUTATIONS = {
  registerConstructionUnit: `mutation($input: RegisterConstructionUnitInput!) { registerConstructionUnit(input: $input) { ${UNIT_FIELDS} } }`,
  updateConstructionUnit: `mutation($input: UpdateConstructionUnitInput!) { updateConstructionUnit(input: $input) { ${UNIT_FIELDS}
    history { kind changedBy changedByRole reason changes { field from to } } } }`,
  scheduleSurvey: `mutation($input: ScheduleSurveyInput!) { scheduleSurvey(input: $input) { id planningStatus } }`,
  rescheduleSurvey: `mutation($input: RescheduleSurveyInput!) { rescheduleSurvey(input: $input) { id planningStatus } }`,
  recordSurvey: `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id planningStatus } }`,
  completeFastPath: `mutation($input: CompleteFastPathInput!) { completeFastPath(input: $input) { id planningStatus } }`,
  draftScheme: `mutation($input: DraftSchemeInput!) { draftScheme(input: $input) { id planningStatus } }`,
  approveScheme: `mutation($input: ApproveSchemeInput!) { approveScheme(input: $input) { id planningStatus } }`,
  rejectScheme: `mutation($input: RejectSchemeInput!) { rejectScheme(input: $input) { id planningStatus } }`,
  replyScheme: `mutation($input: ReplySchemeInput!) { replyScheme(input: $input) { id planningStatus } }`,
  confirmScheme: `mutation($input: ConfirmSchemeInput!) { confirmScheme(input: $input) { id planningStatus } }`,
  requestSchemeChange: `mutation($input: RequestSchemeChangeInput!) { requestSchemeChange(input: $input) { id planningStatus } }`,
  chooseConstructionUnit: `mutation($input: ChooseConstructionUnitInput!) { chooseConstructionUnit(input: $input) { id planningStatus } }`,
} as const;
export type MutationName = keyof typeof MUTATIONS;

/** The whole response of one planning mutation run as `caller`. */
export const call = (name: MutationName, caller: Caller, input: Record<string, unknown>): Promise<GraphQLResponse<Record<string, any>>> =>
  caller.raw<Record<string, any>>(MUTATIONS[name], { input });

/** Runs one planning mutation as `caller` and returns what it answered; throws (failing the test) on any error. */
export async function ok(name: MutationName, caller: Caller, input: Record<string, unknown>): Promise<any> {
  return (await caller.mutate<Record<string, any>>(MUTATIONS[name], { input }))[name];
}

/** The one error a planning mutation must fail with (and no data). */
export async function failure(name: MutationName, caller: Caller, input: Record<string, unknown>): Promise<GraphQLErrorBody> {
  const response = await call(name, caller, input);
  expect(response.errors).toHaveLength(1);
  expect(response.data ?? null).toBeNull();
  return response.errors![0];
}

/** Reads the case as the gateway does (through `_entities`) as `caller`. */
export const readCase = (caller: Caller, id: string, fields = CASE_FIELDS) => caller.readCase(id, fields);

export const UNITS_QUERY = `query($filter: ConstructionUnitFilter, $first: Int, $after: String) {
  constructionUnits(filter: $filter, first: $first, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`;

/** The survey of an LV site. */
export const SURVEY = (caseId: string) => ({
  caseId,
  siteConditions: 'Overhead 0.4 kV line at the gate; meter box room in the stairwell',
  supplyPointOptions: ['0.4 kV branch box 3 of pole 17'],
});

/** A scheme for a 50 kVA LV non-residential case. */
export const LV_DRAFT = (caseId: string) => ({
  caseId,
  voltageLevel: 'AC380V',
  capacityKva: 50,
  supplySources: 1,
  supplyPoints: ['0.4 kV branch box 3 of pole 17'],
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
  propertyBoundary: 'Outgoing terminal of the meter box',
});

/** A scheme for an 800 kVA 10 kV case (the walked case's first draft; its second asks for 630 kVA). */
export const HV10_DRAFT = (caseId: string) => ({
  caseId,
  voltageLevel: 'AC10KV',
  capacityKva: 800,
  supplySources: 1,
  supplyPoints: ['10kV feeder 12 of Zhangjiang substation'],
  meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
  tariffCategory: 'LARGE_INDUSTRIAL',
  propertyBoundary: 'Cable terminal of the customer switch room',
});

/** A scheme for the 9000 kVA 35 kV case. */
export const HV35_DRAFT = (caseId: string) => ({
  caseId,
  voltageLevel: 'AC35KV',
  capacityKva: 9000,
  supplySources: 1,
  supplyPoints: ['35 kV bay 4 of Zhangjiang substation'],
  meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
  tariffCategory: 'LARGE_INDUSTRIAL',
  propertyBoundary: 'Incoming cable terminal of the customer substation',
});

/** The surveyor of the planning flows (on the 310115 roster). */
/** Every event a 三零 survey with its template scheme raises, once each, sorted: approved, replied and confirmed by rule. */
export const THREE_ZERO_SURVEY_EVENTS = [
  'planning.timelimit.started.v1',
  'planning.timelimit.stopped.v1',
  'planning.survey.scheduled.v1',
  'planning.survey.completed.v1',
  'planning.recommendation.issued.v1',
  'planning.scheme.drafted.v1',
  'planning.scheme.approved.v1',
  'planning.scheme.replied.v1',
  'planning.scheme.confirmed.v1',
].sort();

export const SURVEYOR = { sub: 'surveyor-east-1' };

/** The survey appointed (by the planner unless `by`; the roster picks the surveyor unless `input` names one). */
export const scheduled = (
  h: ServiceHarness,
  c: TestCase,
  input: { appointmentAt?: string; surveyorId?: string } = {},
  by: Caller = h.as('planner'),
) => ok('scheduleSurvey', by, { caseId: c.id, appointmentAt: '2026-12-01T01:00:00Z', ...input });

/**
 * Opened unless `opened`, the survey appointed and recorded (by surveyor-east-1): the recommendation is issued
 * with it, and an LV residential scheme is drafted from its template, approved by rule and replied.
 */
export async function surveyed(
  h: ServiceHarness,
  c: TestCase,
  options: { opened?: boolean; schedule?: { appointmentAt?: string; surveyorId?: string }; survey?: Record<string, unknown> } = {},
): Promise<void> {
  if (!options.opened) await open(h, c);
  await scheduled(h, c, options.schedule);
  await ok('recordSurvey', h.as('surveyor', SURVEYOR), { ...SURVEY(c.id), ...options.survey });
}

/** Calls made as the customer of a case. */
export const customerOf = (h: ServiceHarness, c: TestCase) => h.as('customer', { sub: c.customerId });

/**
 * The walk from survey to confirmation of a 10 kV case (CASES.HV10), accepted with the survey as the next action:
 * surveyor-1 appoints the survey, the planner moves it to surveyor-2, surveyor-1 records it; the planner drafts
 * 800 kVA, approver-1 rejects it, the planner drafts 630 kVA, approver-1 and approver-2 approve the two levels,
 * the planner replies valid until 2027-12-31T16:00:00Z and the customer confirms.
 */
export const WALK = {
  /** Intake's acceptance names the survey as the next step. */
  accepted: { nextAction: { role: 'surveyor', description: 'Schedule the site survey' } } as Partial<Accepted>,
  survey: (caseId: string) => ({
    caseId,
    siteConditions: 'Overhead 10kV line 300 m away; room for a 800 kVA switch room',
    supplyPointOptions: ['10kV feeder 12 of Zhangjiang substation', '10kV feeder 7 of Gaoke substation'],
    transformerCapacityKva: 1250.5,
  }),
  rejection: 'Capacity exceeds what feeder 12 can carry',
  validUntil: '2027-12-31T16:00:00Z',
};

export async function walkedToConfirmation(h: ServiceHarness, c: TestCase): Promise<void> {
  await open(h, c, WALK.accepted);
  const [surveyor, planner] = [h.as('surveyor'), h.as('planner')];
  await ok('scheduleSurvey', surveyor, { caseId: c.id, surveyorId: 'surveyor-1', appointmentAt: '2026-12-01T02:00:00Z' });
  await ok('scheduleSurvey', planner, { caseId: c.id, surveyorId: 'surveyor-2', appointmentAt: '2026-12-02T06:30:00+08:00' });
  await ok('recordSurvey', surveyor, WALK.survey(c.id));
  await ok('draftScheme', planner, HV10_DRAFT(c.id));
  await ok('rejectScheme', h.as('approver'), { caseId: c.id, reason: WALK.rejection });
  await ok('draftScheme', planner, { ...HV10_DRAFT(c.id), capacityKva: 630 });
  await ok('approveScheme', h.as('approver'), { caseId: c.id });
  await ok('approveScheme', h.as('approver', { sub: 'approver-2' }), { caseId: c.id });
  await ok('replyScheme', planner, { caseId: c.id, validUntil: WALK.validUntil });
  await ok('confirmScheme', customerOf(h, c), { caseId: c.id });
}

/**
 * Construction units registered for one test: licence numbers carry a tag of their own, so that several
 * registries live side by side in one database.
 */
export class UnitRegistry {
  /** Unit ids by the key they were registered under. */
  readonly ids: Record<string, string> = {};
  private readonly tag = randomUUID().slice(0, 8);

  constructor(private readonly by: Caller) {}

  licence(key: string): string {
    return `L-${key}-${this.tag}`;
  }

  /** Registers `key` (class 3, up to 110 kV, serving 310101, valid until 2030, unless `over` says otherwise). */
  async register(key: string, over: Record<string, unknown> = {}): Promise<any> {
    const unit = await ok('registerConstructionUnit', this.by, {
      name: `${key} Electric Works`,
      licenceNumber: this.licence(key),
      qualificationClass: 'CLASS_3',
      maxVoltageKv: 110,
      regions: ['310101'],
      validUntil: '2030-01-01',
      ...over,
    });
    this.ids[key] = unit.id;
    return unit;
  }
}

/**
 * The registry of the planning flows, registered by planner-1: in 310101 four eligible units (A1–A4), one expired
 * and one suspended (by admin-1); in 310104 B1 (class 4, up to 35 kV) and B-LOW (class too low), with B2 serving
 * both regions; in 310115 C1–C3 (二级).
 */
export async function registerUnits(h: ServiceHarness): Promise<UnitRegistry> {
  const units = new UnitRegistry(h.as('planner'));
  for (const key of ['A1', 'A2', 'A3', 'A4']) await units.register(key);
  await units.register('EXPIRED', { validUntil: '2020-12-31' });
  await units.register('SUSPENDED', { qualificationClass: 'CLASS_1', maxVoltageKv: 500 });
  await units.register('B1', { regions: ['310104'], qualificationClass: 'CLASS_4', maxVoltageKv: 35 });
  await units.register('B2', { regions: ['310104', '310101'], qualificationClass: 'CLASS_2', maxVoltageKv: 220, validUntil: '2029-01-01' });
  await units.register('B-LOW', { regions: ['310104'], qualificationClass: 'CLASS_5', maxVoltageKv: 10 });
  for (const key of ['C1', 'C2', 'C3'])
    await units.register(key, { regions: ['310115'], qualificationClass: 'CLASS_2', maxVoltageKv: 220 });
  await ok('updateConstructionUnit', h.as('admin'), {
    unitId: units.ids.SUSPENDED,
    suspended: true,
    reason: 'Safety incident under investigation',
  });
  return units;
}
