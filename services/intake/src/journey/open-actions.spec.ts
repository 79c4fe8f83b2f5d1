import { Actor, CustomerCategory, NextAction } from '@yekuo/events';
import { compareEvents, deriveJourney, JourneyEvent } from './journey';
import { ACTION_TEXT } from './journey-policy';
import { byUrgency, CaseAction, deriveOpenActions, gateConditionsHeld, gateConditionsOf } from './open-actions';

const customer: Actor = { id: 'c-1', role: 'customer' };
const staff: Actor = { id: 's-1', role: 'planner' };
const T0 = Date.parse('2026-03-02T01:00:00Z');
const HOUR = 3600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR);

let seq = 0;
function event(type: string, hours: number, data: Record<string, unknown> = {}, nextAction?: NextAction, actor = staff): JourneyEvent {
  seq += 1;
  return { id: `e-${String(seq).padStart(4, '0')}`, type, time: at(hours), actor, nextAction, data };
}

const open = (category: CustomerCategory, events: JourneyEvent[], regionCode = '310104') =>
  deriveOpenActions(category, [...events].sort(compareEvents), { regionCode });
const codes = (actions: CaseAction[]) => actions.map((a) => a.code).sort();

/** Accepted, surveyed, scheme confirmed at hour 10; contracts drafted and invoiced, metering opened, at hour 11. */
function confirmedCase(): JourneyEvent[] {
  return [
    event('intake.application.submitted.v1', 0, {}, undefined, customer),
    event('intake.application.accepted.v1', 1),
    event('planning.survey.scheduled.v1', 2),
    event('planning.survey.completed.v1', 3),
    event('planning.scheme.drafted.v1', 4, { version: 1 }),
    event('planning.scheme.approved.v1', 5, { version: 1, final: true }),
    event('planning.scheme.replied.v1', 6, { version: 1 }),
    event('planning.scheme.confirmed.v1', 10, { version: 1 }, undefined, customer),
    event('contracts.contract.drafted.v1', 11, { contractId: 'k-1', version: 1 }),
    event('contracts.fees.invoiced.v1', 11, { invoiceId: 'i-1', total: '5000.00' }),
  ];
}

/** The HV case built through design, construction and intermediate inspection up to the acceptance request. */
function hvUpToAcceptance(): JourneyEvent[] {
  return [
    ...confirmedCase(),
    event('inspection.design.submitted.v1', 12, { round: 1 }, undefined, customer),
    event('inspection.design.approved.v1', 13, { round: 1 }),
    event('inspection.construction.started.v1', 14, { startedOn: '2026-03-02', unitName: 'Unit' }, undefined, customer),
    event('inspection.intermediate.requested.v1', 15, { round: 1, scope: [] }, undefined, customer),
    event('inspection.intermediate.passed.v1', 16, { round: 1 }),
    event('inspection.acceptance.requested.v1', 17, { round: 1 }, undefined, customer),
  ];
}

describe('deriveOpenActions', () => {
  it('shows the fees, the contract, the construction and the meter at once after an LV non-residential confirmation', () => {
    const actions = open('LV_NON_RESIDENTIAL', confirmedCase());
    expect(codes(actions)).toEqual(
      ['INSTALL_METER', 'PAY_FEES', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY', 'START_CONSTRUCTION'].sort(),
    );
    expect(actions.find((a) => a.code === 'INSTALL_METER')).toMatchObject({ role: 'metering-technician', team: 'metering' });
    expect(actions.find((a) => a.code === 'PAY_FEES')).toMatchObject({ role: 'customer', team: null, since: at(11) });
  });

  it('shows the fees, the contract, the design and the meter at once after an HV confirmation; construction waits for the design', () => {
    const actions = open('HV_SINGLE_SOURCE', confirmedCase());
    expect(codes(actions)).toEqual(['INSTALL_METER', 'PAY_FEES', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY', 'SUBMIT_DESIGN'].sort());
    const approved = [...confirmedCase(), event('inspection.design.approved.v1', 13, { round: 1 })];
    expect(codes(open('HV_SINGLE_SOURCE', approved))).toContain('START_CONSTRUCTION');
  });

  it('no longer tells the customer to start construction once it started, nor to request the inspection once requested', () => {
    const design = [
      ...confirmedCase(),
      event('inspection.design.approved.v1', 13, { round: 1 }, { role: 'customer', description: 'Build and record the start' }),
    ];
    const started = [...design, event('inspection.construction.started.v1', 14, { startedOn: '2026-03-02', unitName: 'Unit' })];
    expect(codes(open('HV_DUAL_SOURCE', started))).toContain('REQUEST_INTERMEDIATE_INSPECTION');
    expect(codes(open('HV_DUAL_SOURCE', started))).not.toContain('START_CONSTRUCTION');

    const requested = [
      ...started,
      event(
        'inspection.intermediate.requested.v1',
        15,
        { round: 1, scope: [] },
        { role: 'inspector', team: 'inspection', description: 'x' },
      ),
    ];
    const actions = open('HV_DUAL_SOURCE', requested);
    expect(codes(actions)).toContain('INSPECT_INTERMEDIATE');
    expect(codes(actions)).not.toContain('START_CONSTRUCTION');
    expect(codes(actions)).not.toContain('REQUEST_INTERMEDIATE_INSPECTION');
    expect(actions.find((a) => a.code === 'INSPECT_INTERMEDIATE')).toMatchObject({ role: 'inspector', team: 'inspection', since: at(15) });

    // A failure hands it back to the customer to rectify and request again.
    const failed = [...requested, event('inspection.intermediate.failed.v1', 16, { round: 1, items: ['earthing'] })];
    expect(codes(open('HV_DUAL_SOURCE', failed))).toContain('REQUEST_INTERMEDIATE_INSPECTION');
    expect(codes(open('HV_DUAL_SOURCE', failed))).not.toContain('INSPECT_INTERMEDIATE');
  });

  it('derives a request recorded before the request event existed from its running clock, due at its deadline', () => {
    const deadline = at(15 + 5 * 24).toISOString();
    const legacy = [
      ...confirmedCase(),
      event('inspection.design.approved.v1', 13, { round: 1 }),
      event('inspection.timelimit.started.v1', 15, {
        clockId: 'k-im-1',
        stage: 'INTERMEDIATE_INSPECTION',
        deadline,
        provisional: false,
        round: 1,
      }),
    ];
    const inspect = open('HV_SINGLE_SOURCE', legacy).find((a) => a.code === 'INSPECT_INTERMEDIATE');
    expect(inspect).toMatchObject({
      role: 'inspector',
      due: new Date(deadline),
      clock: { stage: 'INTERMEDIATE_INSPECTION', deadline: new Date(deadline), provisional: false },
    });
    expect(codes(open('HV_SINGLE_SOURCE', legacy))).not.toContain('START_CONSTRUCTION');
    // The clock stopped with a pass: nothing of the intermediate inspection is open any more.
    const passed = [
      ...legacy,
      event('inspection.intermediate.passed.v1', 16, { round: 1 }),
      event('inspection.timelimit.stopped.v1', 16, { clockId: 'k-im-1', stage: 'INTERMEDIATE_INSPECTION', deadline }),
    ];
    expect(codes(open('HV_SINGLE_SOURCE', passed))).toContain('REQUEST_COMPLETION_ACCEPTANCE');
    expect(codes(open('HV_SINGLE_SOURCE', passed))).not.toContain('INSPECT_INTERMEDIATE');
  });

  it('never says to energize after completion acceptance passes while fees are unpaid, even once both parties signed', () => {
    const energize: NextAction = { role: 'metering-technician', team: 'metering', description: 'Energize once every gate condition holds' };
    const passed = [...hvUpToAcceptance(), event('inspection.acceptance.passed.v1', 18, { round: 1 }, energize)];
    const signed = [
      ...passed,
      event('metering.meter.installed.v1', 19, { meterId: 'm-1' }),
      event(
        'contracts.contract.signed.v1',
        20,
        { contractId: 'k-1', version: 1, party: 'CUSTOMER', fullySigned: false },
        undefined,
        customer,
      ),
      event('contracts.contract.signed.v1', 21, { contractId: 'k-1', version: 1, party: 'UTILITY', fullySigned: true }),
    ];
    for (const events of [passed, signed]) {
      const journey = deriveJourney('HV_SINGLE_SOURCE', events, at(30), { regionCode: '310104' });
      expect(codes(journey.openActions)).not.toContain('ENERGIZE');
      expect(journey.nextAction?.description).not.toMatch(/energi/i);
    }
    expect(codes(open('HV_SINGLE_SOURCE', signed))).toEqual(['PAY_FEES']);
    expect(gateConditionsHeld('HV_SINGLE_SOURCE', signed).sort()).toEqual(['COMPLETION_ACCEPTED', 'CONTRACT_SIGNED', 'METER_INSTALLED']);

    // A gate announcement read before the settlement still does not make the journey say to energize.
    const gateFirst = [...signed, event('metering.gate.opened.v1', 22, { conditions: ['CONTRACT_SIGNED'] })];
    expect(codes(open('HV_SINGLE_SOURCE', gateFirst))).toEqual(['PAY_FEES']);
    const settled = [...gateFirst, event('contracts.fees.settled.v1', 23, { invoiceId: 'i-1', total: '5000.00' })];
    expect(codes(open('HV_SINGLE_SOURCE', settled))).toEqual(['ENERGIZE']);
    expect(open('HV_SINGLE_SOURCE', settled)[0]).toMatchObject({ role: 'metering-technician', team: 'metering' });
  });

  it('says to energize only once metering opened the gate, then to archive, then nothing', () => {
    const lv = [
      ...confirmedCase(),
      event('contracts.contract.signed.v1', 12, { contractId: 'k-1', version: 1, party: 'UTILITY', fullySigned: false }),
      event(
        'contracts.contract.signed.v1',
        13,
        { contractId: 'k-1', version: 1, party: 'CUSTOMER', fullySigned: true },
        undefined,
        customer,
      ),
      event('contracts.fees.settled.v1', 14, { invoiceId: 'i-1', total: '5000.00' }),
      event('metering.meter.installed.v1', 15, { meterId: 'm-1' }),
    ];
    // Every condition holds, but metering has not announced the gate yet.
    expect(open('LV_RESIDENTIAL', lv)).toEqual([]);
    const gate = [...lv, event('metering.gate.opened.v1', 15, { conditions: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'] })];
    expect(codes(open('LV_RESIDENTIAL', gate))).toEqual(['ENERGIZE']);
    const energized = [...gate, event('metering.case.energized.v1', 16, { energizedAt: at(16).toISOString() })];
    expect(codes(open('LV_RESIDENTIAL', energized))).toEqual(['ARCHIVE']);
    expect(open('LV_RESIDENTIAL', [...energized, event('metering.case.archived.v1', 17, {})])).toEqual([]);
  });

  it('keeps the gate shut while the external works the scheme needs are open, and shows them to the planner', () => {
    const withWorks = confirmedCase().map((e) =>
      e.type === 'planning.scheme.confirmed.v1' ? { ...e, data: { ...e.data, externalWorksRequired: true } } : e,
    );
    const ready = [
      ...withWorks,
      event(
        'contracts.contract.signed.v1',
        12,
        { contractId: 'k-1', version: 1, party: 'CUSTOMER', fullySigned: false },
        undefined,
        customer,
      ),
      event('contracts.contract.signed.v1', 13, { contractId: 'k-1', version: 1, party: 'UTILITY', fullySigned: true }),
      event('contracts.fees.settled.v1', 14, { invoiceId: 'i-1', total: '5000.00' }),
      event('metering.meter.installed.v1', 15, { meterId: 'm-1' }),
      event('metering.gate.opened.v1', 16, { conditions: ['CONTRACT_SIGNED', 'FEES_SETTLED', 'METER_INSTALLED'] }),
    ];
    expect(open('LV_RESIDENTIAL', ready)).toMatchObject([{ code: 'COMPLETE_EXTERNAL_WORKS', role: 'planner', team: 'planning' }]);
    // The works' own clock (a stage announced by the v2 time-limit events) makes them due.
    const deadline = at(80).toISOString();
    const timed = [
      ...ready,
      event('planning.timelimit.started.v2', 16, { clockId: 'k-w', stage: 'EXTERNAL_WORKS', deadline, provisional: false }),
    ];
    expect(open('LV_RESIDENTIAL', timed)).toMatchObject([
      { code: 'COMPLETE_EXTERNAL_WORKS', due: new Date(deadline), clock: { stage: 'EXTERNAL_WORKS' } },
    ]);
    const done = [...ready, event('planning.externalworks.completed.v1', 17, { worksOrderId: 'w-1' })];
    expect(codes(open('LV_RESIDENTIAL', done))).toEqual(['ENERGIZE']);
  });

  it('walks the front desk and planning one action at a time, with the region’s team', () => {
    const submitted = [event('intake.application.submitted.v1', 0, {}, undefined, customer)];
    expect(open('LV_NON_RESIDENTIAL', submitted)).toEqual([
      {
        code: 'REVIEW_APPLICATION',
        role: 'intake-clerk',
        team: 'front-desk',
        description: ACTION_TEXT.REVIEW_APPLICATION,
        since: at(0),
        due: null,
        clock: null,
      },
    ]);
    const returned = [...submitted, event('intake.application.returned.v1', 1, { items: [{ item: 'licence', reason: 'missing' }] })];
    expect(codes(open('LV_NON_RESIDENTIAL', returned))).toEqual(['RESUBMIT_APPLICATION']);
    const accepted = [...returned, event('intake.application.accepted.v1', 2)];
    expect(open('LV_NON_RESIDENTIAL', accepted, '310115')).toMatchObject([{ code: 'SCHEDULE_SURVEY', team: 'survey-east' }]);
    expect(open('LV_NON_RESIDENTIAL', accepted, '310104')).toMatchObject([{ code: 'SCHEDULE_SURVEY', team: 'survey-west' }]);
    expect(open('LV_RESIDENTIAL', accepted)).toMatchObject([{ code: 'SURVEY_AND_DRAFT_SCHEME', role: 'surveyor' }]);
    const drafted = [...accepted, event('planning.survey.completed.v1', 3), event('planning.scheme.drafted.v1', 4, { version: 1 })];
    expect(codes(open('HV_SINGLE_SOURCE', drafted))).toEqual(['APPROVE_SCHEME']);
    const firstLevel = [...drafted, event('planning.scheme.approved.v1', 5, { version: 1, final: false })];
    expect(codes(open('HV_SINGLE_SOURCE', firstLevel))).toEqual(['APPROVE_SCHEME']);
    const rejected = [...firstLevel, event('planning.scheme.rejected.v1', 6, { version: 1 })];
    expect(codes(open('HV_SINGLE_SOURCE', rejected))).toEqual(['DRAFT_SCHEME']);
    const validUntil = at(6 + 30 * 24).toISOString();
    const replied = [
      ...drafted,
      event('planning.scheme.approved.v1', 7, { version: 1, final: true }),
      event('planning.scheme.replied.v1', 8, { version: 1, validUntil }),
    ];
    expect(open('HV_SINGLE_SOURCE', replied)).toMatchObject([{ code: 'CONFIRM_SCHEME', role: 'customer', due: new Date(validUntil) }]);
  });

  it('gives a planning action the deadline of the running supply-scheme clock', () => {
    const deadline = at(50).toISOString();
    const events = [
      event('intake.application.submitted.v1', 0, {}, undefined, customer),
      event('intake.application.accepted.v1', 1),
      event('planning.timelimit.started.v1', 1, { clockId: 'k-s', stage: 'SUPPLY_SCHEME', deadline, provisional: true }),
    ];
    expect(open('HV_SINGLE_SOURCE', events)).toMatchObject([
      { code: 'SCHEDULE_SURVEY', due: new Date(deadline), clock: { stage: 'SUPPLY_SCHEME', provisional: true } },
    ]);
  });

  it('has nothing open once the application is withdrawn', () => {
    expect(open('HV_SINGLE_SOURCE', [...confirmedCase(), event('intake.application.withdrawn.v1', 12, { reason: 'moved' })])).toEqual([]);
  });
});

describe('the walk of the variant the case walks now', () => {
  const utility: Actor = { id: 'planning', role: 'planner' };
  const terms = (capacityKva: number) => ({ voltageLevel: 'AC380V', capacityKva, supplySources: 1 });
  const contract = (version: number, termsVersion: number) => ({ contractId: 'k-1', version, termsVersion });
  const signed = (hours: number, version: number, termsVersion: number, party: 'CUSTOMER' | 'UTILITY') =>
    event(
      'contracts.contract.signed.v1',
      hours,
      { ...contract(version, termsVersion), party, fullySigned: party === 'UTILITY' },
      undefined,
      party === 'CUSTOMER' ? customer : staff,
    );
  /** Scheme `version` drafted, approved and (under 三零, by rule) replied at `hours`, with a capacity of `capacityKva`. */
  const schemeUpToReply = (hours: number, version: number, capacityKva: number, processVariant: string) => [
    event('planning.scheme.drafted.v1', hours, { schemeId: 's-1', version, ...terms(capacityKva) }),
    event('planning.scheme.approved.v1', hours + 1, { schemeId: 's-1', version, final: true }),
    event('planning.scheme.replied.v1', hours + 2, { schemeId: 's-1', version, processVariant }, undefined, utility),
  ];
  /** A 三零 shop (120 kW at 0.85: 141.18 kVA) accepted, its contract drafted from the application's terms and signed by both. */
  const signedShop = () => [
    event('intake.application.submitted.v1', 0, {}, undefined, customer),
    event('intake.application.accepted.v1', 1, { ...terms(141.18), processVariant: 'THREE_ZERO' }),
    event('contracts.contract.drafted.v1', 1.5, contract(1, 0)),
    signed(2, 1, 0, 'CUSTOMER'),
    signed(3, 1, 0, 'UTILITY'),
  ];
  /** What the journey of an LV non-residential case shows after `events`: open actions, stage and each link's status. */
  const shown = (events: JourneyEvent[]) => {
    const journey = deriveJourney('LV_NON_RESIDENTIAL', events, at(1000), { regionCode: '310104' });
    return { actions: codes(journey.openActions), stage: journey.currentStage, links: journey.links.map((l) => `${l.id} ${l.status}`) };
  };
  const threeZeroLinks = (first: string, second: string) => [`APPLY_AND_SIGN ${first}`, `CONSTRUCT_AND_CONNECT ${second}`];

  it('walks a 三零 case in two links: the contract signed with the application, then survey, scheme, meter and power on', () => {
    const [submitted, accepted, drafted, customerSigned, utilitySigned] = signedShop();
    const [schemeDrafted, approved, replied] = schemeUpToReply(4, 1, 141.18, 'THREE_ZERO');
    const confirmed = event('planning.scheme.confirmed.v1', 6, {
      schemeId: 's-1',
      version: 1,
      ...terms(141.18),
      processVariant: 'THREE_ZERO',
      contractTermsVersion: 0,
    });
    const walk: [JourneyEvent, string[], string, string[]][] = [
      [submitted, ['REVIEW_APPLICATION'], 'APPLICATION', []],
      [accepted, ['SURVEY_AND_DRAFT_SCHEME'], 'CONTRACT_AND_FEES', threeZeroLinks('CURRENT', 'PENDING')],
      [
        drafted,
        ['SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY', 'SURVEY_AND_DRAFT_SCHEME'],
        'CONTRACT_AND_FEES',
        threeZeroLinks('CURRENT', 'PENDING'),
      ],
      [customerSigned, ['SIGN_CONTRACT_FOR_UTILITY', 'SURVEY_AND_DRAFT_SCHEME'], 'CONTRACT_AND_FEES', threeZeroLinks('CURRENT', 'PENDING')],
      // No fees under 三零: the full signature completes the first link.
      [utilitySigned, ['SURVEY_AND_DRAFT_SCHEME'], 'SURVEY', threeZeroLinks('DONE', 'CURRENT')],
      [schemeDrafted, ['APPROVE_SCHEME'], 'SUPPLY_SCHEME', threeZeroLinks('DONE', 'CURRENT')],
      [approved, ['REPLY_SCHEME'], 'SUPPLY_SCHEME', threeZeroLinks('DONE', 'CURRENT')],
      // Replied and confirmed by rule: the customer confirms nothing.
      [replied, [], 'SUPPLY_SCHEME', threeZeroLinks('DONE', 'CURRENT')],
      // Neither fees, nor construction, nor completion acceptance: the meter is all that is left.
      [confirmed, ['INSTALL_METER'], 'METER_INSTALLATION', threeZeroLinks('DONE', 'CURRENT')],
      [event('metering.meter.installed.v1', 7, { meterId: 'm-1' }), [], 'ENERGIZATION', threeZeroLinks('DONE', 'CURRENT')],
      [
        event('metering.gate.opened.v1', 8, { conditions: ['CONTRACT_SIGNED', 'METER_INSTALLED'] }),
        ['ENERGIZE'],
        'ENERGIZATION',
        threeZeroLinks('DONE', 'CURRENT'),
      ],
      [
        event('metering.case.energized.v1', 9, { energizedAt: at(9).toISOString() }),
        ['ARCHIVE'],
        'ENERGIZATION',
        threeZeroLinks('DONE', 'DONE'),
      ],
      [event('metering.case.archived.v1', 10, {}), [], 'ARCHIVED', threeZeroLinks('DONE', 'DONE')],
    ];
    const events: JourneyEvent[] = [];
    for (const [next, actions, stage, links] of walk) {
      events.push(next);
      expect({ type: next.type, ...shown(events) }).toEqual({ type: next.type, actions: [...actions].sort(), stage, links });
    }
    expect(gateConditionsOf('LV_NON_RESIDENTIAL', events)).toEqual(['CONTRACT_SIGNED', 'METER_INSTALLED']);
    expect(deriveJourney('LV_NON_RESIDENTIAL', events.slice(0, 2), at(2)).links).toEqual([
      { id: 'APPLY_AND_SIGN', title: expect.any(String), stages: ['APPLICATION', 'CONTRACT_AND_FEES'], status: 'CURRENT' },
      {
        id: 'CONSTRUCT_AND_CONNECT',
        title: expect.any(String),
        stages: ['SURVEY', 'SUPPLY_SCHEME', 'METER_INSTALLATION', 'ENERGIZATION'],
        status: 'PENDING',
      },
    ]);
  });

  it('reopens the signature when a 三零 scheme changes the capacity, and energizes only on the re-drafted terms', () => {
    const changed = [
      ...signedShop(),
      ...schemeUpToReply(4, 1, 180, 'THREE_ZERO'),
      event('planning.scheme.confirmed.v1', 6, {
        schemeId: 's-1',
        version: 1,
        ...terms(180),
        processVariant: 'THREE_ZERO',
        contractTermsVersion: 1,
      }),
    ];
    // The signed contract carries the application's terms: contracts drafts it again from the scheme's.
    expect(shown(changed)).toEqual({
      actions: ['DRAFT_CONTRACT', 'INSTALL_METER'],
      stage: 'CONTRACT_AND_FEES',
      links: threeZeroLinks('CURRENT', 'PENDING'),
    });
    const redrafted = [...changed, event('contracts.contract.drafted.v1', 6.5, contract(2, 1))];
    expect(shown(redrafted).actions).toEqual(['INSTALL_METER', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY']);
    const gateOpen = [
      ...redrafted,
      event('metering.meter.installed.v1', 7, { meterId: 'm-1' }),
      event('metering.gate.opened.v1', 8, { conditions: ['CONTRACT_SIGNED', 'METER_INSTALLED'] }),
    ];
    // The gate announcement does not make the journey say to energize while the new terms are unsigned.
    expect(shown(gateOpen).actions).toEqual(['SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY']);
    expect(gateConditionsHeld('LV_NON_RESIDENTIAL', gateOpen)).toEqual(['METER_INSTALLED']);
    const customerSigned = [...gateOpen, signed(9, 2, 1, 'CUSTOMER')];
    expect(shown(customerSigned).actions).toEqual(['SIGN_CONTRACT_FOR_UTILITY']);
    expect(shown([...customerSigned, signed(10, 2, 1, 'UTILITY')])).toEqual({
      actions: ['ENERGIZE'],
      stage: 'ENERGIZATION',
      links: threeZeroLinks('DONE', 'CURRENT'),
    });
  });

  it('walks the pre-reform process once a scheme no longer qualifies: the customer confirms it, then pays the fees', () => {
    const replied = [...signedShop(), ...schemeUpToReply(4, 1, 250, 'PRE_REFORM')];
    expect(shown(replied)).toEqual({
      actions: ['CONFIRM_SCHEME'],
      stage: 'SUPPLY_SCHEME',
      links: [
        'ACCEPTANCE DONE',
        'SURVEY DONE',
        'SUPPLY_SCHEME CURRENT',
        'COMPLETION_ACCEPTANCE PENDING',
        'CONTRACT_AND_FEES PENDING',
        'METER_INSTALLATION PENDING',
        'ENERGIZATION PENDING',
      ],
    });
    const confirmed = [
      ...replied,
      event(
        'planning.scheme.confirmed.v1',
        8,
        { schemeId: 's-1', version: 1, ...terms(250), processVariant: 'PRE_REFORM', contractTermsVersion: 1 },
        undefined,
        customer,
      ),
    ];
    expect(shown(confirmed).actions).toEqual(['DRAFT_CONTRACT', 'INSTALL_METER', 'START_CONSTRUCTION']);
    const invoiced = [
      ...confirmed,
      event('contracts.contract.drafted.v1', 9, contract(2, 1)),
      event('contracts.fees.invoiced.v1', 9, { invoiceId: 'i-1', total: '5000.00' }),
    ];
    expect(shown(invoiced).actions).toEqual([
      'INSTALL_METER',
      'PAY_FEES',
      'SIGN_CONTRACT',
      'SIGN_CONTRACT_FOR_UTILITY',
      'START_CONSTRUCTION',
    ]);
    expect(gateConditionsOf('LV_NON_RESIDENTIAL', invoiced)).toEqual([
      'CONTRACT_SIGNED',
      'FEES_SETTLED',
      'METER_INSTALLED',
      'COMPLETION_ACCEPTED',
    ]);
  });

  it('walks a case accepted before variants were walked as before the reform; an event naming none keeps the latest named', () => {
    const legacy = [
      event('intake.application.submitted.v1', 0, {}, undefined, customer),
      event('intake.application.accepted.v1', 1, terms(30)),
    ];
    expect(shown(legacy).actions).toEqual(['SCHEDULE_SURVEY']);
    expect(shown(legacy).links).toHaveLength(7);
    const threeZero = [...signedShop(), ...schemeUpToReply(4, 1, 141.18, 'THREE_ZERO')];
    const unnamed = threeZero.map((e) => (e.type === 'planning.scheme.replied.v1' ? { ...e, data: { version: 1 } } : e));
    expect(shown(unnamed)).toEqual(shown(threeZero));
  });
});

describe('byUrgency', () => {
  const action = (code: CaseAction['code'], role: CaseAction['role'], due: number | null, since = 0): CaseAction => ({
    code,
    role,
    team: null,
    description: code,
    since: at(since),
    due: due === null ? null : at(due),
    clock: null,
  });

  it('puts the earliest due first, actions without a due time last, and the utility before the customer on a tie', () => {
    const sorted = [
      action('PAY_FEES', 'customer', null, 1),
      action('INSTALL_METER', 'metering-technician', null, 2),
      action('CONFIRM_SCHEME', 'customer', 40),
      action('REVIEW_DESIGN', 'inspector', 30),
      action('SIGN_CONTRACT', 'customer', 30),
    ].sort(byUrgency);
    expect(sorted.map((a) => a.code)).toEqual(['REVIEW_DESIGN', 'SIGN_CONTRACT', 'CONFIRM_SCHEME', 'INSTALL_METER', 'PAY_FEES']);
  });

  it('makes the most urgent open action the journey’s next action', () => {
    const journey = deriveJourney('LV_NON_RESIDENTIAL', confirmedCase(), at(12), { regionCode: '310104' });
    // No due time is known: the utility's actions come first, the one open longest first (the meter, since the confirmation).
    expect(journey.openActions[0].code).toBe('INSTALL_METER');
    expect(journey.nextAction).toEqual({ role: 'metering-technician', team: 'metering', description: ACTION_TEXT.INSTALL_METER });
  });
});
