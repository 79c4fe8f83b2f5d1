import { randomUUID } from 'node:crypto';
import { EventPayload } from '@yekuo/events';
import { ServiceHarness } from '@yekuo/testing';
import {
  CASES,
  customerOf,
  databaseOf,
  failure,
  newCase,
  ok,
  open,
  readCase,
  registerUnits,
  startPlanning,
  SURVEY,
  SURVEYOR,
  THREE_ZERO_SURVEY_EVENTS,
  surveyed,
} from '../testing/planning.fixtures';

jest.setTimeout(120_000);

describe('survey: appointments, the survey with its recommendation, and the LV residential fast path (real PostgreSQL and RabbitMQ)', () => {
  /** Surveyors are picked by their open appointments and units take turns across the region: nothing may come before. */
  describe('on a service of its own', () => {
    let h: ServiceHarness;
    beforeAll(async () => {
      h = await startPlanning();
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('assigns the least loaded surveyor of the region and issues three eligible units with the survey, never an expired or suspended one', async () => {
      const units = await registerUnits(h);
      const [LV, REC, TWO] = [CASES.LV(), CASES.REC(), CASES.TWO()];
      await open(h, [LV, REC, TWO]);
      const [surveyor, planner, recCustomer] = [h.as('surveyor', SURVEYOR), h.as('planner'), customerOf(h, REC)];
      const twoAgent = h.as('agent', { sub: 'agent-1', actsFor: [TWO.customerId] });

      expect(await ok('scheduleSurvey', planner, { caseId: REC.id, appointmentAt: '2026-12-01T01:00:00Z' })).toMatchObject({
        planningStatus: 'SURVEY_SCHEDULED',
      });
      // 310101's roster is surveyor-west-1, surveyor-west-2: west-1 is now busy, so the next goes to west-2.
      await ok('scheduleSurvey', planner, { caseId: LV.id, appointmentAt: '2026-12-01T03:00:00Z' });
      const photo = randomUUID();
      expect(
        await ok('recordSurvey', surveyor, { ...SURVEY(REC.id), photoDocumentIds: [photo, photo], transformerCapacityKva: 400 }),
      ).toMatchObject({
        planningStatus: 'SURVEYED',
      });

      const view = await readCase(recCustomer, REC.id);
      expect(view.survey).toMatchObject({ surveyorId: 'surveyor-west-1', completedBy: 'surveyor-east-1', photoDocumentIds: [photo] });
      expect((await readCase(planner, LV.id)).survey.surveyorId).toBe('surveyor-west-2');
      const recommendation = view.recommendedConstructionUnits;
      expect(recommendation).toMatchObject({ fewerThanThree: false, status: 'ACTIVE', issuedBy: 'surveyor-east-1' });
      expect(recommendation.units).toHaveLength(3);
      const eligible = [units.ids.A1, units.ids.A2, units.ids.A3, units.ids.A4, units.ids.B2];
      for (const unit of recommendation.units) {
        expect(eligible).toContain(unit.unitId);
        expect(unit.reason).toMatch(/^valid until \d{4}-\d{2}-\d{2}; class .* covers .*; serves 310101; not recommended before$/);
      }
      const issued = await h.waitFor('the recommendation event', () => h.eventsOf(REC.id, 'planning.recommendation.issued.v1')[0]);
      expect(issued.data).toMatchObject({ fewerThanThree: false, actor: { id: 'surveyor-east-1', role: 'surveyor' } });
      expect((issued.data as EventPayload<'planning.recommendation.issued.v1'>).units.map((u) => u.unitId)).toEqual(
        recommendation.units.map((u: { unitId: string }) => u.unitId),
      );

      // The next recommendation in 310101 offers the two units left out first (least recently recommended).
      await ok('recordSurvey', surveyor, SURVEY(LV.id));
      const next = (await readCase(planner, LV.id)).recommendedConstructionUnits;
      const leftOut = eligible.filter((id) => !recommendation.units.some((u: { unitId: string }) => u.unitId === id));
      expect(
        next.units
          .slice(0, 2)
          .map((u: { unitId: string }) => u.unitId)
          .sort(),
      ).toEqual([...leftOut].sort());
      expect(next.units[2].reason).toMatch(/last recommended \d{4}-\d{2}-\d{2}$/);
      const [{ offered }] = await databaseOf(h).query<{ offered: number }[]>(
        'SELECT sum(times_recommended)::int AS offered FROM construction_unit WHERE id = ANY($1)',
        [[units.ids.EXPIRED, units.ids.SUSPENDED]],
      );
      expect(offered).toBe(0);

      // 310104 has two eligible units: the recommendation says so.
      await ok('scheduleSurvey', planner, { caseId: TWO.id, appointmentAt: '2026-12-02T01:00:00Z' });
      await ok('recordSurvey', surveyor, SURVEY(TWO.id));
      const two = (await readCase(twoAgent, TWO.id)).recommendedConstructionUnits;
      expect(two.fewerThanThree).toBe(true);
      expect(two.units.map((u: { unitId: string }) => u.unitId).sort()).toEqual([units.ids.B1, units.ids.B2].sort());
      const twoEvent = await h.waitFor('the 310104 recommendation event', () => h.eventsOf(TWO.id, 'planning.recommendation.issued.v1')[0]);
      expect(twoEvent.data).toMatchObject({ fewerThanThree: true, units: [expect.anything(), expect.anything()] });
    });
  });

  describe('on a service shared by the tests below', () => {
    let h: ServiceHarness;
    beforeAll(async () => {
      h = await startPlanning();
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("moves a survey appointment with its history; the customer's move is customer time", async () => {
      const WD2 = CASES.WD2();
      await open(h, WD2);
      const [surveyor, planner] = [h.as('surveyor', SURVEYOR), h.as('planner')];
      // A customer, of another case.
      const otherCustomer = h.as('customer', { sub: randomUUID() });

      await ok('scheduleSurvey', planner, { caseId: WD2.id, appointmentAt: '2026-12-04T01:00:00Z' });
      expect(
        (
          await failure('rescheduleSurvey', otherCustomer, {
            caseId: WD2.id,
            appointmentAt: '2026-12-05T01:00:00Z',
            reason: 'x',
            requestedBy: 'CUSTOMER',
          })
        ).extensions?.code,
      ).toBe('FORBIDDEN');
      const neighbour = await failure('rescheduleSurvey', planner, {
        caseId: WD2.id,
        appointmentAt: '2026-12-05T01:00:00Z',
        reason: 'x',
        requestedBy: 'NEIGHBOUR',
      });
      expect(neighbour.extensions?.code).toBe('BAD_USER_INPUT');
      expect(neighbour.message).toContain('"NEIGHBOUR" does not exist in "RescheduleRequester" enum');
      const invalid = await failure('rescheduleSurvey', planner, {
        caseId: WD2.id,
        appointmentAt: '2026-12-05T01:00:00Z',
        reason: ' ',
        requestedBy: 'CUSTOMER',
      });
      expect(invalid.extensions?.fields?.map((f) => f.field)).toEqual(['input.reason']);
      await ok('rescheduleSurvey', planner, {
        caseId: WD2.id,
        appointmentAt: '2026-12-08T01:00:00Z',
        reason: 'Customer away until Monday',
        requestedBy: 'CUSTOMER',
      });
      await ok('rescheduleSurvey', surveyor, {
        caseId: WD2.id,
        appointmentAt: '2026-12-08T06:00:00Z',
        reason: 'Surveyor needed at an outage',
        requestedBy: 'UTILITY',
        surveyorId: 'surveyor-east-3',
      });
      const view = await readCase(planner, WD2.id);
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

    it('walks the low-voltage residential fast path: one utility step, approved by rule, then the customer confirms', async () => {
      await registerUnits(h);
      // An LV residential case surveyed the recorded way, a surveyed 10 kV case and an LV non-residential one waiting for its survey.
      const [LV, TWO, WD] = [CASES.LV(), CASES.TWO(), CASES.WD()];
      await surveyed(h, LV, { schedule: { appointmentAt: '2026-12-01T03:00:00Z' } });
      await surveyed(h, TWO, { schedule: { appointmentAt: '2026-12-02T01:00:00Z' } });
      await open(h, WD);
      const [surveyor, planner, lvCustomer] = [h.as('surveyor', SURVEYOR), h.as('planner'), customerOf(h, LV)];

      const fresh = newCase('LV_RESIDENTIAL', 'AC380V', 20, '310101');
      await open(h, fresh);
      const customer = customerOf(h, fresh);
      expect((await failure('completeFastPath', planner, SURVEY(fresh.id))).extensions?.code).toBe('FORBIDDEN');
      const notLv = await failure('completeFastPath', surveyor, SURVEY(TWO.id));
      expect(notLv.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SURVEYED' });
      const nonResidential = await failure('completeFastPath', surveyor, SURVEY(WD.id));
      expect(nonResidential.extensions?.code).toBe('CONFLICT');

      // One utility step, from an unscheduled survey.
      expect(await ok('completeFastPath', surveyor, { ...SURVEY(fresh.id), propertyBoundary: 'Outgoing terminal of meter box 2' })).toEqual(
        {
          id: fresh.id,
          planningStatus: 'SCHEME_REPLIED',
        },
      );
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
      expect((await readCase(planner, LV.id)).scheme).toMatchObject({ status: 'REPLIED', voltageLevel: 'AC220V', approvedBy: 'RULE' });
      // A reply confirmed after its validity is refused; the customer can still ask for a renewed scheme.
      await databaseOf(h).query(`UPDATE supply_scheme SET valid_until = now() - interval '1 day' WHERE case_id = $1`, [LV.id]);
      const expired = await failure('confirmScheme', lvCustomer, { caseId: LV.id });
      expect(expired.extensions).toMatchObject({ code: 'CONFLICT', validUntil: expect.any(String) });
      expect(expired.message).toContain('ask for a change');
      expect(await ok('requestSchemeChange', lvCustomer, { caseId: LV.id, reason: 'The reply expired; please renew it' })).toMatchObject({
        planningStatus: 'SCHEME_CHANGE_REQUESTED',
      });

      const types = await h.waitFor('the fast-path events', () => {
        const events = h.eventsOf(fresh.id, 'planning.');
        return events.length === 9 ? events : undefined;
      });
      expect(types.map((e) => e.type).sort()).toEqual(THREE_ZERO_SURVEY_EVENTS);
      const approvedEvent = types.find((e) => e.type === 'planning.scheme.approved.v1')!;
      expect(approvedEvent.data).toMatchObject({ level: 1, final: true });
      expect(types.find((e) => e.type === 'planning.scheme.replied.v1')!.data).toMatchObject({ nextAction: { role: 'customer' } });
      expect(types.find((e) => e.type === 'planning.scheme.confirmed.v1')!.data).toMatchObject({
        nextAction: { role: 'contract-officer' },
      });
      const ruled = await databaseOf(h).query<{ actor_id: string; data: { ruleId: string } }[]>(
        `SELECT actor_id, data FROM audit_record WHERE case_id = $1 AND action = 'planning.scheme.approved-by-rule'`,
        [fresh.id],
      );
      expect(ruled).toEqual([
        expect.objectContaining({ actor_id: 'RULE', data: expect.objectContaining({ ruleId: 'AR-LV-RES-TEMPLATE' }) }),
      ]);
    });
  });
});
