import { Actor, CASE_EVENT_TYPES, EVENT_TYPES, NextAction } from '@yekuo/events';
import { variantOf } from '@yekuo/policy';
import { CASE_STAGES } from '../case/case-stage';
import { compareEvents, deriveJourney, deriveStage, JourneyEvent, journeyHeadAt, summarizeJourney, unionLength } from './journey';
import { ACTION_TEXT, CONTRACT_FULLY_SIGNED, STEPS } from './journey-policy';

const customer: Actor = { id: 'c-1', role: 'customer' };
const staff: Actor = { id: 's-1', role: 'planner' };
const T0 = Date.parse('2026-03-02T01:00:00Z');
const HOUR = 3600_000;

let seq = 0;
function event(
  type: string,
  hoursAfterStart: number,
  data: Record<string, unknown> = {},
  nextAction?: NextAction,
  actor = staff,
): JourneyEvent {
  seq += 1;
  return { id: `e-${String(seq).padStart(4, '0')}`, type, time: new Date(T0 + hoursAfterStart * HOUR), actor, nextAction, data };
}

const facts = (...items: string[]) => new Set(items);

describe('deriveStage', () => {
  it('starts every case at APPLICATION', () => {
    for (const category of ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'] as const) {
      expect(deriveStage(variantOf(category), facts('intake.application.submitted.v1'))).toBe('APPLICATION');
    }
  });

  it('takes an LV residential case from scheme to contract and fees, skipping design review, construction and acceptance', () => {
    const done = ['intake.application.accepted.v1', 'planning.scheme.drafted.v1', 'planning.scheme.confirmed.v1'];
    expect(deriveStage(variantOf('LV_RESIDENTIAL'), facts(...done))).toBe('CONTRACT_AND_FEES');
    expect(deriveStage(variantOf('LV_RESIDENTIAL'), facts(...done, CONTRACT_FULLY_SIGNED))).toBe('CONTRACT_AND_FEES');
    expect(deriveStage(variantOf('LV_RESIDENTIAL'), facts(...done, CONTRACT_FULLY_SIGNED, 'contracts.fees.settled.v1'))).toBe(
      'METER_INSTALLATION',
    );
    expect(
      deriveStage(
        variantOf('LV_RESIDENTIAL'),
        facts(...done, CONTRACT_FULLY_SIGNED, 'contracts.fees.settled.v1', 'metering.meter.installed.v1'),
      ),
    ).toBe('ENERGIZATION');
  });

  it('holds an LV non-residential case at completion acceptance even when contract and meter are done', () => {
    const done = ['intake.application.accepted.v1', 'planning.survey.completed.v1', 'planning.scheme.confirmed.v1'];
    const parallel = [CONTRACT_FULLY_SIGNED, 'contracts.fees.settled.v1', 'metering.meter.installed.v1'];
    expect(deriveStage(variantOf('LV_NON_RESIDENTIAL'), facts(...done, ...parallel))).toBe('COMPLETION_ACCEPTANCE');
    expect(deriveStage(variantOf('LV_NON_RESIDENTIAL'), facts(...done, ...parallel, 'inspection.acceptance.passed.v1'))).toBe(
      'ENERGIZATION',
    );
  });

  it('walks an HV case through design review and construction', () => {
    const done = ['intake.application.accepted.v1', 'planning.survey.completed.v1', 'planning.scheme.confirmed.v1'];
    expect(deriveStage(variantOf('HV_SINGLE_SOURCE'), facts(...done))).toBe('DESIGN_REVIEW');
    expect(deriveStage(variantOf('HV_DUAL_SOURCE'), facts(...done, 'inspection.design.approved.v1'))).toBe('CONSTRUCTION');
    expect(
      deriveStage(variantOf('HV_DUAL_SOURCE'), facts(...done, 'inspection.design.approved.v1', 'inspection.intermediate.passed.v1')),
    ).toBe('COMPLETION_ACCEPTANCE');
  });

  it('stays at ENERGIZATION once powered on, until the case is archived; withdrawal wins over everything', () => {
    expect(deriveStage(variantOf('HV_SINGLE_SOURCE'), facts('metering.case.energized.v1'))).toBe('ENERGIZATION');
    expect(deriveStage(variantOf('HV_SINGLE_SOURCE'), facts('metering.case.energized.v1', 'metering.case.archived.v1'))).toBe('ARCHIVED');
    expect(deriveStage(variantOf('LV_RESIDENTIAL'), facts('intake.application.accepted.v1', 'intake.application.withdrawn.v1'))).toBe(
      'WITHDRAWN',
    );
  });

  it('names a stage of the case for every step it knows', () => {
    for (const type of EVENT_TYPES) {
      const stage = STEPS[type]?.stage;
      if (stage) expect(CASE_STAGES).toContain(stage);
    }
    const named = CASE_EVENT_TYPES.filter((type) => !type.includes('.timelimit.'));
    expect(named.filter((type) => !STEPS[type])).toEqual([]);
  });
});

describe('unionLength', () => {
  it('counts overlapping stretches once and clips to the window', () => {
    expect(
      unionLength(
        [
          [0, 10],
          [5, 15],
          [20, 30],
        ],
        0,
        100,
      ),
    ).toBe(25);
    expect(
      unionLength(
        [
          [0, 10],
          [5, 15],
          [20, 30],
        ],
        8,
        25,
      ),
    ).toBe(12);
    expect(unionLength([], 0, 100)).toBe(0);
  });
});

describe('deriveJourney', () => {
  const frontDesk: NextAction = { role: 'intake-clerk', team: 'front-desk', description: 'Check the application' };
  const survey: NextAction = { role: 'surveyor', team: 'survey-east', description: 'Schedule the site survey' };

  it('accounts customer time from return to resubmission and invoice to settlement, the rest as utility time', () => {
    const events = [
      event('intake.application.submitted.v1', 0, {}, frontDesk, customer),
      event(
        'intake.application.returned.v1',
        2,
        { items: [{ item: 'proof of property', reason: 'missing' }] },
        { role: 'customer', description: 'Resubmit' },
      ),
      event('intake.application.resubmitted.v1', 26, {}, frontDesk, customer),
      event('intake.application.accepted.v1', 28, {}, survey),
      event('contracts.fees.invoiced.v1', 40, { invoiceId: 'i-1', total: '1200.50' }),
      event('contracts.payment.received.v1', 44, { invoiceId: 'i-1', paymentId: 'p-1', amount: '200.50' }, undefined, customer),
    ];
    const journey = deriveJourney('LV_RESIDENTIAL', events, new Date(T0 + 50 * HOUR));
    // Customer: 2h→26h (24h) and 40h→now (10h, the fees are still due).
    expect(journey.customerTimeSeconds).toBe(34 * 3600);
    expect(journey.utilityTimeSeconds).toBe(16 * 3600);
    expect(journey.fees).toEqual({ invoiced: '1200.50', paid: '200.50', due: '1000.00', settled: false });
    expect(journey.outstandingFromCustomer).toEqual([
      { kind: 'FEE_PAYMENT', description: 'Pay the connection fees', items: [], since: new Date(T0 + 40 * HOUR) },
    ]);
    // Open: survey and scheme in one step (the team the acceptance named) and the fees; the utility's action first, neither being due.
    expect(journey.openActions.map((a) => a.code)).toEqual(['SURVEY_AND_DRAFT_SCHEME', 'PAY_FEES']);
    expect(journey.nextAction).toEqual({ ...survey, description: ACTION_TEXT.SURVEY_AND_DRAFT_SCHEME });
    expect(journey.currentStage).toBe('SURVEY');
  });

  it('counts overlapping waits (contract signature and fees) once and stops counting at withdrawal', () => {
    const events = [
      event('intake.application.submitted.v1', 0, {}, frontDesk, customer),
      event('contracts.contract.drafted.v1', 10, { contractId: 'k-1', version: 1 }),
      event('contracts.fees.invoiced.v1', 12, { invoiceId: 'i-1', total: '100.00' }),
      event('contracts.contract.signed.v1', 15, { contractId: 'k-1', party: 'CUSTOMER', fullySigned: false }, undefined, customer),
      event('intake.application.withdrawn.v1', 20, { reason: 'moved away' }, undefined, customer),
      event('contracts.case.cancelled.v1', 21, { reason: 'moved away', cancelledWork: ['invoice i-1'], refundDue: '0.00' }),
    ];
    const journey = deriveJourney('LV_RESIDENTIAL', events, new Date(T0 + 100 * HOUR));
    // 10h→15h signature and 12h→20h fees overlap: 10h→20h = 10h of customer time, of 20h elapsed.
    expect(journey.customerTimeSeconds).toBe(10 * 3600);
    expect(journey.utilityTimeSeconds).toBe(10 * 3600);
    expect(journey.currentStage).toBe('WITHDRAWN');
    expect(journey.nextAction).toBeNull();
    expect(journey.outstandingFromCustomer).toEqual([]);
    expect(journey.cancellations).toEqual([
      { service: 'contracts', cancelledWork: ['invoice i-1'], reason: 'moved away', at: new Date(T0 + 21 * HOUR) },
    ]);
  });

  it('lists every item of an open return notice and of failed acceptance as outstanding', () => {
    const events = [
      event('intake.application.returned.v1', 1, {
        items: [
          { item: 'proof of property', reason: 'missing' },
          { item: 'ID copy', reason: 'unreadable' },
        ],
      }),
      event('inspection.acceptance.failed.v1', 5, { round: 1, items: [{ department: 'safety', item: 'earthing' }] }),
    ];
    const journey = deriveJourney('HV_SINGLE_SOURCE', events, new Date(T0 + 6 * HOUR));
    expect(journey.outstandingFromCustomer.map((o) => [o.kind, o.items])).toEqual([
      ['RETURN_NOTICE', ['proof of property: missing', 'ID copy: unreadable']],
      ['ACCEPTANCE_RECTIFICATION', ['safety: earthing']],
    ]);
  });

  it('gives the same journey whatever order the events arrive in', () => {
    const events = [
      event('intake.application.submitted.v1', 0, {}, frontDesk, customer),
      event('intake.application.accepted.v1', 1, {}, survey),
      event('planning.survey.scheduled.v1', 2, {}, { role: 'surveyor', description: 'Survey the site' }),
      event('planning.scheme.replied.v1', 3, {}, { role: 'customer', description: 'Confirm the scheme' }),
      event('intake.ticket.opened.v1', 3.5, { ticketId: 't', kind: 'URGE' }, { role: 'planner', description: 'Answer' }, customer),
      event('planning.scheme.confirmed.v1', 5, {}, { role: 'contract-officer', description: 'Draft the contract' }, customer),
    ];
    const now = new Date(T0 + 6 * HOUR);
    const expected = deriveJourney('LV_RESIDENTIAL', events, now);
    const reversed = deriveJourney('LV_RESIDENTIAL', [...events].reverse(), now);
    expect(reversed).toEqual(expected);
    expect(expected.steps.map((s) => s.type)).toEqual(events.map((e) => e.type));
    expect(expected.customerTimeSeconds).toBe(2 * 3600);
    // A ticket is a side channel: it never takes the next action from the stage that holds it.
    expect(expected.nextAction?.role).toBe('contract-officer');
    expect(expected.steps.find((s) => s.type === 'intake.ticket.opened.v1')?.stage).toBe('SUPPLY_SCHEME');
  });

  it('orders events of one instant by the catalog, so zero fees invoiced and settled together are not outstanding', () => {
    const invoiced = event('contracts.fees.invoiced.v1', 1, { invoiceId: 'i-0', total: '0.00' });
    const settled = { ...event('contracts.fees.settled.v1', 1, { invoiceId: 'i-0', total: '0.00' }), id: 'a-first-by-id' };
    expect(compareEvents(invoiced, settled)).toBeLessThan(0);
    const paid = { ...event('contracts.payment.received.v1', 1, { invoiceId: 'i-0', paymentId: 'p', amount: '0.00' }), id: 'z-last-by-id' };
    expect(compareEvents(paid, settled)).toBeLessThan(0);
    const journey = deriveJourney('LV_RESIDENTIAL', [settled, invoiced], new Date(T0 + 2 * HOUR));
    expect(journey.outstandingFromCustomer).toEqual([]);
    expect(journey.fees).toEqual({ invoiced: '0.00', paid: '0.00', due: '0.00', settled: true });
  });
});

describe('summarizeJourney and journeyHeadAt', () => {
  const frontDesk: NextAction = { role: 'intake-clerk', team: 'front-desk', description: 'Check the application' };
  const head = (journey: ReturnType<typeof deriveJourney>) => ({
    currentStage: journey.currentStage,
    links: journey.links,
    nextAction: journey.nextAction,
    openActions: journey.openActions,
    utilityTimeSeconds: journey.utilityTimeSeconds,
    customerTimeSeconds: journey.customerTimeSeconds,
  });
  const path = [
    event('intake.application.submitted.v1', 0, {}, frontDesk, customer),
    event('intake.application.returned.v1', 2.5, { items: ['licence'] }, { role: 'customer', description: 'Resubmit' }),
    event('intake.application.resubmitted.v1', 26.25, {}, frontDesk, customer),
    event('intake.application.accepted.v1', 28, {}, { role: 'surveyor', description: 'Survey' }),
    event('contracts.contract.drafted.v1', 30, { contractId: 'k-1', version: 1 }),
    event('contracts.fees.invoiced.v1', 31, { invoiceId: 'i-1', total: '100.00' }),
    event('contracts.contract.signed.v1', 33, { contractId: 'k-1', party: 'CUSTOMER', fullySigned: false }, undefined, customer),
    event('contracts.fees.settled.v1', 35.5, { invoiceId: 'i-1' }),
    event('metering.case.energized.v1', 40, {}),
    event('metering.case.archived.v1', 41, {}),
  ];

  it('gives the head the replay gives, after every event and at any later instant, whoever waits', () => {
    for (let n = 1; n <= path.length; n++) {
      const recorded = [...path.slice(0, n)].reverse();
      // As kept in the jsonb column: dates as text.
      const summary = JSON.parse(JSON.stringify(summarizeJourney('LV_RESIDENTIAL', recorded))) as ReturnType<typeof summarizeJourney>;
      for (const laterHours of [0, 0.4, 3, 100]) {
        const now = new Date(Date.parse(summary.at) + laterHours * HOUR + 1234);
        expect({ n, laterHours, ...journeyHeadAt(summary, now) }).toEqual({
          n,
          laterHours,
          ...head(deriveJourney('LV_RESIDENTIAL', recorded, now)),
        });
      }
    }
  });

  it('runs the customer account while a customer wait is open, the utility one otherwise, and none once the case ended', () => {
    expect(summarizeJourney('LV_RESIDENTIAL', path.slice(0, 2)).running).toBe('CUSTOMER');
    expect(summarizeJourney('LV_RESIDENTIAL', path.slice(0, 4)).running).toBe('UTILITY');
    expect(summarizeJourney('LV_RESIDENTIAL', path).running).toBeNull();
  });
});
