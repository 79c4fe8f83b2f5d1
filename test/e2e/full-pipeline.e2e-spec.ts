import { randomUUID } from 'node:crypto';
import { expectData, waitFor } from '@yekuo/shared/testing';
import {
  ACCEPT,
  application,
  APPROVE,
  ARCHIVE,
  ASSIGN_METER,
  CONFIRM,
  COUNTERSIGN,
  DRAFT,
  ENERGIZE,
  INSTALL_METER,
  RECORD,
  RECORD_INTERMEDIATE,
  REPLY,
  REQUEST_ACCEPTANCE,
  REQUEST_INTERMEDIATE,
  REVIEW_DESIGN,
  SCHEDULE,
  SIGN,
  START_CONSTRUCTION,
  SUBMIT,
  SUBMIT_DESIGN,
} from './operations';
import { startSystemFixture, SystemFixture } from './system-fixture';

const WHOLE_CASE = `query($id: ID!) { case(id: $id) {
  number status category planningStatus scheme { version status }
  designReview { status round } inspections { round result } acceptance { status round }
  contract { status } fees { total settled }
  metering { blockedBy gateOpenedAt energizedAt archivedAt }
} }`;

const DEPARTMENTS = ['marketing', 'operations', 'dispatch', 'metering', 'safety'];

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
      inspector: await mint('inspector-1', 'inspector'),
      officer: await mint('officer-1', 'contract-officer'),
      technician: await mint('technician-1', 'metering-technician'),
    };
    for (const department of DEPARTMENTS)
      t[`signer:${department}`] = await mint(`signer-${department}`, 'department-signer', { department });
  }, 180_000);

  afterAll(async () => {
    await f?.stop();
  }, 60_000);

  const step = async (query: string, variables: Record<string, unknown>, token: string) => expectData(await f.gql(query, variables, token));
  const read = async (caseId: string) => expectData(await f.gql(WHOLE_CASE, { id: caseId }, t.planner)).case;

  /** Application to a confirmed scheme: intake and planning. */
  async function toConfirmedScheme(
    terms: Record<string, unknown>,
    idNumber: string,
    scheme: Record<string, unknown>,
  ): Promise<{ id: string; number: string }> {
    const { submitApplication } = await step(SUBMIT, { input: application({ idNumber, name: '周工' }, terms) }, t.customer);
    const caseId = submitApplication.id as string;
    await step(ACCEPT, { caseId }, t.clerk);
    await waitFor('planning to open the case', async () => (await read(caseId)).planningStatus === 'AWAITING_SURVEY');
    await step(SCHEDULE, { caseId, at: new Date(Date.now() + 86_400_000).toISOString() }, t.surveyor);
    await step(RECORD, { caseId }, t.surveyor);
    await step(DRAFT, { caseId, ...scheme }, t.planner);
    await step(APPROVE, { caseId }, t.approver);
    await step(REPLY, { caseId }, t.planner);
    await step(CONFIRM, { caseId }, t.customer);
    return { id: caseId, number: submitApplication.number as string };
  }

  /** Contract signed by both parties, meter assigned and installed: the gate conditions every variant shares. */
  async function contractAndMeter(caseId: string, meterNumber: string, meterType: string, ct?: string): Promise<void> {
    await waitFor('contracts and metering to open the case', async () => {
      const c = await read(caseId);
      return c.contract?.status === 'DRAFTED' && c.metering !== null;
    });
    await step(ASSIGN_METER, { caseId, number: meterNumber, type: meterType, ct }, t.technician);
    await step(SIGN, { caseId }, t.customer);
    await step(SIGN, { caseId }, t.officer);
    await step(INSTALL_METER, { caseId, at: new Date(Date.now() - 60_000).toISOString() }, t.technician);
  }

  async function energizeAndArchive(caseId: string): Promise<void> {
    await waitFor('the gate to open', async () => (await read(caseId)).metering.gateOpenedAt !== null, 30_000);
    await step(ENERGIZE, { caseId }, t.technician);
    await step(ARCHIVE, { caseId }, t.technician);
    const done = await read(caseId);
    expect(done.metering).toMatchObject({ blockedBy: [] });
    expect(done.metering.energizedAt).not.toBeNull();
    expect(done.metering.archivedAt).not.toBeNull();
  }

  /** The events of one case on the bus, once per id, in the order they were raised. */
  function eventsOf(caseId: string): string[] {
    const byId = new Map<string, { type: string; time: string }>();
    for (const m of f.tap.messages) {
      const body = m.body as { id?: string; subject?: string; type: string; time: string };
      if (body?.subject === caseId && body.id) byId.set(body.id, body);
    }
    return [...byId.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time)).map((e) => e.type);
  }

  const before = (types: string[], first: string, then: string) => {
    expect(types.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(types.lastIndexOf(first)).toBeLessThan(types.indexOf(then));
  };

  it('takes a high-voltage single-source case through every stage to archive', async () => {
    const hv = await toConfirmedScheme(
      { usage: 'INDUSTRIAL', voltageLevel: 'AC10KV', capacityKva: 800, supplySources: 1 },
      '310104197707077777',
      { capacity: 800, voltage: 'AC10KV', sources: 1, metering: 'HIGH_SUPPLY_HIGH_METERING', tariff: 'LARGE_INDUSTRIAL' },
    );
    await waitFor('inspection to open the case', async () => (await read(hv.id)).designReview !== null);

    await contractAndMeter(hv.id, `HV-${randomUUID().slice(0, 8)}`, 'THREE_PHASE_SMART', '50/5');
    // Meter installed, contract signed, fees settled (no fee for a single source), but not yet accepted.
    await waitFor('fees to settle', async () => (await read(hv.id)).fees?.settled === true);
    const closed = await f.gql(ENERGIZE, { caseId: hv.id }, t.technician);
    expect(closed.errors?.[0].extensions).toMatchObject({ code: 'GATE_CLOSED', requires: ['COMPLETION_ACCEPTED'] });

    await step(SUBMIT_DESIGN, { caseId: hv.id }, t.customer);
    await step(REVIEW_DESIGN, { caseId: hv.id }, t.inspector);
    await step(START_CONSTRUCTION, { caseId: hv.id, on: new Date().toISOString().slice(0, 10) }, t.customer);
    await step(REQUEST_INTERMEDIATE, { caseId: hv.id }, t.customer);
    await step(RECORD_INTERMEDIATE, { caseId: hv.id }, t.inspector);
    await step(REQUEST_ACCEPTANCE, { caseId: hv.id }, t.customer);
    for (const department of DEPARTMENTS) await step(COUNTERSIGN, { caseId: hv.id }, t[`signer:${department}`]);

    await energizeAndArchive(hv.id);

    // One query reads fields owned by all five subgraphs.
    const whole = await read(hv.id);
    expect(whole).toMatchObject({
      number: hv.number,
      status: 'ACCEPTED',
      category: 'HV_SINGLE_SOURCE',
      planningStatus: 'SCHEME_CONFIRMED',
      scheme: { version: 1, status: 'CONFIRMED' },
      designReview: { status: 'APPROVED' },
      acceptance: { status: 'PASSED' },
      contract: { status: 'FULLY_SIGNED' },
      fees: { total: '0.00', settled: true },
    });

    await waitFor('the archive event', () => eventsOf(hv.id).includes('metering.case.archived.v1'));
    const types = eventsOf(hv.id);
    const once = [
      'intake.application.submitted.v1',
      'intake.application.accepted.v1',
      'planning.survey.scheduled.v1',
      'planning.survey.completed.v1',
      'planning.scheme.drafted.v1',
      'planning.scheme.approved.v1',
      'planning.scheme.replied.v1',
      'planning.scheme.confirmed.v1',
      'inspection.design.submitted.v1',
      'inspection.design.approved.v1',
      'inspection.intermediate.passed.v1',
      'inspection.acceptance.requested.v1',
      'inspection.acceptance.passed.v1',
      'contracts.contract.drafted.v1',
      'contracts.fees.invoiced.v1',
      'contracts.fees.settled.v1',
      'metering.meter.assigned.v1',
      'metering.meter.installed.v1',
      'metering.gate.opened.v1',
      'metering.case.energized.v1',
      'metering.case.archived.v1',
    ];
    for (const type of once) expect([type, types.filter((x) => x === type).length]).toEqual([type, 1]);
    expect(types.filter((x) => x === 'inspection.acceptance.countersigned.v1')).toHaveLength(DEPARTMENTS.length);
    expect(types.filter((x) => x === 'contracts.contract.signed.v1')).toHaveLength(2);
    expect(types).toHaveLength(once.length + DEPARTMENTS.length + 2);
    // The order the HV variant prescribes.
    before(types, 'intake.application.accepted.v1', 'planning.survey.scheduled.v1');
    before(types, 'planning.scheme.confirmed.v1', 'inspection.design.submitted.v1');
    before(types, 'inspection.design.approved.v1', 'inspection.intermediate.passed.v1');
    before(types, 'inspection.intermediate.passed.v1', 'inspection.acceptance.requested.v1');
    before(types, 'inspection.acceptance.countersigned.v1', 'inspection.acceptance.passed.v1');
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
  }, 180_000);

  it('takes a low-voltage residential case to archive without design review, inspection or acceptance', async () => {
    const lv = await toConfirmedScheme(
      { usage: 'RESIDENTIAL', voltageLevel: 'AC220V', capacityKva: 8, supplySources: 1 },
      '310104199909099999',
      { capacity: 8, voltage: 'AC220V', sources: 1, metering: 'LOW_SUPPLY_LOW_METERING', tariff: 'RESIDENTIAL' },
    );
    await contractAndMeter(lv.id, `LV-${randomUUID().slice(0, 8)}`, 'SINGLE_PHASE_SMART');
    await energizeAndArchive(lv.id);

    await waitFor('the archive event', () => eventsOf(lv.id).includes('metering.case.archived.v1'));
    const types = eventsOf(lv.id);
    expect(types.filter((x) => x.startsWith('inspection.'))).toEqual([]);
    expect(types).toEqual(
      expect.arrayContaining([
        'contracts.fees.settled.v1',
        'metering.gate.opened.v1',
        'metering.case.energized.v1',
        'metering.case.archived.v1',
      ]),
    );
    expect(new Set(types.filter((x) => x !== 'contracts.contract.signed.v1')).size).toBe(types.length - 2);
    const design = await f.gql(SUBMIT_DESIGN, { caseId: lv.id }, t.customer);
    expect(design.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');
    before(types, 'planning.scheme.confirmed.v1', 'contracts.contract.drafted.v1');
    before(types, 'metering.gate.opened.v1', 'metering.case.energized.v1');
  }, 180_000);
});
