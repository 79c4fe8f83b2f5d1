import { randomUUID } from 'node:crypto';
import { EventPayload, parseEvent } from '@yekuo/events';
import { ServiceHarness } from '@yekuo/testing';
import { kwToKva, TimeLimitPolicy } from '@yekuo/timelimits';
import {
  call,
  CASES,
  customerOf,
  databaseOf,
  failure,
  HV10_DRAFT,
  HV35_DRAFT,
  LV_DRAFT,
  newCase,
  ok,
  open,
  readCase,
  startPlanning,
  SURVEY,
  SURVEYOR,
  surveyed,
  WALK,
  WALK_FIELDS,
  walkedToConfirmation,
} from '../testing/planning.fixtures';

jest.setTimeout(120_000);

describe('scheme: drafting, the rules, approval chains, the reply and the customer’s answer (real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startPlanning();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('reports every invalid input field at once', async () => {
    const c = CASES.HV10();
    await open(h, c, WALK.accepted);
    const [surveyor, planner, approver] = [h.as('surveyor'), h.as('planner'), h.as('approver')];
    const DRAFT = HV10_DRAFT(c.id);

    const schedule = await failure('scheduleSurvey', surveyor, { caseId: 'not-a-uuid', surveyorId: '  ', appointmentAt: 'someday' });
    expect(schedule.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(schedule.extensions?.fields?.map((f) => f.field))).toEqual(
      new Set(['input.caseId', 'input.surveyorId', 'input.appointmentAt']),
    );

    // Values outside the VoltageLevel, MeteringMethod and TariffCategory enums are refused by GraphQL, one error each.
    const outsideEnums = await call('draftScheme', planner, {
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

    const draft = await failure('draftScheme', planner, {
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

    const reject = await failure('rejectScheme', approver, { caseId: c.id, reason: '   ' });
    expect(reject.extensions?.fields?.map((f) => f.field)).toEqual(['input.reason']);

    const reply = await failure('replyScheme', planner, { caseId: c.id, validUntil: '2020-01-01T00:00:00Z' });
    expect(reply.extensions?.fields).toEqual([{ field: 'input.validUntil', message: 'validUntil must be in the future' }]);
  });

  it('walks survey and scheme to confirmation, keeping every scheme version', async () => {
    const c = CASES.HV10();
    await open(h, c, WALK.accepted);
    const CASE_ID = c.id;
    const CUSTOMER_ID = c.customerId;
    const DRAFT = HV10_DRAFT(c.id);
    const [surveyor, planner, approver, secondApprover] = [
      h.as('surveyor'),
      h.as('planner'),
      h.as('approver'),
      h.as('approver', { sub: 'approver-2' }),
    ];
    const customer = customerOf(h, c);
    const agent = h.as('agent', { sub: 'agent-1', actsFor: [CUSTOMER_ID] });
    const otherCustomerId = randomUUID();
    const otherCustomer = h.as('customer', { sub: otherCustomerId });
    const strangerAgent = h.as('agent', { sub: 'agent-2', actsFor: [otherCustomerId] });

    expect(
      await ok('scheduleSurvey', surveyor, { caseId: CASE_ID, surveyorId: 'surveyor-1', appointmentAt: '2026-12-01T02:00:00Z' }),
    ).toEqual({
      id: CASE_ID,
      planningStatus: 'SURVEY_SCHEDULED',
    });
    // Rescheduled by the planner.
    expect(
      await ok('scheduleSurvey', planner, { caseId: CASE_ID, surveyorId: 'surveyor-2', appointmentAt: '2026-12-02T06:30:00+08:00' }),
    ).toEqual({
      id: CASE_ID,
      planningStatus: 'SURVEY_SCHEDULED',
    });
    expect(await ok('recordSurvey', surveyor, WALK.survey(CASE_ID))).toMatchObject({ planningStatus: 'SURVEYED' });

    expect(await ok('draftScheme', planner, DRAFT)).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    // The customer does not see drafts under internal review.
    expect(await readCase(customer, CASE_ID, WALK_FIELDS)).toMatchObject({
      planningStatus: 'SCHEME_DRAFTED',
      scheme: null,
      schemeVersions: [],
    });

    expect(await ok('rejectScheme', approver, { caseId: CASE_ID, reason: 'Capacity exceeds what feeder 12 can carry' })).toMatchObject({
      planningStatus: 'SCHEME_REJECTED',
    });
    const approveRejected = await failure('approveScheme', approver, { caseId: CASE_ID });
    expect(approveRejected.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_REJECTED',
      requires: ['SCHEME_DRAFTED'],
    });

    expect(await ok('draftScheme', planner, { ...DRAFT, capacityKva: 630 })).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    // 10 kV walks two approval levels. Five approvals at once by the same person: the row lock lets exactly one
    // through (level 1, one event out); the others are refused, since one person cannot sign two levels.
    const approvals = await Promise.all(Array.from({ length: 5 }, () => call('approveScheme', approver, { caseId: CASE_ID })));
    expect(approvals.filter((r) => !r.errors).map((r) => r.data?.approveScheme.planningStatus)).toEqual(['SCHEME_DRAFTED']);
    const refused = approvals.flatMap((r) => r.errors ?? []);
    expect(refused.map((e) => e.extensions?.code)).toEqual(Array.from({ length: 4 }, () => 'FORBIDDEN'));
    expect(refused[0].message).toMatch(/approver-1 already approved level 1 of this version; level 2 .* needs a different approver/);
    expect(await ok('approveScheme', secondApprover, { caseId: CASE_ID })).toMatchObject({ planningStatus: 'SCHEME_APPROVED' });
    const approveTwice = await failure('approveScheme', secondApprover, { caseId: CASE_ID });
    expect(approveTwice.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_APPROVED',
      requires: ['SCHEME_DRAFTED'],
    });
    const confirmEarly = await failure('confirmScheme', customer, { caseId: CASE_ID });
    expect(confirmEarly.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_APPROVED',
      requires: ['SCHEME_REPLIED'],
    });
    expect(await ok('replyScheme', planner, { caseId: CASE_ID, validUntil: '2027-12-31T16:00:00Z' })).toMatchObject({
      planningStatus: 'SCHEME_REPLIED',
    });

    expect((await failure('confirmScheme', strangerAgent, { caseId: CASE_ID })).extensions?.code).toBe('NOT_FOUND');
    expect(await ok('confirmScheme', customer, { caseId: CASE_ID })).toEqual({ id: CASE_ID, planningStatus: 'SCHEME_CONFIRMED' });
    const again = await failure('confirmScheme', agent, { caseId: CASE_ID });
    expect(again.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SCHEME_CONFIRMED', requires: ['SCHEME_REPLIED'] });

    const staffView = await readCase(planner, CASE_ID, WALK_FIELDS);
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
    const customerView = await readCase(customer, CASE_ID, WALK_FIELDS);
    expect(customerView).toMatchObject({ planningStatus: 'SCHEME_CONFIRMED', scheme: { version: 2, status: 'CONFIRMED' } });
    expect(customerView.schemeVersions.map((v: { version: number }) => v.version)).toEqual([2]);
    expect(await readCase(agent, CASE_ID, WALK_FIELDS)).toMatchObject({ planningStatus: 'SCHEME_CONFIRMED', scheme: { version: 2 } });
    for (const stranger of [otherCustomer, strangerAgent]) {
      expect(await readCase(stranger, CASE_ID, WALK_FIELDS)).toEqual({
        id: CASE_ID,
        planningStatus: null,
        survey: null,
        scheme: null,
        schemeVersions: [],
        recommendedConstructionUnits: null,
      });
    }
    const [times] = await databaseOf(h).query<{ created_at: Date; updated_at: Date }[]>(
      'SELECT created_at, updated_at FROM planning_case WHERE case_id = $1',
      [CASE_ID],
    );
    expect(times.updated_at.getTime()).toBeGreaterThan(times.created_at.getTime());
    // An unknown case reads as empty.
    expect(await readCase(planner, randomUUID(), WALK_FIELDS)).toMatchObject({
      planningStatus: null,
      survey: null,
      scheme: null,
      schemeVersions: [],
    });
  });

  it('published each planning event exactly once, valid against the catalog', async () => {
    const c = CASES.HV10();
    await walkedToConfirmation(h, c);
    const [CASE_ID, CASE_NUMBER, CUSTOMER_ID] = [c.id, c.number, c.customerId];
    const DRAFT = HV10_DRAFT(c.id);
    /** Every planning event on the exchange that carries this case. */
    const planningEvents = () =>
      h.tap.messages
        .filter((m) => m.routingKey.startsWith('planning.'))
        .map((m) => parseEvent(m.body))
        .filter((e) => (e.data as { caseId?: string }).caseId === CASE_ID);

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
    await h.waitFor('every planning event on the exchange', () => planningEvents().length >= expected.length);
    // Give a duplicate (a relay resend) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const events = planningEvents();
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
    // No unit is registered in this service's run: the recommendation says so rather than offering fewer silently.
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

    const [{ pending }] = await databaseOf(h).query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  });

  it('refuses a scheme that breaks the rules, naming every rule and field at once', async () => {
    const TWO = CASES.TWO();
    await surveyed(h, TWO);
    const planner = h.as('planner');
    const broken = await failure('draftScheme', planner, {
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
    expect((await readCase(planner, TWO.id)).planningStatus).toBe('SURVEYED');
  });

  it('judges SR-VOLT-LV by the ceiling of the case’s jurisdiction and policy version: a Shanghai shop of 120 kW is low voltage under the reform', async () => {
    const shanghai = TimeLimitPolicy.fromFile().lvCeiling('shanghai', new Date('2026-12-07T10:00:00+08:00'));
    // 120 kW of load at the power factor of the data: 141.18 kVA.
    const capacityKva = Math.round(kwToKva(120, shanghai.powerFactor) * 100) / 100;
    expect(capacityKva).toBe(141.18);
    const reform = newCase('LV_NON_RESIDENTIAL', 'AC380V', capacityKva, '310101');
    const preReform = newCase('LV_NON_RESIDENTIAL', 'AC380V', capacityKva, '310101');
    await open(h, reform, { policyVersion: '2024-12' });
    await open(h, preReform, { policyVersion: '2020-01' });
    await surveyed(h, reform, { opened: true });
    await surveyed(h, preReform, { opened: true });
    const planner = h.as('planner');

    await ok('draftScheme', planner, { ...LV_DRAFT(reform.id), capacityKva });
    expect((await readCase(planner, reform.id)).scheme).toMatchObject({ voltageLevel: 'AC380V', capacityKva, status: expect.any(String) });

    // Accepted under the pre-reform version, the same shop has the national default of 100 kVA.
    const refused = await failure('draftScheme', planner, { ...LV_DRAFT(preReform.id), capacityKva });
    expect(refused.extensions?.code).toBe('VALIDATION_FAILED');
    expect(refused.extensions?.violations).toEqual([
      {
        rule: 'SR-VOLT-10KV',
        field: 'input.voltageLevel',
        message: expect.stringContaining(
          'above the low-voltage ceiling of the national default (up to 100 kVA): 141.18 kVA needs AC10KV or AC20KV, not AC380V',
        ),
      },
    ]);
    expect((await readCase(planner, preReform.id)).planningStatus).toBe('SURVEYED');
  });

  it('walks the 35 kV chain through three different approvers; a change request makes the next version, the wait is customer time', async () => {
    const HV35 = CASES.HV35();
    await open(h, HV35);
    const [surveyor, planner, hvCustomer] = [h.as('surveyor', SURVEYOR), h.as('planner'), customerOf(h, HV35)];
    const [approver1, approver2, approver3] = ['approver-1', 'approver-2', 'approver-3'].map((sub) => h.as('approver', { sub }));

    await ok('scheduleSurvey', surveyor, { caseId: HV35.id, surveyorId: 'surveyor-east-2', appointmentAt: '2026-12-03T01:00:00Z' });
    await ok('recordSurvey', surveyor, { ...SURVEY(HV35.id), supplyPointOptions: ['35 kV bay 4 of Zhangjiang substation'] });
    const draft = HV35_DRAFT(HV35.id);
    await ok('draftScheme', planner, draft);
    expect(await ok('approveScheme', approver1, { caseId: HV35.id })).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    const same = await failure('approveScheme', approver1, { caseId: HV35.id });
    expect(same.extensions?.code).toBe('FORBIDDEN');
    expect(same.message).toContain('needs a different approver');
    expect(await ok('approveScheme', approver2, { caseId: HV35.id })).toMatchObject({ planningStatus: 'SCHEME_DRAFTED' });
    expect((await failure('approveScheme', approver2, { caseId: HV35.id })).extensions?.code).toBe('FORBIDDEN');
    expect(await ok('approveScheme', approver3, { caseId: HV35.id })).toMatchObject({ planningStatus: 'SCHEME_APPROVED' });
    const before = Date.now();
    await ok('replyScheme', planner, { caseId: HV35.id });

    const replied = await readCase(hvCustomer, HV35.id);
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

    expect((await failure('requestSchemeChange', planner, { caseId: HV35.id, reason: 'x' })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('requestSchemeChange', hvCustomer, { caseId: HV35.id, reason: ' ' })).extensions?.fields).toEqual([
      { field: 'input.reason', message: 'reason must not be blank' },
    ]);
    expect(await ok('requestSchemeChange', hvCustomer, { caseId: HV35.id, reason: 'Move the supply point to bay 6' })).toMatchObject({
      planningStatus: 'SCHEME_CHANGE_REQUESTED',
    });
    expect((await failure('confirmScheme', hvCustomer, { caseId: HV35.id })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SCHEME_CHANGE_REQUESTED',
    });
    expect(await ok('draftScheme', planner, { ...draft, supplyPoints: ['35 kV bay 6 of Zhangjiang substation'] })).toMatchObject({
      planningStatus: 'SCHEME_DRAFTED',
    });

    const staff = await readCase(planner, HV35.id);
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
    expect((await readCase(hvCustomer, HV35.id)).schemeVersions.map((v: { version: number }) => v.version)).toEqual([1]);

    const approved = await h.waitFor('three approvals announced', () => {
      const events = h.eventsOf(HV35.id, 'planning.scheme.approved.v1');
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
});
