/** The GraphQL operations front ends send, shared by the end-to-end suites. */
export const CASE_FIELDS = 'id number status category planningStatus';

export const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${CASE_FIELDS} } }`;
export const RETURN = `mutation($input: ReturnApplicationInput!) { returnApplication(input: $input) { ${CASE_FIELDS} returnNotice { items { item reason slot } comment } } }`;
export const RESUBMIT = `mutation($caseId: ID!) { resubmitApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} submissionRound } }`;
export const ACCEPT = `mutation($caseId: ID!) { acceptApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} } }`;
export const COMPLETENESS = `query($caseId: ID!) { completenessCheck(caseId: $caseId) { items { item reason slot field } } }`;
export const WITHDRAW = `mutation($caseId: ID!) { withdrawApplication(input: { caseId: $caseId, reason: "The shop lease fell through" }) { id status stage } }`;
export const OVERRIDE_CATEGORY = `mutation($caseId: ID!) { overrideCategory(input: { caseId: $caseId, category: "LV_NON_RESIDENTIAL", reason: "Ground-floor shop" }) { id } }`;
export const REJECT_DOCUMENT = `mutation($id: ID!) { rejectDocument(input: { documentId: $id, reason: "Unreadable scan" }) { id } }`;
export const OPEN_TICKET = `mutation($caseId: ID!) { openTicket(input: { caseId: $caseId, kind: "URGE", subject: "When is the survey?", message: "Please give me a date" }) { id status team } }`;
export const RESPOND_TICKET = `mutation($id: ID!) { respondToTicket(input: { ticketId: $id, response: "Next Tuesday" }) { id } }`;
export const RESOLVE_TICKET = `mutation($id: ID!) { resolveTicket(input: { ticketId: $id, resolution: "Appointment made" }) { id } }`;
export const RATE_TICKET = `mutation($id: ID!) { rateTicket(input: { ticketId: $id, satisfaction: 5, comment: "Quick" }) { id } }`;

export const SCHEDULE = `mutation($caseId: ID!, $at: DateTime!) { scheduleSurvey(input: { caseId: $caseId, surveyorId: "surveyor-1", appointmentAt: $at }) { id planningStatus } }`;
export const RESCHEDULE = `mutation($caseId: ID!, $at: DateTime!) { rescheduleSurvey(input: { caseId: $caseId, appointmentAt: $at, reason: "The customer is away", requestedBy: "CUSTOMER" }) { id } }`;
export const RECORD = `mutation($caseId: ID!) { recordSurvey(input: { caseId: $caseId, siteConditions: "Pole-mounted 400 kVA transformer 80 m away", supplyPointOptions: ["T-21 low-voltage feeder"], transformerCapacityKva: 400 }) { id planningStatus } }`;
export const FAST_PATH = `mutation($caseId: ID!) { completeFastPath(input: { caseId: $caseId, siteConditions: "Meter box on the outside wall", supplyPointOptions: ["Pole 17 of the Zhangjiang LV line 3"] }) { id planningStatus } }`;
export const DRAFT = `mutation($caseId: ID!, $capacity: Float!, $voltage: String! = "AC380V", $sources: Int! = 1, $metering: String! = "LOW_SUPPLY_LOW_METERING", $tariff: String! = "GENERAL_INDUSTRIAL_COMMERCIAL", $points: [String!]! = ["T-21 feeder"]) { draftScheme(input: { caseId: $caseId, voltageLevel: $voltage, capacityKva: $capacity, supplySources: $sources, supplyPoints: $points, meteringMethod: $metering, tariffCategory: $tariff, propertyBoundary: "Customer side of the meter box" }) { id planningStatus } }`;
export const APPROVE = `mutation($caseId: ID!) { approveScheme(input: { caseId: $caseId }) { id planningStatus } }`;
export const REJECT = `mutation($caseId: ID!) { rejectScheme(input: { caseId: $caseId, reason: "Capacity exceeds the feeder's spare capacity" }) { id planningStatus } }`;
export const REPLY = `mutation($caseId: ID!) { replyScheme(input: { caseId: $caseId }) { id planningStatus } }`;
export const CONFIRM = `mutation($caseId: ID!) { confirmScheme(input: { caseId: $caseId }) { id planningStatus status number } }`;
export const REQUEST_CHANGE = `mutation($caseId: ID!) { requestSchemeChange(input: { caseId: $caseId, reason: "We need 10 % more capacity" }) { id } }`;
export const REGISTER_UNIT = `mutation($name: String!, $licence: String!, $regions: [String!]!) { registerConstructionUnit(input: { name: $name, licenceNumber: $licence, qualificationClass: "CLASS_3", maxVoltageKv: 110, maxCapacityKva: 8000, regions: $regions, validUntil: "2030-12-31" }) { id } }`;
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
export const RECORD_INTERMEDIATE = `mutation($caseId: ID!) { recordIntermediateInspection(input: { caseId: $caseId, items: [{ item: "Cable trench depth", result: "PASS" }, { item: "Earthing grid", result: "PASS" }] }) { id } }`;
export const REQUEST_ACCEPTANCE = `mutation($caseId: ID!) { requestCompletionAcceptance(input: { caseId: $caseId, documents: [${documents(HV_COMPLETION_ITEMS, 11)}] }) { id } }`;
/** Dual source adds the interlock tests to the high-voltage completion documents. */
export const REQUEST_ACCEPTANCE_DUAL = `mutation($caseId: ID!) { requestCompletionAcceptance(input: { caseId: $caseId, documents: [${documents([...HV_COMPLETION_ITEMS, 'INTERLOCK_TESTS'], 11)}] }) { id } }`;
export const COUNTERSIGN = `mutation($caseId: ID!) { countersign(input: { caseId: $caseId, result: "PASS", items: [] }) { id } }`;
export const COUNTERSIGN_FAIL = `mutation($caseId: ID!, $items: [String!]!) { countersign(input: { caseId: $caseId, result: "FAIL", items: $items }) { id } }`;

export const CUSTOMER_DELAY = `mutation($caseId: ID!) { recordCustomerDelay(input: { caseId: $caseId, reason: "Site not ready for the visit" }) { id } }`;
export const END_CUSTOMER_DELAY = `mutation($caseId: ID!) { endCustomerDelay(input: { caseId: $caseId }) { id } }`;

export const SIGN = `mutation($caseId: ID!) { signContract(input: { caseId: $caseId, method: "ONLINE" }) { id } }`;
export const UPDATE_PARTIES = `mutation($caseId: ID!, $name: String! = "周工") { updateContractParties(input: { caseId: $caseId, customerName: $name }) { id } }`;
export const PAY = `mutation($caseId: ID!, $amount: String! = "100.00") { recordPayment(input: { caseId: $caseId, amount: $amount }) { id } }`;

export const REGISTER_METER = `mutation($number: String!, $type: String!, $class: String!, $ct: String, $pt: String) { registerMeter(input: { number: $number, type: $type, accuracyClass: $class, ctRatio: $ct, ptRatio: $pt }) { id } }`;
export const RETIRE_METER = `mutation($id: ID!) { retireMeter(input: { meterId: $id, reason: "Failed calibration" }) { id } }`;
export const ASSIGN_METER = `mutation($caseId: ID!, $number: String!) { assignMeter(input: { caseId: $caseId, meterNumber: $number }) { id } }`;
export const SCHEDULE_INSTALLATION = `mutation($caseId: ID!, $at: DateTime!) { scheduleInstallation(input: { caseId: $caseId, technicianId: "technician-1", scheduledAt: $at }) { id } }`;
export const RESCHEDULE_INSTALLATION = `mutation($caseId: ID!, $at: DateTime!) { rescheduleInstallation(input: { caseId: $caseId, scheduledAt: $at, reason: "The customer asked" }) { id } }`;
export const INSTALL_METER = `mutation($caseId: ID!, $at: DateTime!, $seals: [String!]!) { recordMeterInstallation(input: { caseId: $caseId, installedAt: $at, reading: 0, sealNumbers: $seals }) { id } }`;
export const REMOVE_METER = `mutation($caseId: ID!, $at: DateTime!) { recordMeterRemoval(input: { caseId: $caseId, removedAt: $at, reading: 1 }) { id } }`;
export const POSTPONE_ENERGIZATION = `mutation($caseId: ID!) { postponeEnergization(input: { caseId: $caseId, reason: "The customer's switchgear is not ready" }) { id } }`;
export const RESUME_ENERGIZATION = `mutation($caseId: ID!) { resumeEnergization(input: { caseId: $caseId }) { id } }`;
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

/** Uploads a small PDF to a checklist slot through the gateway's `POST /documents`, as a front end would. */
export async function upload(gatewayUrl: string, token: string, caseId: string, slot: string): Promise<{ id: string; sha256: string }> {
  const form = new FormData();
  form.set('caseId', caseId);
  form.set('slot', slot);
  form.set('file', new Blob([Buffer.from(`%PDF-1.4\n% ${slot} of ${caseId}\n%%EOF\n`)], { type: 'application/pdf' }), `${slot}.pdf`);
  const response = await fetch(new URL('/documents', gatewayUrl), {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`upload of ${slot} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; sha256: string };
}
