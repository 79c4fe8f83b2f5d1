import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectData, pdfText, waitFor } from '@yekuo/testing';
import {
  ACCEPT,
  application,
  APPROVE,
  ARCHIVE,
  ASSIGN_METER,
  CHOOSE_UNIT,
  COMPLETENESS,
  CONFIRM,
  COUNTERSIGN,
  COUNTERSIGN_FAIL,
  DRAFT,
  ENERGIZE,
  FAST_PATH,
  INSTALL_METER,
  PAY,
  RECORD,
  RECORD_INTERMEDIATE,
  REGISTER_METER,
  REGISTER_UNIT,
  REPLY,
  residentId,
  REQUEST_ACCEPTANCE_DUAL,
  REQUEST_INTERMEDIATE,
  RETURN_DESIGN,
  REVIEW_DESIGN,
  SCHEDULE,
  SCHEDULE_INSTALLATION,
  SIGN,
  START_CONSTRUCTION,
  SUBMIT,
  SUBMIT_DESIGN,
  UPDATE_PARTIES,
  upload,
  WITHDRAW,
} from './operations';
import { walkCheckingNotifications } from './notifications.fixtures';
import { expectOpenActions } from './open-actions';
import { startSystemFixture, SystemFixture } from './system-fixture';

const WHOLE_CASE = `query($id: ID!) { case(id: $id) {
  number status stage category planningStatus scheme { version status approvals { level approvedBy } }
  chosenConstructionUnit { unitName fromRecommendation }
  designReview { status currentRound rounds { round decision comments { item text } } }
  inspections { round result } acceptance { status round rectificationNotice { items { department item } } passedDepartments }
  construction { chosenUnitName }
  contract { status version sha256 } fees { total paid settled }
  metering { blockedBy gateOpenedAt energizedAt archivedAt }
} }`;

const JOURNEY = `query($id: ID!) { case(id: $id) { journey {
  currentStage nextAction { role description } utilityTimeSeconds customerTimeSeconds
  steps { stage step type actor { id role } at eventId }
  cancellations { service cancelledWork reason }
} } }`;

const DEPARTMENTS = ['marketing', 'operations', 'dispatch', 'metering', 'safety'];
const SAFETY_ITEMS = ['接地电阻 6.2 Ω，超过 4 Ω 限值', 'Fire extinguishers missing in the switch room'];

interface BusEvent {
  id: string;
  type: string;
  time: string;
  data: { actor: { id: string; role: string } };
}

describe('the whole pipeline: from application to archive through the gateway', () => {
  let f: SystemFixture;
  let t: Record<string, string>;
  const customerId = randomUUID();

  beforeAll(async () => {
    f = await startSystemFixture();
    const mint = (sub: string, role: string, extra: Record<string, unknown> = {}) => f.token({ sub, roles: [role as never], ...extra });
    t = {
      customer: await mint(customerId, 'customer', { name: '周工' }),
      clerk: await mint('clerk-1', 'intake-clerk'),
      surveyor: await mint('surveyor-1', 'surveyor'),
      planner: await mint('planner-1', 'planner'),
      approver: await mint('approver-1', 'approver'),
      approver2: await mint('approver-2', 'approver'),
      inspector: await mint('inspector-1', 'inspector'),
      officer: await mint('officer-1', 'contract-officer'),
      technician: await mint('technician-1', 'metering-technician'),
    };
    for (const department of DEPARTMENTS)
      t[`signer:${department}`] = await mint(`signer-${department}`, 'department-signer', { department });
    // Three qualified construction units serve the district, so the survey recommends all three.
    for (const n of [1, 2, 3])
      expectData(await f.gql(REGISTER_UNIT, { name: `徐汇电力安装${n}公司`, licence: `CU-3101-00${n}`, regions: ['310104'] }, t.planner));
  }, 180_000);

  afterAll(async () => {
    await f?.stop();
  }, 60_000);

  const step = async (query: string, variables: Record<string, unknown>, token: string) => expectData(await f.gql(query, variables, token));
  const read = async (caseId: string, token = t.planner) => expectData(await f.gql(WHOLE_CASE, { id: caseId }, token)).case;

  const expectOpen = (caseId: string, expected: string[]) => expectOpenActions(f, t.planner, caseId, expected);

  /** Submitted with every document of the checklist uploaded through the gateway, then accepted. */
  async function acceptedCase(idNumber: string, terms: Record<string, unknown>): Promise<{ id: string; number: string }> {
    const { submitApplication } = await step(SUBMIT, { input: application({ idNumber, name: '周工' }, terms) }, t.customer);
    const caseId = submitApplication.id as string;
    await expectOpen(caseId, ['REVIEW_APPLICATION']);
    const missing = (await step(COMPLETENESS, { caseId }, t.clerk)).completenessCheck.items as Array<{ slot: string | null }>;
    expect(missing.length).toBeGreaterThan(0);
    for (const { slot } of missing) {
      expect(slot).not.toBeNull();
      await upload(f.system.gatewayUrl, t.customer, caseId, slot!);
    }
    await step(ACCEPT, { caseId }, t.clerk);
    await waitFor('planning to open the case', async () => (await read(caseId)).planningStatus === 'AWAITING_SURVEY');
    return { id: caseId, number: submitApplication.number as string };
  }

  /**
   * Contract signed by both parties, meter registered, assigned, scheduled and installed: the gate conditions every variant shares.
   * `alongside`: the actions open beside them throughout; `after`: what is open once the meter is in.
   */
  async function contractAndMeter(
    caseId: string,
    meter: { number: string; type: string; class: string; ct?: string; pt?: string },
    alongside: string[],
    after: string[],
  ) {
    await waitFor('contracts and metering to open the case', async () => {
      const c = await read(caseId);
      return c.contract?.status === 'DRAFTED' && c.metering !== null;
    });
    const contract = ['SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY'];
    // The contract officer enters the party from the identity checked at the counter; only then is it signed.
    await step(UPDATE_PARTIES, { caseId, name: '周工' }, t.officer);
    await expectOpen(caseId, [...alongside, ...contract, 'INSTALL_METER']);
    await step(REGISTER_METER, meter, t.technician);
    await step(ASSIGN_METER, { caseId, number: meter.number }, t.technician);
    await expectOpen(caseId, [...alongside, ...contract, 'INSTALL_METER']);
    await step(SCHEDULE_INSTALLATION, { caseId, at: new Date(Date.now() + 3_600_000).toISOString() }, t.technician);
    await expectOpen(caseId, [...alongside, ...contract, 'INSTALL_METER']);
    await step(SIGN, { caseId }, t.customer);
    await expectOpen(caseId, [...alongside, 'SIGN_CONTRACT_FOR_UTILITY', 'INSTALL_METER']);
    await step(SIGN, { caseId }, t.officer);
    await expectOpen(caseId, [...alongside, 'INSTALL_METER']);
    const seals = [`${meter.number}-S1`, `${meter.number}-S2`];
    await step(INSTALL_METER, { caseId, at: new Date(Date.now() - 60_000).toISOString(), seals }, t.technician);
    await expectOpen(caseId, after);
  }

  async function energizeAndArchive(caseId: string): Promise<void> {
    await waitFor('the gate to open', async () => (await read(caseId)).metering.gateOpenedAt !== null, 30_000);
    await expectOpen(caseId, ['ENERGIZE']);
    await step(ENERGIZE, { caseId }, t.technician);
    await expectOpen(caseId, ['ARCHIVE']);
    await step(ARCHIVE, { caseId }, t.technician);
    await expectOpen(caseId, []);
    const done = await read(caseId);
    expect(done.metering).toMatchObject({ blockedBy: [] });
    expect(done.metering.energizedAt).not.toBeNull();
    expect(done.metering.archivedAt).not.toBeNull();
  }

  /** The events of one case an independent subscriber saw, once per id, in the order they were raised. */
  function eventsOf(caseId: string): BusEvent[] {
    const byId = new Map<string, BusEvent & { subject?: string }>();
    for (const m of f.tap.messages) {
      const body = m.body as BusEvent & { subject?: string };
      if (body?.subject === caseId && body.id) byId.set(body.id, body);
    }
    return [...byId.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  }
  const typesOf = (caseId: string) => eventsOf(caseId).map((e) => e.type);

  const before = (types: string[], first: string, then: string) => {
    expect(types).toContain(first);
    expect(types.lastIndexOf(first)).toBeLessThan(types.indexOf(then));
  };

  it('takes a high-voltage dual-source case through a returned design and a failed countersign to archive', async () => {
    const hv = await acceptedCase('31010419770707777X', {
      usage: 'INDUSTRIAL',
      voltageLevel: 'AC10KV',
      capacityKva: 2000,
      supplySources: 2,
      loads: [{ name: '1600 kVA transformer load', kw: 1400, quantity: 1 }],
    });
    await expectOpen(hv.id, ['SCHEDULE_SURVEY']);
    await step(SCHEDULE, { caseId: hv.id, at: new Date(Date.now() + 86_400_000).toISOString() }, t.surveyor);
    await expectOpen(hv.id, ['RECORD_SURVEY']);
    await step(RECORD, { caseId: hv.id }, t.surveyor);
    await expectOpen(hv.id, ['DRAFT_SCHEME']);
    const scheme = {
      capacity: 2000,
      voltage: 'AC10KV',
      sources: 2,
      metering: 'HIGH_SUPPLY_HIGH_METERING',
      tariff: 'LARGE_INDUSTRIAL',
      points: ['Xuhui 110 kV substation, 10 kV bay 12', 'Longhua 35 kV substation, 10 kV bay 3'],
    };
    await step(DRAFT, { caseId: hv.id, ...scheme }, t.planner);
    await expectOpen(hv.id, ['APPROVE_SCHEME']);
    // 10 kV takes two approval levels, by two different people.
    await step(APPROVE, { caseId: hv.id }, t.approver);
    await expectOpen(hv.id, ['APPROVE_SCHEME']);
    const same = await f.gql(APPROVE, { caseId: hv.id }, t.approver);
    expect(same.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await step(APPROVE, { caseId: hv.id }, t.approver2);
    await expectOpen(hv.id, ['REPLY_SCHEME']);
    await step(REPLY, { caseId: hv.id }, t.planner);
    await expectOpen(hv.id, ['CONFIRM_SCHEME']);
    await step(CONFIRM, { caseId: hv.id }, t.customer);
    // Everything that can happen after the confirmation, at once: fees, contract, design and the meter.
    await expectOpen(hv.id, ['PAY_FEES', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY', 'SUBMIT_DESIGN', 'INSTALL_METER']);

    // The customer chooses one of the recommended construction units; inspection records it.
    const { case: offered } = await step(
      `query($id: ID!) { case(id: $id) { recommendedConstructionUnits { fewerThanThree units { unitId name reason } } } }`,
      { id: hv.id },
      t.customer,
    );
    expect(offered.recommendedConstructionUnits.fewerThanThree).toBe(false);
    expect(offered.recommendedConstructionUnits.units).toHaveLength(3);
    const chosen = offered.recommendedConstructionUnits.units[1];
    await step(CHOOSE_UNIT, { caseId: hv.id, unitId: chosen.unitId }, t.customer);
    await waitFor('inspection to open the case', async () => (await read(hv.id)).designReview !== null);
    await expectOpen(hv.id, ['PAY_FEES', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY', 'SUBMIT_DESIGN', 'INSTALL_METER']);

    await contractAndMeter(
      hv.id,
      {
        number: `HV-${randomUUID().slice(0, 8)}`,
        type: 'HV_CT_PT',
        class: 'CLASS_0_5S',
        ct: '150/5',
        pt: '10000/100',
      },
      ['PAY_FEES', 'SUBMIT_DESIGN'],
      ['PAY_FEES', 'SUBMIT_DESIGN'],
    );

    // The signed contract: a PDF with the case number and the customer's Chinese name, hashed as stored.
    const { case: signed } = await step(
      `query($id: ID!) { case(id: $id) { contract { status sha256 pdfBase64 } } }`,
      { id: hv.id },
      t.customer,
    );
    expect(signed.contract.status).toBe('FULLY_SIGNED');
    const pdf = Buffer.from(signed.contract.pdfBase64 as string, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(signed.contract.sha256);
    const { text } = pdfText(pdf);
    expect(text).toContain(hv.number);
    expect(text).toContain('周工');
    const again = await f.gql(SIGN, { caseId: hv.id }, t.customer);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'FULLY_SIGNED' });

    // Dual source carries the high-reliability fee: paid in two parts, settled at exactly the total.
    const { fees } = await read(hv.id);
    const totalFen = Math.round(Number(fees.total) * 100);
    expect(totalFen).toBeGreaterThan(0);
    const firstPart = Math.floor(totalFen / 3);
    await step(PAY, { caseId: hv.id, amount: (firstPart / 100).toFixed(2) }, t.officer);
    await expectOpen(hv.id, ['PAY_FEES', 'SUBMIT_DESIGN']);
    const over = await f.gql(PAY, { caseId: hv.id, amount: (totalFen / 100).toFixed(2) }, t.officer);
    expect(over.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    await step(PAY, { caseId: hv.id, amount: ((totalFen - firstPart) / 100).toFixed(2) }, t.officer);
    await waitFor('fees to settle', async () => (await read(hv.id)).fees?.settled === true);
    await expectOpen(hv.id, ['SUBMIT_DESIGN']);

    // Meter installed, contract signed, fees settled, but not yet accepted: the gate stays closed.
    const closed = await f.gql(ENERGIZE, { caseId: hv.id }, t.technician);
    expect(closed.errors?.[0].extensions).toMatchObject({ code: 'GATE_CLOSED', requires: ['COMPLETION_ACCEPTED'] });

    // Design review: returned once with itemized comments the customer sees, then approved.
    await step(SUBMIT_DESIGN, { caseId: hv.id }, t.customer);
    await expectOpen(hv.id, ['REVIEW_DESIGN']);
    await step(RETURN_DESIGN, { caseId: hv.id }, t.inspector);
    await expectOpen(hv.id, ['SUBMIT_DESIGN']);
    const returned = await read(hv.id, t.customer);
    expect(returned.designReview.rounds[0].comments).toEqual([
      { item: 'PROTECTION', text: '缺少零序保护整定值' },
      { item: 'LAYOUT', text: 'Cable trench clearance under 0.5 m' },
    ]);
    await step(SUBMIT_DESIGN, { caseId: hv.id }, t.customer);
    await expectOpen(hv.id, ['REVIEW_DESIGN']);
    await step(REVIEW_DESIGN, { caseId: hv.id }, t.inspector);
    await expectOpen(hv.id, ['START_CONSTRUCTION']);
    await step(START_CONSTRUCTION, { caseId: hv.id, on: new Date().toISOString().slice(0, 10) }, t.customer);
    await expectOpen(hv.id, ['REQUEST_INTERMEDIATE_INSPECTION']);
    await step(REQUEST_INTERMEDIATE, { caseId: hv.id }, t.customer);
    // The customer is no longer told to build: the inspector holds the case.
    await expectOpen(hv.id, ['INSPECT_INTERMEDIATE']);
    await step(RECORD_INTERMEDIATE, { caseId: hv.id }, t.inspector);
    await expectOpen(hv.id, ['REQUEST_COMPLETION_ACCEPTANCE']);

    // Completion acceptance: safety fails; one notice lists its items; only safety re-inspects.
    await step(REQUEST_ACCEPTANCE_DUAL, { caseId: hv.id }, t.customer);
    await expectOpen(hv.id, ['COUNTERSIGN_ACCEPTANCE']);
    for (const department of DEPARTMENTS.filter((d) => d !== 'safety')) {
      await step(COUNTERSIGN, { caseId: hv.id }, t[`signer:${department}`]);
      await expectOpen(hv.id, ['COUNTERSIGN_ACCEPTANCE']);
    }
    await step(COUNTERSIGN_FAIL, { caseId: hv.id, items: SAFETY_ITEMS }, t['signer:safety']);
    await expectOpen(hv.id, ['REQUEST_COMPLETION_ACCEPTANCE']);
    const failed = await read(hv.id, t.customer);
    expect(failed.acceptance.rectificationNotice.items).toEqual(SAFETY_ITEMS.map((item) => ({ department: 'safety', item })));
    await step(REQUEST_ACCEPTANCE_DUAL, { caseId: hv.id }, t.customer);
    await expectOpen(hv.id, ['COUNTERSIGN_ACCEPTANCE']);
    const notAgain = await f.gql(COUNTERSIGN, { caseId: hv.id }, t['signer:marketing']);
    // Marketing passed the first round; its pass carries over to the re-inspection.
    expect(notAgain.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('carries over'),
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    await step(COUNTERSIGN, { caseId: hv.id }, t['signer:safety']);

    await energizeAndArchive(hv.id);

    // One query reads fields owned by all five subgraphs.
    const whole = await read(hv.id);
    expect(whole).toMatchObject({
      number: hv.number,
      status: 'ACCEPTED',
      category: 'HV_DUAL_SOURCE',
      planningStatus: 'SCHEME_CONFIRMED',
      scheme: { version: 1, status: 'CONFIRMED' },
      chosenConstructionUnit: { unitName: chosen.name, fromRecommendation: true },
      construction: { chosenUnitName: chosen.name },
      designReview: { status: 'APPROVED', currentRound: 2 },
      acceptance: { status: 'PASSED', round: 2 },
      contract: { status: 'FULLY_SIGNED' },
      fees: { settled: true },
    });
    expect(whole.scheme.approvals.map((a: { approvedBy: string }) => a.approvedBy)).toEqual(['approver-1', 'approver-2']);

    await waitFor('the archive event', () => typesOf(hv.id).includes('metering.case.archived.v1'));
    const types = typesOf(hv.id).filter((type) => !type.includes('.timelimit.'));
    const once = [
      'intake.application.submitted.v1',
      'intake.application.accepted.v1',
      'planning.survey.scheduled.v1',
      'planning.survey.completed.v1',
      'planning.recommendation.issued.v1',
      'planning.scheme.drafted.v1',
      'planning.scheme.replied.v1',
      'planning.scheme.confirmed.v1',
      'planning.constructionunit.chosen.v1',
      'inspection.design.approved.v1',
      'inspection.design.returned.v1',
      'inspection.construction.started.v1',
      'inspection.intermediate.requested.v1',
      'inspection.intermediate.passed.v1',
      'inspection.acceptance.failed.v1',
      'inspection.acceptance.passed.v1',
      'contracts.fees.invoiced.v1',
      'contracts.fees.settled.v1',
      'metering.meter.assigned.v1',
      'metering.meter.installed.v1',
      'metering.gate.opened.v1',
      'metering.case.energized.v1',
      'metering.case.archived.v1',
    ];
    for (const type of once) expect([type, types.filter((x) => x === type).length]).toEqual([type, 1]);
    const times = (type: string) => types.filter((x) => x === type).length;
    expect(times('planning.scheme.approved.v1')).toBe(2);
    expect(times('inspection.design.submitted.v1')).toBe(2);
    expect(times('inspection.acceptance.requested.v1')).toBe(2);
    expect(times('inspection.acceptance.countersigned.v1')).toBe(DEPARTMENTS.length + 1);
    // Version 1 is drafted with the customer's name to be confirmed; the officer's entry supersedes it.
    expect(times('contracts.contract.drafted.v1')).toBe(2);
    expect(times('contracts.contract.signed.v1')).toBe(2);
    expect(times('contracts.payment.received.v1')).toBe(2);
    expect(types).toHaveLength(once.length + 2 + 2 + 2 + DEPARTMENTS.length + 1 + 2 + 2 + 2);
    // The order the HV variant prescribes.
    before(types, 'intake.application.accepted.v1', 'planning.survey.scheduled.v1');
    before(types, 'planning.scheme.confirmed.v1', 'inspection.design.submitted.v1');
    before(types, 'inspection.design.returned.v1', 'inspection.design.approved.v1');
    before(types, 'inspection.design.approved.v1', 'inspection.construction.started.v1');
    before(types, 'inspection.construction.started.v1', 'inspection.intermediate.requested.v1');
    before(types, 'inspection.intermediate.requested.v1', 'inspection.intermediate.passed.v1');
    before(types, 'inspection.intermediate.passed.v1', 'inspection.acceptance.requested.v1');
    before(types, 'inspection.acceptance.failed.v1', 'inspection.acceptance.passed.v1');
    for (const condition of [
      'inspection.acceptance.passed.v1',
      'contracts.contract.signed.v1',
      'contracts.fees.settled.v1',
      'metering.meter.installed.v1',
    ]) {
      before(types, condition, 'metering.gate.opened.v1');
    }
    before(types, 'metering.gate.opened.v1', 'metering.case.energized.v1');
    before(types, 'metering.case.energized.v1', 'metering.case.archived.v1');

    // The journey tells, step for step, what the independent subscriber saw.
    const journeyOf = async () => expectData(await f.gql(JOURNEY, { id: hv.id }, t.customer)).case.journey;
    await waitFor('the journey to record every event', async () => (await journeyOf()).steps.length === eventsOf(hv.id).length);
    const journey = await journeyOf();
    const steps = journey.steps as Array<{ eventId: string; type: string; at: string; actor: { id: string; role: string } }>;
    const byId = new Map(eventsOf(hv.id).map((e) => [e.id, e]));
    expect(steps.map((s) => s.eventId).sort()).toEqual([...byId.keys()].sort());
    for (const s of steps) {
      const event = byId.get(s.eventId)!;
      // The graph names the event's role by the Role enum (intake-clerk is INTAKE_CLERK).
      const { id, role } = event.data.actor;
      expect({ type: s.type, at: Date.parse(s.at), actor: s.actor }).toEqual({
        type: event.type,
        at: Date.parse(event.time),
        actor: { id, role: role.toUpperCase().replace(/-/g, '_') },
      });
    }
    for (let i = 1; i < steps.length; i++) expect(Date.parse(steps[i].at)).toBeGreaterThanOrEqual(Date.parse(steps[i - 1].at));
    expect(journey.currentStage).toBe('ARCHIVED');
    expect(journey.customerTimeSeconds).toBeGreaterThan(0);
    expect(journey.utilityTimeSeconds).toBeGreaterThan(0);
  }, 300_000);

  /** What the journey shows of the case's variant: its links and their state. */
  const linksOf = async (caseId: string) =>
    expectData(
      await f.gql<{ case: { processVariant: string | null; journey: { links: { id: string; status: string }[] } } }>(
        `query($id: ID!) { case(id: $id) { processVariant journey { links { id status } } } }`,
        { id: caseId },
        t.customer,
      ),
    ).case;
  const expectLinks = async (caseId: string, statuses: [string, string]) =>
    waitFor(`the links ${statuses.join(', ')}`, async () => {
      const { processVariant, journey } = await linksOf(caseId);
      expect(processVariant).toBe('THREE_ZERO');
      return JSON.stringify(journey.links) ===
        JSON.stringify([
          { id: 'APPLY_AND_SIGN', status: statuses[0] },
          { id: 'CONSTRUCT_AND_CONNECT', status: statuses[1] },
        ])
        ? true
        : undefined;
    });

  /**
   * A low-voltage case through 三零 in its two links, with the open actions and the links after
   * every step. Link 1: the contract, drafted at acceptance from the application, signed by both
   * while the survey is open. Link 2: survey and scheme in one step (approved and confirmed by
   * rule), the meter, power on. No scheme confirmation, fees, design, inspection or acceptance.
   */
  async function walkThreeZero(caseId: string, meter: { number: string; type: string; class: string; ct?: string }): Promise<void> {
    await expectOpen(caseId, ['SURVEY_AND_DRAFT_SCHEME', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY']);
    await expectLinks(caseId, ['CURRENT', 'PENDING']);
    const drafted = await read(caseId);
    expect(drafted.contract).toMatchObject({ status: 'DRAFTED', version: 1 });
    expect(drafted.fees).toBeNull();
    expect(drafted.metering).toBeNull();
    await step(UPDATE_PARTIES, { caseId, name: '周工' }, t.officer);
    await expectOpen(caseId, ['SURVEY_AND_DRAFT_SCHEME', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY']);
    await step(SIGN, { caseId }, t.customer);
    await expectOpen(caseId, ['SURVEY_AND_DRAFT_SCHEME', 'SIGN_CONTRACT_FOR_UTILITY']);
    await step(SIGN, { caseId }, t.officer);
    await expectOpen(caseId, ['SURVEY_AND_DRAFT_SCHEME']);
    await expectLinks(caseId, ['DONE', 'CURRENT']);

    await step(FAST_PATH, { caseId }, t.surveyor);
    await expectOpen(caseId, ['INSTALL_METER']);
    const confirmed = await read(caseId);
    expect(confirmed.scheme).toMatchObject({ status: 'CONFIRMED', approvals: [{ approvedBy: 'RULE' }] });
    expect(confirmed.contract).toMatchObject({ status: 'FULLY_SIGNED', version: 2 });
    await waitFor('metering to open the case', async () => (await read(caseId)).metering !== null);
    expect((await read(caseId)).metering.blockedBy).toEqual(['METER_INSTALLED']);
    await step(REGISTER_METER, meter, t.technician);
    await step(ASSIGN_METER, { caseId, number: meter.number }, t.technician);
    await expectOpen(caseId, ['INSTALL_METER']);
    await step(SCHEDULE_INSTALLATION, { caseId, at: new Date(Date.now() + 3_600_000).toISOString() }, t.technician);
    await expectOpen(caseId, ['INSTALL_METER']);
    const seals = [`${meter.number}-S1`, `${meter.number}-S2`];
    await step(INSTALL_METER, { caseId, at: new Date(Date.now() - 60_000).toISOString(), seals }, t.technician);
    await energizeAndArchive(caseId);
    await expectLinks(caseId, ['DONE', 'DONE']);
  }

  /** The case's events (time-limit events aside), and that the customer acted only in the first link. */
  async function expectTwoLinks(caseId: string): Promise<string[]> {
    await waitFor('the archive event', () => typesOf(caseId).includes('metering.case.archived.v1'));
    const events = eventsOf(caseId).filter((e) => !e.type.includes('.timelimit.'));
    const types = events.map((e) => e.type);
    expect(types.filter((x) => /^inspection\.|^contracts\.fees\./.test(x))).toEqual([]);
    const byCustomer = events.filter((e) => e.data.actor.role === 'customer').map((e) => e.type);
    expect(new Set(byCustomer)).toEqual(new Set(['intake.application.submitted.v1', 'contracts.contract.signed.v1']));
    // The contract was drafted at acceptance and signed by both before the utility's survey.
    before(types, 'intake.application.accepted.v1', 'contracts.contract.drafted.v1');
    before(types, 'contracts.contract.signed.v1', 'planning.survey.completed.v1');
    expect(events.find((e) => e.type === 'planning.scheme.confirmed.v1')?.data.actor.role).not.toBe('customer');
    before(types, 'metering.gate.opened.v1', 'metering.case.energized.v1');
    // The work each event names as opened and closed, replayed in order, leaves nothing open once archived.
    const open = new Set<string>();
    for (const { data } of events) {
      const { actions } = data as { actions?: { opens?: string[]; closes?: string[] } };
      for (const code of actions?.closes ?? []) open.delete(code);
      for (const code of actions?.opens ?? []) open.add(code);
    }
    expect([...open]).toEqual([]);
    const acceptedActions = events.find((e) => e.type === 'intake.application.accepted.v1')!.data as { actions?: unknown };
    expect(acceptedActions.actions).toEqual({ opens: ['SURVEY_AND_DRAFT_SCHEME'], closes: ['REVIEW_APPLICATION'] });
    return types;
  }

  it('takes a Shanghai shop of 120 kW through 三零 in two links, end to end, under its low-voltage ceiling', async () => {
    // The power factor of the policy data (the national figure; no overlay restates it): kVA = kW / power factor.
    const policyData = JSON.parse(readFileSync(join(__dirname, '../../libs/shared/timelimits/data/time-limits.json'), 'utf8')) as {
      versions: { national?: { powerFactor?: { value: number } }; overlays?: Record<string, { powerFactor?: unknown }> }[];
    };
    expect(policyData.versions.some((v) => v.overlays?.shanghai?.powerFactor)).toBe(false);
    const powerFactor = policyData.versions.flatMap((v) => (v.national?.powerFactor ? [v.national.powerFactor.value] : [])).pop()!;
    // 120 kW is 141.18 kVA: above the national 100 kVA, below Shanghai's 160 kW.
    const capacityKva = Math.round((120 / powerFactor) * 100) / 100;
    expect(capacityKva).toBe(141.18);
    const shop = await acceptedCase(residentId(4_120_001), { usage: 'COMMERCIAL', voltageLevel: 'AC380V', capacityKva, supplySources: 1 });
    expect((await read(shop.id)).category).toBe('LV_NON_RESIDENTIAL');
    await walkThreeZero(shop.id, { number: `SH-${randomUUID().slice(0, 8)}`, type: 'THREE_PHASE_CT', class: 'CLASS_0_5S', ct: '300/5' });
    const types = await expectTwoLinks(shop.id);
    expect(types).toEqual(expect.arrayContaining(['planning.scheme.replied.v1', 'planning.scheme.confirmed.v1']));
    const scheme = expectData(
      await f.gql(`query($id: ID!) { case(id: $id) { scheme { voltageLevel capacityKva } } }`, { id: shop.id }, t.planner),
    );
    expect(scheme.case.scheme).toEqual({ voltageLevel: 'AC380V', capacityKva });
    const accepted = eventsOf(shop.id).find((e) => e.type === 'intake.application.accepted.v1') as unknown as {
      data: { processVariant?: string };
    };
    expect(accepted.data.processVariant).toBe('THREE_ZERO');
  }, 240_000);

  it('takes a low-voltage residential case through 三零 to archive: the contract with the application, no fees', async () => {
    const lv = await acceptedCase('310104199909099992', { usage: 'RESIDENTIAL', voltageLevel: 'AC220V', capacityKva: 8, supplySources: 1 });
    await walkThreeZero(lv.id, { number: `LV-${randomUUID().slice(0, 8)}`, type: 'SINGLE_PHASE', class: 'CLASS_2' });
    const types = await expectTwoLinks(lv.id);
    // Signed by both parties; drafted twice (at acceptance, then with the party entered); everything else once.
    const twice = ['contracts.contract.signed.v1', 'contracts.contract.drafted.v1'];
    for (const type of twice) expect(types.filter((x) => x === type)).toHaveLength(2);
    const rest = types.filter((x) => !twice.includes(x));
    expect(new Set(rest).size).toBe(rest.length);
    const design = await f.gql(SUBMIT_DESIGN, { caseId: lv.id }, t.customer);
    expect(design.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
  }, 240_000);

  it('tells the customer of every step of a 三零 case by inbox and email, in order, once, and each team of its new work', async () => {
    await walkCheckingNotifications(f);
  }, 240_000);

  it('cancels every service’s work when the customer withdraws during planning, and the journey says so', async () => {
    // A shop on 三零: the contract drafted at acceptance is open work of contracts too.
    const c = await acceptedCase('110101198001010053', { usage: 'COMMERCIAL' });
    await expectOpen(c.id, ['SURVEY_AND_DRAFT_SCHEME', 'SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY']);
    const { withdrawApplication } = await step(WITHDRAW, { caseId: c.id }, t.customer);
    expect(withdrawApplication).toMatchObject({ status: 'WITHDRAWN', stage: 'WITHDRAWN' });

    const services = ['planning', 'inspection', 'contracts', 'metering'];
    await waitFor(
      'every service to cancel its work',
      () => services.every((s) => typesOf(c.id).includes(`${s}.case.cancelled.v1`)),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1000)); // a second cancellation would show up now
    for (const s of services) expect([s, typesOf(c.id).filter((x) => x === `${s}.case.cancelled.v1`).length]).toEqual([s, 1]);
    const planningCancelled = eventsOf(c.id).find((e) => e.type === 'planning.case.cancelled.v1')!.data as unknown as {
      cancelledWork: string[];
    };
    expect(planningCancelled.cancelledWork.length).toBeGreaterThan(0);
    const contractsCancelled = eventsOf(c.id).find((e) => e.type === 'contracts.case.cancelled.v1')!.data as unknown as {
      cancelledWork: string[];
    };
    expect(contractsCancelled.cancelledWork.length).toBeGreaterThan(0);

    const journeyOf = async () => expectData(await f.gql(JOURNEY, { id: c.id }, t.customer)).case.journey;
    await waitFor('the journey to record the cancellations', async () => (await journeyOf()).cancellations.length === services.length);
    const journey = await journeyOf();
    expect(journey.currentStage).toBe('WITHDRAWN');
    await expectOpen(c.id, []);
    expect(journey.cancellations.map((x: { service: string }) => x.service).sort()).toEqual(services.map((s) => s.toUpperCase()).sort());
    expect(journey.cancellations.every((x: { reason: string }) => x.reason === 'The shop lease fell through')).toBe(true);
    expect((await read(c.id)).planningStatus).toBe('CANCELLED');
    const late = await f.gql(RECORD, { caseId: c.id }, t.surveyor);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
  }, 120_000);
});
