import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer } from '@yekuo/platform';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, parseEvent } from '@yekuo/events';
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
import { inspectionService } from './inspection.service-definition';

jest.setTimeout(120_000);

const CUSTOMER_ID = randomUUID();
const OTHER_CUSTOMER_ID = randomUUID();
const caseNumber = () => `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;

/** The cases of the run: one per path the brief asks for. */
const CASES = {
  hv: {
    caseId: randomUUID(),
    caseNumber: caseNumber(),
    category: 'HV_SINGLE_SOURCE' as CustomerCategory,
    voltageLevel: 'AC10KV',
    capacityKva: 800,
  },
  lv: {
    caseId: randomUUID(),
    caseNumber: caseNumber(),
    category: 'LV_NON_RESIDENTIAL' as CustomerCategory,
    voltageLevel: 'AC380V',
    capacityKva: 160,
  },
  res: {
    caseId: randomUUID(),
    caseNumber: caseNumber(),
    category: 'LV_RESIDENTIAL' as CustomerCategory,
    voltageLevel: 'AC220V',
    capacityKva: 8,
  },
  race: {
    caseId: randomUUID(),
    caseNumber: caseNumber(),
    category: 'LV_NON_RESIDENTIAL' as CustomerCategory,
    voltageLevel: 'AC380V',
    capacityKva: 100,
  },
  /** Withdrawn while its design is returned to the customer. */
  wdDesign: {
    caseId: randomUUID(),
    caseNumber: caseNumber(),
    category: 'HV_DUAL_SOURCE' as CustomerCategory,
    voltageLevel: 'AC10KV',
    capacityKva: 2000,
  },
  /** Withdrawn while departments countersign its acceptance. */
  wdAcceptance: {
    caseId: randomUUID(),
    caseNumber: caseNumber(),
    category: 'LV_NON_RESIDENTIAL' as CustomerCategory,
    voltageLevel: 'AC380V',
    capacityKva: 120,
  },
  /** Withdrawn before inspection heard of it; its confirmed scheme arrives late. */
  wdEarly: {
    caseId: randomUUID(),
    caseNumber: caseNumber(),
    category: 'HV_SINGLE_SOURCE' as CustomerCategory,
    voltageLevel: 'AC10KV',
    capacityKva: 630,
  },
};
type CaseKey = keyof typeof CASES;
const HV = CASES.hv.caseId;
const LV = CASES.lv.caseId;
const RES = CASES.res.caseId;
const RACE = CASES.race.caseId;
const WD_DESIGN = CASES.wdDesign.caseId;
const WD_ACCEPTANCE = CASES.wdAcceptance.caseId;
const WD_EARLY = CASES.wdEarly.caseId;
const HV_DEPARTMENTS = ['marketing', 'operations', 'dispatch', 'metering', 'safety'];
const LV_DEPARTMENTS = ['marketing', 'metering', 'safety'];
const HV_UNIT_ID = randomUUID();

const base = (key: CaseKey) => ({
  caseId: CASES[key].caseId,
  caseNumber: CASES[key].caseNumber,
  customerId: CUSTOMER_ID,
  category: CASES[key].category,
  policyVersion: '2020-01',
  actor: { id: CUSTOMER_ID, role: 'customer' as const },
});

const confirmed = (key: CaseKey, version = 1): EventPayload<'planning.scheme.confirmed.v1'> => ({
  ...base(key),
  nextAction: { role: 'customer', description: 'Next stage' },
  schemeId: randomUUID(),
  version,
  voltageLevel: CASES[key].voltageLevel,
  capacityKva: CASES[key].capacityKva,
  supplySources: 1,
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
  supplyPoints: ['feeder 12'],
  propertyBoundary: 'Customer switch room',
});

const chosen = (key: CaseKey, unitName: string, unitId?: string): EventPayload<'planning.constructionunit.chosen.v1'> => ({
  ...base(key),
  unitName,
  ...(unitId ? { unitId } : {}),
  fromRecommendation: unitId !== undefined,
});

const withdrawn = (key: CaseKey, reason: string, actorId: string = CUSTOMER_ID): EventPayload<'intake.application.withdrawn.v1'> => ({
  ...base(key),
  actor: { id: actorId, role: actorId === CUSTOMER_ID ? 'customer' : 'agent' },
  reason,
});

const DESIGN_ITEMS = ['DESIGN_DESCRIPTION', 'SINGLE_LINE_DIAGRAM', 'PROTECTION', 'METERING', 'REACTIVE_COMPENSATION', 'LAYOUT'];
const HV_COMPLETION_ITEMS = [
  'COMPLETION_REPORT',
  'AS_BUILT_DRAWINGS',
  'TEST_REPORTS',
  'EQUIPMENT_CERTIFICATES',
  'CONCEALED_WORKS_RECORDS',
  'PROTECTION_SETTING_TESTS',
];
const LV_COMPLETION_ITEMS = ['COMPLETION_REPORT', 'AS_BUILT_DRAWINGS', 'TEST_REPORTS'];
/** One uploaded document per checklist slot (ids as intake's document store answers: the same tag and slot, the same id). */
const documentIds = new Map<string, string>();
const documentId = (key: string) => documentIds.get(key) ?? documentIds.set(key, randomUUID()).get(key)!;
const filed = (items: string[], tag: string) => items.map((item) => ({ item, documentId: documentId(`${tag}/${item}`) }));
const DESIGN_UNIT = {
  name: 'East China Design Institute',
  qualificationClass: '电力行业(送变电工程)专业乙级',
  certificateNumber: 'A231012345',
};
const design = (caseId: string, tag = 'r1') => ({ caseId, designUnit: DESIGN_UNIT, documents: filed(DESIGN_ITEMS, tag) });
const acceptanceRequest = (caseId: string, items: string[], tag = 'a1') => ({ caseId, documents: filed(items, tag) });

const MUTATIONS = {
  submitDesign: 'SubmitDesignInput',
  reviewDesign: 'ReviewDesignInput',
  recordConstructionStart: 'RecordConstructionStartInput',
  requestIntermediateInspection: 'RequestIntermediateInspectionInput',
  recordIntermediateInspection: 'RecordIntermediateInspectionInput',
  requestCompletionAcceptance: 'RequestCompletionAcceptanceInput',
  countersign: 'CountersignInput',
} as const;
type MutationName = keyof typeof MUTATIONS;

const CASE_FIELDS = `
  id
  inspectionStatus
  designReview {
    status currentRound round customerSeconds checklist { item description }
    rounds {
      round designUnit { name qualificationClass certificateNumber } documents { item documentId } submittedBy submittedAt
      decision comments { item text } decidedAt reviewer customerTime { from to seconds reason }
    }
  }
  construction { chosenUnitId chosenUnitName chosenFromRecommendation unitId unitName startedOn recordedBy recordedAt }
  inspections {
    round result scope rectificationNote items { item result note }
    rectificationItems { item note status raisedRound resolvedRound closedAt }
    requestedBy requestedAt recordedBy recordedAt customerTime { from to seconds }
  }
  acceptance {
    status currentRound round departments passedDepartments checklist { item }
    rounds {
      round status documents { item documentId } requiredDepartments pendingDepartments
      signatures { department result items signedBy signedAt } rectificationItems { department item }
      requestedBy requestedAt decidedAt
    }
    rectificationNotice { round items { department item } departments issuedAt }
    requiredDepartments pendingDepartments signatures { department result } rectificationItems { department item }
    requestedBy requestedAt decidedAt
  }
`;

describe('inspection service (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let tap: EventTap;
  let bus: TestPublisher;
  let dataSource: DataSource;
  const tokens: Record<string, string> = {};
  const signer = (department: string) => tokens[`signer:${department}`];

  const call = (name: MutationName, token: string, input: Record<string, unknown>) =>
    graphql<Record<string, { id: string; inspectionStatus: string | null }>>(
      service.url,
      `mutation($input: ${MUTATIONS[name]}!) { ${name}(input: $input) { id inspectionStatus } }`,
      { input },
      token,
    );

  const ok = async (name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await call(name, token, input);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };

  const failure = async (name: MutationName, token: string, input: Record<string, unknown>): Promise<GraphQLErrorBody> => {
    const response = await call(name, token, input);
    expect(response.errors).toHaveLength(1);
    expect(response.data ?? null).toBeNull();
    return response.errors![0];
  };
  const fieldsOf = (error: GraphQLErrorBody) => error.extensions?.fields?.map((f) => f.field);

  /** Reads the case as the gateway does: through `_entities`. */
  const readCase = (token: string, id: string, fields = CASE_FIELDS) => readCaseEntity(service.url, token, id, fields);

  const publish = (type: Parameters<typeof createEvent>[0], data: Parameters<typeof createEvent>[1], time?: Date) =>
    bus.publish(createEvent(type, data, { source: type.startsWith('intake.') ? '/yekuo/intake' : '/yekuo/planning', time }));

  const row = async (caseId: string) =>
    (await dataSource.query<Record<string, any>[]>('SELECT * FROM inspection_case WHERE case_id = $1', [caseId]))[0];

  const inspectionEvents = () => tap.messages.filter((m) => m.routingKey.startsWith('inspection.')).map((m) => parseEvent(m.body));
  const eventsOf = (caseId: string, type?: string) =>
    inspectionEvents().filter((e) => e.subject === caseId && (!type || e.type === type)) as CloudEvent<any>[];

  /** Countersigns as each department in turn; the last signature decides the round. */
  const signAll = async (caseId: string, results: Record<string, { result: 'PASS' | 'FAIL'; items?: string[] }>) => {
    let last;
    for (const [department, signature] of Object.entries(results)) {
      last = await ok('countersign', signer(department), { caseId, ...signature });
    }
    return last;
  };

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, '#');
    service = await startServiceInProcess(run, inspectionService, (config) => AppModule.forRoot(config));
    dataSource = service.app.get(DataSource);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    Object.assign(tokens, {
      customer: await run.token({ sub: CUSTOMER_ID, roles: ['customer'] }),
      otherCustomer: await run.token({ sub: OTHER_CUSTOMER_ID, roles: ['customer'] }),
      agent: await run.token({ sub: 'agent-1', roles: ['agent'], actsFor: [CUSTOMER_ID] }),
      strangerAgent: await run.token({ sub: 'agent-2', roles: ['agent'], actsFor: [OTHER_CUSTOMER_ID] }),
      inspector: await run.token({ sub: 'inspector-1', roles: ['inspector'] }),
      auditor: await run.token({ sub: 'auditor-1', roles: ['auditor'] }),
      planner: await run.token({ sub: 'planner-1', roles: ['planner'] }),
      signerWithoutDepartment: await run.token({ sub: 'signer-x', roles: ['department-signer'] }),
      'signer:finance': await run.token({ sub: 'signer-finance', roles: ['department-signer'], department: 'finance' }),
    });
    for (const department of HV_DEPARTMENTS) {
      tokens[`signer:${department}`] = await run.token({ sub: `signer-${department}`, roles: ['department-signer'], department });
    }
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.close();
    await bus?.close();
    await run.cleanUp(['inspection']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('opens each case in the state its process variant starts in, once, with the chosen unit in whichever order it arrives', async () => {
    const consumer = service.app.get(AmqpEventsServer);
    const now = Date.now();
    // HV: the choice arrives before the case is opened.
    await publish('planning.constructionunit.chosen.v1', chosen('hv', 'Pudong Electric Works', HV_UNIT_ID));
    await waitFor(
      'the HV choice kept as a fact',
      async () => (await dataSource.query('SELECT 1 FROM construction_unit_choice WHERE case_id = $1', [HV])).length > 0,
    );
    const hvConfirmed = createEvent('planning.scheme.confirmed.v1', confirmed('hv'), { source: '/yekuo/planning' });
    await bus.publish(hvConfirmed);
    for (const key of ['lv', 'res', 'race', 'wdDesign', 'wdAcceptance'] as const) {
      await publish('planning.scheme.confirmed.v1', confirmed(key));
    }
    await waitFor('six inspection cases', async () => (await dataSource.query('SELECT 1 FROM inspection_case')).length === 6);
    // LV: the choice arrives after; then an older choice arrives late and must not win.
    await publish('planning.constructionunit.chosen.v1', chosen('lv', 'Jinqiao Installation Co'), new Date(now));
    await publish('planning.constructionunit.chosen.v1', chosen('lv', 'Old Choice Ltd'), new Date(now - 60_000));
    // Redelivery of the same event (inbox) and a second confirmation of the same version (no second case).
    await bus.publish(hvConfirmed);
    await publish('planning.scheme.confirmed.v1', confirmed('hv'));
    await waitFor('every delivery handled', () => consumer.stats.handled >= 11);
    expect(consumer.stats.deadLettered).toBe(0);

    expect(await row(HV)).toMatchObject({
      case_number: CASES.hv.caseNumber,
      customer_id: CUSTOMER_ID,
      category: 'HV_SINGLE_SOURCE',
      policy_version: '2020-01',
      capacity_kva: '800',
      voltage_level: 'AC10KV',
      scheme_version: 1,
      status: 'AWAITING_DESIGN',
      chosen_unit_id: HV_UNIT_ID,
      chosen_unit_name: 'Pudong Electric Works',
      chosen_from_recommendation: true,
      cancelled_at: null,
    });
    expect(await row(LV)).toMatchObject({
      status: 'AWAITING_CONSTRUCTION',
      chosen_unit_id: null,
      chosen_unit_name: 'Jinqiao Installation Co',
    });
    expect(await row(RES)).toMatchObject({ status: 'NOT_REQUIRED', chosen_unit_name: null });
    expect(await row(RACE)).toMatchObject({ status: 'AWAITING_CONSTRUCTION', chosen_unit_name: null });

    const opened = await dataSource.query<{ case_id: string; data: Record<string, any> }[]>(
      `SELECT case_id, data FROM audit_record WHERE action = 'inspection.case.opened'`,
    );
    expect(opened.map((o) => o.case_id).sort()).toEqual([HV, LV, RES, RACE, WD_DESIGN, WD_ACCEPTANCE].sort());
    expect(opened.find((o) => o.case_id === HV)!.data).toMatchObject({
      eventId: hvConfirmed.id,
      status: 'AWAITING_DESIGN',
      chosenUnit: { unitName: 'Pudong Electric Works' },
    });
    const inbox = await dataSource.query<unknown[]>(`SELECT event_id FROM inbox_message WHERE consumer = 'inspection'`);
    expect(inbox).toHaveLength(10);

    const hv = await readCase(tokens.inspector, HV);
    expect(hv).toMatchObject({
      inspectionStatus: 'AWAITING_DESIGN',
      designReview: { status: 'AWAITING_SUBMISSION', currentRound: 0, rounds: [], customerSeconds: 0 },
      construction: { chosenUnitId: HV_UNIT_ID, chosenUnitName: 'Pudong Electric Works', unitName: null, startedOn: null },
      inspections: [],
      acceptance: {
        status: 'NOT_REQUESTED',
        currentRound: 0,
        departments: HV_DEPARTMENTS,
        requiredDepartments: HV_DEPARTMENTS,
        rounds: [],
        rectificationNotice: null,
      },
    });
    // The checklists are data front ends read.
    expect(hv.designReview.checklist.map((c: { item: string }) => c.item)).toEqual(DESIGN_ITEMS);
    expect(hv.designReview.checklist.every((c: { description: string }) => c.description.length > 0)).toBe(true);
    expect(hv.acceptance.checklist.map((c: { item: string }) => c.item)).toEqual(HV_COMPLETION_ITEMS);
    // The variant decides which parts a case has at all.
    expect(await readCase(tokens.inspector, LV)).toMatchObject({
      inspectionStatus: 'AWAITING_CONSTRUCTION',
      designReview: null,
      acceptance: {
        status: 'NOT_REQUESTED',
        requiredDepartments: LV_DEPARTMENTS,
        checklist: LV_COMPLETION_ITEMS.map((item) => ({ item })),
      },
    });
    expect(await readCase(tokens.customer, RES)).toEqual({
      id: RES,
      inspectionStatus: 'NOT_REQUIRED',
      designReview: null,
      construction: null,
      inspections: [],
      acceptance: null,
    });
  });

  it('reports every invalid input field at once, every missing checklist item and the cross-field rules by name', async () => {
    const submit = await failure('submitDesign', tokens.customer, {
      caseId: 'not-a-uuid',
      designUnit: { name: ' ', qualificationClass: '', certificateNumber: 'A1' },
      documents: [{ item: 'LAYOUT', documentId: 'not-an-id' }],
    });
    expect(submit.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(fieldsOf(submit))).toEqual(
      new Set(['input.caseId', 'input.designUnit.name', 'input.designUnit.qualificationClass', 'input.documents.0.documentId']),
    );

    // The design checklist: every empty slot and every unknown one, at once.
    const incomplete = await failure('submitDesign', tokens.customer, {
      caseId: HV,
      designUnit: DESIGN_UNIT,
      documents: [
        { item: 'DESIGN_DESCRIPTION', documentId: documentId('x/1') },
        { item: 'PHOTOS', documentId: documentId('x/2') },
        { item: 'LAYOUT', documentId: documentId('x/3') },
      ],
    });
    expect(incomplete.extensions?.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(incomplete)).toEqual([
      'input.documents.1.item',
      'input.documents.SINGLE_LINE_DIAGRAM',
      'input.documents.PROTECTION',
      'input.documents.METERING',
      'input.documents.REACTIVE_COMPENSATION',
    ]);
    expect(incomplete.extensions?.fields?.[1].message).toContain('Single-line');

    const review = await failure('reviewDesign', tokens.inspector, { caseId: HV, approve: false });
    expect(review.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.comments' }] });
    const badComments = await failure('reviewDesign', tokens.inspector, {
      caseId: HV,
      approve: false,
      comments: [
        { item: 'ROOF', text: 'x' },
        { item: 'PROTECTION', text: 'y' },
      ],
    });
    expect(fieldsOf(badComments)).toEqual(['input.comments.0.item']);
    // A result outside the InspectionItemResult enum is refused by GraphQL before the input is validated.
    const record = await failure('recordIntermediateInspection', tokens.inspector, {
      caseId: HV,
      items: [
        { item: 'Cable trench depth', result: 'FAIL' },
        { item: 'cable trench depth', result: 'PASS' },
        { item: 'Earthing', result: 'MAYBE' },
      ],
    });
    expect(record.extensions?.code).toBe('BAD_USER_INPUT');
    expect(record.message).toContain('"MAYBE" does not exist in "InspectionItemResult" enum');
    const noNote = await failure('recordIntermediateInspection', tokens.inspector, {
      caseId: HV,
      items: [
        { item: 'Cable trench depth', result: 'FAIL' },
        { item: 'cable trench depth', result: 'PASS' },
      ],
    });
    expect(fieldsOf(noNote)).toEqual(['input.items.0.note', 'input.items.1.item']);
    const sign = await failure('countersign', signer('safety'), { caseId: HV, result: 'FAIL' });
    expect(fieldsOf(sign)).toEqual(['input.items']);
    const badResult = await failure('countersign', signer('safety'), { caseId: HV, result: 'MAYBE' });
    expect(badResult.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badResult.message).toContain('"MAYBE" does not exist in "InspectionItemResult" enum');
    const start = await failure('recordConstructionStart', tokens.customer, { caseId: LV, startedOn: '2026-02-30' });
    expect(start.extensions?.fields).toEqual([{ field: 'input.startedOn', message: 'startedOn must be a real calendar date' }]);
    const future = await failure('recordConstructionStart', tokens.customer, { caseId: LV, startedOn: '2999-01-01' });
    expect(future.extensions?.code).toBe('VALIDATION_FAILED');
    expect(future.extensions?.fields).toEqual([
      { field: 'input.startedOn', message: expect.stringMatching(/^startedOn must not be in the future \(today is \d{4}-\d{2}-\d{2}\)$/) },
    ]);
    expect(await row(HV)).toMatchObject({ status: 'AWAITING_DESIGN' });
  });

  it('refuses wrong roles, foreign or unknown cases and steps out of order', async () => {
    expect((await failure('submitDesign', tokens.inspector, design(HV))).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('reviewDesign', tokens.customer, { caseId: HV, approve: true })).extensions?.code).toBe('FORBIDDEN');
    expect(
      (await failure('recordIntermediateInspection', tokens.agent, { caseId: HV, items: [{ item: 'x', result: 'PASS' }] })).extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect((await failure('countersign', tokens.inspector, { caseId: HV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    expect(
      (await failure('requestCompletionAcceptance', tokens.planner, acceptanceRequest(HV, HV_COMPLETION_ITEMS))).extensions?.code,
    ).toBe('FORBIDDEN');
    // A signer without a department claim.
    expect((await failure('countersign', tokens.signerWithoutDepartment, { caseId: HV, result: 'PASS' })).extensions?.code).toBe(
      'FORBIDDEN',
    );

    // Another customer's case does not exist for them, nor for an agent who does not act for its customer.
    expect((await failure('submitDesign', tokens.otherCustomer, design(HV))).extensions?.code).toBe('NOT_FOUND');
    expect((await failure('submitDesign', tokens.strangerAgent, design(HV))).extensions?.code).toBe('NOT_FOUND');
    expect((await failure('requestIntermediateInspection', tokens.otherCustomer, { caseId: HV })).extensions?.code).toBe('NOT_FOUND');
    expect(
      (await failure('requestCompletionAcceptance', tokens.strangerAgent, acceptanceRequest(LV, LV_COMPLETION_ITEMS))).extensions?.code,
    ).toBe('NOT_FOUND');
    expect((await failure('submitDesign', tokens.customer, design(randomUUID()))).extensions?.code).toBe('NOT_FOUND');

    expect((await failure('reviewDesign', tokens.inspector, { caseId: HV, approve: true })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_DESIGN',
      requires: ['DESIGN_SUBMITTED'],
    });
    expect((await failure('recordConstructionStart', tokens.customer, { caseId: HV })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_DESIGN',
      requires: ['DESIGN_APPROVED'],
    });
    // LV non-residential walks no design review.
    expect((await failure('submitDesign', tokens.customer, design(LV))).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_CONSTRUCTION',
      requires: [],
    });
    expect(await row(HV)).toMatchObject({ status: 'AWAITING_DESIGN' });
  });

  it('refuses every mutation on a low-voltage residential case with INVALID_TRANSITION naming NOT_REQUIRED', async () => {
    const attempts: [MutationName, string, Record<string, unknown>][] = [
      ['submitDesign', tokens.customer, design(RES)],
      ['reviewDesign', tokens.inspector, { caseId: RES, approve: true }],
      ['recordConstructionStart', tokens.inspector, { caseId: RES, unitName: 'Some unit' }],
      ['requestIntermediateInspection', tokens.agent, { caseId: RES }],
      ['recordIntermediateInspection', tokens.inspector, { caseId: RES, items: [{ item: 'x', result: 'PASS' }] }],
      ['requestCompletionAcceptance', tokens.customer, acceptanceRequest(RES, LV_COMPLETION_ITEMS)],
      ['countersign', signer('marketing'), { caseId: RES, result: 'PASS' }],
    ];
    for (const [name, token, input] of attempts) {
      const error = await failure(name, token, input);
      expect(error.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'NOT_REQUIRED', requires: [] });
      expect(error.message).toContain('NOT_REQUIRED');
    }
    expect(await row(RES)).toMatchObject({ status: 'NOT_REQUIRED' });
    expect(eventsOf(RES)).toEqual([]);
  });

  it('reviews a design in rounds: returned with itemised comments the customer sees, customer time recorded, then approved', async () => {
    expect(
      await ok('submitDesign', tokens.customer, { ...design(HV), designUnit: { ...DESIGN_UNIT, name: ' East China Design Institute ' } }),
    ).toEqual({
      id: HV,
      inspectionStatus: 'DESIGN_SUBMITTED',
    });
    expect((await failure('submitDesign', tokens.customer, design(HV))).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'DESIGN_SUBMITTED',
      requires: ['AWAITING_DESIGN', 'DESIGN_RETURNED'],
    });
    const comments = [
      { item: 'SINGLE_LINE_DIAGRAM', text: 'Cable cross-section too small for 800 kVA' },
      { item: 'PROTECTION', text: 'Earthing grid drawing missing' },
    ];
    expect(await ok('reviewDesign', tokens.inspector, { caseId: HV, approve: false, comments })).toMatchObject({
      inspectionStatus: 'DESIGN_RETURNED',
    });
    // The customer sees every comment, by checklist slot; the wait on the customer has started.
    const returned = await readCase(
      tokens.customer,
      HV,
      'designReview { status currentRound rounds { round decision comments { item text } reviewer customerTime { to seconds reason } } }',
    );
    expect(returned.designReview).toEqual({
      status: 'RETURNED',
      currentRound: 1,
      rounds: [
        {
          round: 1,
          decision: 'RETURNED',
          comments,
          reviewer: 'inspector-1',
          customerTime: { to: null, seconds: null, reason: 'Design round 1 returned with 2 comment(s)' },
        },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await ok('submitDesign', tokens.agent, design(HV, 'r2'))).toMatchObject({ inspectionStatus: 'DESIGN_SUBMITTED' });
    expect(await ok('reviewDesign', tokens.inspector, { caseId: HV, approve: true })).toMatchObject({
      inspectionStatus: 'DESIGN_APPROVED',
    });

    const view = (await readCase(tokens.customer, HV)).designReview;
    expect(view).toMatchObject({ status: 'APPROVED', currentRound: 2, round: 2 });
    expect(view.rounds).toHaveLength(2);
    const [first, second] = view.rounds;
    expect(first).toMatchObject({
      round: 1,
      designUnit: DESIGN_UNIT,
      documents: filed(DESIGN_ITEMS, 'r1'),
      submittedBy: CUSTOMER_ID,
      decision: 'RETURNED',
      comments,
      reviewer: 'inspector-1',
    });
    expect(second).toMatchObject({
      round: 2,
      documents: filed(DESIGN_ITEMS, 'r2'),
      submittedBy: 'agent-1',
      decision: 'APPROVED',
      comments: [],
      reviewer: 'inspector-1',
      customerTime: null,
    });
    // Customer time: from the return to the next submission, recorded for the clocks.
    expect(first.customerTime.from).toBe(first.decidedAt);
    expect(first.customerTime.to).toBe(second.submittedAt);
    expect(first.customerTime.seconds).toBeGreaterThanOrEqual(1);
    expect(view.customerSeconds).toBe(first.customerTime.seconds);
    const waits = await dataSource.query<Record<string, any>[]>(
      'SELECT stage, round, started_at, ended_at, ended_by FROM customer_wait WHERE case_id = $1',
      [HV],
    );
    expect(waits).toEqual([
      {
        stage: 'DESIGN_REVIEW',
        round: 1,
        started_at: new Date(first.decidedAt),
        ended_at: new Date(second.submittedAt),
        ended_by: 'agent-1',
      },
    ]);
    // Strangers see nothing.
    expect(await readCase(tokens.otherCustomer, HV, 'designReview { status }')).toEqual({ designReview: null });
  });

  it('fails an intermediate inspection item by item, re-inspects the failed items only, and passes when every open item passes', async () => {
    expect(await ok('recordConstructionStart', tokens.customer, { caseId: HV, startedOn: '2026-01-05' })).toMatchObject({
      inspectionStatus: 'UNDER_CONSTRUCTION',
    });
    expect(
      (await failure('requestCompletionAcceptance', tokens.customer, acceptanceRequest(HV, HV_COMPLETION_ITEMS))).extensions,
    ).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'UNDER_CONSTRUCTION',
      requires: ['INTERMEDIATE_PASSED', 'ACCEPTANCE_FAILED'],
    });
    expect(await ok('requestIntermediateInspection', tokens.customer, { caseId: HV })).toMatchObject({
      inspectionStatus: 'INTERMEDIATE_REQUESTED',
    });
    expect(
      await ok('recordIntermediateInspection', tokens.inspector, {
        caseId: HV,
        items: [
          { item: 'Cable trench depth', result: 'FAIL', note: '0.5 m, the design says 0.8 m' },
          { item: 'Earthing grid', result: 'FAIL', note: 'resistance 6 Ω, limit 4 Ω' },
          { item: 'Cable sheath', result: 'PASS' },
        ],
      }),
    ).toEqual({ id: HV, inspectionStatus: 'INTERMEDIATE_FAILED' });
    const afterFirst = (
      await readCase(tokens.customer, HV, 'inspections { round result rectificationItems { item note status raisedRound } }')
    ).inspections;
    expect(afterFirst).toEqual([
      {
        round: 1,
        result: 'FAILED',
        rectificationItems: [
          { item: 'Cable trench depth', note: '0.5 m, the design says 0.8 m', status: 'OPEN', raisedRound: 1 },
          { item: 'Earthing grid', note: 'resistance 6 Ω, limit 4 Ω', status: 'OPEN', raisedRound: 1 },
        ],
      },
    ]);

    // The customer reports the rectification and asks for the re-inspection.
    expect(
      await ok('requestIntermediateInspection', tokens.agent, { caseId: HV, rectificationNote: 'Trench deepened, grid extended' }),
    ).toMatchObject({
      inspectionStatus: 'INTERMEDIATE_REQUESTED',
    });
    // Items outside the failed set are refused, and so is leaving one out: all named at once.
    const outside = await failure('recordIntermediateInspection', tokens.inspector, {
      caseId: HV,
      items: [
        { item: 'Cable trench depth', result: 'PASS' },
        { item: 'Cable sheath', result: 'PASS' },
        { item: 'Transformer plinth', result: 'FAIL', note: 'cracked' },
      ],
    });
    expect(outside.extensions?.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(outside)).toEqual(['input.items.1.item', 'input.items.2.item', 'input.items']);
    expect(outside.extensions?.fields?.[2].message).toContain('Earthing grid');
    expect(await row(HV)).toMatchObject({ status: 'INTERMEDIATE_REQUESTED' });

    // One passes, one fails again: still failed, the passed one resolved.
    expect(
      await ok('recordIntermediateInspection', tokens.inspector, {
        caseId: HV,
        items: [
          { item: 'cable trench depth', result: 'PASS' },
          { item: 'Earthing grid', result: 'FAIL', note: 'resistance 4.6 Ω' },
        ],
      }),
    ).toEqual({ id: HV, inspectionStatus: 'INTERMEDIATE_FAILED' });
    await ok('requestIntermediateInspection', tokens.customer, { caseId: HV, rectificationNote: 'Two more rods driven' });
    expect(
      (
        await failure('recordIntermediateInspection', tokens.inspector, {
          caseId: HV,
          items: [
            { item: 'Earthing grid', result: 'PASS' },
            { item: 'Cable trench depth', result: 'PASS' },
          ],
        })
      ).extensions?.fields?.map((f) => f.field),
    ).toEqual(['input.items.1.item']);
    expect(
      await ok('recordIntermediateInspection', tokens.inspector, { caseId: HV, items: [{ item: 'Earthing grid', result: 'PASS' }] }),
    ).toEqual({
      id: HV,
      inspectionStatus: 'INTERMEDIATE_PASSED',
    });

    const inspections = (await readCase(tokens.customer, HV)).inspections;
    expect(inspections.map((i: any) => [i.round, i.result, i.scope, i.requestedBy])).toEqual([
      [1, 'FAILED', [], CUSTOMER_ID],
      [2, 'FAILED', ['Cable trench depth', 'Earthing grid'], 'agent-1'],
      [3, 'PASSED', ['Earthing grid'], CUSTOMER_ID],
    ]);
    expect(inspections[1]).toMatchObject({
      rectificationNote: 'Trench deepened, grid extended',
      items: [
        { item: 'cable trench depth', result: 'PASS', note: null },
        { item: 'Earthing grid', result: 'FAIL', note: 'resistance 4.6 Ω' },
      ],
      rectificationItems: [],
      recordedBy: 'inspector-1',
    });
    expect(inspections[0].rectificationItems).toEqual([
      expect.objectContaining({ item: 'Cable trench depth', status: 'RESOLVED', resolvedRound: 2 }),
      expect.objectContaining({ item: 'Earthing grid', status: 'RESOLVED', resolvedRound: 3 }),
    ]);
    // Each failed round waited on the customer from its failure until the next request, in whole seconds.
    for (const [i, failed] of inspections.slice(0, 2).entries()) {
      expect(failed.customerTime).toEqual({ from: failed.recordedAt, to: inspections[i + 1].requestedAt, seconds: expect.any(Number) });
      expect(failed.customerTime.seconds).toBe(
        Math.floor((Date.parse(failed.customerTime.to) - Date.parse(failed.customerTime.from)) / 1000),
      );
    }
    expect(inspections[2].customerTime).toBeNull();
  });

  it('issues one rectification notice with every item of every failing department, and re-inspects by the failing departments only', async () => {
    const missing = await failure('requestCompletionAcceptance', tokens.customer, {
      caseId: HV,
      documents: [{ item: 'COMPLETION_REPORT', documentId: documentId('x/cr') }],
    });
    expect(missing.extensions?.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(missing)).toEqual(HV_COMPLETION_ITEMS.slice(1).map((i) => `input.documents.${i}`));
    expect(await ok('requestCompletionAcceptance', tokens.customer, acceptanceRequest(HV, HV_COMPLETION_ITEMS))).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    await ok('countersign', signer('marketing'), { caseId: HV, result: 'PASS' });
    expect((await failure('countersign', signer('marketing'), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('CONFLICT');
    expect((await failure('countersign', signer('finance'), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    const meteringItems = ['Meter cabinet lacks a seal', 'CT ratio does not match the scheme'];
    expect(
      await signAll(HV, {
        metering: { result: 'FAIL', items: meteringItems },
        operations: { result: 'PASS' },
        safety: { result: 'FAIL', items: ['No fire extinguisher in the switch room'] },
      }),
    ).toMatchObject({ inspectionStatus: 'ACCEPTANCE_REQUESTED' });
    // Failures so far issue no notice: the round waits for every department.
    expect(await readCase(tokens.customer, HV, 'acceptance { status pendingDepartments rectificationNotice { round } }')).toEqual({
      acceptance: { status: 'REQUESTED', pendingDepartments: ['dispatch'], rectificationNotice: null },
    });
    expect(eventsOf(HV, 'inspection.acceptance.failed.v1')).toEqual([]);
    expect(
      await ok('countersign', signer('dispatch'), { caseId: HV, result: 'PASS', items: ['Send the switching plan a week ahead'] }),
    ).toEqual({
      id: HV,
      inspectionStatus: 'ACCEPTANCE_FAILED',
    });
    expect((await failure('countersign', signer('safety'), { caseId: HV, result: 'PASS' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'ACCEPTANCE_FAILED',
    });
    const notice = [
      { department: 'metering', item: 'Meter cabinet lacks a seal' },
      { department: 'metering', item: 'CT ratio does not match the scheme' },
      { department: 'safety', item: 'No fire extinguisher in the switch room' },
    ];
    const failedView = await readCase(
      tokens.customer,
      HV,
      'acceptance { status currentRound passedDepartments rectificationNotice { round items { department item } departments issuedAt } }',
    );
    expect(failedView.acceptance).toMatchObject({
      status: 'FAILED',
      currentRound: 1,
      passedDepartments: ['marketing', 'operations', 'dispatch'],
      rectificationNotice: { round: 1, items: notice, departments: ['metering', 'safety'] },
    });

    // Round 2 after rectification: only metering and safety re-inspect; the others' PASS carries over.
    expect(await ok('requestCompletionAcceptance', tokens.agent, acceptanceRequest(HV, HV_COMPLETION_ITEMS, 'a2'))).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    const notRequired = await failure('countersign', signer('marketing'), { caseId: HV, result: 'PASS' });
    expect(notRequired.extensions?.code).toBe('FORBIDDEN');
    expect(notRequired.message).toContain('carries over');
    await ok('countersign', signer('safety'), { caseId: HV, result: 'PASS' });
    expect(await ok('countersign', signer('metering'), { caseId: HV, result: 'PASS' })).toEqual({
      id: HV,
      inspectionStatus: 'ACCEPTANCE_PASSED',
    });

    const view = await readCase(tokens.customer, HV);
    expect(view.acceptance).toMatchObject({
      status: 'PASSED',
      currentRound: 2,
      departments: HV_DEPARTMENTS,
      passedDepartments: HV_DEPARTMENTS,
      requiredDepartments: ['metering', 'safety'],
      pendingDepartments: [],
      rectificationNotice: null,
      rectificationItems: [],
      requestedBy: 'agent-1',
    });
    const [round1, round2] = view.acceptance.rounds;
    expect(round1).toMatchObject({
      round: 1,
      status: 'FAILED',
      requiredDepartments: HV_DEPARTMENTS,
      rectificationItems: notice,
      documents: filed(HV_COMPLETION_ITEMS, 'a1'),
    });
    expect(round1.signatures.map((s: { department: string }) => s.department)).toEqual([
      'marketing',
      'metering',
      'operations',
      'safety',
      'dispatch',
    ]);
    expect(round2).toMatchObject({ round: 2, status: 'PASSED', requiredDepartments: ['metering', 'safety'], rectificationItems: [] });
    expect(round2.signatures.map((s: { department: string; signedBy: string }) => [s.department, s.signedBy])).toEqual([
      ['safety', 'signer-safety'],
      ['metering', 'signer-metering'],
    ]);
    expect(typeof round2.decidedAt).toBe('string');
    // The notice's wait on the customer ended with the new request.
    const [wait] = await dataSource.query<Record<string, any>[]>(
      `SELECT round, ended_by FROM customer_wait WHERE case_id = $1 AND stage = 'COMPLETION_ACCEPTANCE'`,
      [HV],
    );
    expect(wait).toEqual({ round: 1, ended_by: 'agent-1' });

    expect(await readCase(tokens.agent, HV, 'inspectionStatus')).toEqual({ inspectionStatus: 'ACCEPTANCE_PASSED' });
    for (const stranger of [tokens.otherCustomer, tokens.strangerAgent]) {
      expect(await readCase(stranger, HV)).toEqual({
        id: HV,
        inspectionStatus: null,
        designReview: null,
        construction: null,
        inspections: [],
        acceptance: null,
      });
    }
  });

  it('takes a low-voltage non-residential case straight to construction and acceptance', async () => {
    expect((await failure('countersign', signer('marketing'), { caseId: LV, result: 'PASS' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_CONSTRUCTION',
      requires: ['ACCEPTANCE_REQUESTED'],
    });
    // The inspector records a different unit from the one chosen: the name is kept, the registry id is not carried over.
    expect(await ok('recordConstructionStart', tokens.inspector, { caseId: LV, unitName: 'Zhangjiang Power Contractors' })).toEqual({
      id: LV,
      inspectionStatus: 'UNDER_CONSTRUCTION',
    });
    expect((await failure('requestIntermediateInspection', tokens.customer, { caseId: LV })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'UNDER_CONSTRUCTION',
      requires: [],
    });
    // The low-voltage checklist has no high-voltage slots.
    expect(
      fieldsOf(
        await failure('requestCompletionAcceptance', tokens.customer, acceptanceRequest(LV, [...LV_COMPLETION_ITEMS, 'INTERLOCK_TESTS'])),
      ),
    ).toEqual(['input.documents.3.item']);
    expect(await ok('requestCompletionAcceptance', tokens.customer, acceptanceRequest(LV, LV_COMPLETION_ITEMS))).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    // Operations countersigns high-voltage cases only.
    expect((await failure('countersign', signer('operations'), { caseId: LV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    expect(await signAll(LV, { safety: { result: 'PASS' }, marketing: { result: 'PASS' }, metering: { result: 'PASS' } })).toEqual({
      id: LV,
      inspectionStatus: 'ACCEPTANCE_PASSED',
    });
    const view = await readCase(tokens.customer, LV);
    expect(view).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_PASSED',
      designReview: null,
      inspections: [],
      construction: {
        chosenUnitName: 'Jinqiao Installation Co',
        unitId: null,
        unitName: 'Zhangjiang Power Contractors',
        recordedBy: 'inspector-1',
      },
      acceptance: { status: 'PASSED', currentRound: 1, requiredDepartments: LV_DEPARTMENTS, pendingDepartments: [] },
    });
    expect(view.construction.startedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.acceptance.signatures.map((s: { department: string }) => s.department)).toEqual(['safety', 'marketing', 'metering']);
  });

  it('decides a round exactly once when the last departments countersign at the same instant', async () => {
    const missingUnit = await failure('recordConstructionStart', tokens.customer, { caseId: RACE });
    expect(missingUnit.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.unitName' }] });
    await ok('recordConstructionStart', tokens.customer, { caseId: RACE, unitName: 'Lujiazui Builders' });

    // Round 1: metering and safety fail at the same instant; one notice lists both.
    await ok('requestCompletionAcceptance', tokens.customer, acceptanceRequest(RACE, LV_COMPLETION_ITEMS));
    await ok('countersign', signer('marketing'), { caseId: RACE, result: 'PASS' });
    const round1 = await Promise.all([
      call('countersign', signer('metering'), { caseId: RACE, result: 'FAIL', items: ['Meter box not earthed'] }),
      call('countersign', signer('safety'), { caseId: RACE, result: 'FAIL', items: ['Warning signs missing'] }),
    ]);
    expect(round1.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(round1.map((r) => r.data!.countersign.inspectionStatus).sort()).toEqual(['ACCEPTANCE_FAILED', 'ACCEPTANCE_REQUESTED']);
    expect(await row(RACE)).toMatchObject({ status: 'ACCEPTANCE_FAILED' });

    // Round 2 (metering and safety only): metering twice and safety, all at once: one signature per department, one refusal, one decision.
    await ok('requestCompletionAcceptance', tokens.customer, acceptanceRequest(RACE, LV_COMPLETION_ITEMS, 'a2'));
    const round2 = await Promise.all([
      call('countersign', signer('metering'), { caseId: RACE, result: 'PASS' }),
      call('countersign', signer('metering'), { caseId: RACE, result: 'PASS' }),
      call('countersign', signer('safety'), { caseId: RACE, result: 'PASS' }),
    ]);
    // The second metering signature finds either metering's first (CONFLICT) or the round already decided (INVALID_TRANSITION).
    const refused = round2.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code);
    expect(refused).toHaveLength(1);
    expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(refused[0]);
    expect(round2.flatMap((r) => (r.data ? [r.data.countersign.inspectionStatus] : []))).toContain('ACCEPTANCE_PASSED');

    const rounds = await dataSource.query<unknown[]>(
      'SELECT round, result, required_departments FROM acceptance_round WHERE case_id = $1 ORDER BY round',
      [RACE],
    );
    expect(rounds).toEqual([
      { round: 1, result: 'FAILED', required_departments: LV_DEPARTMENTS },
      { round: 2, result: 'PASSED', required_departments: ['metering', 'safety'] },
    ]);
    const [{ signatures }] = await dataSource.query<{ signatures: number }[]>(
      'SELECT count(*)::int AS signatures FROM countersignature WHERE case_id = $1',
      [RACE],
    );
    expect(signatures).toBe(5);
    expect(
      await readCase(
        tokens.customer,
        RACE,
        'acceptance { status currentRound rectificationNotice { round } rounds { rectificationItems { department item } } }',
      ),
    ).toEqual({
      acceptance: {
        status: 'PASSED',
        currentRound: 2,
        rectificationNotice: null,
        rounds: [
          {
            rectificationItems: [
              { department: 'metering', item: 'Meter box not earthed' },
              { department: 'safety', item: 'Warning signs missing' },
            ],
          },
          { rectificationItems: [] },
        ],
      },
    });
  });

  it('cancels open work once on withdrawal, whatever the order, and refuses every act afterwards', async () => {
    const consumer = service.app.get(AmqpEventsServer);
    const handledBefore = consumer.stats.handled;
    // A design returned to the customer.
    await ok('submitDesign', tokens.customer, design(WD_DESIGN));
    await ok('reviewDesign', tokens.inspector, { caseId: WD_DESIGN, approve: false, comments: [{ item: 'GENERAL', text: 'Incomplete' }] });
    // An acceptance round half countersigned.
    await ok('recordConstructionStart', tokens.customer, { caseId: WD_ACCEPTANCE, unitName: 'Minhang Electric' });
    await ok('requestCompletionAcceptance', tokens.customer, acceptanceRequest(WD_ACCEPTANCE, LV_COMPLETION_ITEMS));
    await ok('countersign', signer('marketing'), { caseId: WD_ACCEPTANCE, result: 'PASS' });

    const designWithdrawal = createEvent('intake.application.withdrawn.v1', withdrawn('wdDesign', 'Project cancelled by the board'), {
      source: '/yekuo/intake',
    });
    await bus.publish(designWithdrawal);
    await publish('intake.application.withdrawn.v1', withdrawn('wdAcceptance', 'Moved to another site', 'agent-1'));
    await publish('intake.application.withdrawn.v1', withdrawn('res', 'No longer needed'));
    // Never heard of: the withdrawal arrives before the confirmed scheme.
    await publish('intake.application.withdrawn.v1', withdrawn('wdEarly', 'Changed supplier'));
    await waitFor('four withdrawals applied', () => consumer.stats.handled >= handledBefore + 4);
    // A redelivery, a second withdrawal and the late confirmation change nothing.
    await bus.publish(designWithdrawal);
    await publish('intake.application.withdrawn.v1', withdrawn('wdDesign', 'Withdrawn again'));
    await publish('planning.scheme.confirmed.v1', confirmed('wdEarly'));
    await waitFor('every delivery handled', () => consumer.stats.handled >= handledBefore + 7);
    expect(consumer.stats.deadLettered).toBe(0);

    expect(await row(WD_DESIGN)).toMatchObject({
      status: 'CANCELLED',
      cancellation_reason: 'Project cancelled by the board',
      cancel_event_id: designWithdrawal.id,
      cancelled_by_id: CUSTOMER_ID,
      cancelled_by_role: 'customer',
      cancelled_work: ['DESIGN_REVIEW'],
    });
    expect(await row(WD_ACCEPTANCE)).toMatchObject({
      status: 'CANCELLED',
      cancelled_by_id: 'agent-1',
      cancelled_work: ['COMPLETION_ACCEPTANCE'],
    });
    expect(await row(RES)).toMatchObject({ status: 'CANCELLED', cancelled_work: [] });
    expect(await row(WD_EARLY)).toMatchObject({
      status: 'CANCELLED',
      case_number: CASES.wdEarly.caseNumber,
      customer_id: CUSTOMER_ID,
      category: 'HV_SINGLE_SOURCE',
      scheme_id: null,
      cancelled_work: [],
    });
    // The open wait on the customer closed with the withdrawal; the round awaiting signatures is cancelled.
    expect(await dataSource.query('SELECT ended_by FROM customer_wait WHERE case_id = $1 AND ended_at IS NOT NULL', [WD_DESIGN])).toEqual([
      { ended_by: CUSTOMER_ID },
    ]);
    expect(await dataSource.query('SELECT round, result FROM acceptance_round WHERE case_id = $1', [WD_ACCEPTANCE])).toEqual([
      { round: 1, result: 'CANCELLED' },
    ]);

    await waitFor(
      'four cancellations on the exchange',
      () => inspectionEvents().filter((e) => e.type === 'inspection.case.cancelled.v1').length >= 4,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cancelled = inspectionEvents().filter(
      (e) => e.type === 'inspection.case.cancelled.v1',
    ) as CloudEvent<'inspection.case.cancelled.v1'>[];
    expect(cancelled.map((e) => e.subject).sort()).toEqual([WD_DESIGN, WD_ACCEPTANCE, RES, WD_EARLY].sort());
    expect(cancelled.find((e) => e.subject === WD_DESIGN)!.data).toEqual({
      ...base('wdDesign'),
      reason: 'Project cancelled by the board',
      cancelledWork: ['DESIGN_REVIEW'],
    });
    expect(cancelled.find((e) => e.subject === WD_ACCEPTANCE)!.data).toMatchObject({
      actor: { id: 'agent-1', role: 'agent' },
      reason: 'Moved to another site',
      cancelledWork: ['COMPLETION_ACCEPTANCE'],
    });
    expect(cancelled.find((e) => e.subject === WD_EARLY)!.data).toMatchObject({
      caseNumber: CASES.wdEarly.caseNumber,
      category: 'HV_SINGLE_SOURCE',
      cancelledWork: [],
    });

    // GraphQL shows CANCELLED; every act is refused with INVALID_TRANSITION naming CANCELLED.
    expect(
      await readCase(tokens.customer, WD_DESIGN, 'inspectionStatus designReview { status rounds { decision customerTime { to } } }'),
    ).toMatchObject({
      inspectionStatus: 'CANCELLED',
      designReview: { status: 'CANCELLED', rounds: [{ decision: 'RETURNED' }] },
    });
    expect(await readCase(tokens.customer, WD_ACCEPTANCE, 'inspectionStatus acceptance { status rounds { status } }')).toEqual({
      inspectionStatus: 'CANCELLED',
      acceptance: { status: 'CANCELLED', rounds: [{ status: 'CANCELLED' }] },
    });
    expect(
      await readCase(tokens.customer, WD_EARLY, 'inspectionStatus designReview { status rounds { round } } acceptance { status }'),
    ).toEqual({
      inspectionStatus: 'CANCELLED',
      designReview: { status: 'CANCELLED', rounds: [] },
      acceptance: { status: 'CANCELLED' },
    });
    // A residential case shows CANCELLED and still has no inspection stages.
    expect(await readCase(tokens.customer, RES)).toEqual({
      id: RES,
      inspectionStatus: 'CANCELLED',
      designReview: null,
      construction: null,
      inspections: [],
      acceptance: null,
    });
    const refusals: [MutationName, string, Record<string, unknown>][] = [
      ['submitDesign', tokens.customer, design(WD_DESIGN, 'r2')],
      ['countersign', signer('metering'), { caseId: WD_ACCEPTANCE, result: 'PASS' }],
      ['requestCompletionAcceptance', tokens.customer, acceptanceRequest(WD_ACCEPTANCE, LV_COMPLETION_ITEMS, 'a2')],
      ['submitDesign', tokens.customer, design(WD_EARLY)],
    ];
    for (const [name, token, input] of refusals) {
      expect((await failure(name, token, input)).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    }
  });

  it('keeps a valid audit chain per case, readable by auditors only', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { inspectionAudit { caseId valid length firstBroken { seq } } } } }`;
    const audit = async (token: string, id: string) =>
      graphql<{ _entities: { inspectionAudit: any }[] }>(service.url, query, { r: [{ __typename: 'Case', id }] }, token);

    // HV: choice recorded, case opened, 18 published events, construction start, three intermediate requests,
    // and the start and stop of seven clocks (two design rounds, three inspections, two acceptance rounds).
    const hv = await audit(tokens.auditor, HV);
    expect(hv.errors).toBeUndefined();
    expect(hv.data!._entities[0].inspectionAudit).toEqual({ caseId: HV, valid: true, length: 2 + 18 + 4 + 14, firstBroken: null });
    const actions = await dataSource.query<{ action: string; actor_role: string }[]>(
      'SELECT action, actor_role FROM audit_record WHERE case_id = $1 ORDER BY seq',
      [HV],
    );
    expect(actions.slice(0, 2).map((a) => a.action)).toEqual(['inspection.constructionunit.recorded', 'inspection.case.opened']);
    expect(actions.filter((a) => a.action === 'inspection.construction.started')).toEqual([
      { action: 'inspection.construction.started', actor_role: 'customer' },
    ]);
    expect(actions.filter((a) => a.action === 'inspection.intermediate.requested').map((a) => a.actor_role)).toEqual([
      'customer',
      'agent',
      'customer',
    ]);

    // RES: its opening and its cancellation; WD_EARLY: its cancellation alone.
    expect((await audit(tokens.auditor, RES)).data!._entities[0].inspectionAudit).toMatchObject({ valid: true, length: 2 });
    expect((await audit(tokens.auditor, WD_EARLY)).data!._entities[0].inspectionAudit).toMatchObject({ valid: true, length: 1 });
    expect((await audit(tokens.inspector, HV)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('published each inspection event exactly once, valid against the catalog', async () => {
    const expected: Record<string, Record<string, number>> = {
      [HV]: {
        'inspection.design.submitted.v1': 2,
        'inspection.design.returned.v1': 1,
        'inspection.design.approved.v1': 1,
        'inspection.intermediate.failed.v1': 2,
        'inspection.intermediate.passed.v1': 1,
        'inspection.acceptance.requested.v1': 2,
        'inspection.acceptance.countersigned.v1': 7,
        'inspection.acceptance.failed.v1': 1,
        'inspection.acceptance.passed.v1': 1,
        // Every design round, intermediate request and acceptance round is timed on its own.
        'inspection.timelimit.started.v1': 7,
        'inspection.timelimit.stopped.v1': 7,
      },
      [LV]: {
        'inspection.acceptance.requested.v1': 1,
        'inspection.acceptance.countersigned.v1': 3,
        'inspection.acceptance.passed.v1': 1,
        'inspection.timelimit.started.v1': 1,
        'inspection.timelimit.stopped.v1': 1,
      },
      [RACE]: {
        'inspection.acceptance.requested.v1': 2,
        'inspection.acceptance.countersigned.v1': 5,
        'inspection.acceptance.failed.v1': 1,
        'inspection.acceptance.passed.v1': 1,
        'inspection.timelimit.started.v1': 2,
        'inspection.timelimit.stopped.v1': 2,
      },
      [WD_DESIGN]: {
        'inspection.design.submitted.v1': 1,
        'inspection.design.returned.v1': 1,
        'inspection.case.cancelled.v1': 1,
        'inspection.timelimit.started.v1': 1,
        'inspection.timelimit.stopped.v1': 1,
      },
      // Its acceptance clock was cancelled by the withdrawal: no stop, no time-limit event for it.
      [WD_ACCEPTANCE]: {
        'inspection.acceptance.requested.v1': 1,
        'inspection.acceptance.countersigned.v1': 1,
        'inspection.case.cancelled.v1': 1,
        'inspection.timelimit.started.v1': 1,
      },
      [RES]: { 'inspection.case.cancelled.v1': 1 },
      [WD_EARLY]: { 'inspection.case.cancelled.v1': 1 },
    };
    const total = Object.values(expected)
      .flatMap(Object.values)
      .reduce((a, b) => a + b, 0);
    await waitFor('every inspection event on the exchange', () => inspectionEvents().length >= total);
    // Give a duplicate (a relay resend) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const events = inspectionEvents();
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => e.id)).size).toBe(total);
    for (const [caseId, types] of Object.entries(expected)) {
      const counts: Record<string, number> = {};
      for (const e of eventsOf(caseId)) counts[e.type] = (counts[e.type] ?? 0) + 1;
      expect(counts).toEqual(types);
    }
    for (const event of events) {
      expect(event.source).toBe('/yekuo/inspection');
      expect(event.data).toMatchObject({ customerId: CUSTOMER_ID, policyVersion: '2020-01' });
    }
    const first = <T extends string>(caseId: string, type: T) => eventsOf(caseId, type).sort((a, b) => a.time.localeCompare(b.time));

    // Design review.
    expect(first(HV, 'inspection.design.submitted.v1').map((e) => [e.data.round, e.data.actor.role, e.data.nextAction.role])).toEqual([
      [1, 'customer', 'inspector'],
      [2, 'agent', 'inspector'],
    ]);
    expect(first(HV, 'inspection.design.returned.v1')[0].data).toMatchObject({
      caseNumber: CASES.hv.caseNumber,
      category: 'HV_SINGLE_SOURCE',
      round: 1,
      comments: ['SINGLE_LINE_DIAGRAM: Cable cross-section too small for 800 kVA', 'PROTECTION: Earthing grid drawing missing'],
      actor: { id: 'inspector-1', role: 'inspector' },
      nextAction: { role: 'customer' },
    });
    expect(first(HV, 'inspection.design.approved.v1')[0].data).toMatchObject({ round: 2, nextAction: { role: 'customer' } });
    expect(first(HV, 'inspection.intermediate.failed.v1').map((e) => [e.data.round, e.data.items])).toEqual([
      [1, ['Cable trench depth', 'Earthing grid']],
      [2, ['Earthing grid']],
    ]);
    expect(first(HV, 'inspection.intermediate.passed.v1')[0].data).toMatchObject({ round: 3, actor: { role: 'inspector' } });

    // Acceptance: round 1 failed with every item of the failing departments, round 2 (the failing departments) passed once.
    const requested = first(HV, 'inspection.acceptance.requested.v1');
    expect(requested.map((e) => e.data.round)).toEqual([1, 2]);
    expect(requested[0].data.nextAction).toMatchObject({
      role: 'department-signer',
      description: `Countersign the completion acceptance: ${HV_DEPARTMENTS.join(', ')}`,
    });
    expect(requested[1].data.nextAction).toMatchObject({ description: 'Countersign the completion acceptance: metering, safety' });
    const countersigned = eventsOf(HV, 'inspection.acceptance.countersigned.v1');
    const metering1 = countersigned.find((e) => e.data.round === 1 && e.data.department === 'metering')!;
    expect(metering1.data).toMatchObject({
      result: 'FAIL',
      items: ['Meter cabinet lacks a seal', 'CT ratio does not match the scheme'],
      actor: { id: 'signer-metering', role: 'department-signer' },
    });
    expect(
      countersigned
        .filter((e) => e.data.round === 2)
        .map((e) => e.data.department)
        .sort(),
    ).toEqual(['metering', 'safety']);
    expect(first(HV, 'inspection.acceptance.failed.v1')[0].data).toMatchObject({
      round: 1,
      items: [
        { department: 'metering', item: 'Meter cabinet lacks a seal' },
        { department: 'metering', item: 'CT ratio does not match the scheme' },
        { department: 'safety', item: 'No fire extinguisher in the switch room' },
      ],
      actor: { id: 'signer-dispatch', role: 'department-signer' },
      nextAction: { role: 'customer', description: 'Rectify every item and request acceptance again' },
    });
    expect(first(HV, 'inspection.acceptance.passed.v1')[0].data).toMatchObject({
      round: 2,
      nextAction: { role: 'metering-technician', team: 'metering', description: 'Energize once every gate condition holds' },
    });
    expect(first(LV, 'inspection.acceptance.passed.v1')[0].data).toMatchObject({ round: 1, category: 'LV_NON_RESIDENTIAL' });
    expect(first(RACE, 'inspection.acceptance.failed.v1')[0].data).toMatchObject({
      round: 1,
      items: [
        { department: 'metering', item: 'Meter box not earthed' },
        { department: 'safety', item: 'Warning signs missing' },
      ],
    });
    expect(first(RACE, 'inspection.acceptance.passed.v1')[0].data).toMatchObject({ round: 2 });

    // Clocks: started at each step's start and stopped at its end, per stage and round.
    const clockRounds = (caseId: string, kind: 'started' | 'stopped') =>
      eventsOf(caseId, `inspection.timelimit.${kind}.v1`)
        .map((e) => `${e.data.stage}:${e.data.round}`)
        .sort();
    const hvClocks = [
      'COMPLETION_ACCEPTANCE:1',
      'COMPLETION_ACCEPTANCE:2',
      'DESIGN_REVIEW:1',
      'DESIGN_REVIEW:2',
      'INTERMEDIATE_INSPECTION:1',
      'INTERMEDIATE_INSPECTION:2',
      'INTERMEDIATE_INSPECTION:3',
    ];
    expect(clockRounds(HV, 'started')).toEqual(hvClocks);
    expect(clockRounds(HV, 'stopped')).toEqual(hvClocks);
    const designStops = eventsOf(HV, 'inspection.timelimit.stopped.v1').filter((e) => e.data.stage === 'DESIGN_REVIEW');
    expect(designStops.map((e) => e.data.actor)).toEqual([
      { id: 'inspector-1', role: 'inspector' },
      { id: 'inspector-1', role: 'inspector' },
    ]);
    expect(eventsOf(HV, 'inspection.timelimit.started.v1').find((e) => e.data.stage === 'DESIGN_REVIEW')!.data).toMatchObject({
      limitDays: 20,
      targetDays: 10,
      team: 'inspection',
    });
    const wdClocks = await dataSource.query<{ stage: string; state: string }[]>('SELECT stage, state FROM stage_clock WHERE case_id = $1', [
      WD_ACCEPTANCE,
    ]);
    expect(wdClocks).toEqual([{ stage: 'COMPLETION_ACCEPTANCE', state: 'CANCELLED' }]);

    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  });
});
