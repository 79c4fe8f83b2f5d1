import { randomUUID } from 'node:crypto';
import { ServiceHarness } from '@yekuo/testing';
import {
  acceptanceRequest,
  chosen,
  confirmed,
  design,
  DESIGN_ITEMS,
  documentId,
  DESIGN_UNIT,
  HV_COMPLETION_ITEMS,
  HV_DEPARTMENTS,
  inspectionKit,
  InspectionKit,
  LV_COMPLETION_ITEMS,
  LV_DEPARTMENTS,
  MutationName,
  newCase,
  startInspection,
} from '../testing/inspection.fixtures';

jest.setTimeout(120_000);

describe('inspection case: opening, inputs, refusals and published events (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  beforeAll(async () => {
    h = await startInspection();
    k = inspectionKit(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('opens each case in the state its process variant starts in, once, with the chosen unit in whichever order it arrives', async () => {
    const { dataSource, row, readCase } = k;
    const customerId = randomUUID();
    const hv = newCase('HV_SINGLE_SOURCE', { customerId });
    const lv = newCase('LV_NON_RESIDENTIAL', { customerId });
    const res = newCase('LV_RESIDENTIAL', { customerId });
    const race = newCase('LV_NON_RESIDENTIAL', { customerId, capacityKva: 100 });
    const wdDesign = newCase('HV_DUAL_SOURCE', { customerId, capacityKva: 2000 });
    const wdAcceptance = newCase('LV_NON_RESIDENTIAL', { customerId, capacityKva: 120 });
    const [HV, LV, RES, RACE] = [hv, lv, res, race].map((c) => c.caseId);
    const ids = [hv, lv, res, race, wdDesign, wdAcceptance].map((c) => c.caseId);
    const hvUnitId = randomUUID();
    const handledBefore = h.handled;
    const deadLetteredBefore = h.consumer.stats.deadLettered;
    const now = Date.now();
    const published: string[] = [];
    const publish = async (...events: Parameters<typeof h.publish>) => {
      published.push(...events.map((e) => e.id));
      await h.publish(...events);
    };

    // HV: the choice arrives before the case is opened.
    await publish(h.event('planning.constructionunit.chosen.v1', chosen(hv, 'Pudong Electric Works', hvUnitId)));
    await h.waitFor(
      'the HV choice kept as a fact',
      async () => (await dataSource.query('SELECT 1 FROM construction_unit_choice WHERE case_id = $1', [HV])).length > 0,
    );
    const hvConfirmed = h.event('planning.scheme.confirmed.v1', confirmed(hv));
    await publish(hvConfirmed);
    for (const c of [lv, res, race, wdDesign, wdAcceptance]) {
      await publish(h.event('planning.scheme.confirmed.v1', confirmed(c)));
    }
    await h.waitFor(
      'six inspection cases',
      async () => (await dataSource.query('SELECT 1 FROM inspection_case WHERE case_id = ANY($1)', [ids])).length === 6,
    );
    // LV: the choice arrives after; then an older choice arrives late and must not win.
    await publish(h.event('planning.constructionunit.chosen.v1', chosen(lv, 'Jinqiao Installation Co'), { time: new Date(now) }));
    await publish(h.event('planning.constructionunit.chosen.v1', chosen(lv, 'Old Choice Ltd'), { time: new Date(now - 60_000) }));
    // Redelivery of the same event (inbox) and a second confirmation of the same version (no second case).
    await publish(hvConfirmed);
    await publish(h.event('planning.scheme.confirmed.v1', confirmed(hv)));
    await h.waitFor('every delivery handled', () => h.handled >= handledBefore + 11);
    expect(h.consumer.stats.deadLettered - deadLetteredBefore).toBe(0);

    expect(await row(HV)).toMatchObject({
      case_number: hv.caseNumber,
      customer_id: customerId,
      category: 'HV_SINGLE_SOURCE',
      policy_version: '2020-01',
      capacity_kva: '800',
      voltage_level: 'AC10KV',
      scheme_version: 1,
      status: 'AWAITING_DESIGN',
      chosen_unit_id: hvUnitId,
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
      `SELECT case_id, data FROM audit_record WHERE action = 'inspection.case.opened' AND case_id = ANY($1)`,
      [ids],
    );
    expect(opened.map((o) => o.case_id).sort()).toEqual([...ids].sort());
    expect(opened.find((o) => o.case_id === HV)!.data).toMatchObject({
      eventId: hvConfirmed.id,
      status: 'AWAITING_DESIGN',
      chosenUnit: { unitName: 'Pudong Electric Works' },
    });
    // Ten distinct events of this test were delivered (one of them twice): each is in the inbox once.
    const inbox = await dataSource.query<unknown[]>(
      `SELECT event_id FROM inbox_message WHERE consumer = 'inspection' AND event_id = ANY($1)`,
      [[...new Set(published)]],
    );
    expect(inbox).toHaveLength(10);

    const hvView = await readCase(k.inspector(), HV);
    expect(hvView).toMatchObject({
      inspectionStatus: 'AWAITING_DESIGN',
      designReview: { status: 'AWAITING_SUBMISSION', currentRound: 0, rounds: [], customerSeconds: 0 },
      construction: { chosenUnitId: hvUnitId, chosenUnitName: 'Pudong Electric Works', unitName: null, startedOn: null },
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
    expect(hvView.designReview.checklist.map((c: { item: string }) => c.item)).toEqual(DESIGN_ITEMS);
    expect(hvView.designReview.checklist.every((c: { description: string }) => c.description.length > 0)).toBe(true);
    expect(hvView.acceptance.checklist.map((c: { item: string }) => c.item)).toEqual(HV_COMPLETION_ITEMS);
    // The variant decides which parts a case has at all.
    expect(await readCase(k.inspector(), LV)).toMatchObject({
      inspectionStatus: 'AWAITING_CONSTRUCTION',
      designReview: null,
      acceptance: {
        status: 'NOT_REQUESTED',
        requiredDepartments: LV_DEPARTMENTS,
        checklist: LV_COMPLETION_ITEMS.map((item) => ({ item })),
      },
    });
    expect(await readCase(k.customerOf(res), RES)).toEqual({
      id: RES,
      inspectionStatus: 'NOT_REQUIRED',
      designReview: null,
      construction: null,
      inspections: [],
      acceptance: null,
    });
  });

  it('reports every invalid input field at once, every missing checklist item and the cross-field rules by name', async () => {
    const { failure, fieldsOf, row, inspector, signer } = k;
    const hv = await k.hvCaseAt('AWAITING_DESIGN');
    const lv = await k.lvCase();
    const [HV, LV] = [hv.caseId, lv.caseId];
    const customer = k.customerOf(hv);

    const submit = await failure('submitDesign', customer, {
      caseId: 'not-a-uuid',
      designUnit: { name: ' ', qualificationClass: '', certificateNumber: 'A1' },
      documents: [{ item: 'LAYOUT', documentId: 'not-an-id' }],
    });
    expect(submit.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(fieldsOf(submit))).toEqual(
      new Set(['input.caseId', 'input.designUnit.name', 'input.designUnit.qualificationClass', 'input.documents.0.documentId']),
    );

    // The design checklist: every empty slot and every unknown one, at once.
    const incomplete = await failure('submitDesign', customer, {
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

    const review = await failure('reviewDesign', inspector(), { caseId: HV, approve: false });
    expect(review.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'input.comments' }] });
    const badComments = await failure('reviewDesign', inspector(), {
      caseId: HV,
      approve: false,
      comments: [
        { item: 'ROOF', text: 'x' },
        { item: 'PROTECTION', text: 'y' },
      ],
    });
    expect(fieldsOf(badComments)).toEqual(['input.comments.0.item']);
    // A result outside the InspectionItemResult enum is refused by GraphQL before the input is validated.
    const record = await failure('recordIntermediateInspection', inspector(), {
      caseId: HV,
      items: [
        { item: 'Cable trench depth', result: 'FAIL' },
        { item: 'cable trench depth', result: 'PASS' },
        { item: 'Earthing', result: 'MAYBE' },
      ],
    });
    expect(record.extensions?.code).toBe('BAD_USER_INPUT');
    expect(record.message).toContain('"MAYBE" does not exist in "InspectionItemResult" enum');
    const noNote = await failure('recordIntermediateInspection', inspector(), {
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
    const start = await failure('recordConstructionStart', k.customerOf(lv), { caseId: LV, startedOn: '2026-02-30' });
    expect(start.extensions?.fields).toEqual([{ field: 'input.startedOn', message: 'startedOn must be a real calendar date' }]);
    const future = await failure('recordConstructionStart', k.customerOf(lv), { caseId: LV, startedOn: '2999-01-01' });
    expect(future.extensions?.code).toBe('VALIDATION_FAILED');
    expect(future.extensions?.fields).toEqual([
      { field: 'input.startedOn', message: expect.stringMatching(/^startedOn must not be in the future \(today is \d{4}-\d{2}-\d{2}\)$/) },
    ]);
    expect(await row(HV)).toMatchObject({ status: 'AWAITING_DESIGN' });
  });

  it('refuses wrong roles, foreign or unknown cases and steps out of order', async () => {
    const { failure, row, inspector, otherCustomer, strangerAgent } = k;
    const hv = await k.hvCaseAt('AWAITING_DESIGN');
    const lv = await k.lvCase();
    const [HV, LV] = [hv.caseId, lv.caseId];
    const customer = k.customerOf(hv);

    expect((await failure('submitDesign', inspector(), design(HV))).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('reviewDesign', customer, { caseId: HV, approve: true })).extensions?.code).toBe('FORBIDDEN');
    expect(
      (await failure('recordIntermediateInspection', k.agentOf(hv), { caseId: HV, items: [{ item: 'x', result: 'PASS' }] })).extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect((await failure('countersign', inspector(), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('requestCompletionAcceptance', k.planner(), acceptanceRequest(HV, HV_COMPLETION_ITEMS))).extensions?.code).toBe(
      'FORBIDDEN',
    );
    // A signer without a department claim.
    expect((await failure('countersign', k.signerWithoutDepartment(), { caseId: HV, result: 'PASS' })).extensions?.code).toBe('FORBIDDEN');

    // Another customer's case does not exist for them, nor for an agent who does not act for its customer.
    expect((await failure('submitDesign', otherCustomer(), design(HV))).extensions?.code).toBe('NOT_FOUND');
    expect((await failure('submitDesign', strangerAgent(), design(HV))).extensions?.code).toBe('NOT_FOUND');
    expect((await failure('requestIntermediateInspection', otherCustomer(), { caseId: HV })).extensions?.code).toBe('NOT_FOUND');
    expect(
      (await failure('requestCompletionAcceptance', strangerAgent(), acceptanceRequest(LV, LV_COMPLETION_ITEMS))).extensions?.code,
    ).toBe('NOT_FOUND');
    expect((await failure('submitDesign', customer, design(randomUUID()))).extensions?.code).toBe('NOT_FOUND');

    expect((await failure('reviewDesign', inspector(), { caseId: HV, approve: true })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_DESIGN',
      requires: ['DESIGN_SUBMITTED'],
    });
    expect((await failure('recordConstructionStart', customer, { caseId: HV })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_DESIGN',
      requires: ['DESIGN_APPROVED'],
    });
    // LV non-residential walks no design review.
    expect((await failure('submitDesign', k.customerOf(lv), design(LV))).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'AWAITING_CONSTRUCTION',
      requires: [],
    });
    expect(await row(HV)).toMatchObject({ status: 'AWAITING_DESIGN' });
  });

  it('refuses every mutation on a low-voltage residential case with INVALID_TRANSITION naming NOT_REQUIRED', async () => {
    const res = newCase('LV_RESIDENTIAL');
    await k.open(res);
    const RES = res.caseId;
    const attempts: [MutationName, ReturnType<InspectionKit['inspector']>, Record<string, unknown>][] = [
      ['submitDesign', k.customerOf(res), design(RES)],
      ['reviewDesign', k.inspector(), { caseId: RES, approve: true }],
      ['recordConstructionStart', k.inspector(), { caseId: RES, unitName: 'Some unit' }],
      ['requestIntermediateInspection', k.agentOf(res), { caseId: RES }],
      ['recordIntermediateInspection', k.inspector(), { caseId: RES, items: [{ item: 'x', result: 'PASS' }] }],
      ['requestCompletionAcceptance', k.customerOf(res), acceptanceRequest(RES, LV_COMPLETION_ITEMS)],
      ['countersign', k.signer('marketing'), { caseId: RES, result: 'PASS' }],
    ];
    for (const [name, caller, input] of attempts) {
      const error = await k.failure(name, caller, input);
      expect(error.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'NOT_REQUIRED', requires: [] });
      expect(error.message).toContain('NOT_REQUIRED');
    }
    expect(await k.row(RES)).toMatchObject({ status: 'NOT_REQUIRED' });
    expect(k.eventsOf(RES)).toEqual([]);
  });

  it('published each inspection event exactly once, valid against the catalog', async () => {
    const { eventsOf, dataSource } = k;
    // The cases of the other tests, each walked here along the same path, all of one customer.
    const customerId = randomUUID();
    const hv = await k.hvCaseAt('ACCEPTANCE_PASSED', newCase('HV_SINGLE_SOURCE', { customerId }));
    const lv = await k.lvAccepted(newCase('LV_NON_RESIDENTIAL', { customerId }));
    const race = await k.lvAcceptedInTwoRounds(newCase('LV_NON_RESIDENTIAL', { customerId, capacityKva: 100 }));
    const withdrawals = await k.stageWithdrawals(customerId);
    await k.withdrawAll(withdrawals);
    const [HV, LV, RACE] = [hv.caseId, lv.caseId, race.caseId];
    const [WD_DESIGN, WD_ACCEPTANCE, RES, WD_EARLY] = [
      withdrawals.wdDesign,
      withdrawals.wdAcceptance,
      withdrawals.res,
      withdrawals.wdEarly,
    ].map((c) => c.caseId);

    const expected: Record<string, Record<string, number>> = {
      [HV]: {
        'inspection.design.submitted.v1': 2,
        'inspection.design.returned.v1': 1,
        'inspection.design.approved.v1': 1,
        'inspection.construction.started.v1': 1,
        'inspection.intermediate.requested.v1': 3,
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
        'inspection.construction.started.v1': 1,
        'inspection.acceptance.requested.v1': 1,
        'inspection.acceptance.countersigned.v1': 3,
        'inspection.acceptance.passed.v1': 1,
        'inspection.timelimit.started.v1': 1,
        'inspection.timelimit.stopped.v1': 1,
      },
      [RACE]: {
        'inspection.construction.started.v1': 1,
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
        'inspection.construction.started.v1': 1,
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
    // The inspection events of this test's cases.
    const inspectionEvents = () => Object.keys(expected).flatMap((caseId) => eventsOf(caseId));
    await h.waitFor('every inspection event on the exchange', () => inspectionEvents().length >= total);
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
      expect(event.data).toMatchObject({ customerId, policyVersion: '2020-01' });
    }
    const first = <T extends string>(caseId: string, type: T) => eventsOf(caseId, type).sort((a, b) => a.time.localeCompare(b.time));

    // Design review.
    expect(first(HV, 'inspection.design.submitted.v1').map((e) => [e.data.round, e.data.actor.role, e.data.nextAction.role])).toEqual([
      [1, 'customer', 'inspector'],
      [2, 'agent', 'inspector'],
    ]);
    expect(first(HV, 'inspection.design.returned.v1')[0].data).toMatchObject({
      caseNumber: hv.caseNumber,
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

    // Nothing of these cases is left in the outbox.
    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      `SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL AND event->>'subject' = ANY($1)`,
      [Object.keys(expected)],
    );
    expect(pending).toBe(0);
    // The outbox did hold them: the count above reads the right column.
    const [{ outboxed }] = await dataSource.query<{ outboxed: number }[]>(
      `SELECT count(*)::int AS outboxed FROM outbox_message WHERE event->>'subject' = ANY($1)`,
      [Object.keys(expected)],
    );
    expect(outboxed).toBe(total);
  });
});
