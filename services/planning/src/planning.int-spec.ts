import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer } from '@yekuo/platform';
import { CloudEvent, createEvent, EventPayload, parseEvent } from '@yekuo/events';
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

jest.setTimeout(90_000);

const CASE_ID = randomUUID();
const CUSTOMER_ID = randomUUID();
const OTHER_CUSTOMER_ID = randomUUID();
const CASE_NUMBER = `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;

const accepted: EventPayload<'intake.application.accepted.v1'> = {
  caseId: CASE_ID,
  caseNumber: CASE_NUMBER,
  customerId: CUSTOMER_ID,
  category: 'HV_SINGLE_SOURCE',
  policyVersion: '2020-01',
  actor: { id: 'clerk-1', role: 'intake-clerk' },
  nextAction: { role: 'surveyor', description: 'Schedule the site survey' },
  businessType: 'NEW_CONNECTION',
  capacityKva: 630,
  voltageLevel: 'AC10KV',
  supplySources: 1,
  regionCode: '310115',
  acceptedAt: new Date().toISOString(),
};

const CASE_FIELDS = `
  id
  planningStatus
  survey { caseId surveyorId appointmentAt scheduledBy completedAt completedBy siteConditions supplyPointOptions transformerCapacityKva }
  scheme { id version status voltageLevel capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary
           draftedBy approvedBy rejectedBy rejectionReason repliedBy validUntil confirmedBy confirmedAt }
  schemeVersions { id version status rejectionReason rejectedBy approvedBy confirmedBy approvalChain requiredLevels
                   approvals { level approvedBy role ruleId approvedAt } }
  recommendedConstructionUnits { fewerThanThree units { unitId } }
`;

const MUTATIONS = {
  scheduleSurvey: `mutation($input: ScheduleSurveyInput!) { scheduleSurvey(input: $input) { id planningStatus } }`,
  recordSurvey: `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id planningStatus } }`,
  draftScheme: `mutation($input: DraftSchemeInput!) { draftScheme(input: $input) { id planningStatus } }`,
  approveScheme: `mutation($input: ApproveSchemeInput!) { approveScheme(input: $input) { id planningStatus } }`,
  rejectScheme: `mutation($input: RejectSchemeInput!) { rejectScheme(input: $input) { id planningStatus } }`,
  replyScheme: `mutation($input: ReplySchemeInput!) { replyScheme(input: $input) { id planningStatus } }`,
  confirmScheme: `mutation($input: ConfirmSchemeInput!) { confirmScheme(input: $input) { id planningStatus } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;

const DRAFT = {
  caseId: CASE_ID,
  voltageLevel: 'AC10KV',
  capacityKva: 800,
  supplySources: 1,
  supplyPoints: ['10kV feeder 12 of Zhangjiang substation'],
  meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
  tariffCategory: 'LARGE_INDUSTRIAL',
  propertyBoundary: 'Cable terminal of the customer switch room',
};

describe('planning service (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let tap: EventTap;
  let bus: TestPublisher;
  let dataSource: DataSource;
  const tokens: Record<string, string> = {};

  const call = async (name: MutationName, token: string, input: Record<string, unknown>) =>
    graphql<Record<string, { id: string; planningStatus: string | null }>>(service.url, MUTATIONS[name], { input }, token);

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
  const readCase = (token: string, id = CASE_ID) => readCaseEntity(service.url, token, id, CASE_FIELDS);

  const publishToExchange = (event: CloudEvent) => bus.publish(event);

  const planningEvents = () => tap.messages.filter((m) => m.routingKey.startsWith('planning.'));

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, '#');
    service = await startServiceInProcess(run, planningService, (config) => AppModule.forRoot(config));
    dataSource = service.app.get(DataSource);
    // The app is returned before its consumer has declared and bound its queue; /health/ready says when it has.
    const ready = service.url.replace(/\/graphql$/, '/health/ready');
    await waitFor('the service to be ready', async () => (await fetch(ready)).ok);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    const mint = (sub: string, role: Parameters<TestRun['token']>[0]['roles'][number], actsFor?: string[]) =>
      run.token({ sub, roles: [role], actsFor });
    Object.assign(tokens, {
      surveyor: await mint('surveyor-1', 'surveyor'),
      planner: await mint('planner-1', 'planner'),
      approver: await mint('approver-1', 'approver'),
      secondApprover: await mint('approver-2', 'approver'),
      auditor: await mint('auditor-1', 'auditor'),
      customer: await mint(CUSTOMER_ID, 'customer'),
      otherCustomer: await mint(OTHER_CUSTOMER_ID, 'customer'),
      agent: await mint('agent-1', 'agent', [CUSTOMER_ID]),
      strangerAgent: await mint('agent-2', 'agent', [OTHER_CUSTOMER_ID]),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.close();
    await bus?.close();
    await run.cleanUp(['planning']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('opens one planning case per accepted application, however often the event arrives', async () => {
    const event = createEvent('intake.application.accepted.v1', accepted, { source: '/yekuo/intake' });
    const consumer = service.app.get(AmqpEventsServer);
    await publishToExchange(event);
    const row = await waitFor('the planning case', async () => {
      const [found] = await dataSource.query<Record<string, unknown>[]>('SELECT * FROM planning_case WHERE case_id = $1', [CASE_ID]);
      return found;
    });
    expect(row).toMatchObject({
      case_number: CASE_NUMBER,
      customer_id: CUSTOMER_ID,
      category: 'HV_SINGLE_SOURCE',
      policy_version: '2020-01',
      region_code: '310115',
      capacity_kva: '630',
      voltage_level: 'AC10KV',
      supply_sources: 1,
      status: 'AWAITING_SURVEY',
    });

    // The same event redelivered (inbox), and a second acceptance event for the same case (ON CONFLICT).
    await publishToExchange(event);
    await publishToExchange(createEvent('intake.application.accepted.v1', accepted, { source: '/yekuo/intake' }));
    await waitFor('three deliveries handled', () => consumer.stats.handled >= 3);
    expect(consumer.stats.deadLettered).toBe(0);

    const [{ cases }] = await dataSource.query<{ cases: number }[]>('SELECT count(*)::int AS cases FROM planning_case WHERE case_id = $1', [
      CASE_ID,
    ]);
    expect(cases).toBe(1);
    const opened = await dataSource.query<{ actor_id: string; actor_role: string; data: Record<string, unknown> }[]>(
      `SELECT actor_id, actor_role, data FROM audit_record WHERE case_id = $1 AND action = 'planning.case.opened'`,
      [CASE_ID],
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      actor_id: 'clerk-1',
      actor_role: 'intake-clerk',
      data: { eventId: event.id, caseNumber: CASE_NUMBER },
    });
    const inbox = await dataSource.query<unknown[]>(`SELECT event_id FROM inbox_message WHERE consumer = 'planning'`);
    expect(inbox).toHaveLength(2);

    expect(await readCase(tokens.planner)).toMatchObject({
      id: CASE_ID,
      planningStatus: 'AWAITING_SURVEY',
      survey: null,
      scheme: null,
      schemeVersions: [],
      recommendedConstructionUnits: null,
    });
  });

  it('reports every invalid input field at once', async () => {
    const schedule = await failure('scheduleSurvey', tokens.surveyor, { caseId: 'not-a-uuid', surveyorId: '  ', appointmentAt: 'someday' });
    expect(schedule.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(schedule.extensions?.fields?.map((f) => f.field))).toEqual(
      new Set(['input.caseId', 'input.surveyorId', 'input.appointmentAt']),
    );

    // Values outside the VoltageLevel, MeteringMethod and TariffCategory enums are refused by GraphQL, one error each.
    const outsideEnums = await call('draftScheme', tokens.planner, {
      ...DRAFT,
      voltageLevel: 'AC999V',
      meteringMethod: 'BY_GUESS',
      tariffCategory: 'FREE',
    });
    expect(outsideEnums.data ?? null).toBeNull();
    expect(outsideEnums.errors?.map((e) => [e.extensions?.code, e.message.match(/does not exist in "(\w+)" enum/)?.[1]]).sort()).toEqual([
      ['BAD_USER_INPUT', 'MeteringMethod'],
      ['BAD_USER_INPUT', 'TariffCategory'],
      ['BAD_USER_INPUT', 'VoltageLevel'],
    ]);

    const draft = await failure('draftScheme', tokens.planner, {
      ...DRAFT,
      capacityKva: -5,
      supplySources: 3,
      supplyPoints: [],
      propertyBoundary: ' ',
    });
    expect(draft.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(draft.extensions?.fields?.map((f) => f.field))).toEqual(
      new Set(['input.capacityKva', 'input.supplySources', 'input.supplyPoints', 'input.propertyBoundary']),
    );

    const reject = await failure('rejectScheme', tokens.approver, { caseId: CASE_ID, reason: '   ' });
    expect(reject.extensions?.fields?.map((f) => f.field)).toEqual(['input.reason']);

    const reply = await failure('replyScheme', tokens.planner, { caseId: CASE_ID, validUntil: '2020-01-01T00:00:00Z' });
    expect(reply.extensions?.fields).toEqual([{ field: 'input.validUntil', message: 'validUntil must be in the future' }]);
  });

  it('refuses wrong roles (FORBIDDEN), unknown or foreign cases (NOT_FOUND) and steps out of order (INVALID_TRANSITION)', async () => {
    const appointmentAt = '2026-12-01T02:00:00Z';
    expect(
      (await failure('recordSurvey', tokens.planner, { caseId: CASE_ID, siteConditions: 'x', supplyPointOptions: ['a'] })).extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await failure('scheduleSurvey', tokens.customer, { caseId: CASE_ID, surveyorId: 's', appointmentAt })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await failure('approveScheme', tokens.planner, { caseId: CASE_ID })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('confirmScheme', tokens.planner, { caseId: CASE_ID })).extensions?.code).toBe('FORBIDDEN');

    const unknown = await failure('scheduleSurvey', tokens.surveyor, { caseId: randomUUID(), surveyorId: 'surveyor-1', appointmentAt });
    expect(unknown.extensions?.code).toBe('NOT_FOUND');

    const early = await failure('recordSurvey', tokens.surveyor, { caseId: CASE_ID, siteConditions: 'x', supplyPointOptions: ['a'] });
    expect(early.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AWAITING_SURVEY', requires: ['SURVEY_SCHEDULED'] });
    const draftEarly = await failure('draftScheme', tokens.planner, DRAFT);
    expect(draftEarly.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_SURVEY',
      requires: ['SURVEYED', 'SCHEME_REJECTED', 'SCHEME_CHANGE_REQUESTED'],
    });
    // A foreign customer learns nothing, not even that the case exists.
    expect((await failure('confirmScheme', tokens.otherCustomer, { caseId: CASE_ID })).extensions?.code).toBe('NOT_FOUND');

    expect(await readCase(tokens.planner)).toMatchObject({ planningStatus: 'AWAITING_SURVEY' });
  });

  it('walks survey and scheme to confirmation, keeping every scheme version', async () => {
    expect(
      await ok('scheduleSurvey', tokens.surveyor, { caseId: CASE_ID, surveyorId: 'surveyor-1', appointmentAt: '2026-12-01T02:00:00Z' }),
    ).toEqual({
      id: CASE_ID,
      planningStatus: 'SURVEY_SCHEDULED',
    });
    // Rescheduled by the planner.
    expect(
      await ok('scheduleSurvey', tokens.planner, { caseId: CASE_ID, surveyorId: 'surveyor-2', appointmentAt: '2026-12-02T06:30:00+08:00' }),
    ).toEqual({
      id: CASE_ID,
      planningStatus: 'SURVEY_SCHEDULED',
    });
    expect(
      await ok('recordSurvey', tokens.surveyor, {
        caseId: CASE_ID,
        siteConditions: 'Overhead 10kV line 300 m away; room for a 800 kVA switch room',
        supplyPointOptions: ['10kV feeder 12 of Zhangjiang substation', '10kV feeder 7 of Gaoke substation'],
        transformerCapacityKva: 1250.5,
      }),
    ).toMatchObject({ planningStatus: 'SURVEYED' });

    expect(await ok('draftScheme', tokens.planner, DRAFT)).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    // The customer does not see drafts under internal review.
    expect(await readCase(tokens.customer)).toMatchObject({ planningStatus: 'SCHEME_DRAFTED', scheme: null, schemeVersions: [] });

    expect(
      await ok('rejectScheme', tokens.approver, { caseId: CASE_ID, reason: 'Capacity exceeds what feeder 12 can carry' }),
    ).toMatchObject({
      planningStatus: 'SCHEME_REJECTED',
    });
    const approveRejected = await failure('approveScheme', tokens.approver, { caseId: CASE_ID });
    expect(approveRejected.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_REJECTED',
      requires: ['SCHEME_DRAFTED'],
    });

    expect(await ok('draftScheme', tokens.planner, { ...DRAFT, capacityKva: 630 })).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    // 10 kV walks two approval levels. Five approvals at once by the same person: the row lock lets exactly one
    // through (level 1, one event out); the others are refused, since one person cannot sign two levels.
    const approvals = await Promise.all(Array.from({ length: 5 }, () => call('approveScheme', tokens.approver, { caseId: CASE_ID })));
    expect(approvals.filter((r) => !r.errors).map((r) => r.data?.approveScheme.planningStatus)).toEqual(['SCHEME_DRAFTED']);
    const refused = approvals.flatMap((r) => r.errors ?? []);
    expect(refused.map((e) => e.extensions?.code)).toEqual(Array.from({ length: 4 }, () => 'FORBIDDEN'));
    expect(refused[0].message).toMatch(/approver-1 already approved level 1 of this version; level 2 .* needs a different approver/);
    expect(await ok('approveScheme', tokens.secondApprover, { caseId: CASE_ID })).toMatchObject({ planningStatus: 'SCHEME_APPROVED' });
    const approveTwice = await failure('approveScheme', tokens.secondApprover, { caseId: CASE_ID });
    expect(approveTwice.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_APPROVED',
      requires: ['SCHEME_DRAFTED'],
    });
    const confirmEarly = await failure('confirmScheme', tokens.customer, { caseId: CASE_ID });
    expect(confirmEarly.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_APPROVED',
      requires: ['SCHEME_REPLIED'],
    });
    expect(await ok('replyScheme', tokens.planner, { caseId: CASE_ID, validUntil: '2027-12-31T16:00:00Z' })).toMatchObject({
      planningStatus: 'SCHEME_REPLIED',
    });

    expect((await failure('confirmScheme', tokens.strangerAgent, { caseId: CASE_ID })).extensions?.code).toBe('NOT_FOUND');
    expect(await ok('confirmScheme', tokens.customer, { caseId: CASE_ID })).toEqual({ id: CASE_ID, planningStatus: 'SCHEME_CONFIRMED' });
    const again = await failure('confirmScheme', tokens.agent, { caseId: CASE_ID });
    expect(again.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SCHEME_CONFIRMED', requires: ['SCHEME_REPLIED'] });

    const staffView = await readCase(tokens.planner);
    expect(staffView.survey).toEqual({
      caseId: CASE_ID,
      surveyorId: 'surveyor-2',
      appointmentAt: '2026-12-01T22:30:00.000Z',
      scheduledBy: 'planner-1',
      completedAt: expect.any(String),
      completedBy: 'surveyor-1',
      siteConditions: 'Overhead 10kV line 300 m away; room for a 800 kVA switch room',
      supplyPointOptions: ['10kV feeder 12 of Zhangjiang substation', '10kV feeder 7 of Gaoke substation'],
      transformerCapacityKva: 1250.5,
    });
    expect(staffView.schemeVersions).toEqual([
      expect.objectContaining({
        version: 1,
        status: 'REJECTED',
        rejectedBy: 'approver-1',
        rejectionReason: 'Capacity exceeds what feeder 12 can carry',
        approvedBy: null,
      }),
      expect.objectContaining({
        version: 2,
        status: 'CONFIRMED',
        approvedBy: 'approver-2',
        approvals: [
          expect.objectContaining({ level: 1, approvedBy: 'approver-1', role: 'APPROVER', ruleId: null }),
          expect.objectContaining({ level: 2, approvedBy: 'approver-2', role: 'APPROVER', ruleId: null }),
        ],
        confirmedBy: CUSTOMER_ID,
        rejectionReason: null,
      }),
    ]);
    expect(staffView.schemeVersions[0].id).not.toBe(staffView.schemeVersions[1].id);
    expect(staffView.scheme).toMatchObject({
      version: 2,
      status: 'CONFIRMED',
      voltageLevel: 'AC10KV',
      capacityKva: 630,
      supplySources: 1,
      supplyPoints: DRAFT.supplyPoints,
      meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
      tariffCategory: 'LARGE_INDUSTRIAL',
      propertyBoundary: DRAFT.propertyBoundary,
      draftedBy: 'planner-1',
      repliedBy: 'planner-1',
      validUntil: '2027-12-31T16:00:00.000Z',
      confirmedBy: CUSTOMER_ID,
      confirmedAt: expect.any(String),
    });

    // The customer and their agent see what was replied; strangers see nothing.
    const customerView = await readCase(tokens.customer);
    expect(customerView).toMatchObject({ planningStatus: 'SCHEME_CONFIRMED', scheme: { version: 2, status: 'CONFIRMED' } });
    expect(customerView.schemeVersions.map((v: { version: number }) => v.version)).toEqual([2]);
    expect(await readCase(tokens.agent)).toMatchObject({ planningStatus: 'SCHEME_CONFIRMED', scheme: { version: 2 } });
    for (const stranger of [tokens.otherCustomer, tokens.strangerAgent]) {
      expect(await readCase(stranger)).toEqual({
        id: CASE_ID,
        planningStatus: null,
        survey: null,
        scheme: null,
        schemeVersions: [],
        recommendedConstructionUnits: null,
      });
    }
    const [times] = await dataSource.query<{ created_at: Date; updated_at: Date }[]>(
      'SELECT created_at, updated_at FROM planning_case WHERE case_id = $1',
      [CASE_ID],
    );
    expect(times.updated_at.getTime()).toBeGreaterThan(times.created_at.getTime());
    // An unknown case reads as empty.
    expect(await readCase(tokens.planner, randomUUID())).toMatchObject({
      planningStatus: null,
      survey: null,
      scheme: null,
      schemeVersions: [],
    });
  });

  it('keeps a valid audit chain, readable by auditors only', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { planningAudit { valid length firstBroken { seq id reason } } } } }`;
    const audited = await graphql<{ _entities: { planningAudit: unknown }[] }>(
      service.url,
      query,
      { r: [{ __typename: 'Case', id: CASE_ID }] },
      tokens.auditor,
    );
    expect(audited.errors).toBeUndefined();
    // planning.case.opened + 11 published events + the scheme clock's start and stop.
    expect(audited.data!._entities[0].planningAudit).toEqual({ valid: true, length: 14, firstBroken: null });

    const denied = await graphql(service.url, query, { r: [{ __typename: 'Case', id: CASE_ID }] }, tokens.planner);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('published each planning event exactly once, valid against the catalog', async () => {
    const expected = [
      'planning.survey.scheduled.v1',
      'planning.survey.scheduled.v1',
      'planning.survey.completed.v1',
      'planning.recommendation.issued.v1',
      'planning.scheme.drafted.v1',
      'planning.scheme.rejected.v1',
      'planning.scheme.drafted.v1',
      'planning.scheme.approved.v1',
      'planning.scheme.approved.v1',
      'planning.scheme.replied.v1',
      'planning.scheme.confirmed.v1',
      'planning.timelimit.started.v1',
      'planning.timelimit.stopped.v1',
    ];
    await waitFor('every planning event on the exchange', () => planningEvents().length >= expected.length);
    // Give a duplicate (a relay resend) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const events = planningEvents().map((m) => parseEvent(m.body));
    expect(events.map((e) => e.type).sort()).toEqual([...expected].sort());
    expect(new Set(events.map((e) => e.id)).size).toBe(expected.length);
    for (const event of events) {
      expect(event).toMatchObject({ subject: CASE_ID, source: '/yekuo/planning' });
      expect(event.data).toMatchObject({ caseId: CASE_ID, caseNumber: CASE_NUMBER, customerId: CUSTOMER_ID, category: 'HV_SINGLE_SOURCE' });
    }
    const byType = (type: string) => events.filter((e) => e.type === type).sort((a, b) => a.time.localeCompare(b.time));

    const [first, second] = byType('planning.survey.scheduled.v1');
    expect(first.data).toMatchObject({
      actor: { id: 'surveyor-1', role: 'surveyor' },
      surveyorId: 'surveyor-1',
      appointmentAt: '2026-12-01T02:00:00.000Z',
    });
    expect(second.data).toMatchObject({
      actor: { id: 'planner-1', role: 'planner' },
      surveyorId: 'surveyor-2',
      nextAction: { role: 'surveyor', team: 'survey-east' },
    });
    expect(byType('planning.survey.completed.v1')[0].data).toMatchObject({ nextAction: { role: 'planner', team: 'planning' } });
    const drafts = byType('planning.scheme.drafted.v1');
    expect(drafts.map((e) => (e.data as EventPayload<'planning.scheme.drafted.v1'>).version)).toEqual([1, 2]);
    expect(drafts[1].data).toMatchObject({ capacityKva: 630, nextAction: { role: 'approver' } });
    expect(byType('planning.scheme.rejected.v1')[0].data).toMatchObject({
      version: 1,
      reason: 'Capacity exceeds what feeder 12 can carry',
      actor: { id: 'approver-1', role: 'approver' },
      nextAction: { role: 'planner' },
    });
    expect(byType('planning.scheme.approved.v1').map((e) => e.data)).toEqual([
      expect.objectContaining({
        version: 2,
        level: 1,
        final: false,
        actor: { id: 'approver-1', role: 'approver' },
        nextAction: expect.objectContaining({ role: 'approver' }),
      }),
      expect.objectContaining({
        version: 2,
        level: 2,
        final: true,
        actor: { id: 'approver-2', role: 'approver' },
        nextAction: expect.objectContaining({ role: 'planner' }),
      }),
    ]);
    // No unit is registered in this run: the recommendation says so rather than offering fewer silently.
    expect(byType('planning.recommendation.issued.v1')[0].data).toMatchObject({ units: [], fewerThanThree: true });
    expect(byType('planning.scheme.replied.v1')[0].data).toMatchObject({
      version: 2,
      validUntil: '2027-12-31T16:00:00.000Z',
      nextAction: { role: 'customer' },
    });
    expect(byType('planning.scheme.confirmed.v1')[0].data).toMatchObject({
      schemeId: drafts[1].data && (drafts[1].data as EventPayload<'planning.scheme.drafted.v1'>).schemeId,
      version: 2,
      actor: { id: CUSTOMER_ID, role: 'customer' },
      supplyPoints: DRAFT.supplyPoints,
      propertyBoundary: DRAFT.propertyBoundary,
      // High voltage: the customer's design review comes next.
      nextAction: { role: 'customer' },
    });

    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  });
});
