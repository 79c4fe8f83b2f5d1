import { randomUUID } from 'node:crypto';
import { Logger } from 'typeorm';
import { OutboxRelay } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import {
  accepted,
  acceptedOf,
  CASES,
  customerOf,
  databaseOf,
  failure,
  HV10_DRAFT,
  HV35_DRAFT,
  LV_DRAFT,
  MutationName,
  newCase,
  ok,
  open,
  readCase,
  registerUnits,
  scheduled,
  startPlanning,
  SURVEY,
  SURVEYOR,
  surveyed,
  TestCase,
  WALK,
  WALK_FIELDS,
  walkedToConfirmation,
  withdrawn,
} from '../testing/planning.fixtures';

jest.setTimeout(120_000);

describe('planning case: the copy of a case, who may act on it, its audit chain and how it is read (real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startPlanning();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const db = () => databaseOf(h);

  it('opens one planning case per accepted application, however often the event arrives', async () => {
    const c = CASES.HV10();
    const payload = acceptedOf(c, WALK.accepted);
    const event = h.event('intake.application.accepted.v1', payload);
    const handledBefore = h.handled;
    await h.publish(event);
    const row = await h.waitFor('the planning case', async () => {
      const [found] = await db().query<Record<string, unknown>[]>('SELECT * FROM planning_case WHERE case_id = $1', [c.id]);
      return found;
    });
    expect(row).toMatchObject({
      case_number: c.number,
      customer_id: c.customerId,
      category: 'HV_SINGLE_SOURCE',
      policy_version: '2020-01',
      region_code: '310115',
      capacity_kva: '630',
      voltage_level: 'AC10KV',
      supply_sources: 1,
      status: 'AWAITING_SURVEY',
    });

    // The same event redelivered (inbox), and a second acceptance event for the same case (ON CONFLICT).
    const second = h.event('intake.application.accepted.v1', payload);
    await h.publish(event);
    await h.publish(second);
    await h.waitFor('three deliveries handled', () => h.handled >= handledBefore + 3);
    expect(h.consumer.stats.deadLettered).toBe(0);

    const [{ cases }] = await db().query<{ cases: number }[]>('SELECT count(*)::int AS cases FROM planning_case WHERE case_id = $1', [
      c.id,
    ]);
    expect(cases).toBe(1);
    const opened = await db().query<{ actor_id: string; actor_role: string; data: Record<string, unknown> }[]>(
      `SELECT actor_id, actor_role, data FROM audit_record WHERE case_id = $1 AND action = 'planning.case.opened'`,
      [c.id],
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      actor_id: 'clerk-1',
      actor_role: 'intake-clerk',
      data: { eventId: event.id, caseNumber: c.number },
    });
    // The inbox keeps the two events once each (the redelivery is not recorded again).
    const inbox = await db().query<unknown[]>(`SELECT event_id FROM inbox_message WHERE consumer = 'planning' AND event_id = ANY($1)`, [
      [event.id, second.id],
    ]);
    expect(inbox).toHaveLength(2);

    expect(await readCase(h.as('planner'), c.id, WALK_FIELDS)).toMatchObject({
      id: c.id,
      planningStatus: 'AWAITING_SURVEY',
      survey: null,
      scheme: null,
      schemeVersions: [],
      recommendedConstructionUnits: null,
    });
  });

  it('refuses wrong roles (FORBIDDEN), unknown or foreign cases (NOT_FOUND) and steps out of order (INVALID_TRANSITION)', async () => {
    const c = CASES.HV10();
    await open(h, c, WALK.accepted);
    const [surveyor, planner, customer] = [h.as('surveyor'), h.as('planner'), customerOf(h, c)];
    const otherCustomer = h.as('customer', { sub: randomUUID() });
    const appointmentAt = '2026-12-01T02:00:00Z';
    expect(
      (await failure('recordSurvey', planner, { caseId: c.id, siteConditions: 'x', supplyPointOptions: ['a'] })).extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await failure('scheduleSurvey', customer, { caseId: c.id, surveyorId: 's', appointmentAt })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await failure('approveScheme', planner, { caseId: c.id })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('confirmScheme', planner, { caseId: c.id })).extensions?.code).toBe('FORBIDDEN');

    const unknown = await failure('scheduleSurvey', surveyor, { caseId: randomUUID(), surveyorId: 'surveyor-1', appointmentAt });
    expect(unknown.extensions?.code).toBe('NOT_FOUND');

    const early = await failure('recordSurvey', surveyor, { caseId: c.id, siteConditions: 'x', supplyPointOptions: ['a'] });
    expect(early.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'AWAITING_SURVEY', requires: ['SURVEY_SCHEDULED'] });
    const draftEarly = await failure('draftScheme', planner, HV10_DRAFT(c.id));
    expect(draftEarly.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_SURVEY',
      requires: ['SURVEYED', 'SCHEME_REJECTED', 'SCHEME_CHANGE_REQUESTED'],
    });
    // A foreign customer learns nothing, not even that the case exists.
    expect((await failure('confirmScheme', otherCustomer, { caseId: c.id })).extensions?.code).toBe('NOT_FOUND');

    expect(await readCase(planner, c.id, WALK_FIELDS)).toMatchObject({ planningStatus: 'AWAITING_SURVEY' });
  });

  it('refuses every mutation to the roles it is not meant for (FORBIDDEN), changing nothing', async () => {
    // A surveyed case whose customer chose a recommended unit.
    const REC = CASES.REC();
    const units = await registerUnits(h);
    const recCustomer = customerOf(h, REC);
    await surveyed(h, REC);
    const offered = (await readCase(recCustomer, REC.id)).recommendedConstructionUnits.units[1];
    await ok('chooseConstructionUnit', recCustomer, { caseId: REC.id, unitId: offered.unitId });
    const callers = {
      surveyor: h.as('surveyor', SURVEYOR),
      planner: h.as('planner'),
      admin: h.as('admin'),
      approver1: h.as('approver'),
      recCustomer,
      // An agent acting for another customer.
      twoAgent: h.as('agent', { sub: 'agent-1', actsFor: [CASES.TWO().customerId] }),
    };

    const caseId = REC.id;
    const before = await readCase(callers.planner, caseId);
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
    const matrix: [MutationName, Record<string, unknown>, (keyof typeof callers)[]][] = [
      ['registerConstructionUnit', unit, ['surveyor', 'approver1', 'recCustomer', 'twoAgent']],
      ['updateConstructionUnit', { unitId: units.ids.A1, name: 'Z' }, ['surveyor', 'approver1', 'recCustomer']],
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
      ['chooseConstructionUnit', { caseId, unitId: units.ids.A1 }, ['planner', 'surveyor', 'admin']],
    ];
    for (const [name, input, denied] of matrix) {
      for (const who of denied) {
        const error = await failure(name, callers[who], input);
        expect([name, who, error.extensions?.code]).toEqual([name, who, 'FORBIDDEN']);
      }
    }
    expect(await readCase(callers.planner, caseId)).toEqual(before);
  });

  describe('the audit chain', () => {
    it('keeps a valid audit chain, readable by auditors only', async () => {
      const c = CASES.HV10();
      await walkedToConfirmation(h, c);
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { planningAudit { valid length firstBroken { seq id reason } } } } }`;
      const audited = await h
        .as('auditor')
        .raw<{ _entities: { planningAudit: unknown }[] }>(query, { r: [{ __typename: 'Case', id: c.id }] });
      expect(audited.errors).toBeUndefined();
      // planning.case.opened + 11 published events + the scheme clock's start and stop.
      expect(audited.data!._entities[0].planningAudit).toEqual({ valid: true, length: 14, firstBroken: null });

      const denied = await h.as('planner').raw(query, { r: [{ __typename: 'Case', id: c.id }] });
      expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('keeps every case audit chain valid and left nothing unpublished', async () => {
      const [LV, REC, TWO, HV35, WD, WD2, LATE] = [
        CASES.LV(),
        CASES.REC(),
        CASES.TWO(),
        CASES.HV35(),
        CASES.WD(),
        CASES.WD2(),
        CASES.LATE(),
      ];
      const [surveyor, planner] = [h.as('surveyor', SURVEYOR), h.as('planner')];
      await registerUnits(h);
      // LV residential: replied by rule with the survey; the customer asks for a change.
      await surveyed(h, LV);
      await ok('requestSchemeChange', customerOf(h, LV), { caseId: LV.id, reason: 'Please move the meter box' });
      // A recommended unit chosen; another qualified unit chosen by an agent.
      await surveyed(h, REC);
      const offered = (await readCase(customerOf(h, REC), REC.id)).recommendedConstructionUnits.units[0];
      await ok('chooseConstructionUnit', customerOf(h, REC), { caseId: REC.id, unitId: offered.unitId });
      await surveyed(h, TWO);
      await ok('chooseConstructionUnit', h.as('agent', { sub: 'agent-1', actsFor: [TWO.customerId] }), {
        caseId: TWO.id,
        otherUnit: { name: 'Jinqiao Installation Co', qualificationClass: 'CLASS_3', licenceNumber: 'J-3' },
      });
      // 35 kV: three approvals, the reply, a change request and the next draft.
      await surveyed(h, HV35, {
        schedule: { surveyorId: 'surveyor-east-2' },
        survey: { supplyPointOptions: ['35 kV bay 4 of Zhangjiang substation'] },
      });
      await ok('draftScheme', planner, HV35_DRAFT(HV35.id));
      for (const approver of ['approver-1', 'approver-2', 'approver-3']) {
        await ok('approveScheme', h.as('approver', { sub: approver }), { caseId: HV35.id });
      }
      await ok('replyScheme', planner, { caseId: HV35.id });
      await ok('requestSchemeChange', customerOf(h, HV35), { caseId: HV35.id, reason: 'Move the supply point to bay 6' });
      await ok('draftScheme', planner, { ...HV35_DRAFT(HV35.id), supplyPoints: ['35 kV bay 6 of Zhangjiang substation'] });
      // Withdrawn with a drafted scheme; withdrawn with an appointment the customer moved; withdrawn before its acceptance.
      await surveyed(h, WD);
      await ok('draftScheme', planner, LV_DRAFT(WD.id));
      await open(h, WD2);
      await scheduled(h, WD2, { appointmentAt: '2026-12-04T01:00:00Z' });
      await ok('rescheduleSurvey', surveyor, {
        caseId: WD2.id,
        appointmentAt: '2026-12-08T01:00:00Z',
        reason: 'Customer away until Monday',
        requestedBy: 'CUSTOMER',
      });
      await h.publishAndWait(
        withdrawn(h, WD, 'Project cancelled'),
        withdrawn(h, WD2, 'Moved abroad'),
        withdrawn(h, LATE, 'Changed my mind'),
      );
      await h.publishAndWait(accepted(h, LATE));

      const auditor = h.as('auditor');
      for (const c of [LV, REC, TWO, HV35, WD, WD2, LATE]) {
        const audit = await auditor.readCase(c.id, 'planningAudit { valid firstBroken { seq } }');
        expect(audit.planningAudit).toEqual({ valid: true, firstBroken: null });
      }
      await h.waitFor('the outbox drained', async () => {
        const [{ pending }] = await db().query<{ pending: number }[]>(
          'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
        );
        return pending === 0;
      });
    });
  });

  /**
   * Copies opened before events carried the region get it from intake's republished case facts;
   * applying them again (a second republish: new events, same facts) changes nothing.
   */
  describe("the copy's region and business type, from intake's case facts", () => {
    const facts = (c: TestCase, regionCode: string, businessType: string) =>
      h.event('intake.case.facts.v1', {
        caseId: c.id,
        caseNumber: c.number,
        customerId: c.customerId,
        category: 'LV_NON_RESIDENTIAL',
        policyVersion: '2020-01',
        actor: { id: 'admin-1', role: 'admin' },
        regionCode,
        businessType,
      });
    const copy = async (caseId: string) =>
      (
        await db().query<{ region_code: string | null; business_type: string | null; updated_at: Date }[]>(
          'SELECT region_code, business_type, updated_at FROM planning_case WHERE case_id = $1',
          [caseId],
        )
      )[0];

    it('fills what is missing once, never overwrites what the copy knows, and ignores cases it never heard of', async () => {
      const [OLD, KNOWN, NEVER] = [1, 2, 3].map(() => newCase('LV_NON_RESIDENTIAL', 'AC380V', 100, '310101'));
      await h.publish(accepted(h, KNOWN));
      // A withdrawal published before events carried the case's facts opens the copy cancelled, without them.
      await h.publish(withdrawn(h, OLD, 'Changed plans'));
      await h.waitFor('both copies', async () => (await copy(OLD.id)) && (await copy(KNOWN.id)));
      expect(await copy(OLD.id)).toMatchObject({ region_code: null, business_type: null });

      const handled = h.handled;
      await h.publish(facts(OLD, '310104', 'CAPACITY_INCREASE'));
      await h.publish(facts(KNOWN, '310115', 'TEMPORARY_SUPPLY'));
      await h.publish(facts(NEVER, '310104', 'NEW_CONNECTION'));
      await h.waitFor('three facts handled', () => h.handled >= handled + 3);
      expect(h.consumer.stats.deadLettered).toBe(0);

      const filled = await copy(OLD.id);
      expect(filled).toMatchObject({ region_code: '310104', business_type: 'CAPACITY_INCREASE' });
      expect(await copy(KNOWN.id)).toMatchObject({ region_code: '310101', business_type: 'NEW_CONNECTION' });
      // Of the three cases the facts name, planning keeps the two it had heard of.
      const [{ n }] = await db().query<{ n: number }[]>('SELECT count(*)::int AS n FROM planning_case WHERE case_id = ANY($1)', [
        [OLD.id, KNOWN.id, NEVER.id],
      ]);
      expect(n).toBe(2);

      // The command run a second time: new events, same facts; nothing changes.
      await h.publish(facts(OLD, '310104', 'CAPACITY_INCREASE'));
      await h.publish(facts(OLD, '310199', 'NEW_CONNECTION'));
      await h.waitFor('the second run handled', () => h.handled >= handled + 5);
      expect(await copy(OLD.id)).toEqual(filled);
    });
  });

  describe('a list of cases, read in a bounded number of queries', () => {
    const FIELDS = `
      id
      planningStatus
      planningCancellation { reason cancelledWork }
      planningAudit { valid length }
      planningPauses { kind }
      survey { surveyorId appointments { appointmentAt status } }
      scheme { version status approvals { level approvedBy } }
      schemeVersions { version approvals { level } }
      recommendedConstructionUnits { fewerThanThree }
      chosenConstructionUnit { unitName }
    `;
    const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { ${FIELDS} } } }`;
    const staff = () => h.as('planner', { sub: 'staff-1', roles: ['surveyor', 'planner', 'approver', 'auditor'] });

    // Counts every statement the service sends to its database (the DataSource's logger sees each one).
    const queries: string[] = [];
    let restoreLogger = () => {};
    beforeAll(() => {
      const logger: Logger = db().logger;
      const logQuery = logger.logQuery;
      logger.logQuery = (query, parameters, runner) => {
        queries.push(query);
        return logQuery.call(logger, query, parameters, runner);
      };
      restoreLogger = () => {
        logger.logQuery = logQuery;
      };
    });
    afterAll(() => restoreLogger());

    /** Opens `count` 630 kVA 10 kV cases in 310115; the first `walked` are taken to a drafted scheme with one approval. */
    const openCases = async (count: number, walked: number): Promise<string[]> => {
      const cases = Array.from({ length: count }, () => CASES.HV10());
      await open(h, cases);
      for (const { id: caseId } of cases.slice(0, walked)) {
        await ok('scheduleSurvey', staff(), { caseId, surveyorId: 'surveyor-1', appointmentAt: '2026-12-01T02:00:00Z' });
        await ok('recordSurvey', staff(), { caseId, siteConditions: 'Overhead 10kV line nearby', supplyPointOptions: ['10kV feeder 12'] });
        await ok('draftScheme', staff(), HV10_DRAFT(caseId));
        await ok('approveScheme', staff(), { caseId });
      }
      return cases.map((c) => c.id);
    };

    /**
     * Resolves `Case` for the given ids as the gateway does, and counts the service's queries while it does. The
     * outbox relay, which polls the same database in the background, is paused meanwhile: its statements are not the read's.
     */
    const readCases = async (ids: string[]) => {
      const relay = h.app.get(OutboxRelay);
      await relay.stop();
      try {
        queries.length = 0;
        const cases = await staff().query<{ _entities: Record<string, any>[] }>(ENTITIES, {
          r: ids.map((id) => ({ __typename: 'Case', id })),
        });
        return { cases: cases._entities, queries: [...queries] };
      } finally {
        await relay.start();
      }
    };

    it('answers every field of 50 cases with one query per table, not one per case and field', async () => {
      const CASE_COUNT = 50;
      /** Cases walked to a drafted scheme with one approval, so the nested lists have rows to batch. */
      const WALKED = 6;
      const caseIds = await openCases(CASE_COUNT, WALKED);
      const one = await readCases(caseIds.slice(0, 1));
      const all = await readCases(caseIds);

      // Every case and its nested lists come back right.
      expect(all.cases).toHaveLength(CASE_COUNT);
      expect(all.cases.map((c) => c.id)).toEqual(caseIds);
      for (const [i, c] of all.cases.entries()) {
        expect(c.planningAudit).toMatchObject({ valid: true });
        expect(c.planningCancellation).toBeNull();
        if (i < WALKED) {
          expect(c).toMatchObject({ planningStatus: 'SCHEME_DRAFTED', survey: { surveyorId: 'surveyor-1' } });
          expect(c.survey.appointments).toHaveLength(1);
          expect(c.scheme).toMatchObject({ version: 1, status: 'DRAFTED', approvals: [{ level: 1, approvedBy: 'staff-1' }] });
          expect(c.schemeVersions).toEqual([{ version: 1, approvals: [{ level: 1 }] }]);
          expect(c.recommendedConstructionUnits).not.toBeNull();
        } else {
          expect(c).toMatchObject({
            planningStatus: 'AWAITING_SURVEY',
            survey: null,
            scheme: null,
            schemeVersions: [],
            planningPauses: [],
          });
        }
      }

      // One statement per table read (cases, audit records, surveys, appointments, pauses, schemes, approvals,
      // recommendations, choices), however many cases are asked for.
      expect(all.queries.length).toBeLessThanOrEqual(12);
      expect(all.queries.length).toBeLessThanOrEqual(one.queries.length + 2);
      expect(all.queries.filter((q) => /FROM "planning_case"/.test(q))).toHaveLength(1);
    });

    it('reads nothing for ids that are no UUIDs, and shows a case only to whom may see it', async () => {
      const caseIds = await openCases(3, 3);
      const { cases, queries: sent } = await readCases(['not-a-uuid']);
      expect(cases).toEqual([expect.objectContaining({ id: 'not-a-uuid', planningStatus: null, survey: null })]);
      expect(sent.filter((q) => /FROM "planning_case"/.test(q))).toHaveLength(0);

      const stranger = h.as('customer', { sub: randomUUID() });
      const response = await stranger.query<{ _entities: Record<string, any>[] }>(
        `
          query ($r: [_Any!]!) {
            _entities(representations: $r) {
              ... on Case {
                id
                planningStatus
                survey {
                  surveyorId
                }
              }
            }
          }
        `,
        { r: caseIds.map((id) => ({ __typename: 'Case', id })) },
      );
      expect(response._entities).toEqual(caseIds.map((id) => ({ id, planningStatus: null, survey: null })));
    });
  });
});
