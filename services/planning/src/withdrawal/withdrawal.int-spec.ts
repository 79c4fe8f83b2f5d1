import { EventPayload } from '@yekuo/events';
import { ServiceHarness } from '@yekuo/testing';
import {
  accepted,
  CASES,
  customerOf,
  databaseOf,
  failure,
  LV_DRAFT,
  ok,
  open,
  readCase,
  registerUnits,
  scheduled,
  startPlanning,
  SURVEY,
  SURVEYOR,
  withdrawn,
} from '../testing/planning.fixtures';

jest.setTimeout(120_000);

describe('withdrawal: what planning closes when intake withdraws a case (real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startPlanning();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('cancels open work on withdrawal and publishes the cancellation once, however often the withdrawal arrives', async () => {
    const units = await registerUnits(h);
    const [WD, WD2] = [CASES.WD(), CASES.WD2()];
    await open(h, [WD, WD2]);
    const [surveyor, planner, approver1, wdCustomer] = [h.as('surveyor', SURVEYOR), h.as('planner'), h.as('approver'), customerOf(h, WD)];
    // WD2: its appointment moved by the customer, then by the utility to surveyor-east-3, and still open.
    await scheduled(h, WD2, { appointmentAt: '2026-12-04T01:00:00Z' });
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

    await ok('scheduleSurvey', surveyor, { caseId: WD.id, appointmentAt: '2026-12-05T01:00:00Z' });
    await ok('recordSurvey', surveyor, SURVEY(WD.id));
    await ok('draftScheme', planner, LV_DRAFT(WD.id));
    const withdrawal = withdrawn(h, WD, 'Project cancelled');
    const again = withdrawn(h, WD, 'Project cancelled');
    const appointment = withdrawn(h, WD2, 'Moved abroad');
    await h.publishAndWait(withdrawal, withdrawal, again, appointment, appointment);
    expect(h.consumer.stats.deadLettered).toBe(0);

    const view = await readCase(wdCustomer, WD.id);
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
    const [scheme] = await databaseOf(h).query<{ status: string }[]>('SELECT status FROM supply_scheme WHERE case_id = $1', [WD.id]);
    expect(scheme.status).toBe('CANCELLED');
    const refused = await failure('approveScheme', approver1, { caseId: WD.id });
    expect(refused.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    const choose = await failure('chooseConstructionUnit', wdCustomer, { caseId: WD.id, unitId: units.ids.C1 });
    expect(choose.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });

    const [stillOpen] = await databaseOf(h).query<{ open: number }[]>(
      `SELECT count(*)::int AS open FROM survey_appointment WHERE case_id = $1 AND status = 'OPEN'`,
      [WD2.id],
    );
    expect(stillOpen.open).toBe(0);
    expect((await readCase(planner, WD2.id)).survey.appointments.at(-1).status).toBe('CANCELLED');

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const cancelled = await h.waitFor('both cancellations', () => {
      const events = [...h.eventsOf(WD.id, 'planning.case.cancelled.v1'), ...h.eventsOf(WD2.id, 'planning.case.cancelled.v1')];
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
    const LATE = CASES.LATE();
    // The withdrawal applied, then the acceptance handled.
    await h.publishAndWait(withdrawn(h, LATE, 'Changed my mind'));
    await h.publishAndWait(accepted(h, LATE));

    const customer = customerOf(h, LATE);
    expect((await readCase(customer, LATE.id)).planningStatus).toBe('CANCELLED');
    const refused = await failure('scheduleSurvey', h.as('planner'), { caseId: LATE.id, appointmentAt: '2026-12-09T01:00:00Z' });
    expect(refused.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    const [event] = await h.waitFor('the cancellation', () => {
      const events = h.eventsOf(LATE.id, 'planning.case.cancelled.v1');
      return events.length ? events : undefined;
    });
    expect(event.data).toMatchObject({
      caseNumber: LATE.number,
      reason: 'Changed my mind',
      cancelledWork: [],
      actor: { id: LATE.customerId },
    });
    expect(h.eventsOf(LATE.id).filter((e) => e.type.startsWith('planning.'))).toHaveLength(1);
  });
});
