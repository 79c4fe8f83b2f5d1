import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CloudEvent, CustomerCategory, EventPayload, ProcessVariantName, Role } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import type { ServiceConfig, ServiceDefinition } from '@yekuo/platform';
import { Caller, GraphQLErrorBody, GraphQLResponse, HarnessOptions, Identity, InProcessService, ServiceHarness } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { inspectionService } from '../inspection.service-definition';

/** Starts the inspection service in process for one test file (its own database, exchange and queues). */
export const startInspection = (options?: HarnessOptions) =>
  ServiceHarness.start(inspectionService, (config) => AppModule.forRoot(config), options);

/**
 * Starts two instances of inspection on one database and one queue, each reading "now" from its own
 * hand-set time source; `setTime` moves every instance to the same instant, as two processes on
 * synchronised hosts would read it. An instance started later (a restart) starts at the current instant.
 */
export async function startInspectionOnHandSetTime(at: string, env: Record<string, string>) {
  let now = at;
  const sources: ManualTimeSource[] = [];
  const appModule = (config: ServiceConfig) => {
    const timeSource = new ManualTimeSource(now);
    sources.push(timeSource);
    const definition: ServiceDefinition = { ...inspectionService, timeSource };
    return AppModule.forRoot(config, definition);
  };
  // Started one after the other: both migrate the same database, the second finds it done.
  const h = await ServiceHarness.start(inspectionService, appModule, { env });
  try {
    await h.startInstance();
  } catch (error) {
    await h.stop();
    throw error;
  }
  const setTime = (iso: string) => {
    now = iso;
    for (const source of sources) source.set(iso);
  };
  /** Stops one instance for good (it leaves `h.instances`, so `h.stop()` does not stop it twice); `h.startInstance()` replaces it. */
  const stopInstance = async (instance: InProcessService) => {
    await instance.stop();
    h.instances.splice(h.instances.indexOf(instance), 1);
  };
  return { h, setTime, stopInstance };
}

export interface TestCase {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  voltageLevel: string;
  capacityKva: number;
}

/**
 * A case nobody has heard of yet, of its own customer unless `customerId` says otherwise: a test opens
 * its own cases and never reads another test's. 800 kVA at 10 kV, 160 kVA at 380 V or 8 kVA at 220 V by default.
 */
export function newCase(category: CustomerCategory, options: { customerId?: string; capacityKva?: number } = {}): TestCase {
  const hv = category.startsWith('HV');
  return {
    caseId: randomUUID(),
    caseNumber: `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`,
    customerId: options.customerId ?? randomUUID(),
    category,
    voltageLevel: hv ? 'AC10KV' : category === 'LV_RESIDENTIAL' ? 'AC220V' : 'AC380V',
    capacityKva: options.capacityKva ?? (hv ? 800 : category === 'LV_RESIDENTIAL' ? 8 : 160),
  };
}

/** A customer who owns none of the cases (and an agent acting for them only). */
export const OTHER_CUSTOMER_ID = randomUUID();

/** The fields every upstream and inspection event about the case carries, the customer acting. */
export const casePayload = (c: TestCase) => ({
  caseId: c.caseId,
  caseNumber: c.caseNumber,
  customerId: c.customerId,
  category: c.category,
  policyVersion: '2020-01',
  actor: { id: c.customerId, role: 'customer' as const },
});

/** What planning publishes when the scheme is confirmed (naming no variant, as before variants were walked, unless given). */
export const confirmed = (c: TestCase, version = 1, processVariant?: ProcessVariantName): EventPayload<'planning.scheme.confirmed.v1'> => ({
  ...casePayload(c),
  nextAction: { role: 'customer', description: 'Next stage' },
  schemeId: randomUUID(),
  version,
  voltageLevel: c.voltageLevel,
  capacityKva: c.capacityKva,
  supplySources: c.category === 'HV_DUAL_SOURCE' ? 2 : 1,
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
  supplyPoints: ['feeder 12'],
  propertyBoundary: 'Customer switch room',
  ...(processVariant ? { processVariant } : {}),
});

/** What planning publishes when the customer chooses a construction unit (from the registry when `unitId` is given). */
export const chosen = (c: TestCase, unitName: string, unitId?: string): EventPayload<'planning.constructionunit.chosen.v1'> => ({
  ...casePayload(c),
  unitName,
  ...(unitId ? { unitId } : {}),
  fromRecommendation: unitId !== undefined,
});

/** What intake publishes when the application is withdrawn (by the customer unless `actor` says otherwise). */
export const withdrawn = (
  c: TestCase,
  reason: string,
  actor: { id: string; role: Role } = { id: c.customerId, role: 'customer' },
): EventPayload<'intake.application.withdrawn.v1'> => ({ ...casePayload(c), actor, reason });

export const HV_DEPARTMENTS = ['marketing', 'operations', 'dispatch', 'metering', 'safety'];
export const LV_DEPARTMENTS = ['marketing', 'metering', 'safety'];
export const DESIGN_ITEMS = ['DESIGN_DESCRIPTION', 'SINGLE_LINE_DIAGRAM', 'PROTECTION', 'METERING', 'REACTIVE_COMPENSATION', 'LAYOUT'];
export const HV_COMPLETION_ITEMS = [
  'COMPLETION_REPORT',
  'AS_BUILT_DRAWINGS',
  'TEST_REPORTS',
  'EQUIPMENT_CERTIFICATES',
  'CONCEALED_WORKS_RECORDS',
  'PROTECTION_SETTING_TESTS',
];
export const LV_COMPLETION_ITEMS = ['COMPLETION_REPORT', 'AS_BUILT_DRAWINGS', 'TEST_REPORTS'];
export const DESIGN_UNIT = {
  name: 'East China Design Institute',
  qualificationClass: '电力行业(送变电工程)专业乙级',
  certificateNumber: 'A231012345',
};

/** One uploaded document per key (ids as intake's document store answers: the same key, the same id). */
const documentIds = new Map<string, string>();
export const documentId = (key: string) => documentIds.get(key) ?? documentIds.set(key, randomUUID()).get(key)!;
/** The documents of one submission: one per checklist slot, `tag` naming the submission. */
export const filed = (items: string[], tag: string) => items.map((item) => ({ item, documentId: documentId(`${tag}/${item}`) }));
/** A design submission of the case; `tag` names the round's documents (r1, r2, …). */
export const design = (caseId: string, tag = 'r1') => ({
  caseId,
  designUnit: DESIGN_UNIT,
  documents: filed(DESIGN_ITEMS, `${caseId}/${tag}`),
});
/** A completion acceptance request of the case; `tag` names the round's documents (a1, a2, …). */
export const acceptanceRequest = (caseId: string, items: string[], tag = 'a1') => ({
  caseId,
  documents: filed(items, `${caseId}/${tag}`),
});

/** The comments the inspector returns a high-voltage design with (round 1 of the design path). */
export const DESIGN_COMMENTS = [
  { item: 'SINGLE_LINE_DIAGRAM', text: 'Cable cross-section too small for 800 kVA' },
  { item: 'PROTECTION', text: 'Earthing grid drawing missing' },
];

/** Every inspection mutation, by the name of its input type. */
export const MUTATIONS = {
  submitDesign: 'SubmitDesignInput',
  reviewDesign: 'ReviewDesignInput',
  recordConstructionStart: 'RecordConstructionStartInput',
  requestIntermediateInspection: 'RequestIntermediateInspectionInput',
  recordIntermediateInspection: 'RecordIntermediateInspectionInput',
  requestCompletionAcceptance: 'RequestCompletionAcceptanceInput',
  countersign: 'CountersignInput',
  recordCustomerDelay: 'RecordCustomerDelayInput',
  endCustomerDelay: 'EndCustomerDelayInput',
} as const;
export type MutationName = keyof typeof MUTATIONS;
export type MutationResult = { id: string; inspectionStatus: string | null };

export const CASE_FIELDS = `
  id
  inspectionStatus
  designReview {
    status currentRound round customerSeconds checklist { item description }
    rounds {
      round designUnit { name qualificationClass certificateNumber } documents { item documentId } submittedBy submittedAt
      decision comments { item text } decidedAt reviewer customerTime { from to seconds reason }
    }
  }
  construction { chosenUnitId chosenUnitName chosenFromRecommendation unitId unitName startedOn recordedBy recordedAt }
  inspections {
    round result scope rectificationNote items { item result note }
    rectificationItems { item note status raisedRound resolvedRound closedAt }
    requestedBy requestedAt recordedBy recordedAt customerTime { from to seconds }
  }
  acceptance {
    status currentRound round departments passedDepartments checklist { item }
    rounds {
      round status documents { item documentId } requiredDepartments pendingDepartments
      signatures { department result items signedBy signedAt } rectificationItems { department item }
      requestedBy requestedAt decidedAt
    }
    rectificationNotice { round items { department item } departments issuedAt }
    requiredDepartments pendingDepartments signatures { department result } rectificationItems { department item }
    requestedBy requestedAt decidedAt
  }
`;

/** How far `hvCaseAt` walks a high-voltage case. */
export type HvStage = 'AWAITING_DESIGN' | 'DESIGN_APPROVED' | 'INTERMEDIATE_PASSED' | 'ACCEPTANCE_PASSED';

/** The cases a withdrawal test withdraws, as `stageWithdrawals` leaves them. */
export interface WithdrawalCases {
  /** A design returned to the customer. */
  wdDesign: TestCase;
  /** An acceptance round half countersigned. */
  wdAcceptance: TestCase;
  /** A low-voltage residential case (no inspection stages). */
  res: TestCase;
  /** Never heard of: its withdrawal arrives before its confirmed scheme. */
  wdEarly: TestCase;
}

export type InspectionKit = ReturnType<typeof inspectionKit>;

/**
 * What inspection's integration tests use around the harness: callers per role, mutations that must
 * succeed or fail with exactly one error, the case as the gateway reads it, its row and its events,
 * and builders that take a case of the test's own along the paths the stage tests walk.
 *
 * `via` picks the instance a caller talks to when none is named (the first by default).
 */
export function inspectionKit(h: ServiceHarness, via: () => InProcessService = () => h.service) {
  const dataSource = h.app.get(DataSource);
  const as = (role: Role, identity: Identity = {}, on?: InProcessService): Caller => h.as(role, identity, on ?? via());

  const customerOf = (c: TestCase, on?: InProcessService) => as('customer', { sub: c.customerId }, on);
  /** agent-1, acting for the case's customer. */
  const agentOf = (c: TestCase, on?: InProcessService) => as('agent', { sub: 'agent-1', actsFor: [c.customerId] }, on);
  const otherCustomer = (on?: InProcessService) => as('customer', { sub: OTHER_CUSTOMER_ID }, on);
  /** agent-2, acting for another customer only. */
  const strangerAgent = (on?: InProcessService) => as('agent', { sub: 'agent-2', actsFor: [OTHER_CUSTOMER_ID] }, on);
  const inspector = (on?: InProcessService) => as('inspector', { sub: 'inspector-1' }, on);
  const auditor = (on?: InProcessService) => as('auditor', { sub: 'auditor-1' }, on);
  const planner = (on?: InProcessService) => as('planner', { sub: 'planner-1' }, on);
  const signer = (department: string, on?: InProcessService) => as('department-signer', { sub: `signer-${department}`, department }, on);
  const signerWithoutDepartment = (on?: InProcessService) => as('department-signer', { sub: 'signer-x' }, on);

  const call = (
    name: MutationName,
    caller: Caller,
    input: Record<string, unknown>,
  ): Promise<GraphQLResponse<Record<string, MutationResult>>> =>
    caller.raw(`mutation($input: ${MUTATIONS[name]}!) { ${name}(input: $input) { id inspectionStatus } }`, { input });

  /** Runs a mutation that must succeed; returns the case id and status it answered with. */
  const ok = async (name: MutationName, caller: Caller, input: Record<string, unknown>) => {
    const response = await call(name, caller, input);
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };

  /** Runs a mutation that must fail with exactly one error and no data; returns the error. */
  const failure = async (name: MutationName, caller: Caller, input: Record<string, unknown>): Promise<GraphQLErrorBody> => {
    const response = await call(name, caller, input);
    expect(response.errors).toHaveLength(1);
    expect(response.data ?? null).toBeNull();
    return response.errors![0];
  };
  const fieldsOf = (error: GraphQLErrorBody) => error.extensions?.fields?.map((f) => f.field);

  /** Reads the case as the gateway does: through `_entities`. */
  const readCase = (caller: Caller, caseId: string, fields = CASE_FIELDS) => caller.readCase(caseId, fields);

  const row = async (caseId: string) =>
    (await dataSource.query<Record<string, any>[]>('SELECT * FROM inspection_case WHERE case_id = $1', [caseId]))[0];

  /** The inspection events published about one case (oldest first), of one type when `type` is given. */
  const eventsOf = (caseId: string, type?: string) =>
    h.eventsOf(caseId, 'inspection.').filter((e) => !type || e.type === type) as CloudEvent<any>[];

  const publish = (...events: CloudEvent[]) => h.publish(...events);

  /** Publishes the confirmed schemes of `cases` and waits until inspection has opened every one. */
  const open = async (...cases: TestCase[]) => {
    for (const c of cases) await publish(h.event('planning.scheme.confirmed.v1', confirmed(c)));
    const ids = cases.map((c) => c.caseId);
    await h.waitFor(`${cases.length} case(s) opened`, async () => {
      const rows = await dataSource.query<unknown[]>('SELECT 1 FROM inspection_case WHERE case_id = ANY($1)', [ids]);
      return rows.length === cases.length;
    });
  };

  /** Publishes scheme `version` of the case confirmed under `processVariant` and waits until inspection's copy carries it. */
  const confirm = async (c: TestCase, version: number, processVariant: ProcessVariantName) => {
    await publish(h.event('planning.scheme.confirmed.v1', confirmed(c, version, processVariant)));
    await h.waitFor(`scheme version ${version} of ${c.caseNumber} applied`, async () => (await row(c.caseId))?.scheme_version === version);
  };

  /** Publishes the construction unit chosen in planning and waits until inspection has kept it. */
  const choose = async (c: TestCase, unitName: string, unitId?: string) => {
    await publish(h.event('planning.constructionunit.chosen.v1', chosen(c, unitName, unitId)));
    await h.waitFor(
      `the choice of ${unitName} kept`,
      async () =>
        (
          await dataSource.query<unknown[]>('SELECT 1 FROM construction_unit_choice WHERE case_id = $1 AND unit_name = $2', [
            c.caseId,
            unitName,
          ])
        ).length > 0,
    );
  };

  /** Countersigns as each department in turn; the last signature decides the round. */
  const signAll = async (caseId: string, results: Record<string, { result: 'PASS' | 'FAIL'; items?: string[] }>) => {
    let last;
    for (const [department, signature] of Object.entries(results)) {
      last = await ok('countersign', signer(department), { caseId, ...signature });
    }
    return last;
  };

  /**
   * A high-voltage case walked up to `stage` along the path the stage tests take:
   * - opened: the unit (Pudong Electric Works, from the registry) chosen before the scheme is confirmed;
   * - design: submitted by the customer, returned with DESIGN_COMMENTS, resubmitted by the agent, approved;
   * - construction started by the customer; intermediate inspection requested by the customer, agent and
   *   customer in turn: two items fail, then one of them again, then it passes;
   * - acceptance: round 1 fails (metering and safety, every department signing), the agent requests round 2,
   *   which safety and metering pass.
   * Its history is what the audit and event tests count: 18 inspection events and 7 clocks started and stopped.
   */
  const hvCaseAt = async (stage: HvStage, c: TestCase = newCase('HV_SINGLE_SOURCE')) => {
    await choose(c, 'Pudong Electric Works', randomUUID());
    await open(c);
    if (stage === 'AWAITING_DESIGN') return c;

    await ok('submitDesign', customerOf(c), design(c.caseId));
    await ok('reviewDesign', inspector(), { caseId: c.caseId, approve: false, comments: DESIGN_COMMENTS });
    await ok('submitDesign', agentOf(c), design(c.caseId, 'r2'));
    expect(await ok('reviewDesign', inspector(), { caseId: c.caseId, approve: true })).toMatchObject({
      inspectionStatus: 'DESIGN_APPROVED',
    });
    if (stage === 'DESIGN_APPROVED') return c;

    await ok('recordConstructionStart', customerOf(c), { caseId: c.caseId, startedOn: '2026-01-05' });
    await ok('requestIntermediateInspection', customerOf(c), { caseId: c.caseId });
    await ok('recordIntermediateInspection', inspector(), {
      caseId: c.caseId,
      items: [
        { item: 'Cable trench depth', result: 'FAIL', note: '0.5 m, the design says 0.8 m' },
        { item: 'Earthing grid', result: 'FAIL', note: 'resistance 6 Ω, limit 4 Ω' },
        { item: 'Cable sheath', result: 'PASS' },
      ],
    });
    await ok('requestIntermediateInspection', agentOf(c), { caseId: c.caseId, rectificationNote: 'Trench deepened, grid extended' });
    await ok('recordIntermediateInspection', inspector(), {
      caseId: c.caseId,
      items: [
        { item: 'cable trench depth', result: 'PASS' },
        { item: 'Earthing grid', result: 'FAIL', note: 'resistance 4.6 Ω' },
      ],
    });
    await ok('requestIntermediateInspection', customerOf(c), { caseId: c.caseId, rectificationNote: 'Two more rods driven' });
    expect(
      await ok('recordIntermediateInspection', inspector(), { caseId: c.caseId, items: [{ item: 'Earthing grid', result: 'PASS' }] }),
    ).toMatchObject({ inspectionStatus: 'INTERMEDIATE_PASSED' });
    if (stage === 'INTERMEDIATE_PASSED') return c;

    await ok('requestCompletionAcceptance', customerOf(c), acceptanceRequest(c.caseId, HV_COMPLETION_ITEMS));
    expect(
      await signAll(c.caseId, {
        marketing: { result: 'PASS' },
        metering: { result: 'FAIL', items: ['Meter cabinet lacks a seal', 'CT ratio does not match the scheme'] },
        operations: { result: 'PASS' },
        safety: { result: 'FAIL', items: ['No fire extinguisher in the switch room'] },
        dispatch: { result: 'PASS', items: ['Send the switching plan a week ahead'] },
      }),
    ).toMatchObject({ inspectionStatus: 'ACCEPTANCE_FAILED' });
    await ok('requestCompletionAcceptance', agentOf(c), acceptanceRequest(c.caseId, HV_COMPLETION_ITEMS, 'a2'));
    expect(await signAll(c.caseId, { safety: { result: 'PASS' }, metering: { result: 'PASS' } })).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_PASSED',
    });
    return c;
  };

  /** A low-voltage non-residential case opened, the unit Jinqiao Installation Co chosen after it opened. */
  const lvCase = async (c: TestCase = newCase('LV_NON_RESIDENTIAL')) => {
    await open(c);
    await choose(c, 'Jinqiao Installation Co');
    return c;
  };

  /** An LV case through construction (the inspector names another unit) and acceptance passed in one round. */
  const lvAccepted = async (c: TestCase = newCase('LV_NON_RESIDENTIAL')) => {
    await lvCase(c);
    await ok('recordConstructionStart', inspector(), { caseId: c.caseId, unitName: 'Zhangjiang Power Contractors' });
    await ok('requestCompletionAcceptance', customerOf(c), acceptanceRequest(c.caseId, LV_COMPLETION_ITEMS));
    expect(
      await signAll(c.caseId, { safety: { result: 'PASS' }, marketing: { result: 'PASS' }, metering: { result: 'PASS' } }),
    ).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_PASSED',
    });
    return c;
  };

  /** An LV case whose acceptance fails in round 1 (metering and safety) and passes in round 2, one signature after another. */
  const lvAcceptedInTwoRounds = async (c: TestCase) => {
    await open(c);
    await ok('recordConstructionStart', customerOf(c), { caseId: c.caseId, unitName: 'Lujiazui Builders' });
    await ok('requestCompletionAcceptance', customerOf(c), acceptanceRequest(c.caseId, LV_COMPLETION_ITEMS));
    expect(
      await signAll(c.caseId, {
        marketing: { result: 'PASS' },
        metering: { result: 'FAIL', items: ['Meter box not earthed'] },
        safety: { result: 'FAIL', items: ['Warning signs missing'] },
      }),
    ).toMatchObject({ inspectionStatus: 'ACCEPTANCE_FAILED' });
    await ok('requestCompletionAcceptance', customerOf(c), acceptanceRequest(c.caseId, LV_COMPLETION_ITEMS, 'a2'));
    expect(await signAll(c.caseId, { metering: { result: 'PASS' }, safety: { result: 'PASS' } })).toMatchObject({
      inspectionStatus: 'ACCEPTANCE_PASSED',
    });
    return c;
  };

  /** Four cases of one customer, open work in each, ready to be withdrawn by `withdrawAll`. */
  const stageWithdrawals = async (customerId = randomUUID()): Promise<WithdrawalCases> => {
    const cases: WithdrawalCases = {
      wdDesign: newCase('HV_DUAL_SOURCE', { customerId, capacityKva: 2000 }),
      wdAcceptance: newCase('LV_NON_RESIDENTIAL', { customerId, capacityKva: 120 }),
      res: newCase('LV_RESIDENTIAL', { customerId }),
      wdEarly: newCase('HV_SINGLE_SOURCE', { customerId, capacityKva: 630 }),
    };
    const { wdDesign, wdAcceptance, res } = cases;
    await open(wdDesign, wdAcceptance, res);
    // A design returned to the customer.
    await ok('submitDesign', customerOf(wdDesign), design(wdDesign.caseId));
    await ok('reviewDesign', inspector(), { caseId: wdDesign.caseId, approve: false, comments: [{ item: 'GENERAL', text: 'Incomplete' }] });
    // An acceptance round half countersigned.
    await ok('recordConstructionStart', customerOf(wdAcceptance), { caseId: wdAcceptance.caseId, unitName: 'Minhang Electric' });
    await ok('requestCompletionAcceptance', customerOf(wdAcceptance), acceptanceRequest(wdAcceptance.caseId, LV_COMPLETION_ITEMS));
    await ok('countersign', signer('marketing'), { caseId: wdAcceptance.caseId, result: 'PASS' });
    return cases;
  };

  /**
   * Withdraws the four cases as intake would, in any order: the design case by its customer, the acceptance
   * case by agent-1, the residential case, and the case inspection never heard of. Then a redelivery, a second
   * withdrawal and the late confirmation of the early case, which must change nothing. Returns the design
   * case's withdrawal (the event that cancelled it) once every delivery has been handled.
   */
  const withdrawAll = async ({ wdDesign, wdAcceptance, res, wdEarly }: WithdrawalCases) => {
    const handledBefore = h.handled;
    const designWithdrawal = h.event('intake.application.withdrawn.v1', withdrawn(wdDesign, 'Project cancelled by the board'));
    await publish(designWithdrawal);
    await publish(
      h.event('intake.application.withdrawn.v1', withdrawn(wdAcceptance, 'Moved to another site', { id: 'agent-1', role: 'agent' })),
    );
    await publish(h.event('intake.application.withdrawn.v1', withdrawn(res, 'No longer needed')));
    await publish(h.event('intake.application.withdrawn.v1', withdrawn(wdEarly, 'Changed supplier')));
    await h.waitFor('four withdrawals applied', () => h.handled >= handledBefore + 4);
    await publish(designWithdrawal);
    await publish(h.event('intake.application.withdrawn.v1', withdrawn(wdDesign, 'Withdrawn again')));
    await publish(h.event('planning.scheme.confirmed.v1', confirmed(wdEarly)));
    await h.waitFor('every delivery handled', () => h.handled >= handledBefore + 7);
    return designWithdrawal;
  };

  return {
    dataSource,
    customerOf,
    agentOf,
    otherCustomer,
    strangerAgent,
    inspector,
    auditor,
    planner,
    signer,
    signerWithoutDepartment,
    call,
    ok,
    failure,
    fieldsOf,
    readCase,
    row,
    eventsOf,
    publish,
    open,
    confirm,
    choose,
    signAll,
    hvCaseAt,
    lvCase,
    lvAccepted,
    lvAcceptedInTwoRounds,
    stageWithdrawals,
    withdrawAll,
  };
}
