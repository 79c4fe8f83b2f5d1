/** The GraphQL operations front ends send, shared by the end-to-end suites. */
export const CASE_FIELDS = 'id number status category planningStatus';

export const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${CASE_FIELDS} } }`;
export const RETURN = `mutation($input: ReturnApplicationInput!) { returnApplication(input: $input) { ${CASE_FIELDS} returnNotice { items { item reason slot } comment } } }`;
export const RESUBMIT = `mutation($caseId: ID!) { resubmitApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} submissionRound } }`;
export const ACCEPT = `mutation($caseId: ID!) { acceptApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} } }`;
export const COMPLETENESS = `query($caseId: ID!) { completenessCheck(caseId: $caseId) { items { item reason slot field } } }`;
export const WITHDRAW = `mutation($caseId: ID!) { withdrawApplication(input: { caseId: $caseId, reason: "The shop lease fell through" }) { id status stage } }`;
export const OVERRIDE_CATEGORY = `mutation($caseId: ID!) { overrideCategory(input: { caseId: $caseId, category: LV_NON_RESIDENTIAL, reason: "Ground-floor shop" }) { id } }`;
export const REJECT_DOCUMENT = `mutation($id: ID!) { rejectDocument(input: { documentId: $id, reason: "Unreadable scan" }) { id } }`;
export const OPEN_TICKET = `mutation($caseId: ID!) { openTicket(input: { caseId: $caseId, kind: URGE, subject: "When is the survey?", message: "Please give me a date" }) { id status team } }`;
export const RESPOND_TICKET = `mutation($id: ID!) { respondToTicket(input: { ticketId: $id, response: "Next Tuesday" }) { id } }`;
export const RESOLVE_TICKET = `mutation($id: ID!) { resolveTicket(input: { ticketId: $id, resolution: "Appointment made" }) { id } }`;
export const RATE_TICKET = `mutation($id: ID!) { rateTicket(input: { ticketId: $id, satisfaction: 5, comment: "Quick" }) { id } }`;

export const SCHEDULE = `mutation($caseId: ID!, $at: DateTime!) { scheduleSurvey(input: { caseId: $caseId, surveyorId: "surveyor-1", appointmentAt: $at }) { id planningStatus } }`;
export const RESCHEDULE = `mutation($caseId: ID!, $at: DateTime!) { rescheduleSurvey(input: { caseId: $caseId, appointmentAt: $at, reason: "The customer is away", requestedBy: CUSTOMER }) { id } }`;
export const RECORD = `mutation($caseId: ID!) { recordSurvey(input: { caseId: $caseId, siteConditions: "Pole-mounted 400 kVA transformer 80 m away", supplyPointOptions: ["T-21 low-voltage feeder"], transformerCapacityKva: 400 }) { id planningStatus } }`;
export const FAST_PATH = `mutation($caseId: ID!) { completeFastPath(input: { caseId: $caseId, siteConditions: "Meter box on the outside wall", supplyPointOptions: ["Pole 17 of the Zhangjiang LV line 3"] }) { id planningStatus } }`;
export const DRAFT = `mutation($caseId: ID!, $capacity: Float!, $voltage: VoltageLevel! = AC380V, $sources: Int! = 1, $metering: MeteringMethod! = LOW_SUPPLY_LOW_METERING, $tariff: TariffCategory! = GENERAL_INDUSTRIAL_COMMERCIAL, $points: [String!]! = ["T-21 feeder"]) { draftScheme(input: { caseId: $caseId, voltageLevel: $voltage, capacityKva: $capacity, supplySources: $sources, supplyPoints: $points, meteringMethod: $metering, tariffCategory: $tariff, propertyBoundary: "Customer side of the meter box" }) { id planningStatus } }`;
export const APPROVE = `mutation($caseId: ID!) { approveScheme(input: { caseId: $caseId }) { id planningStatus } }`;
export const REJECT = `mutation($caseId: ID!) { rejectScheme(input: { caseId: $caseId, reason: "Capacity exceeds the feeder's spare capacity" }) { id planningStatus } }`;
export const REPLY = `mutation($caseId: ID!) { replyScheme(input: { caseId: $caseId }) { id planningStatus } }`;
export const CONFIRM = `mutation($caseId: ID!) { confirmScheme(input: { caseId: $caseId }) { id planningStatus status number } }`;
export const REQUEST_CHANGE = `mutation($caseId: ID!) { requestSchemeChange(input: { caseId: $caseId, reason: "We need 10 % more capacity" }) { id } }`;
export const REGISTER_UNIT = `mutation($name: String!, $licence: String!, $regions: [String!]!) { registerConstructionUnit(input: { name: $name, licenceNumber: $licence, qualificationClass: CLASS_3, maxVoltageKv: 110, maxCapacityKva: 8000, regions: $regions, validUntil: "2030-12-31" }) { id } }`;
export const UPDATE_UNIT = `mutation($id: ID!) { updateConstructionUnit(input: { unitId: $id, suspended: true, reason: "Licence under review" }) { id } }`;
export const CHOOSE_UNIT = `mutation($caseId: ID!, $unitId: ID!) { chooseConstructionUnit(input: { caseId: $caseId, unitId: $unitId }) { id } }`;

/** A stand-in document id for inspection's checklists (inspection checks the slot and the id's form). */
const doc = (n: number) => `"d0c00000-0000-4000-8000-${String(n).padStart(12, '0')}"`;
const DESIGN_ITEMS = ['DESIGN_DESCRIPTION', 'SINGLE_LINE_DIAGRAM', 'PROTECTION', 'METERING', 'REACTIVE_COMPENSATION', 'LAYOUT'];
const HV_COMPLETION_ITEMS = [
  'COMPLETION_REPORT',
  'AS_BUILT_DRAWINGS',
  'TEST_REPORTS',
  'EQUIPMENT_CERTIFICATES',
  'CONCEALED_WORKS_RECORDS',
  'PROTECTION_SETTING_TESTS',
];
const documents = (items: string[], from: number) => items.map((item, i) => `{ item: "${item}", documentId: ${doc(from + i)} }`).join(', ');

export const SUBMIT_DESIGN = `mutation($caseId: ID!) { submitDesign(input: { caseId: $caseId, designUnit: { name: "华东电力设计院", qualificationClass: "电力行业(送变电工程)专业乙级", certificateNumber: "A231012345" }, documents: [${documents(DESIGN_ITEMS, 1)}] }) { id } }`;
export const REVIEW_DESIGN = `mutation($caseId: ID!) { reviewDesign(input: { caseId: $caseId, approve: true }) { id } }`;
export const RETURN_DESIGN = `mutation($caseId: ID!) { reviewDesign(input: { caseId: $caseId, approve: false, comments: [{ item: "PROTECTION", text: "缺少零序保护整定值" }, { item: "LAYOUT", text: "Cable trench clearance under 0.5 m" }] }) { id } }`;
export const START_CONSTRUCTION = `mutation($caseId: ID!, $on: String!) { recordConstructionStart(input: { caseId: $caseId, startedOn: $on, unitName: "上海送变电工程有限公司" }) { id } }`;
export const REQUEST_INTERMEDIATE = `mutation($caseId: ID!) { requestIntermediateInspection(input: { caseId: $caseId }) { id } }`;
export const RECORD_INTERMEDIATE = `mutation($caseId: ID!) { recordIntermediateInspection(input: { caseId: $caseId, items: [{ item: "Cable trench depth", result: PASS }, { item: "Earthing grid", result: PASS }] }) { id } }`;
export const REQUEST_ACCEPTANCE = `mutation($caseId: ID!) { requestCompletionAcceptance(input: { caseId: $caseId, documents: [${documents(HV_COMPLETION_ITEMS, 11)}] }) { id } }`;
/** Dual source adds the interlock tests to the high-voltage completion documents. */
export const REQUEST_ACCEPTANCE_DUAL = `mutation($caseId: ID!) { requestCompletionAcceptance(input: { caseId: $caseId, documents: [${documents([...HV_COMPLETION_ITEMS, 'INTERLOCK_TESTS'], 11)}] }) { id } }`;
export const COUNTERSIGN = `mutation($caseId: ID!) { countersign(input: { caseId: $caseId, result: PASS, items: [] }) { id } }`;
export const COUNTERSIGN_FAIL = `mutation($caseId: ID!, $items: [String!]!) { countersign(input: { caseId: $caseId, result: FAIL, items: $items }) { id } }`;

export const CUSTOMER_DELAY = `mutation($caseId: ID!) { recordCustomerDelay(input: { caseId: $caseId, reason: "Site not ready for the visit" }) { id } }`;
export const END_CUSTOMER_DELAY = `mutation($caseId: ID!) { endCustomerDelay(input: { caseId: $caseId }) { id } }`;

export const SIGN = `mutation($caseId: ID!) { signContract(input: { caseId: $caseId, method: ONLINE }) { id } }`;
export const UPDATE_PARTIES = `mutation($caseId: ID!, $name: String! = "周工") { updateContractParties(input: { caseId: $caseId, customerName: $name }) { id } }`;
export const PAY = `mutation($caseId: ID!, $amount: String! = "100.00") { recordPayment(input: { caseId: $caseId, amount: $amount }) { id } }`;

export const REGISTER_METER = `mutation($number: String!, $type: MeterType!, $class: AccuracyClass!, $ct: String, $pt: String) { registerMeter(input: { number: $number, type: $type, accuracyClass: $class, ctRatio: $ct, ptRatio: $pt }) { id } }`;
export const RETIRE_METER = `mutation($id: ID!) { retireMeter(input: { meterId: $id, reason: "Failed calibration" }) { id } }`;
export const ASSIGN_METER = `mutation($caseId: ID!, $number: String!) { assignMeter(input: { caseId: $caseId, meterNumber: $number }) { id } }`;
export const SCHEDULE_INSTALLATION = `mutation($caseId: ID!, $at: DateTime!) { scheduleInstallation(input: { caseId: $caseId, technicianId: "technician-1", scheduledAt: $at }) { id } }`;
export const RESCHEDULE_INSTALLATION = `mutation($caseId: ID!, $at: DateTime!) { rescheduleInstallation(input: { caseId: $caseId, scheduledAt: $at, reason: "The customer asked" }) { id } }`;
export const INSTALL_METER = `mutation($caseId: ID!, $at: DateTime!, $seals: [String!]!) { recordMeterInstallation(input: { caseId: $caseId, installedAt: $at, reading: 0, sealNumbers: $seals }) { id } }`;
export const REMOVE_METER = `mutation($caseId: ID!, $at: DateTime!) { recordMeterRemoval(input: { caseId: $caseId, removedAt: $at, reading: 1 }) { id } }`;
export const POSTPONE_ENERGIZATION = `mutation($caseId: ID!) { postponeEnergization(input: { caseId: $caseId, reason: "The customer's switchgear is not ready" }) { id } }`;
export const RESUME_ENERGIZATION = `mutation($caseId: ID!) { resumeEnergization(input: { caseId: $caseId }) { id } }`;
export const APPLY_WORKS_PERMIT = `mutation($caseId: ID!) { applyWorksPermit(input: { caseId: $caseId, kind: ROAD_EXCAVATION, authority: "Pudong road administration" }) { id } }`;
export const GRANT_WORKS_PERMIT = `mutation($caseId: ID!, $permitId: ID!) { grantWorksPermit(input: { caseId: $caseId, permitId: $permitId, reference: "PD-JL-2026-0117" }) { id } }`;
export const REFUSE_WORKS_PERMIT = `mutation($caseId: ID!, $permitId: ID!) { refuseWorksPermit(input: { caseId: $caseId, permitId: $permitId, reason: "The road is closed for resurfacing this month" }) { id } }`;
export const RECORD_WORKS_PROGRESS = `mutation($caseId: ID!) { recordWorksProgress(input: { caseId: $caseId, note: "Cable laid from pole 17 to the branch box" }) { id } }`;
export const COMPLETE_EXTERNAL_WORKS = `mutation($caseId: ID!) { completeExternalWorks(input: { caseId: $caseId, note: "Accepted by operations" }) { id } }`;
export const POSTPONE_METER_INSTALLATION = `mutation($caseId: ID!) { postponeMeterInstallation(input: { caseId: $caseId, reason: "The customer's meter box is not fitted yet" }) { id } }`;
export const RESUME_METER_INSTALLATION = `mutation($caseId: ID!) { resumeMeterInstallation(input: { caseId: $caseId }) { id } }`;
export const ENERGIZE = `mutation($caseId: ID!) { energize(input: { caseId: $caseId }) { id } }`;
export const ARCHIVE = `mutation($caseId: ID!) { archiveCase(input: { caseId: $caseId }) { id } }`;

export const application = (identity?: { idNumber: string; name: string }, terms: Record<string, unknown> = {}) => ({
  ...(identity ? { customer: { idType: 'RESIDENT_ID', phone: '13812345678', ...identity } } : {}),
  businessType: 'NEW_CONNECTION',
  usage: 'COMMERCIAL',
  voltageLevel: 'AC380V',
  capacityKva: 60,
  supplySources: 1,
  siteAddress: '上海市徐汇区漕溪北路88号 底商',
  regionCode: '310104',
  ...terms,
});

/** Sends a small PDF to a checklist slot through the gateway's `POST /documents`, as a front end would; `headers` go with it. */
export function sendUpload(
  gatewayUrl: string,
  token: string,
  caseId: string,
  slot: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  form.set('caseId', caseId);
  form.set('slot', slot);
  form.set('file', new Blob([Buffer.from(`%PDF-1.4\n% ${slot} of ${caseId}\n%%EOF\n`)], { type: 'application/pdf' }), `${slot}.pdf`);
  return fetch(new URL('/documents', gatewayUrl), {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

/** Uploads a small PDF to a checklist slot (`sendUpload`) and returns what intake stored. */
export async function upload(gatewayUrl: string, token: string, caseId: string, slot: string): Promise<{ id: string; sha256: string }> {
  const response = await sendUpload(gatewayUrl, token, caseId, slot);
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`upload of ${slot} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; sha256: string };
}

/** A resident identity number with a valid birth date (1950 to 2004) and check character, distinct for each `n` below 20,000,000. */
export function residentId(n: number, region = '310104'): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 1000) * 86_400_000);
  const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, w, i) => total + w * Number(first17[i]), 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

// The high-voltage dual-source path, step by step: every document uploaded, a design returned
// once and approved, a failed countersign and its rectification, the contract PDF, two payments,
// energized and archived. Front-end-shaped: only the gateway, with the token of whoever acts.

/** The departments that countersign a high-voltage completion acceptance. */
export const DEPARTMENTS = ['marketing', 'operations', 'dispatch', 'metering', 'safety'] as const;
export const SAFETY_ITEMS = ['接地电阻 6.2 Ω，超过 4 Ω 限值', 'Fire extinguishers missing in the switch room'];

/** The terms of a 2,000 kVA, 10 kV dual-source application and the scheme drafted for it. */
export const DUAL_SOURCE_TERMS = {
  usage: 'INDUSTRIAL',
  voltageLevel: 'AC10KV',
  capacityKva: 2000,
  supplySources: 2,
  loads: [{ name: '1600 kVA transformer load', kw: 1400, quantity: 1 }],
};
export const DUAL_SOURCE_SCHEME = {
  capacity: 2000,
  voltage: 'AC10KV',
  sources: 2,
  metering: 'HIGH_SUPPLY_HIGH_METERING',
  tariff: 'LARGE_INDUSTRIAL',
  points: ['Xuhui 110 kV substation, 10 kV bay 12', 'Longhua 35 kV substation, 10 kV bay 3'],
};
/** The high-voltage meter registered for a dual-source case (the number is the case's own). */
export const DUAL_SOURCE_METER = { type: 'HV_CT_PT', class: 'CLASS_0_5S', ct: '150/5', pt: '10000/100' };

/** Every event the path raises for the case (time-limit events aside), with how often. */
export const DUAL_SOURCE_EVENTS: Readonly<Record<string, number>> = {
  'intake.application.submitted.v1': 1,
  'intake.application.accepted.v1': 1,
  'planning.survey.scheduled.v1': 1,
  'planning.survey.completed.v1': 1,
  'planning.recommendation.issued.v1': 1,
  'planning.scheme.drafted.v1': 1,
  'planning.scheme.approved.v1': 2,
  'planning.scheme.replied.v1': 1,
  'planning.scheme.confirmed.v1': 1,
  'planning.constructionunit.chosen.v1': 1,
  'inspection.design.submitted.v1': 2,
  'inspection.design.returned.v1': 1,
  'inspection.design.approved.v1': 1,
  'inspection.construction.started.v1': 1,
  'inspection.intermediate.requested.v1': 1,
  'inspection.intermediate.passed.v1': 1,
  'inspection.acceptance.requested.v1': 2,
  'inspection.acceptance.countersigned.v1': DEPARTMENTS.length + 1,
  'inspection.acceptance.failed.v1': 1,
  'inspection.acceptance.passed.v1': 1,
  'contracts.contract.drafted.v1': 2,
  'contracts.contract.signed.v1': 2,
  'contracts.fees.invoiced.v1': 1,
  'contracts.payment.received.v1': 2,
  'contracts.fees.settled.v1': 1,
  'metering.meter.assigned.v1': 1,
  'metering.meter.installed.v1': 1,
  'metering.gate.opened.v1': 1,
  'metering.case.energized.v1': 1,
  'metering.case.archived.v1': 1,
};

/** The tokens of the people who act on the path (two distinct approvers; one signer per department). */
export interface DualSourceActors {
  customer: string;
  clerk: string;
  surveyor: string;
  planner: string;
  approvers: [string, string];
  inspector: string;
  officer: string;
  technician: string;
  signers: Record<(typeof DEPARTMENTS)[number], string>;
}

/**
 * The operations the path sends and the values it fills in: this module's by default. A benchmark
 * comparing two versions of the graph walks each with that version's own operations and values.
 */
export interface DualSourceOperations {
  SUBMIT: string;
  COMPLETENESS: string;
  ACCEPT: string;
  SCHEDULE: string;
  RECORD: string;
  DRAFT: string;
  APPROVE: string;
  REPLY: string;
  CONFIRM: string;
  CHOOSE_UNIT: string;
  UPDATE_PARTIES: string;
  REGISTER_METER: string;
  ASSIGN_METER: string;
  SCHEDULE_INSTALLATION: string;
  SIGN: string;
  INSTALL_METER: string;
  PAY: string;
  SUBMIT_DESIGN: string;
  RETURN_DESIGN: string;
  REVIEW_DESIGN: string;
  START_CONSTRUCTION: string;
  REQUEST_INTERMEDIATE: string;
  RECORD_INTERMEDIATE: string;
  REQUEST_ACCEPTANCE_DUAL: string;
  COUNTERSIGN: string;
  COUNTERSIGN_FAIL: string;
  ENERGIZE: string;
  ARCHIVE: string;
  REGISTER_UNIT: string;
  application: typeof application;
  upload: typeof upload;
  DUAL_SOURCE_TERMS: typeof DUAL_SOURCE_TERMS;
  DUAL_SOURCE_SCHEME: typeof DUAL_SOURCE_SCHEME;
  DUAL_SOURCE_METER: typeof DUAL_SOURCE_METER;
}

export const OPERATIONS: DualSourceOperations = {
  SUBMIT,
  COMPLETENESS,
  ACCEPT,
  SCHEDULE,
  RECORD,
  DRAFT,
  APPROVE,
  REPLY,
  CONFIRM,
  CHOOSE_UNIT,
  UPDATE_PARTIES,
  REGISTER_METER,
  ASSIGN_METER,
  SCHEDULE_INSTALLATION,
  SIGN,
  INSTALL_METER,
  PAY,
  SUBMIT_DESIGN,
  RETURN_DESIGN,
  REVIEW_DESIGN,
  START_CONSTRUCTION,
  REQUEST_INTERMEDIATE,
  RECORD_INTERMEDIATE,
  REQUEST_ACCEPTANCE_DUAL,
  COUNTERSIGN,
  COUNTERSIGN_FAIL,
  ENERGIZE,
  ARCHIVE,
  REGISTER_UNIT,
  application,
  upload,
  DUAL_SOURCE_TERMS,
  DUAL_SOURCE_SCHEME,
  DUAL_SOURCE_METER,
};

/** How the path reaches the system. */
export interface CaseDriver {
  gatewayUrl: string;
  /** Sends one operation through the gateway and returns its data; throws on any error. */
  send<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T>;
  /** How long to wait for another service to react to an event (default 60 s). */
  waitTimeoutMs?: number;
  /** How often to look again meanwhile (default 100 ms). */
  pollMs?: number;
}

/** One case on its way; the steps fill it in. */
export interface DualSourceWalk {
  driver: CaseDriver;
  actors: DualSourceActors;
  identity: { idNumber: string; name: string };
  /** Unique per case: the meter registered for it. */
  meterNumber: string;
  caseId?: string;
  number?: string;
  chosenUnit?: { unitId: string; name: string };
  /** The operation texts to send (default: this module's). */
  operations?: DualSourceOperations;
  /** The application's terms (default the dual-source ones; the low-voltage path gives its own). */
  terms?: Record<string, unknown>;
  /** The meter registered for the case (default the dual-source one). */
  meter?: { type: string; class: string; ct?: string; pt?: string };
}

const ops = (walk: DualSourceWalk) => walk.operations ?? OPERATIONS;

export interface DualSourceStep {
  name: string;
  run(walk: DualSourceWalk): Promise<void>;
}

/** Polls `probe` until it is true; throws naming `what` after the driver's wait timeout. */
export async function waitUntil(driver: CaseDriver, what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + (driver.waitTimeoutMs ?? 60_000);
  let last: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, driver.pollMs ?? 100));
  }
}

/** Registers three construction units for a district, so a survey there recommends three. */
export async function registerConstructionUnits(
  driver: CaseDriver,
  plannerToken: string,
  region = '310104',
  tag = '',
  operations: DualSourceOperations = OPERATIONS,
): Promise<void> {
  for (const n of [1, 2, 3]) {
    await driver.send(
      operations.REGISTER_UNIT,
      { name: `徐汇电力安装${n}公司${tag}`, licence: `CU-${region}-${tag}0${n}`, regions: [region] },
      plannerToken,
    );
  }
}

interface CaseRead {
  case: {
    planningStatus: string | null;
    designReview: { status: string } | null;
    contract: { status: string; sha256: string; pdfBase64: string } | null;
    fees: { total: string; settled: boolean } | null;
    metering: { gateOpenedAt: string | null } | null;
  };
}
const readCase = (walk: DualSourceWalk, fields: string, token = walk.actors.planner) =>
  walk.driver.send<CaseRead>(`query($id: ID!) { case(id: $id) { ${fields} } }`, { id: walk.caseId }, token).then((r) => r.case);
const on = async (walk: DualSourceWalk, query: string, token: string, variables: Record<string, unknown> = {}): Promise<void> => {
  await walk.driver.send(query, { caseId: walk.caseId, ...variables }, token);
};

/** The path in order; a walk can stop after any step (the case is then left at that stage). */
export const DUAL_SOURCE_STEPS: readonly DualSourceStep[] = [
  {
    name: 'submit',
    run: async (walk) => {
      const { submitApplication } = await walk.driver.send<{ submitApplication: { id: string; number: string } }>(
        ops(walk).SUBMIT,
        { input: ops(walk).application(walk.identity, walk.terms ?? ops(walk).DUAL_SOURCE_TERMS) },
        walk.actors.customer,
      );
      walk.caseId = submitApplication.id;
      walk.number = submitApplication.number;
    },
  },
  {
    name: 'upload documents',
    run: async (walk) => {
      const { completenessCheck } = await walk.driver.send<{ completenessCheck: { items: { slot: string | null }[] } }>(
        ops(walk).COMPLETENESS,
        { caseId: walk.caseId },
        walk.actors.clerk,
      );
      for (const { slot } of completenessCheck.items) {
        if (!slot) throw new Error('the completeness check names an item without a checklist slot');
        await ops(walk).upload(walk.driver.gatewayUrl, walk.actors.customer, walk.caseId!, slot);
      }
    },
  },
  {
    name: 'accept',
    run: async (walk) => {
      await on(walk, ops(walk).ACCEPT, walk.actors.clerk);
      await waitUntil(
        walk.driver,
        'planning to open the case',
        async () => (await readCase(walk, 'planningStatus')).planningStatus === 'AWAITING_SURVEY',
      );
    },
  },
  {
    name: 'schedule survey',
    run: (walk) => on(walk, ops(walk).SCHEDULE, walk.actors.surveyor, { at: new Date(Date.now() + 86_400_000).toISOString() }),
  },
  { name: 'record survey', run: (walk) => on(walk, ops(walk).RECORD, walk.actors.surveyor) },
  { name: 'draft scheme', run: (walk) => on(walk, ops(walk).DRAFT, walk.actors.planner, ops(walk).DUAL_SOURCE_SCHEME) },
  { name: 'approve scheme (level 1)', run: (walk) => on(walk, ops(walk).APPROVE, walk.actors.approvers[0]) },
  { name: 'approve scheme (level 2)', run: (walk) => on(walk, ops(walk).APPROVE, walk.actors.approvers[1]) },
  { name: 'reply scheme', run: (walk) => on(walk, ops(walk).REPLY, walk.actors.planner) },
  { name: 'confirm scheme', run: (walk) => on(walk, ops(walk).CONFIRM, walk.actors.customer) },
  {
    name: 'choose construction unit',
    run: async (walk) => {
      const { case: offered } = await walk.driver.send<{
        case: { recommendedConstructionUnits: { units: { unitId: string; name: string }[] } };
      }>(
        `query($id: ID!) { case(id: $id) { recommendedConstructionUnits { units { unitId name } } } }`,
        { id: walk.caseId },
        walk.actors.customer,
      );
      const units = offered.recommendedConstructionUnits.units;
      walk.chosenUnit = units[1] ?? units[0];
      if (!walk.chosenUnit) throw new Error('no construction unit was recommended');
      await on(walk, ops(walk).CHOOSE_UNIT, walk.actors.customer, { unitId: walk.chosenUnit.unitId });
      await waitUntil(
        walk.driver,
        'inspection to open the case',
        async () => (await readCase(walk, 'designReview { status }')).designReview !== null,
      );
    },
  },
  {
    name: 'enter contract parties',
    run: async (walk) => {
      await waitUntil(walk.driver, 'contracts and metering to open the case', async () => {
        const c = await readCase(walk, 'contract { status } metering { gateOpenedAt }');
        return c.contract?.status === 'DRAFTED' && c.metering !== null;
      });
      await on(walk, ops(walk).UPDATE_PARTIES, walk.actors.officer, { name: walk.identity.name });
    },
  },
  {
    name: 'register and assign meter',
    run: async (walk) => {
      const meter = { ...(walk.meter ?? ops(walk).DUAL_SOURCE_METER), number: walk.meterNumber };
      await walk.driver.send(ops(walk).REGISTER_METER, meter, walk.actors.technician);
      await on(walk, ops(walk).ASSIGN_METER, walk.actors.technician, { number: walk.meterNumber });
    },
  },
  {
    name: 'schedule installation',
    run: (walk) =>
      on(walk, ops(walk).SCHEDULE_INSTALLATION, walk.actors.technician, { at: new Date(Date.now() + 3_600_000).toISOString() }),
  },
  { name: 'sign contract (customer)', run: (walk) => on(walk, ops(walk).SIGN, walk.actors.customer) },
  { name: 'sign contract (utility)', run: (walk) => on(walk, ops(walk).SIGN, walk.actors.officer) },
  {
    name: 'install meter',
    run: (walk) =>
      on(walk, ops(walk).INSTALL_METER, walk.actors.technician, {
        at: new Date(Date.now() - 60_000).toISOString(),
        seals: [`${walk.meterNumber}-S1`, `${walk.meterNumber}-S2`],
      }),
  },
  {
    name: 'read contract PDF',
    run: async (walk) => {
      const { contract } = await readCase(walk, 'contract { status sha256 pdfBase64 }', walk.actors.customer);
      const pdf = Buffer.from(contract?.pdfBase64 ?? '', 'base64');
      if (contract?.status !== 'FULLY_SIGNED' || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
        throw new Error(`the signed contract is not a PDF (status ${contract?.status})`);
      }
    },
  },
  {
    name: 'pay (first part)',
    run: async (walk) => {
      const { fees } = await readCase(walk, 'fees { total settled }');
      const totalFen = Math.round(Number(fees?.total) * 100);
      await on(walk, ops(walk).PAY, walk.actors.officer, { amount: (Math.floor(totalFen / 3) / 100).toFixed(2) });
    },
  },
  {
    name: 'pay (rest)',
    run: async (walk) => {
      const { fees } = await walk.driver
        .send<{ case: { fees: { total: string; paid: string } } }>(
          `query($id: ID!) { case(id: $id) { fees { total paid } } }`,
          { id: walk.caseId },
          walk.actors.planner,
        )
        .then((r) => r.case);
      const dueFen = Math.round(Number(fees.total) * 100) - Math.round(Number(fees.paid) * 100);
      await on(walk, ops(walk).PAY, walk.actors.officer, { amount: (dueFen / 100).toFixed(2) });
      await waitUntil(walk.driver, 'fees to settle', async () => (await readCase(walk, 'fees { total settled }')).fees?.settled === true);
    },
  },
  { name: 'submit design', run: (walk) => on(walk, ops(walk).SUBMIT_DESIGN, walk.actors.customer) },
  { name: 'return design', run: (walk) => on(walk, ops(walk).RETURN_DESIGN, walk.actors.inspector) },
  { name: 'resubmit design', run: (walk) => on(walk, ops(walk).SUBMIT_DESIGN, walk.actors.customer) },
  { name: 'approve design', run: (walk) => on(walk, ops(walk).REVIEW_DESIGN, walk.actors.inspector) },
  {
    name: 'start construction',
    run: (walk) => on(walk, ops(walk).START_CONSTRUCTION, walk.actors.customer, { on: new Date().toISOString().slice(0, 10) }),
  },
  { name: 'request intermediate inspection', run: (walk) => on(walk, ops(walk).REQUEST_INTERMEDIATE, walk.actors.customer) },
  { name: 'record intermediate inspection', run: (walk) => on(walk, ops(walk).RECORD_INTERMEDIATE, walk.actors.inspector) },
  { name: 'request completion acceptance', run: (walk) => on(walk, ops(walk).REQUEST_ACCEPTANCE_DUAL, walk.actors.customer) },
  {
    name: 'countersign (four pass)',
    run: async (walk) => {
      for (const department of DEPARTMENTS.filter((d) => d !== 'safety'))
        await on(walk, ops(walk).COUNTERSIGN, walk.actors.signers[department]);
    },
  },
  {
    name: 'countersign (safety fails)',
    run: (walk) => on(walk, ops(walk).COUNTERSIGN_FAIL, walk.actors.signers.safety, { items: SAFETY_ITEMS }),
  },
  { name: 'request acceptance again', run: (walk) => on(walk, ops(walk).REQUEST_ACCEPTANCE_DUAL, walk.actors.customer) },
  { name: 'countersign (safety passes)', run: (walk) => on(walk, ops(walk).COUNTERSIGN, walk.actors.signers.safety) },
  {
    name: 'energize',
    run: async (walk) => {
      await waitUntil(
        walk.driver,
        'the gate to open',
        async () => (await readCase(walk, 'metering { gateOpenedAt }')).metering?.gateOpenedAt != null,
      );
      await on(walk, ops(walk).ENERGIZE, walk.actors.technician);
    },
  },
  { name: 'archive', run: (walk) => on(walk, ops(walk).ARCHIVE, walk.actors.technician) },
];

const dualSourceStep = (name: string): DualSourceStep => {
  const step = DUAL_SOURCE_STEPS.find((s) => s.name === name);
  if (!step) throw new Error(`no dual-source step named "${name}"`);
  return step;
};

/** The terms of an 8 kVA, 220 V residential application: 三零, with survey and scheme in one step, approved by rule. */
export const LV_RESIDENTIAL_TERMS = { usage: 'RESIDENTIAL', voltageLevel: 'AC220V', capacityKva: 8, supplySources: 1 };
export const LV_RESIDENTIAL_METER = { type: 'SINGLE_PHASE', class: 'CLASS_2' };

/** Every event the low-voltage residential path (三零) raises for the case (time-limit events aside), with how often. */
export const LV_RESIDENTIAL_EVENTS: Readonly<Record<string, number>> = {
  'intake.application.submitted.v1': 1,
  'intake.application.accepted.v1': 1,
  'contracts.contract.drafted.v1': 2,
  'contracts.contract.signed.v1': 2,
  'planning.survey.scheduled.v1': 1,
  'planning.survey.completed.v1': 1,
  'planning.recommendation.issued.v1': 1,
  'planning.scheme.drafted.v1': 1,
  'planning.scheme.approved.v1': 1,
  'planning.scheme.replied.v1': 1,
  'planning.scheme.confirmed.v1': 1,
  'metering.meter.assigned.v1': 1,
  'metering.meter.installed.v1': 1,
  'metering.gate.opened.v1': 1,
  'metering.case.energized.v1': 1,
  'metering.case.archived.v1': 1,
};

/**
 * The low-voltage path under 三零, in its two links. First the application with the contract: the
 * contract drafted at acceptance from the application, its parties entered, signed by both. Then
 * construction and connection: survey and scheme in one step from the template (approved and
 * confirmed by rule), the meter, power on. No design review, inspection, acceptance, scheme
 * confirmation by the customer or fees. Walk it with `terms: LV_RESIDENTIAL_TERMS` and `meter:
 * LV_RESIDENTIAL_METER`, or the terms of a small shop.
 */
export const LV_RESIDENTIAL_STEPS: readonly DualSourceStep[] = [
  ...['submit', 'upload documents', 'accept'].map(dualSourceStep),
  {
    name: 'enter contract parties',
    run: async (walk) => {
      await waitUntil(walk.driver, 'contracts to draft the contract at acceptance', async () => {
        return (await readCase(walk, 'contract { status }')).contract?.status === 'DRAFTED';
      });
      await on(walk, ops(walk).UPDATE_PARTIES, walk.actors.officer, { name: walk.identity.name });
    },
  },
  ...['sign contract (customer)', 'sign contract (utility)'].map(dualSourceStep),
  {
    name: 'fast path',
    run: async (walk) => {
      await on(walk, FAST_PATH, walk.actors.surveyor);
      await waitUntil(
        walk.driver,
        'metering to open the case',
        async () => (await readCase(walk, 'metering { gateOpenedAt }')).metering !== null,
      );
    },
  },
  ...['register and assign meter', 'schedule installation', 'install meter', 'energize', 'archive'].map(dualSourceStep),
];

/**
 * Walks a new case along the dual-source path, through step `until` (by name; the whole path by
 * default), calling `afterStep` after each step.
 */
export async function walkDualSource(
  walk: DualSourceWalk,
  options: { until?: string; afterStep?: (step: DualSourceStep, walk: DualSourceWalk) => Promise<void> } = {},
): Promise<DualSourceWalk> {
  return walkPath(DUAL_SOURCE_STEPS, walk, options);
}

/** Walks a new case along `steps` (a path of this module), through step `until` (the whole path by default), calling `afterStep` after each. */
export async function walkPath(
  steps: readonly DualSourceStep[],
  walk: DualSourceWalk,
  options: { until?: string; afterStep?: (step: DualSourceStep, walk: DualSourceWalk) => Promise<void> } = {},
): Promise<DualSourceWalk> {
  const last = options.until === undefined ? steps.length - 1 : steps.findIndex((s) => s.name === options.until);
  if (last < 0) throw new Error(`no step named "${options.until}"`);
  for (const step of steps.slice(0, last + 1)) {
    try {
      await step.run(walk);
    } catch (error) {
      throw new Error(`case ${walk.number ?? '(not submitted)'}: ${step.name}: ${(error as Error).message}`, { cause: error });
    }
    await options.afterStep?.(step, walk);
  }
  return walk;
}
