import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer } from '@yekuo/platform';
import { createEvent, CustomerCategory, EventPayload, parseEvent } from '@yekuo/events';
import {
  EventTap,
  graphql,
  GraphQLErrorBody,
  InProcessService,
  readCaseEntity,
  startServiceInProcess,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from './app.module';
import { planningService } from './planning.service-definition';

jest.setTimeout(120_000);

type Role = Parameters<TestRun['token']>[0]['roles'][number];

interface TestCase {
  id: string;
  number: string;
  customerId: string;
  category: CustomerCategory;
  voltageLevel: string;
  capacityKva: number;
  regionCode: string;
}

const caseNumber = () => `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
const newCase = (category: CustomerCategory, voltageLevel: string, capacityKva: number, regionCode: string): TestCase => ({
  id: randomUUID(),
  number: caseNumber(),
  customerId: randomUUID(),
  category,
  voltageLevel,
  capacityKva,
  regionCode,
});

/** LV residential, the fast path (310101). */
const LV = newCase('LV_RESIDENTIAL', 'AC220V', 8, '310101');
/** LV non-residential in 310101: the recommendation and the customer's choice. */
const REC = newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310101');
/** 10 kV in 310104, where only two units are eligible. */
const TWO = newCase('HV_SINGLE_SOURCE', 'AC10KV', 1000, '310104');
/** 35 kV: three approval levels, then a change request. */
const HV35 = newCase('HV_SINGLE_SOURCE', 'AC35KV', 9000, '310115');
/** Withdrawn with a drafted scheme and a recommendation open. */
const WD = newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310115');
/** Withdrawn with a survey appointment open. */
const WD2 = newCase('LV_NON_RESIDENTIAL', 'AC380V', 30, '310115');
/** Withdrawn before planning heard of its acceptance. */
const LATE = newCase('LV_RESIDENTIAL', 'AC220V', 6, '310104');

const acceptedOf = (c: TestCase): EventPayload<'intake.application.accepted.v1'> => ({
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
});

const withdrawnOf = (c: TestCase, reason: string): EventPayload<'intake.application.withdrawn.v1'> => ({
  caseId: c.id,
  caseNumber: c.number,
  customerId: c.customerId,
  category: c.category,
  policyVersion: '2020-01',
  actor: { id: c.customerId, role: 'customer' },
  reason,
});

const UNIT_FIELDS = `id name licenceNumber qualificationClass qualificationClassLabel maxVoltageKv maxCapacityKva regions validUntil suspended
  suspensionReason lastRecommendedAt timesRecommended registeredBy`;
const CASE_FIELDS = `
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

const MUTATIONS = {
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
type MutationName = keyof typeof MUTATIONS;

const UNITS_QUERY = `query($filter: ConstructionUnitFilter, $first: Int, $after: String) {
  constructionUnits(filter: $filter, first: $first, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`;

const SURVEY = (caseId: string) => ({
  caseId,
  siteConditions: 'Overhead 0.4 kV line at the gate; meter box room in the stairwell',
  supplyPointOptions: ['0.4 kV branch box 3 of pole 17'],
});

describe('planning: registry, recommendation, approval chains, fast path, withdrawal (real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let tap: EventTap;
  let bus: TestPublisher;
  let dataSource: DataSource;
  const tokens: Record<string, string> = {};
  const units: Record<string, string> = {};

  const call = async (name: MutationName, token: string, input: Record<string, unknown>) =>
    graphql<Record<string, any>>(service.url, MUTATIONS[name], { input }, token);

  const ok = async (name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await call(name, token, input);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };

  const failure = async (name: MutationName, token: string, input: Record<string, unknown>): Promise<GraphQLErrorBody> => {
    const response = await call(name, token, input);
    expect(response.errors).toHaveLength(1);
    return response.errors![0];
  };

  const readCase = (token: string, id: string) => readCaseEntity(service.url, token, id, CASE_FIELDS);
  const eventsOf = (caseId: string, type?: string) =>
    tap.messages
      .map((m) => parseEvent(m.body))
      .filter((e) => e.subject === caseId && (!type || e.type === type))
      .sort((a, b) => a.time.localeCompare(b.time));

  const accept = async (c: TestCase) => {
    await bus.publish(createEvent('intake.application.accepted.v1', acceptedOf(c), { source: '/yekuo/intake' }));
    await waitFor(
      `planning case ${c.number}`,
      async () => (await dataSource.query('SELECT 1 FROM planning_case WHERE case_id = $1', [c.id])).length > 0,
    );
  };

  const register = async (key: string, over: Record<string, unknown>) => {
    const unit = await ok('registerConstructionUnit', tokens.planner, {
      name: `${key} Electric Works`,
      licenceNumber: `L-${key}-${run.id}`,
      qualificationClass: 'CLASS_3',
      maxVoltageKv: 110,
      regions: ['310101'],
      validUntil: '2030-01-01',
      ...over,
    });
    units[key] = unit.id;
    return unit;
  };

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, '#');
    service = await startServiceInProcess(run, planningService, (config) => AppModule.forRoot(config));
    dataSource = service.app.get(DataSource);
    const ready = service.url.replace(/\/graphql$/, '/health/ready');
    await waitFor('the service to be ready', async () => (await fetch(ready)).ok);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    const mint = (sub: string, role: Role, actsFor?: string[]) => run.token({ sub, roles: [role], actsFor });
    Object.assign(tokens, {
      surveyor: await mint('surveyor-east-1', 'surveyor'),
      planner: await mint('planner-1', 'planner'),
      admin: await mint('admin-1', 'admin'),
      approver1: await mint('approver-1', 'approver'),
      approver2: await mint('approver-2', 'approver'),
      approver3: await mint('approver-3', 'approver'),
      lvCustomer: await mint(LV.customerId, 'customer'),
      recCustomer: await mint(REC.customerId, 'customer'),
      twoAgent: await mint('agent-1', 'agent', [TWO.customerId]),
      hvCustomer: await mint(HV35.customerId, 'customer'),
      wdCustomer: await mint(WD.customerId, 'customer'),
      stranger: await mint(randomUUID(), 'customer'),
    });
    for (const c of [LV, REC, TWO, HV35, WD, WD2]) await accept(c);
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.close();
    await bus?.close();
    await run.cleanUp(['planning']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('keeps the construction-unit registry: staff only, every field at fault, each change recorded, filtered pages', async () => {
    const input = {
      name: 'X',
      licenceNumber: 'L-X',
      qualificationClass: 'CLASS_3',
      maxVoltageKv: 10,
      regions: ['310101'],
      validUntil: '2030-01-01',
    };
    for (const token of [tokens.surveyor, tokens.lvCustomer, tokens.approver1]) {
      expect((await failure('registerConstructionUnit', token, input)).extensions?.code).toBe('FORBIDDEN');
    }
    const unknownClass = await failure('registerConstructionUnit', tokens.planner, { ...input, qualificationClass: 'CLASS_9' });
    expect(unknownClass.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknownClass.message).toContain('"CLASS_9" does not exist in "QualificationClass" enum');
    const invalid = await failure('registerConstructionUnit', tokens.planner, {
      name: ' ',
      licenceNumber: '',
      qualificationClass: 'CLASS_5',
      maxVoltageKv: -1,
      regions: ['Pudong'],
      validUntil: '2027-13-45',
    });
    expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(invalid.extensions?.fields?.map((f) => f.field))).toEqual(
      new Set(['input.name', 'input.licenceNumber', 'input.maxVoltageKv', 'input.regions', 'input.validUntil']),
    );

    // 310101: four eligible, one expired, one to be suspended.
    for (const key of ['A1', 'A2', 'A3', 'A4']) await register(key, {});
    await register('EXPIRED', { validUntil: '2020-12-31' });
    const suspendMe = await register('SUSPENDED', { qualificationClass: 'CLASS_1', maxVoltageKv: 500 });
    expect(suspendMe).toMatchObject({ qualificationClassLabel: '一级', suspended: false, timesRecommended: 0, registeredBy: 'planner-1' });
    // 310104: two eligible for 10 kV / 1000 kVA (CLASS_4 needed), one whose class is too low.
    await register('B1', { regions: ['310104'], qualificationClass: 'CLASS_4', maxVoltageKv: 35 });
    await register('B2', { regions: ['310104', '310101'], qualificationClass: 'CLASS_2', maxVoltageKv: 220, validUntil: '2029-01-01' });
    await register('B-LOW', { regions: ['310104'], qualificationClass: 'CLASS_5', maxVoltageKv: 10 });
    // 310115: class 二级 for 35 kV / 9000 kVA.
    for (const key of ['C1', 'C2', 'C3']) await register(key, { regions: ['310115'], qualificationClass: 'CLASS_2', maxVoltageKv: 220 });

    const duplicate = await failure('registerConstructionUnit', tokens.admin, { ...input, licenceNumber: `L-A1-${run.id}` });
    expect(duplicate.extensions?.code).toBe('CONFLICT');

    const noReason = await failure('updateConstructionUnit', tokens.planner, { unitId: units.SUSPENDED, suspended: true });
    expect(noReason.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.reason' }] });
    const suspended = await ok('updateConstructionUnit', tokens.admin, {
      unitId: units.SUSPENDED,
      suspended: true,
      reason: 'Safety incident under investigation',
    });
    expect(suspended).toMatchObject({ suspended: true, suspensionReason: 'Safety incident under investigation' });
    expect(suspended.history).toEqual([
      expect.objectContaining({ kind: 'REGISTERED', changedBy: 'planner-1', changedByRole: 'PLANNER', reason: null }),
      {
        kind: 'SUSPENDED',
        changedBy: 'admin-1',
        changedByRole: 'ADMIN',
        reason: 'Safety incident under investigation',
        changes: [
          { field: 'suspended', from: 'false', to: 'true' },
          { field: 'suspensionReason', from: null, to: '"Safety incident under investigation"' },
        ],
      },
    ]);
    const renewed = await ok('updateConstructionUnit', tokens.planner, {
      unitId: units.A4,
      validUntil: '2031-06-30',
      name: 'A4 Electric Works',
    });
    expect(renewed.history.at(-1)).toEqual({
      kind: 'UPDATED',
      changedBy: 'planner-1',
      changedByRole: 'PLANNER',
      reason: null,
      changes: [{ field: 'validUntil', from: '"2030-01-01"', to: '"2031-06-30"' }],
    });
    expect((await failure('updateConstructionUnit', tokens.planner, { unitId: randomUUID(), name: 'Nobody' })).extensions?.code).toBe(
      'NOT_FOUND',
    );

    // Pages of the registry, narrowed to a region.
    const page = async (filter: Record<string, unknown>, first: number, after?: string) => {
      const response = await graphql(service.url, UNITS_QUERY, { filter, first, after }, tokens.lvCustomer);
      expect(response.errors).toBeUndefined();
      return response.data!.constructionUnits as {
        edges: { cursor: string; node: { id: string; name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const first = await page({ regionCode: '310101' }, 4);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await page({ regionCode: '310101' }, 4, first.pageInfo.endCursor!);
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges.at(-1)!.cursor });
    expect(new Set([...first.edges, ...rest.edges].map((e) => e.node.id))).toEqual(
      new Set([units.A1, units.A2, units.A3, units.A4, units.EXPIRED, units.SUSPENDED, units.B2]),
    );
    const usable = await page({ regionCode: '310101', suspended: false, validOn: '2026-11-27', minQualificationClass: 'CLASS_3' }, 20);
    expect(new Set(usable.edges.map((e) => e.node.id))).toEqual(new Set([units.A1, units.A2, units.A3, units.A4, units.B2]));
    const history = await graphql(
      service.url,
      `
        {
          constructionUnits(first: 1) {
            edges {
              node {
                history {
                  kind
                }
              }
            }
          }
        }
      `,
      {},
      tokens.lvCustomer,
    );
    expect(history.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('assigns the least loaded surveyor of the region and issues three eligible units with the survey, never an expired or suspended one', async () => {
    expect(await ok('scheduleSurvey', tokens.planner, { caseId: REC.id, appointmentAt: '2026-12-01T01:00:00Z' })).toMatchObject({
      planningStatus: 'SURVEY_SCHEDULED',
    });
    // 310101's roster is surveyor-west-1, surveyor-west-2: west-1 is now busy, so the next goes to west-2.
    await ok('scheduleSurvey', tokens.planner, { caseId: LV.id, appointmentAt: '2026-12-01T03:00:00Z' });
    const photo = randomUUID();
    expect(
      await ok('recordSurvey', tokens.surveyor, { ...SURVEY(REC.id), photoDocumentIds: [photo, photo], transformerCapacityKva: 400 }),
    ).toMatchObject({ planningStatus: 'SURVEYED' });

    const view = await readCase(tokens.recCustomer, REC.id);
    expect(view.survey).toMatchObject({ surveyorId: 'surveyor-west-1', completedBy: 'surveyor-east-1', photoDocumentIds: [photo] });
    expect((await readCase(tokens.planner, LV.id)).survey.surveyorId).toBe('surveyor-west-2');
    const recommendation = view.recommendedConstructionUnits;
    expect(recommendation).toMatchObject({ fewerThanThree: false, status: 'ACTIVE', issuedBy: 'surveyor-east-1' });
    expect(recommendation.units).toHaveLength(3);
    const eligible = [units.A1, units.A2, units.A3, units.A4, units.B2];
    for (const unit of recommendation.units) {
      expect(eligible).toContain(unit.unitId);
      expect(unit.reason).toMatch(/^valid until \d{4}-\d{2}-\d{2}; class .* covers .*; serves 310101; not recommended before$/);
    }
    const issued = await waitFor('the recommendation event', () => eventsOf(REC.id, 'planning.recommendation.issued.v1')[0]);
    expect(issued.data).toMatchObject({ fewerThanThree: false, actor: { id: 'surveyor-east-1', role: 'surveyor' } });
    expect((issued.data as EventPayload<'planning.recommendation.issued.v1'>).units.map((u) => u.unitId)).toEqual(
      recommendation.units.map((u: { unitId: string }) => u.unitId),
    );

    // The next recommendation in 310101 offers the two units left out first (least recently recommended).
    await ok('recordSurvey', tokens.surveyor, SURVEY(LV.id));
    const next = (await readCase(tokens.planner, LV.id)).recommendedConstructionUnits;
    const leftOut = eligible.filter((id) => !recommendation.units.some((u: { unitId: string }) => u.unitId === id));
    expect(
      next.units
        .slice(0, 2)
        .map((u: { unitId: string }) => u.unitId)
        .sort(),
    ).toEqual([...leftOut].sort());
    expect(next.units[2].reason).toMatch(/last recommended \d{4}-\d{2}-\d{2}$/);
    const [{ offered }] = await dataSource.query<{ offered: number }[]>(
      'SELECT sum(times_recommended)::int AS offered FROM construction_unit WHERE id = ANY($1)',
      [[units.EXPIRED, units.SUSPENDED]],
    );
    expect(offered).toBe(0);

    // 310104 has two eligible units: the recommendation says so.
    await ok('scheduleSurvey', tokens.planner, { caseId: TWO.id, appointmentAt: '2026-12-02T01:00:00Z' });
    await ok('recordSurvey', tokens.surveyor, SURVEY(TWO.id));
    const two = (await readCase(tokens.twoAgent, TWO.id)).recommendedConstructionUnits;
    expect(two.fewerThanThree).toBe(true);
    expect(two.units.map((u: { unitId: string }) => u.unitId).sort()).toEqual([units.B1, units.B2].sort());
    const twoEvent = await waitFor('the 310104 recommendation event', () => eventsOf(TWO.id, 'planning.recommendation.issued.v1')[0]);
    expect(twoEvent.data).toMatchObject({ fewerThanThree: true, units: [expect.anything(), expect.anything()] });
  });

  it("records the customer's choice of a recommended or another qualified unit, without imposing one", async () => {
    const both = await failure('chooseConstructionUnit', tokens.recCustomer, {
      caseId: REC.id,
      unitId: units.A1,
      otherUnit: { name: 'Y', qualificationClass: 'CLASS_1', licenceNumber: 'Y-1' },
    });
    expect(new Set(both.extensions?.fields?.map((f) => f.field))).toEqual(new Set(['input.unitId', 'input.otherUnit']));
    expect((await failure('chooseConstructionUnit', tokens.planner, { caseId: REC.id, unitId: units.A1 })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await failure('chooseConstructionUnit', tokens.stranger, { caseId: REC.id, unitId: units.A1 })).extensions?.code).toBe(
      'NOT_FOUND',
    );
    const notOffered = await failure('chooseConstructionUnit', tokens.recCustomer, { caseId: REC.id, unitId: units.EXPIRED });
    expect(notOffered.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.unitId' }] });
    const early = await failure('chooseConstructionUnit', tokens.hvCustomer, { caseId: HV35.id, unitId: units.C1 });
    expect(early.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AWAITING_SURVEY' });

    const offered = (await readCase(tokens.recCustomer, REC.id)).recommendedConstructionUnits.units[1];
    await ok('chooseConstructionUnit', tokens.recCustomer, { caseId: REC.id, unitId: offered.unitId });
    expect((await readCase(tokens.recCustomer, REC.id)).chosenConstructionUnit).toEqual({
      unitId: offered.unitId,
      unitName: offered.name,
      qualificationClass: offered.qualificationClass,
      licenceNumber: expect.stringMatching(/^L-/),
      fromRecommendation: true,
      chosenBy: REC.customerId,
    });

    // 10 kV / 1000 kVA needs CLASS_4 or higher.
    const tooLow = await failure('chooseConstructionUnit', tokens.twoAgent, {
      caseId: TWO.id,
      otherUnit: { name: 'Small Works', qualificationClass: 'CLASS_5', licenceNumber: 'S-5' },
    });
    expect(tooLow.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.otherUnit.qualificationClass' }] });
    expect(tooLow.extensions?.fields?.[0].message).toContain('CLASS_4');
    await ok('chooseConstructionUnit', tokens.twoAgent, {
      caseId: TWO.id,
      otherUnit: { name: 'Jinqiao Installation Co', qualificationClass: 'CLASS_3', licenceNumber: 'J-3' },
    });
    expect((await readCase(tokens.twoAgent, TWO.id)).chosenConstructionUnit).toMatchObject({
      unitId: null,
      unitName: 'Jinqiao Installation Co',
      fromRecommendation: false,
      chosenBy: 'agent-1',
    });

    const chosen = await waitFor('both choices announced', () => {
      const events = [
        ...eventsOf(REC.id, 'planning.constructionunit.chosen.v1'),
        ...eventsOf(TWO.id, 'planning.constructionunit.chosen.v1'),
      ];
      return events.length === 2 ? events : undefined;
    });
    expect(chosen.map((e) => e.data)).toEqual([
      expect.objectContaining({
        unitId: offered.unitId,
        unitName: offered.name,
        fromRecommendation: true,
        actor: { id: REC.customerId, role: 'customer' },
      }),
      expect.objectContaining({ unitName: 'Jinqiao Installation Co', fromRecommendation: false, actor: { id: 'agent-1', role: 'agent' } }),
    ]);
    expect(chosen[1].data).not.toHaveProperty('unitId');
  });

  it('refuses a scheme that breaks the rules, naming every rule and field at once', async () => {
    const broken = await failure('draftScheme', tokens.planner, {
      caseId: TWO.id,
      voltageLevel: 'AC380V',
      capacityKva: 1000,
      supplySources: 2,
      supplyPoints: ['0.4 kV bay 1'],
      meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
      tariffCategory: 'RESIDENTIAL',
      propertyBoundary: 'Customer switch room',
    });
    expect(broken.extensions?.code).toBe('VALIDATION_FAILED');
    const violations = broken.extensions?.violations as { rule: string; field: string; message: string }[];
    expect(violations.map((v) => [v.rule, v.field])).toEqual([
      ['SR-VOLT-10KV', 'input.voltageLevel'],
      ['SR-CAT-VOLT', 'input.voltageLevel'],
      ['SR-SRC-POINTS', 'input.supplyPoints'],
      ['SR-METER-LV', 'input.meteringMethod'],
      ['SR-TARIFF-CAT', 'input.tariffCategory'],
    ]);
    expect(broken.extensions?.fields).toEqual(violations.map((v) => ({ field: v.field, message: v.message })));
    expect((await readCase(tokens.planner, TWO.id)).planningStatus).toBe('SURVEYED');
  });

  it('walks the 35 kV chain through three different approvers; a change request makes the next version, the wait is customer time', async () => {
    await ok('scheduleSurvey', tokens.surveyor, { caseId: HV35.id, surveyorId: 'surveyor-east-2', appointmentAt: '2026-12-03T01:00:00Z' });
    await ok('recordSurvey', tokens.surveyor, { ...SURVEY(HV35.id), supplyPointOptions: ['35 kV bay 4 of Zhangjiang substation'] });
    const draft = {
      caseId: HV35.id,
      voltageLevel: 'AC35KV',
      capacityKva: 9000,
      supplySources: 1,
      supplyPoints: ['35 kV bay 4 of Zhangjiang substation'],
      meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
      tariffCategory: 'LARGE_INDUSTRIAL',
      propertyBoundary: 'Incoming cable terminal of the customer substation',
    };
    await ok('draftScheme', tokens.planner, draft);
    expect(await ok('approveScheme', tokens.approver1, { caseId: HV35.id })).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    const same = await failure('approveScheme', tokens.approver1, { caseId: HV35.id });
    expect(same.extensions?.code).toBe('FORBIDDEN');
    expect(same.message).toContain('needs a different approver');
    expect(await ok('approveScheme', tokens.approver2, { caseId: HV35.id })).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    expect((await failure('approveScheme', tokens.approver2, { caseId: HV35.id })).extensions?.code).toBe('FORBIDDEN');
    expect(await ok('approveScheme', tokens.approver3, { caseId: HV35.id })).toMatchObject({ planningStatus: 'SCHEME_APPROVED' });
    const before = Date.now();
    await ok('replyScheme', tokens.planner, { caseId: HV35.id });

    const replied = await readCase(tokens.hvCustomer, HV35.id);
    expect(replied.scheme).toMatchObject({
      version: 1,
      status: 'REPLIED',
      approvalChain: 'HV',
      requiredLevels: 3,
      approvedBy: 'approver-3',
    });
    expect(replied.scheme.approvals.map((a: { approvedBy: string }) => a.approvedBy)).toEqual(['approver-1', 'approver-2', 'approver-3']);
    // No date given: valid for the 365 days of a high-voltage reply.
    const validFor = Date.parse(replied.scheme.validUntil) - before;
    expect(validFor).toBeGreaterThan(364.9 * 86_400_000);
    expect(validFor).toBeLessThan(365.1 * 86_400_000);

    expect((await failure('requestSchemeChange', tokens.planner, { caseId: HV35.id, reason: 'x' })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('requestSchemeChange', tokens.hvCustomer, { caseId: HV35.id, reason: ' ' })).extensions?.fields).toEqual([
      { field: 'input.reason', message: 'reason must not be blank' },
    ]);
    expect(await ok('requestSchemeChange', tokens.hvCustomer, { caseId: HV35.id, reason: 'Move the supply point to bay 6' })).toMatchObject(
      { planningStatus: 'SCHEME_CHANGE_REQUESTED' },
    );
    expect((await failure('confirmScheme', tokens.hvCustomer, { caseId: HV35.id })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_CHANGE_REQUESTED',
    });
    expect(await ok('draftScheme', tokens.planner, { ...draft, supplyPoints: ['35 kV bay 6 of Zhangjiang substation'] })).toMatchObject({
      planningStatus: 'SCHEME_DRAFTED',
    });

    const staff = await readCase(tokens.planner, HV35.id);
    expect(staff.schemeVersions).toEqual([
      expect.objectContaining({
        version: 1,
        status: 'CHANGE_REQUESTED',
        changeRequestReason: 'Move the supply point to bay 6',
        changeRequestedBy: HV35.customerId,
      }),
      expect.objectContaining({ version: 2, status: 'DRAFTED', approvals: [] }),
    ]);
    expect(staff.planningPauses).toEqual([
      expect.objectContaining({
        stage: 'SUPPLY_SCHEME',
        kind: 'SCHEME_AWAITING_CUSTOMER',
        actorId: HV35.customerId,
        actorRole: 'CUSTOMER',
        reason: 'Asked for changes: Move the supply point to bay 6',
      }),
    ]);
    // The customer sees the version they answered, not the new draft under review.
    expect((await readCase(tokens.hvCustomer, HV35.id)).schemeVersions.map((v: { version: number }) => v.version)).toEqual([1]);

    const approved = await waitFor('three approvals announced', () => {
      const events = eventsOf(HV35.id, 'planning.scheme.approved.v1');
      return events.length === 3 ? events : undefined;
    });
    expect(
      approved.map((e) => [
        (e.data as EventPayload<'planning.scheme.approved.v1'>).level,
        (e.data as EventPayload<'planning.scheme.approved.v1'>).final,
      ]),
    ).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('walks the low-voltage residential fast path: one utility step, approved by rule, then the customer confirms', async () => {
    const fresh = newCase('LV_RESIDENTIAL', 'AC380V', 20, '310101');
    await accept(fresh);
    const customer = await run.token({ sub: fresh.customerId, roles: ['customer'] });
    expect((await failure('completeFastPath', tokens.planner, SURVEY(fresh.id))).extensions?.code).toBe('FORBIDDEN');
    const notLv = await failure('completeFastPath', tokens.surveyor, SURVEY(TWO.id));
    expect(notLv.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SURVEYED' });
    const nonResidential = await failure('completeFastPath', tokens.surveyor, SURVEY(WD.id));
    expect(nonResidential.extensions?.code).toBe('CONFLICT');

    // One utility step, from an unscheduled survey.
    expect(
      await ok('completeFastPath', tokens.surveyor, { ...SURVEY(fresh.id), propertyBoundary: 'Outgoing terminal of meter box 2' }),
    ).toEqual({ id: fresh.id, planningStatus: 'SCHEME_REPLIED' });
    const replied = await readCase(customer, fresh.id);
    expect(replied.survey).toMatchObject({ surveyorId: 'surveyor-east-1', completedBy: 'surveyor-east-1' });
    expect(replied.scheme).toMatchObject({
      version: 1,
      status: 'REPLIED',
      voltageLevel: 'AC380V',
      capacityKva: 20,
      supplySources: 1,
      supplyPoints: ['0.4 kV branch box 3 of pole 17'],
      meteringMethod: 'LOW_SUPPLY_LOW_METERING',
      tariffCategory: 'RESIDENTIAL',
      propertyBoundary: 'Outgoing terminal of meter box 2',
      approvalChain: 'LV',
      templateId: 'TPL-LV-RES-2026-01',
      approvedBy: 'RULE',
      repliedBy: 'surveyor-east-1',
      approvals: [{ level: 1, approvedBy: 'RULE', role: 'RULE', ruleId: 'AR-LV-RES-TEMPLATE' }],
    });
    expect(replied.recommendedConstructionUnits.units).toHaveLength(3);

    expect(await ok('confirmScheme', customer, { caseId: fresh.id })).toEqual({ id: fresh.id, planningStatus: 'SCHEME_CONFIRMED' });
    expect((await readCase(customer, fresh.id)).planningPauses).toEqual([
      expect.objectContaining({
        kind: 'SCHEME_AWAITING_CUSTOMER',
        actorId: fresh.customerId,
        reason: 'Confirmed the replied supply scheme',
      }),
    ]);

    // The recorded-survey route of the variant does the same: the LV case scheduled earlier is replied already.
    expect((await readCase(tokens.planner, LV.id)).scheme).toMatchObject({ status: 'REPLIED', voltageLevel: 'AC220V', approvedBy: 'RULE' });
    // A reply confirmed after its validity is refused; the customer can still ask for a renewed scheme.
    await dataSource.query(`UPDATE supply_scheme SET valid_until = now() - interval '1 day' WHERE case_id = $1`, [LV.id]);
    const expired = await failure('confirmScheme', tokens.lvCustomer, { caseId: LV.id });
    expect(expired.extensions).toMatchObject({ code: 'CONFLICT', validUntil: expect.any(String) });
    expect(expired.message).toContain('ask for a change');
    expect(
      await ok('requestSchemeChange', tokens.lvCustomer, { caseId: LV.id, reason: 'The reply expired; please renew it' }),
    ).toMatchObject({
      planningStatus: 'SCHEME_CHANGE_REQUESTED',
    });

    const types = await waitFor('the fast-path events', () => {
      const events = eventsOf(fresh.id).filter((e) => e.type.startsWith('planning.'));
      return events.length === 9 ? events : undefined;
    });
    expect(types.map((e) => e.type).sort()).toEqual(
      [
        'planning.timelimit.started.v1',
        'planning.timelimit.stopped.v1',
        'planning.survey.scheduled.v1',
        'planning.survey.completed.v1',
        'planning.recommendation.issued.v1',
        'planning.scheme.drafted.v1',
        'planning.scheme.approved.v1',
        'planning.scheme.replied.v1',
        'planning.scheme.confirmed.v1',
      ].sort(),
    );
    const approvedEvent = types.find((e) => e.type === 'planning.scheme.approved.v1')!;
    expect(approvedEvent.data).toMatchObject({ level: 1, final: true });
    expect(types.find((e) => e.type === 'planning.scheme.replied.v1')!.data).toMatchObject({ nextAction: { role: 'customer' } });
    expect(types.find((e) => e.type === 'planning.scheme.confirmed.v1')!.data).toMatchObject({ nextAction: { role: 'contract-officer' } });
    const ruled = await dataSource.query<{ actor_id: string; data: { ruleId: string } }[]>(
      `SELECT actor_id, data FROM audit_record WHERE case_id = $1 AND action = 'planning.scheme.approved-by-rule'`,
      [fresh.id],
    );
    expect(ruled).toEqual([expect.objectContaining({ actor_id: 'RULE', data: expect.objectContaining({ ruleId: 'AR-LV-RES-TEMPLATE' }) })]);
  });

  it("moves a survey appointment with its history; the customer's move is customer time", async () => {
    await ok('scheduleSurvey', tokens.planner, { caseId: WD2.id, appointmentAt: '2026-12-04T01:00:00Z' });
    expect(
      (
        await failure('rescheduleSurvey', tokens.wdCustomer, {
          caseId: WD2.id,
          appointmentAt: '2026-12-05T01:00:00Z',
          reason: 'x',
          requestedBy: 'CUSTOMER',
        })
      ).extensions?.code,
    ).toBe('FORBIDDEN');
    const neighbour = await failure('rescheduleSurvey', tokens.planner, {
      caseId: WD2.id,
      appointmentAt: '2026-12-05T01:00:00Z',
      reason: 'x',
      requestedBy: 'NEIGHBOUR',
    });
    expect(neighbour.extensions?.code).toBe('BAD_USER_INPUT');
    expect(neighbour.message).toContain('"NEIGHBOUR" does not exist in "RescheduleRequester" enum');
    const invalid = await failure('rescheduleSurvey', tokens.planner, {
      caseId: WD2.id,
      appointmentAt: '2026-12-05T01:00:00Z',
      reason: ' ',
      requestedBy: 'CUSTOMER',
    });
    expect(invalid.extensions?.fields?.map((f) => f.field)).toEqual(['input.reason']);
    await ok('rescheduleSurvey', tokens.planner, {
      caseId: WD2.id,
      appointmentAt: '2026-12-08T01:00:00Z',
      reason: 'Customer away until Monday',
      requestedBy: 'CUSTOMER',
    });
    await ok('rescheduleSurvey', tokens.surveyor, {
      caseId: WD2.id,
      appointmentAt: '2026-12-08T06:00:00Z',
      reason: 'Surveyor needed at an outage',
      requestedBy: 'UTILITY',
      surveyorId: 'surveyor-east-3',
    });
    const view = await readCase(tokens.planner, WD2.id);
    expect(view.survey.surveyorId).toBe('surveyor-east-3');
    expect(view.survey.appointments).toEqual([
      expect.objectContaining({ appointmentAt: '2026-12-04T01:00:00.000Z', requestedBy: null, reason: null, status: 'MOVED' }),
      expect.objectContaining({
        appointmentAt: '2026-12-08T01:00:00.000Z',
        requestedBy: 'CUSTOMER',
        reason: 'Customer away until Monday',
        status: 'MOVED',
      }),
      expect.objectContaining({
        appointmentAt: '2026-12-08T06:00:00.000Z',
        requestedBy: 'UTILITY',
        status: 'OPEN',
        surveyorId: 'surveyor-east-3',
      }),
    ]);
    expect(view.planningPauses).toEqual([
      {
        stage: 'SURVEY',
        kind: 'SURVEY_MOVED_BY_CUSTOMER',
        actorId: WD2.customerId,
        actorRole: 'CUSTOMER',
        reason: 'Customer away until Monday',
        fromAt: '2026-12-04T01:00:00.000Z',
        toAt: '2026-12-08T01:00:00.000Z',
      },
    ]);
  });

  it('cancels open work on withdrawal and publishes the cancellation once, however often the withdrawal arrives', async () => {
    const consumer = service.app.get(AmqpEventsServer);
    await ok('scheduleSurvey', tokens.surveyor, { caseId: WD.id, appointmentAt: '2026-12-05T01:00:00Z' });
    await ok('recordSurvey', tokens.surveyor, SURVEY(WD.id));
    await ok('draftScheme', tokens.planner, {
      caseId: WD.id,
      voltageLevel: 'AC380V',
      capacityKva: 50,
      supplySources: 1,
      supplyPoints: ['0.4 kV branch box 3 of pole 17'],
      meteringMethod: 'LOW_SUPPLY_LOW_METERING',
      tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
      propertyBoundary: 'Outgoing terminal of the meter box',
    });
    const handledBefore = consumer.stats.handled;
    const withdrawn = createEvent('intake.application.withdrawn.v1', withdrawnOf(WD, 'Project cancelled'), { source: '/yekuo/intake' });
    const again = createEvent('intake.application.withdrawn.v1', withdrawnOf(WD, 'Project cancelled'), { source: '/yekuo/intake' });
    const appointment = createEvent('intake.application.withdrawn.v1', withdrawnOf(WD2, 'Moved abroad'), { source: '/yekuo/intake' });
    await bus.publish(withdrawn, withdrawn, again, appointment, appointment);
    await waitFor('five deliveries handled', () => consumer.stats.handled >= handledBefore + 5);
    expect(consumer.stats.deadLettered).toBe(0);

    const view = await readCase(tokens.wdCustomer, WD.id);
    expect(view.planningStatus).toBe('CANCELLED');
    expect(view.planningCancellation).toEqual({
      cancelledBy: WD.customerId,
      reason: 'Project cancelled',
      cancelledWork: [
        'SUPPLY_SCHEME v1 (DRAFTED)',
        expect.stringMatching(/^CONSTRUCTION_UNIT_RECOMMENDATION /),
        'TIME_LIMIT_CLOCK SUPPLY_SCHEME round 1',
      ],
    });
    expect(view.recommendedConstructionUnits.status).toBe('CANCELLED');
    const [scheme] = await dataSource.query<{ status: string }[]>('SELECT status FROM supply_scheme WHERE case_id = $1', [WD.id]);
    expect(scheme.status).toBe('CANCELLED');
    const refused = await failure('approveScheme', tokens.approver1, { caseId: WD.id });
    expect(refused.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    const choose = await failure('chooseConstructionUnit', tokens.wdCustomer, { caseId: WD.id, unitId: units.C1 });
    expect(choose.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });

    const [open] = await dataSource.query<{ open: number }[]>(
      `SELECT count(*)::int AS open FROM survey_appointment WHERE case_id = $1 AND status = 'OPEN'`,
      [WD2.id],
    );
    expect(open.open).toBe(0);
    expect((await readCase(tokens.planner, WD2.id)).survey.appointments.at(-1).status).toBe('CANCELLED');

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const cancelled = await waitFor('both cancellations', () => {
      const events = [...eventsOf(WD.id, 'planning.case.cancelled.v1'), ...eventsOf(WD2.id, 'planning.case.cancelled.v1')];
      return events.length >= 2 ? events : undefined;
    });
    expect(cancelled).toHaveLength(2);
    const [wd, wd2] = cancelled.map((e) => e.data as EventPayload<'planning.case.cancelled.v1'>);
    expect(wd).toMatchObject({
      caseId: WD.id,
      caseNumber: WD.number,
      customerId: WD.customerId,
      category: 'LV_NON_RESIDENTIAL',
      actor: { id: WD.customerId, role: 'customer' },
      reason: 'Project cancelled',
    });
    expect(wd.cancelledWork).toEqual([
      'SUPPLY_SCHEME v1 (DRAFTED)',
      expect.stringMatching(/^CONSTRUCTION_UNIT_RECOMMENDATION /),
      'TIME_LIMIT_CLOCK SUPPLY_SCHEME round 1',
    ]);
    expect(wd2.cancelledWork).toEqual([
      'SURVEY_APPOINTMENT 2026-12-08T06:00:00.000Z (surveyor-east-3)',
      'TIME_LIMIT_CLOCK SUPPLY_SCHEME round 1',
    ]);
  });

  it('opens a case withdrawn before its acceptance arrived as cancelled; the late acceptance does not reopen it', async () => {
    const consumer = service.app.get(AmqpEventsServer);
    const handledBefore = consumer.stats.handled;
    await bus.publish(createEvent('intake.application.withdrawn.v1', withdrawnOf(LATE, 'Changed my mind'), { source: '/yekuo/intake' }));
    await waitFor('the withdrawal applied', () => consumer.stats.handled >= handledBefore + 1);
    await bus.publish(createEvent('intake.application.accepted.v1', acceptedOf(LATE), { source: '/yekuo/intake' }));
    await waitFor('the acceptance handled', () => consumer.stats.handled >= handledBefore + 2);

    const customer = await run.token({ sub: LATE.customerId, roles: ['customer'] });
    expect((await readCase(customer, LATE.id)).planningStatus).toBe('CANCELLED');
    const refused = await failure('scheduleSurvey', tokens.planner, { caseId: LATE.id, appointmentAt: '2026-12-09T01:00:00Z' });
    expect(refused.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    const [event] = await waitFor('the cancellation', () => {
      const events = eventsOf(LATE.id, 'planning.case.cancelled.v1');
      return events.length ? events : undefined;
    });
    expect(event.data).toMatchObject({
      caseNumber: LATE.number,
      reason: 'Changed my mind',
      cancelledWork: [],
      actor: { id: LATE.customerId },
    });
    expect(eventsOf(LATE.id).filter((e) => e.type.startsWith('planning.'))).toHaveLength(1);
  });

  it('refuses every mutation to the roles it is not meant for (FORBIDDEN), changing nothing', async () => {
    const caseId = REC.id;
    const before = await readCase(tokens.planner, caseId);
    const draft = {
      caseId,
      voltageLevel: 'AC380V',
      capacityKva: 50,
      supplySources: 1,
      supplyPoints: ['p'],
      meteringMethod: 'LOW_SUPPLY_LOW_METERING',
      tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
      propertyBoundary: 'b',
    };
    const reschedule = { caseId, appointmentAt: '2026-12-09T01:00:00Z', reason: 'r', requestedBy: 'UTILITY' };
    const unit = {
      name: 'Z',
      licenceNumber: 'Z-1',
      qualificationClass: 'CLASS_3',
      maxVoltageKv: 10,
      regions: ['310101'],
      validUntil: '2030-01-01',
    };
    const matrix: [MutationName, Record<string, unknown>, string[]][] = [
      ['registerConstructionUnit', unit, ['surveyor', 'approver1', 'recCustomer', 'twoAgent']],
      ['updateConstructionUnit', { unitId: units.A1, name: 'Z' }, ['surveyor', 'approver1', 'recCustomer']],
      ['scheduleSurvey', { caseId, appointmentAt: '2026-12-09T01:00:00Z' }, ['approver1', 'admin', 'recCustomer']],
      ['rescheduleSurvey', reschedule, ['approver1', 'admin', 'recCustomer']],
      ['recordSurvey', SURVEY(caseId), ['planner', 'approver1', 'recCustomer']],
      ['completeFastPath', SURVEY(caseId), ['planner', 'admin', 'recCustomer']],
      ['draftScheme', draft, ['surveyor', 'approver1', 'admin', 'recCustomer']],
      ['approveScheme', { caseId }, ['planner', 'surveyor', 'admin', 'recCustomer']],
      ['rejectScheme', { caseId, reason: 'r' }, ['planner', 'surveyor', 'recCustomer']],
      ['replyScheme', { caseId }, ['approver1', 'surveyor', 'recCustomer']],
      ['confirmScheme', { caseId }, ['planner', 'approver1', 'surveyor', 'admin']],
      ['requestSchemeChange', { caseId, reason: 'r' }, ['planner', 'approver1', 'admin']],
      ['chooseConstructionUnit', { caseId, unitId: units.A1 }, ['planner', 'surveyor', 'admin']],
    ];
    for (const [name, input, denied] of matrix) {
      for (const who of denied) {
        const error = await failure(name, tokens[who], input);
        expect([name, who, error.extensions?.code]).toEqual([name, who, 'FORBIDDEN']);
      }
    }
    expect(await readCase(tokens.planner, caseId)).toEqual(before);
  });

  it('stays fair when recommendations are issued concurrently: 12 surveys at once among 4 units offer each unit 9 times', async () => {
    for (const key of ['F1', 'F2', 'F3', 'F4']) await register(key, { regions: ['310199'] });
    const fair = Array.from({ length: 12 }, () => newCase('LV_NON_RESIDENTIAL', 'AC380V', 40, '310199'));
    for (const c of fair) {
      await accept(c);
      await ok('scheduleSurvey', tokens.planner, { caseId: c.id, surveyorId: 'surveyor-x', appointmentAt: '2026-12-10T01:00:00Z' });
    }
    const results = await Promise.all(fair.map((c) => call('recordSurvey', tokens.surveyor, SURVEY(c.id))));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const counts = await dataSource.query<{ times_recommended: number }[]>(
      'SELECT times_recommended FROM construction_unit WHERE id = ANY($1)',
      [[units.F1, units.F2, units.F3, units.F4]],
    );
    expect(counts.map((c) => c.times_recommended)).toEqual([9, 9, 9, 9]);
    const offers = await dataSource.query<{ n: number }[]>(
      `SELECT jsonb_array_length(units)::int AS n FROM construction_unit_recommendation WHERE case_id = ANY($1)`,
      [fair.map((c) => c.id)],
    );
    expect(offers.map((o) => o.n)).toEqual(Array.from({ length: 12 }, () => 3));
  });

  it('keeps every case audit chain valid and left nothing unpublished', async () => {
    const auditor = await run.token({ sub: 'auditor-1', roles: ['auditor'] });
    for (const c of [LV, REC, TWO, HV35, WD, WD2, LATE]) {
      const audit = await readCaseEntity(service.url, auditor, c.id, 'planningAudit { valid firstBroken { seq } }');
      expect(audit.planningAudit).toEqual({ valid: true, firstBroken: null });
    }
    await waitFor('the outbox drained', async () => {
      const [{ pending }] = await dataSource.query<{ pending: number }[]>(
        'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
      );
      return pending === 0;
    });
  });
});
