import { ManualTimeSource } from '@yekuo/platform';
import type { ServiceDefinition } from '@yekuo/platform';
import { ClockService } from '@yekuo/timelimits';
import { graphql, ServiceHarness, StatementLog, tablesOf } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { inspectionService } from '../inspection.service-definition';
import {
  acceptanceRequest,
  design,
  DESIGN_COMMENTS,
  HV_COMPLETION_ITEMS,
  inspectionKit,
  InspectionKit,
  newCase,
  TestCase,
} from '../testing/inspection.fixtures';

jest.setTimeout(300_000);

/** What the README's case query asks of inspection. */
const README_FIELDS = 'designReview { status } acceptance { status }';

const CLOCK = `
  id stage round policyVersion team dayUnit limitDays targetDays startedAt deadline targetDeadline provisional
  utilityTimeSeconds customerTimeSeconds remainingSeconds paused state status stoppedAt onTime
  targetWarnedAt targetBreachedAt limitWarnedAt limitBreachedAt
  pauses { from to by { id role } reason }
`;

/** Every field of the case inspection answers, and below it, nested clocks included (the audit chain apart). */
const FULL_FIELDS = `
  id
  inspectionStatus
  designReview {
    status currentRound round customerSeconds checklist { item description } clock { ${CLOCK} }
    rounds {
      round designUnit { name qualificationClass certificateNumber } documents { item documentId } submittedBy submittedAt
      decision comments { item text } decidedAt reviewer customerTime { from to seconds reason } clock { ${CLOCK} }
    }
  }
  construction { chosenUnitId chosenUnitName chosenFromRecommendation unitId unitName startedOn recordedBy recordedAt }
  inspections {
    round result scope rectificationNote items { item result note }
    rectificationItems { item note status raisedRound resolvedRound closedAt }
    requestedBy requestedAt recordedBy recordedAt customerTime { from to seconds reason } clock { ${CLOCK} }
  }
  acceptance {
    status currentRound round departments passedDepartments checklist { item description }
    rounds {
      round status documents { item documentId } requiredDepartments pendingDepartments
      signatures { department result items signedBy signedAt } rectificationItems { department item }
      requestedBy requestedAt decidedAt clock { ${CLOCK} }
    }
    rectificationNotice { round items { department item } departments issuedAt }
    documents { item documentId } requiredDepartments pendingDepartments
    signatures { department result items signedBy signedAt } rectificationItems { department item }
    requestedBy requestedAt decidedAt clock { ${CLOCK} }
  }
`;

/** Every table read by the full detail of a case that has been through every stage. */
const EVERY_TABLE = [
  'acceptance_round',
  'countersignature',
  'customer_wait',
  'design_submission',
  'inspection_case',
  'intermediate_inspection',
  'rectification_item',
  'stage_clock',
  'stage_clock_pause',
];

/**
 * Hand-set time that steps on a second at every reading while the cases are walked (so every recorded
 * instant differs, and so every order), then stands still while they are read (so every read agrees).
 */
class SteppingTime extends ManualTimeSource {
  stepping = true;

  override now(): Date {
    if (this.stepping) this.advance(1000);
    return super.now();
  }
}

const ENTITIES = (fields: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { ${fields} } } }`;

describe('inspection answers `_entities` with the tables the asked fields need, one statement per table (in process, real PostgreSQL, hand-set time)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  const time = new SteppingTime('2026-10-12T10:00:00+08:00');
  let log: StatementLog;

  /** Every stage walked: two design rounds, three intermediate inspections, acceptance failed and passed. */
  let passed: TestCase;
  /** At completion acceptance: round 1 half countersigned, the customer's delay of it ended and another one running. */
  let atAcceptance: TestCase;
  /** A design returned to the customer (an open customer wait). */
  let returned: TestCase;
  /** Low voltage: no design review, acceptance failed and passed. */
  let lv: TestCase;
  let cases: TestCase[];

  const later = (hours: number) => time.advance(hours * 3_600_000);

  beforeAll(async () => {
    // No outbox poll and no time-limit sweep while statements are counted (the outbox is still relayed on NOTIFY).
    const definition: ServiceDefinition = { ...inspectionService, timeSource: time };
    h = await ServiceHarness.start(inspectionService, (config) => AppModule.forRoot(config, definition), {
      env: { OUTBOX_POLL_MS: '3600000', TIME_LIMIT_SWEEP_MS: '0' },
    });
    k = inspectionKit(h);
    const { ok, customerOf, inspector, signer } = k;

    passed = await k.hvCaseAt('ACCEPTANCE_PASSED');
    later(30);

    atAcceptance = await k.hvCaseAt('INTERMEDIATE_PASSED', newCase('HV_DUAL_SOURCE'));
    await ok(
      'requestCompletionAcceptance',
      customerOf(atAcceptance),
      acceptanceRequest(atAcceptance.caseId, [...HV_COMPLETION_ITEMS, 'INTERLOCK_TESTS']),
    );
    await ok('countersign', signer('marketing'), { caseId: atAcceptance.caseId, result: 'PASS' });
    await ok('countersign', signer('metering'), { caseId: atAcceptance.caseId, result: 'FAIL', items: ['Meter cabinet lacks a seal'] });
    await ok('recordCustomerDelay', customerOf(atAcceptance), {
      caseId: atAcceptance.caseId,
      reason: 'Switch room keys with the landlord',
    });
    later(26);
    await ok('endCustomerDelay', customerOf(atAcceptance), { caseId: atAcceptance.caseId });
    later(3);
    await ok('recordCustomerDelay', inspector(), { caseId: atAcceptance.caseId, reason: 'The customer moved the appointment' });

    returned = newCase('HV_SINGLE_SOURCE');
    await k.open(returned);
    await ok('submitDesign', customerOf(returned), design(returned.caseId));
    await ok('reviewDesign', inspector(), { caseId: returned.caseId, approve: false, comments: DESIGN_COMMENTS });

    lv = await k.lvAcceptedInTwoRounds(newCase('LV_NON_RESIDENTIAL'));

    // Cases opened and nothing more, of both process variants with inspection stages, and one without.
    const opened = Array.from({ length: 24 }, (_, i) =>
      newCase(i % 3 === 0 ? 'HV_SINGLE_SOURCE' : i % 3 === 1 ? 'LV_NON_RESIDENTIAL' : 'LV_RESIDENTIAL'),
    );
    await k.open(...opened);
    cases = [passed, atAcceptance, returned, lv, ...opened];
    later(50);
    time.stepping = false;

    log = await h.recordStatements();
  });

  afterAll(async () => {
    log?.stop();
    await h?.stop();
  });

  /** Resolves `Case` for the cases through `_entities` as the gateway does, as an inspector, and the statements it took. */
  const read = async (of: TestCase[], fields: string) => {
    const token = await k.inspector().token();
    log.take();
    const response = await graphql<{ _entities: Record<string, any>[] }>(
      h.url,
      ENTITIES(fields),
      { r: of.map((c) => ({ __typename: 'Case', id: c.caseId })) },
      token,
    );
    const sent = [...log.statements];
    expect(response.errors).toBeUndefined();
    return { cases: response.data!._entities, queries: sent, tables: sent.flatMap(tablesOf).sort() };
  };

  it("answers the README's fields of a case from the case row and the status rows only", async () => {
    for (const [c, expected, tables] of [
      [atAcceptance, { designReview: { status: 'APPROVED' }, acceptance: { status: 'REQUESTED' } }, ['design_submission']],
      [passed, { designReview: { status: 'APPROVED' }, acceptance: { status: 'PASSED' } }, ['design_submission']],
      [returned, { designReview: { status: 'RETURNED' }, acceptance: { status: 'NOT_REQUESTED' } }, ['design_submission']],
      [lv, { designReview: null, acceptance: { status: 'PASSED' } }, []],
    ] as const) {
      const found = await read([c], README_FIELDS);
      expect(found.cases).toEqual([expected]);
      // The case row, then one statement per status row: the design rounds and the acceptance rounds.
      expect(found.queries.length).toBeLessThanOrEqual(3);
      expect(found.tables).toEqual(['acceptance_round', ...tables, 'inspection_case']);
    }
  });

  it('reads no more for the status of many cases', async () => {
    const found = await read(cases, README_FIELDS);
    expect(found.cases).toHaveLength(cases.length);
    expect(found.cases[0]).toEqual({ designReview: { status: 'APPROVED' }, acceptance: { status: 'PASSED' } });
    expect(found.tables).toEqual(['acceptance_round', 'design_submission', 'inspection_case']);
  });

  it('answers the full detail of many cases with one statement per table, not one per case', async () => {
    const one = await read([passed], FULL_FIELDS);
    const all = await read(cases, FULL_FIELDS);

    expect(one.tables).toEqual(EVERY_TABLE);
    expect(one.queries).toHaveLength(EVERY_TABLE.length);
    expect(all.tables).toEqual(EVERY_TABLE);
    expect(all.queries).toHaveLength(EVERY_TABLE.length);

    // Batched, each case answers what it answers alone.
    expect(all.cases.map((c) => c.id)).toEqual(cases.map((c) => c.caseId));
    expect(all.cases[0]).toEqual(one.cases[0]);
    for (const [index, c] of cases.entries()) expect(all.cases[index]).toEqual((await read([c], FULL_FIELDS)).cases[0]);

    const [p, a, r, l] = all.cases;
    expect(p.designReview).toMatchObject({
      status: 'APPROVED',
      currentRound: 2,
      clock: { stage: 'DESIGN_REVIEW', round: 2, state: 'STOPPED' },
      rounds: [
        { round: 1, decision: 'RETURNED', customerTime: { seconds: expect.any(Number) }, clock: { round: 1, state: 'STOPPED' } },
        { round: 2, decision: 'APPROVED', customerTime: null, clock: { round: 2, state: 'STOPPED' } },
      ],
    });
    expect(p.designReview.customerSeconds).toBeGreaterThan(0);
    expect(p.designReview.customerSeconds).toBe(p.designReview.rounds[0].customerTime.seconds);
    expect(p.inspections.map((i: any) => [i.round, i.result, i.rectificationItems.length, !!i.customerTime, i.clock.state])).toEqual([
      [1, 'FAILED', 2, true, 'STOPPED'],
      [2, 'FAILED', 0, true, 'STOPPED'],
      [3, 'PASSED', 0, false, 'STOPPED'],
    ]);
    expect(p.acceptance).toMatchObject({
      status: 'PASSED',
      currentRound: 2,
      passedDepartments: ['marketing', 'operations', 'dispatch', 'metering', 'safety'],
      rectificationNotice: null,
      signatures: [{ department: 'safety' }, { department: 'metering' }],
      pendingDepartments: [],
      clock: { stage: 'COMPLETION_ACCEPTANCE', round: 2, state: 'STOPPED' },
    });
    expect(p.acceptance.rounds.map((x: any) => [x.round, x.status, x.signatures.length, x.rectificationItems.length])).toEqual([
      [1, 'FAILED', 5, 3],
      [2, 'PASSED', 2, 0],
    ]);
    expect(a.acceptance).toMatchObject({
      status: 'REQUESTED',
      passedDepartments: ['marketing'],
      pendingDepartments: ['operations', 'dispatch', 'safety'],
      signatures: [
        { department: 'marketing', result: 'PASS' },
        { department: 'metering', result: 'FAIL' },
      ],
      rectificationItems: [],
      clock: {
        state: 'PAUSED',
        paused: true,
        pauses: [
          { reason: 'Switch room keys with the landlord', to: expect.any(String), by: { role: 'CUSTOMER' } },
          { reason: 'The customer moved the appointment', to: null, by: { role: 'INSPECTOR' } },
        ],
      },
    });
    expect(a.acceptance.rounds[0].pendingDepartments).toEqual(['operations', 'dispatch', 'safety']);
    expect(r.designReview).toMatchObject({
      status: 'RETURNED',
      customerSeconds: 0,
      clock: { state: 'STOPPED' },
      rounds: [{ decision: 'RETURNED', customerTime: { to: null, seconds: null }, clock: { state: 'STOPPED' } }],
    });
    expect(r.acceptance).toMatchObject({ status: 'NOT_REQUESTED', rounds: [], signatures: [], passedDepartments: [], clock: null });
    expect(l).toMatchObject({ designReview: null, inspections: [], acceptance: { status: 'PASSED', currentRound: 2 } });
    expect(all.cases[4]).toMatchObject({ designReview: { status: 'AWAITING_SUBMISSION', rounds: [], clock: null }, inspections: [] });
    expect(all.cases[5]).toMatchObject({ designReview: null, acceptance: { status: 'NOT_REQUESTED', clock: null }, inspections: [] });
    expect(all.cases[6]).toMatchObject({ inspectionStatus: 'NOT_REQUIRED', designReview: null, construction: null, acceptance: null });
  });

  it("reads every case's clocks in one statement per table, as the time-limit engine shows them", async () => {
    const found = await read(cases, `id inspectionClocks { ${CLOCK} }`);
    expect(found.tables).toEqual(['inspection_case', 'stage_clock', 'stage_clock_pause']);
    const engine = h.app.get(ClockService);
    for (const [index, c] of cases.entries()) {
      // As GraphQL answers them: instants in ISO, roles by their enum names.
      const views = JSON.parse(JSON.stringify(await engine.viewMany(c.caseId)), (key, value) =>
        key === 'role' ? String(value).toUpperCase().replaceAll('-', '_') : value,
      );
      expect(found.cases[index].inspectionClocks).toEqual(views);
    }
    expect(found.cases[0].inspectionClocks).toHaveLength(7);
    expect(found.cases[1].inspectionClocks.at(-1)).toMatchObject({ stage: 'COMPLETION_ACCEPTANCE', state: 'PAUSED' });
  });
});
