import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer, CloudEvent, createEvent, CustomerCategory, EventPayload, parseEvent } from '@yekuo/shared';
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
} from '@yekuo/shared/testing';
import { AppModule } from './app.module';
import { inspectionService } from './inspection.service-definition';

jest.setTimeout(120_000);

const CUSTOMER_ID = randomUUID();
const OTHER_CUSTOMER_ID = randomUUID();
const caseNumber = () => `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;

/** The four cases of the run: one per path the brief asks for. */
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
};
type CaseKey = keyof typeof CASES;
const HV = CASES.hv.caseId;
const LV = CASES.lv.caseId;
const RES = CASES.res.caseId;
const RACE = CASES.race.caseId;
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
  designReview { status round designUnit documents comments commentsRound submittedBy submittedAt reviewedBy reviewedAt }
  construction { chosenUnitId chosenUnitName chosenFromRecommendation unitId unitName startedOn recordedBy recordedAt }
  inspections { round result items requestedBy requestedAt recordedBy recordedAt }
  acceptance {
    status round documents requiredDepartments pendingDepartments
    signatures { department result items signedBy signedAt }
    rectificationItems { department item }
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

  /** Reads the case as the gateway does: through `_entities`. */
  const readCase = (token: string, id: string, fields = CASE_FIELDS) => readCaseEntity(service.url, token, id, fields);

  const publishToExchange = (event: CloudEvent) => bus.publish(event);

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
    await publishToExchange(
      createEvent('planning.constructionunit.chosen.v1', chosen('hv', 'Pudong Electric Works', HV_UNIT_ID), { source: '/yekuo/planning' }),
    );
    await waitFor(
      'the HV choice kept as a fact',
      async () => (await dataSource.query('SELECT 1 FROM construction_unit_choice WHERE case_id = $1', [HV])).length > 0,
    );
    const hvConfirmed = createEvent('planning.scheme.confirmed.v1', confirmed('hv'), { source: '/yekuo/planning' });
    await publishToExchange(hvConfirmed);
    for (const key of ['lv', 'res', 'race'] as const) {
      await publishToExchange(createEvent('planning.scheme.confirmed.v1', confirmed(key), { source: '/yekuo/planning' }));
    }
    await waitFor('four inspection cases', async () => (await dataSource.query('SELECT 1 FROM inspection_case')).length === 4);
    // LV: the choice arrives after; then an older choice arrives late and must not win.
    await publishToExchange(
      createEvent('planning.constructionunit.chosen.v1', chosen('lv', 'Jinqiao Installation Co'), {
        source: '/yekuo/planning',
        time: new Date(now),
      }),
    );
    await publishToExchange(
      createEvent('planning.constructionunit.chosen.v1', chosen('lv', 'Old Choice Ltd'), {
        source: '/yekuo/planning',
        time: new Date(now - 60_000),
      }),
    );
    // Redelivery of the same event (inbox) and a second confirmation of the same version (no second case).
    await publishToExchange(hvConfirmed);
    await publishToExchange(createEvent('planning.scheme.confirmed.v1', confirmed('hv'), { source: '/yekuo/planning' }));
    await waitFor('every delivery handled', () => consumer.stats.handled >= 9);
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
    expect(opened.map((o) => o.case_id).sort()).toEqual([HV, LV, RES, RACE].sort());
    expect(opened.find((o) => o.case_id === HV)!.data).toMatchObject({
      eventId: hvConfirmed.id,
      status: 'AWAITING_DESIGN',
      chosenUnit: { unitName: 'Pudong Electric Works' },
    });
    const inbox = await dataSource.query<unknown[]>(`SELECT event_id FROM inbox_message WHERE consumer = 'inspection'`);
    expect(inbox).toHaveLength(8);

    expect(await readCase(tokens.inspector, HV)).toMatchObject({
      inspectionStatus: 'AWAITING_DESIGN',
      designReview: { status: 'AWAITING_SUBMISSION', round: 0, comments: [] },
      construction: { chosenUnitId: HV_UNIT_ID, chosenUnitName: 'Pudong Electric Works', unitName: null, startedOn: null },
      inspections: [],
      acceptance: { status: 'NOT_REQUESTED', round: 0, requiredDepartments: HV_DEPARTMENTS, signatures: [], rectificationItems: [] },
    });
    // The variant decides which parts a case has at all.
    expect(await readCase(tokens.inspector, LV)).toMatchObject({
      inspectionStatus: 'AWAITING_CONSTRUCTION',
      designReview: null,
      acceptance: { status: 'NOT_REQUESTED', requiredDepartments: LV_DEPARTMENTS },
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

  it('reports every invalid input field at once, and the cross-field rules by name', async () => {
    const submit = await failure('submitDesign', tokens.customer, { caseId: 'not-a-uuid', designUnit: ' ', documents: [] });
    expect(submit.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(submit.extensions?.fields?.map((f) => f.field))).toEqual(
      new Set(['input.caseId', 'input.designUnit', 'input.documents']),
    );

    const review = await failure('reviewDesign', tokens.inspector, { caseId: HV, approve: false });
    expect(review.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.comments' }] });
    expect(
      (await failure('reviewDesign', tokens.inspector, { caseId: HV, approve: false, comments: [] })).extensions?.fields?.map(
        (f) => f.field,
      ),
    ).toEqual(['input.comments']);
    const record = await failure('recordIntermediateInspection', tokens.inspector, { caseId: HV, passed: false, failedItems: [] });
    expect(record.extensions?.fields?.map((f) => f.field)).toEqual(['input.failedItems']);
    const sign = await failure('countersign', signer('safety'), { caseId: HV, result: 'FAIL' });
    expect(sign.extensions?.fields?.map((f) => f.field)).toEqual(['input.items']);
    const badResult = await failure('countersign', signer('safety'), { caseId: HV, result: 'MAYBE' });
    expect(badResult.extensions?.fields?.map((f) => f.field)).toEqual(['input.result']);
    const start = await failure('recordConstructionStart', tokens.customer, { caseId: LV, startedOn: '2026-02-30' });
    expect(start.extensions?.fields).toEqual([{ field: 'input.startedOn', message: 'startedOn must be a real calendar date' }]);
  });

  it('refuses wrong roles, foreign or unknown cases and steps out of order', async () => {
    expect((await failure('submitDesign', tokens.inspector, { caseId: HV, designUnit: 'x', documents: ['d'] })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await failure('reviewDesign', tokens.customer, { caseId: HV, approve: true })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('countersign', tokens.inspector, { caseId: HV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('requestCompletionAcceptance', tokens.planner, { caseId: HV, documents: ['d'] })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    // A signer without a department claim.
    expect((await failure('countersign', tokens.signerWithoutDepartment, { caseId: HV, result: 'PASS' })).extensions?.code).toBe(
      'FORBIDDEN',
    );

    const design = { caseId: HV, designUnit: 'East China Design Institute', documents: ['drawing-1.pdf'] };
    expect((await failure('submitDesign', tokens.otherCustomer, design)).extensions?.code).toBe('NOT_FOUND');
    expect((await failure('submitDesign', tokens.strangerAgent, design)).extensions?.code).toBe('NOT_FOUND');
    expect((await failure('submitDesign', tokens.customer, { ...design, caseId: randomUUID() })).extensions?.code).toBe('NOT_FOUND');

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
    expect((await failure('submitDesign', tokens.customer, { ...design, caseId: LV })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_CONSTRUCTION',
      requires: [],
    });
    expect(await row(HV)).toMatchObject({ status: 'AWAITING_DESIGN' });
  });

  it('refuses every mutation on a low-voltage residential case with INVALID_TRANSITION naming NOT_REQUIRED', async () => {
    const attempts: [MutationName, string, Record<string, unknown>][] = [
      ['submitDesign', tokens.customer, { caseId: RES, designUnit: 'x', documents: ['d'] }],
      ['reviewDesign', tokens.inspector, { caseId: RES, approve: true }],
      ['recordConstructionStart', tokens.inspector, { caseId: RES, unitName: 'Some unit' }],
      ['requestIntermediateInspection', tokens.agent, { caseId: RES }],
      ['recordIntermediateInspection', tokens.inspector, { caseId: RES, passed: true }],
      ['requestCompletionAcceptance', tokens.customer, { caseId: RES, documents: ['report'] }],
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

  it('walks a high-voltage case: design returned then approved, construction, intermediate inspection, a failed and a passed acceptance', async () => {
    // Design review: round 1 returned, round 2 (by the agent) approved.
    expect(
      await ok('submitDesign', tokens.customer, { caseId: HV, designUnit: ' East China Design Institute ', documents: ['drawing-1.pdf'] }),
    ).toEqual({
      id: HV,
      inspectionStatus: 'DESIGN_SUBMITTED',
    });
    expect((await failure('submitDesign', tokens.customer, { caseId: HV, designUnit: 'x', documents: ['d'] })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'DESIGN_SUBMITTED',
      requires: ['AWAITING_DESIGN', 'DESIGN_RETURNED'],
    });
    const comments = ['Cable cross-section too small for 800 kVA', 'Earthing grid drawing missing'];
    expect(await ok('reviewDesign', tokens.inspector, { caseId: HV, approve: false, comments })).toMatchObject({
      inspectionStatus: 'DESIGN_RETURNED',
    });
    expect(await readCase(tokens.customer, HV, 'designReview { status round comments commentsRound reviewedBy }')).toEqual({
      designReview: { status: 'RETURNED', round: 1, comments, commentsRound: 1, reviewedBy: 'inspector-1' },
    });
    expect(
      await ok('submitDesign', tokens.agent, {
        caseId: HV,
        designUnit: 'East China Design Institute',
        documents: ['drawing-2.pdf', 'earthing.pdf'],
      }),
    ).toMatchObject({
      inspectionStatus: 'DESIGN_SUBMITTED',
    });
    expect(await ok('reviewDesign', tokens.inspector, { caseId: HV, approve: true })).toMatchObject({
      inspectionStatus: 'DESIGN_APPROVED',
    });

    // Construction by the chosen unit (no unit name needed).
    expect(await ok('recordConstructionStart', tokens.customer, { caseId: HV, startedOn: '2026-01-05' })).toMatchObject({
      inspectionStatus: 'UNDER_CONSTRUCTION',
    });
    expect((await failure('requestCompletionAcceptance', tokens.customer, { caseId: HV, documents: ['report'] })).extensions).toMatchObject(
      {
        code: 'INVALID_TRANSITION',
        currentState: 'UNDER_CONSTRUCTION',
        requires: ['INTERMEDIATE_PASSED', 'ACCEPTANCE_FAILED'],
      },
    );

    // Intermediate inspection: failed once, re-requested, passed.
    expect(await ok('requestIntermediateInspection', tokens.customer, { caseId: HV })).toMatchObject({
      inspectionStatus: 'INTERMEDIATE_REQUESTED',
    });
    expect(
      await ok('recordIntermediateInspection', tokens.inspector, { caseId: HV, passed: false, failedItems: ['Cable trench too shallow'] }),
    ).toMatchObject({
      inspectionStatus: 'UNDER_CONSTRUCTION',
    });
    expect(await ok('requestIntermediateInspection', tokens.agent, { caseId: HV })).toMatchObject({
      inspectionStatus: 'INTERMEDIATE_REQUESTED',
    });
    expect(await ok('recordIntermediateInspection', tokens.inspector, { caseId: HV, passed: true })).toMatchObject({
      inspectionStatus: 'INTERMEDIATE_PASSED',
    });

    // Acceptance round 1: metering fails.
    expect(
      await ok('requestCompletionAcceptance', tokens.customer, { caseId: HV, documents: ['completion-report.pdf', 'test-report.pdf'] }),
    ).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    await ok('countersign', signer('marketing'), { caseId: HV, result: 'PASS' });
    expect((await failure('countersign', signer('marketing'), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('CONFLICT');
    expect((await failure('countersign', signer('finance'), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    const meteringItems = ['Meter cabinet lacks a seal', 'CT ratio does not match the scheme'];
    expect(
      await signAll(HV, {
        operations: { result: 'PASS' },
        dispatch: { result: 'PASS', items: ['Send the switching plan a week ahead'] },
        metering: { result: 'FAIL', items: meteringItems },
      }),
    ).toMatchObject({ inspectionStatus: 'ACCEPTANCE_REQUESTED' });
    expect(await readCase(tokens.inspector, HV, 'acceptance { status round pendingDepartments }')).toEqual({
      acceptance: { status: 'REQUESTED', round: 1, pendingDepartments: ['safety'] },
    });
    expect(await ok('countersign', signer('safety'), { caseId: HV, result: 'PASS' })).toEqual({
      id: HV,
      inspectionStatus: 'ACCEPTANCE_FAILED',
    });
    expect((await failure('countersign', signer('safety'), { caseId: HV, result: 'PASS' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'ACCEPTANCE_FAILED',
    });
    const failedView = await readCase(tokens.customer, HV, 'acceptance { status round rectificationItems { department item } }');
    expect(failedView.acceptance).toEqual({
      status: 'FAILED',
      round: 1,
      rectificationItems: meteringItems.map((item) => ({ department: 'metering', item })),
    });

    // Round 2 after rectification: everyone passes.
    expect(await ok('requestCompletionAcceptance', tokens.agent, { caseId: HV, documents: ['rectification-report.pdf'] })).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_REQUESTED',
    });
    const last = await signAll(HV, Object.fromEntries(HV_DEPARTMENTS.map((d) => [d, { result: 'PASS' as const }])));
    expect(last).toEqual({ id: HV, inspectionStatus: 'ACCEPTANCE_PASSED' });

    const view = await readCase(tokens.customer, HV);
    expect(view).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_PASSED',
      designReview: {
        status: 'APPROVED',
        round: 2,
        designUnit: 'East China Design Institute',
        documents: ['drawing-2.pdf', 'earthing.pdf'],
        comments,
        commentsRound: 1,
        submittedBy: 'agent-1',
        reviewedBy: 'inspector-1',
      },
      construction: {
        chosenUnitId: HV_UNIT_ID,
        chosenUnitName: 'Pudong Electric Works',
        chosenFromRecommendation: true,
        unitId: HV_UNIT_ID,
        unitName: 'Pudong Electric Works',
        startedOn: '2026-01-05',
        recordedBy: CUSTOMER_ID,
      },
      inspections: [
        { round: 1, result: 'FAILED', items: ['Cable trench too shallow'], requestedBy: CUSTOMER_ID, recordedBy: 'inspector-1' },
        { round: 2, result: 'PASSED', items: [], requestedBy: 'agent-1', recordedBy: 'inspector-1' },
      ],
      acceptance: {
        status: 'PASSED',
        round: 2,
        documents: ['rectification-report.pdf'],
        requiredDepartments: HV_DEPARTMENTS,
        pendingDepartments: [],
        rectificationItems: [],
        requestedBy: 'agent-1',
      },
    });
    expect(view.designReview.submittedAt < view.designReview.reviewedAt).toBe(true);
    expect(view.acceptance.signatures.map((s: { department: string }) => s.department)).toEqual(HV_DEPARTMENTS);
    expect(
      view.acceptance.signatures.every(
        (s: { result: string; signedBy: string }) => s.result === 'PASS' && s.signedBy.startsWith('signer-'),
      ),
    ).toBe(true);
    expect(typeof view.acceptance.decidedAt).toBe('string');

    // The agent sees it; strangers see nothing, not even that it exists.
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
    expect(await ok('requestCompletionAcceptance', tokens.customer, { caseId: LV, documents: ['completion-report.pdf'] })).toMatchObject({
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
      acceptance: { status: 'PASSED', round: 1, requiredDepartments: LV_DEPARTMENTS, pendingDepartments: [] },
    });
    expect(view.construction.startedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.acceptance.signatures.map((s: { department: string }) => s.department)).toEqual(['safety', 'marketing', 'metering']);
  });

  it('decides a round exactly once when the last two departments countersign at the same instant', async () => {
    const missingUnit = await failure('recordConstructionStart', tokens.customer, { caseId: RACE });
    expect(missingUnit.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.unitName' }] });
    await ok('recordConstructionStart', tokens.customer, { caseId: RACE, unitName: 'Lujiazui Builders' });

    // Round 1: metering fails while safety passes, at once.
    await ok('requestCompletionAcceptance', tokens.customer, { caseId: RACE, documents: ['report-1'] });
    await ok('countersign', signer('marketing'), { caseId: RACE, result: 'PASS' });
    const round1 = await Promise.all([
      call('countersign', signer('metering'), { caseId: RACE, result: 'FAIL', items: ['Meter box not earthed'] }),
      call('countersign', signer('safety'), { caseId: RACE, result: 'PASS' }),
    ]);
    expect(round1.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(round1.map((r) => r.data!.countersign.inspectionStatus)).toContain('ACCEPTANCE_FAILED');
    expect(await row(RACE)).toMatchObject({ status: 'ACCEPTANCE_FAILED' });

    // Round 2: the last two pass at once; and the same department twice at once is one signature and one CONFLICT.
    await ok('requestCompletionAcceptance', tokens.customer, { caseId: RACE, documents: ['report-2'] });
    const twice = await Promise.all([
      call('countersign', signer('marketing'), { caseId: RACE, result: 'PASS' }),
      call('countersign', signer('marketing'), { caseId: RACE, result: 'PASS' }),
    ]);
    expect(twice.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    const round2 = await Promise.all([
      call('countersign', signer('metering'), { caseId: RACE, result: 'PASS' }),
      call('countersign', signer('safety'), { caseId: RACE, result: 'PASS' }),
    ]);
    expect(round2.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(round2.map((r) => r.data!.countersign.inspectionStatus)).toContain('ACCEPTANCE_PASSED');

    const rounds = await dataSource.query<unknown[]>('SELECT round, result FROM acceptance_round WHERE case_id = $1 ORDER BY round', [
      RACE,
    ]);
    expect(rounds).toEqual([
      { round: 1, result: 'FAILED' },
      { round: 2, result: 'PASSED' },
    ]);
    const [{ signatures }] = await dataSource.query<{ signatures: number }[]>(
      'SELECT count(*)::int AS signatures FROM countersignature WHERE case_id = $1',
      [RACE],
    );
    expect(signatures).toBe(6);
    expect(await readCase(tokens.customer, RACE, 'acceptance { status round rectificationItems { item } }')).toEqual({
      acceptance: { status: 'PASSED', round: 2, rectificationItems: [] },
    });
  });

  it('keeps a valid audit chain per case, readable by auditors only', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { inspectionAudit { caseId valid length firstBroken { seq } } } } }`;
    const audit = async (token: string, id: string) =>
      graphql<{ _entities: { inspectionAudit: any }[] }>(service.url, query, { r: [{ __typename: 'Case', id }] }, token);

    // HV: choice recorded, case opened, 20 published events, construction start and two intermediate requests.
    const hv = await audit(tokens.auditor, HV);
    expect(hv.errors).toBeUndefined();
    expect(hv.data!._entities[0].inspectionAudit).toEqual({ caseId: HV, valid: true, length: 2 + 20 + 3, firstBroken: null });
    const actions = await dataSource.query<{ action: string; actor_role: string }[]>(
      'SELECT action, actor_role FROM audit_record WHERE case_id = $1 ORDER BY seq',
      [HV],
    );
    expect(actions.slice(0, 2).map((a) => a.action)).toEqual(['inspection.constructionunit.recorded', 'inspection.case.opened']);
    expect(actions.filter((a) => a.action === 'inspection.construction.started')).toEqual([
      { action: 'inspection.construction.started', actor_role: 'customer' },
    ]);
    expect(actions.filter((a) => a.action === 'inspection.intermediate.requested').map((a) => a.actor_role)).toEqual(['customer', 'agent']);

    // RES: only its opening.
    expect((await audit(tokens.auditor, RES)).data!._entities[0].inspectionAudit).toMatchObject({ valid: true, length: 1 });
    expect((await audit(tokens.inspector, HV)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('published each inspection event exactly once, valid against the catalog', async () => {
    const expected: Record<string, Record<string, number>> = {
      [HV]: {
        'inspection.design.submitted.v1': 2,
        'inspection.design.returned.v1': 1,
        'inspection.design.approved.v1': 1,
        'inspection.intermediate.failed.v1': 1,
        'inspection.intermediate.passed.v1': 1,
        'inspection.acceptance.requested.v1': 2,
        'inspection.acceptance.countersigned.v1': 10,
        'inspection.acceptance.failed.v1': 1,
        'inspection.acceptance.passed.v1': 1,
      },
      [LV]: { 'inspection.acceptance.requested.v1': 1, 'inspection.acceptance.countersigned.v1': 3, 'inspection.acceptance.passed.v1': 1 },
      [RACE]: {
        'inspection.acceptance.requested.v1': 2,
        'inspection.acceptance.countersigned.v1': 6,
        'inspection.acceptance.failed.v1': 1,
        'inspection.acceptance.passed.v1': 1,
      },
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
      comments: ['Cable cross-section too small for 800 kVA', 'Earthing grid drawing missing'],
      actor: { id: 'inspector-1', role: 'inspector' },
      nextAction: { role: 'customer' },
    });
    expect(first(HV, 'inspection.design.approved.v1')[0].data).toMatchObject({ round: 2, nextAction: { role: 'customer' } });
    expect(first(HV, 'inspection.intermediate.failed.v1')[0].data).toMatchObject({ round: 1, items: ['Cable trench too shallow'] });
    expect(first(HV, 'inspection.intermediate.passed.v1')[0].data).toMatchObject({ round: 2, actor: { role: 'inspector' } });

    // Acceptance: round 1 failed with every item of the failing department, round 2 passed once.
    const requested = first(HV, 'inspection.acceptance.requested.v1');
    expect(requested.map((e) => e.data.round)).toEqual([1, 2]);
    expect(requested[0].data.nextAction).toMatchObject({
      role: 'department-signer',
      description: `Countersign the completion acceptance: ${HV_DEPARTMENTS.join(', ')}`,
    });
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
    ).toEqual([...HV_DEPARTMENTS].sort());
    expect(first(HV, 'inspection.acceptance.failed.v1')[0].data).toMatchObject({
      round: 1,
      items: [
        { department: 'metering', item: 'Meter cabinet lacks a seal' },
        { department: 'metering', item: 'CT ratio does not match the scheme' },
      ],
      actor: { id: 'signer-safety', role: 'department-signer' },
      nextAction: { role: 'customer', description: 'Rectify every item and request acceptance again' },
    });
    expect(first(HV, 'inspection.acceptance.passed.v1')[0].data).toMatchObject({
      round: 2,
      nextAction: { role: 'metering-technician', team: 'metering', description: 'Energize once every gate condition holds' },
    });
    expect(first(LV, 'inspection.acceptance.passed.v1')[0].data).toMatchObject({ round: 1, category: 'LV_NON_RESIDENTIAL' });
    expect(first(RACE, 'inspection.acceptance.failed.v1')[0].data).toMatchObject({
      round: 1,
      items: [{ department: 'metering', item: 'Meter box not earthed' }],
    });
    expect(first(RACE, 'inspection.acceptance.passed.v1')[0].data).toMatchObject({ round: 2 });

    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  });
});
