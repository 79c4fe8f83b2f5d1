/** The GraphQL operations front ends send, shared by the end-to-end suites. */
export const CASE_FIELDS = 'id number status category planningStatus';

export const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${CASE_FIELDS} } }`;
export const RETURN = `mutation($input: ReturnApplicationInput!) { returnApplication(input: $input) { ${CASE_FIELDS} returnNotice { items { item reason } comment } } }`;
export const RESUBMIT = `mutation($caseId: ID!) { resubmitApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} submissionRound } }`;
export const ACCEPT = `mutation($caseId: ID!) { acceptApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} } }`;
export const SCHEDULE = `mutation($caseId: ID!, $at: DateTime!) { scheduleSurvey(input: { caseId: $caseId, surveyorId: "surveyor-1", appointmentAt: $at }) { id planningStatus } }`;
export const RECORD = `mutation($caseId: ID!) { recordSurvey(input: { caseId: $caseId, siteConditions: "Pole-mounted 400 kVA transformer 80 m away", supplyPointOptions: ["T-21 low-voltage feeder"], transformerCapacityKva: 400 }) { id planningStatus } }`;
export const DRAFT = `mutation($caseId: ID!, $capacity: Float!, $voltage: String! = "AC380V", $sources: Int! = 1, $metering: String! = "LOW_SUPPLY_LOW_METERING", $tariff: String! = "GENERAL_INDUSTRIAL_COMMERCIAL") { draftScheme(input: { caseId: $caseId, voltageLevel: $voltage, capacityKva: $capacity, supplySources: $sources, supplyPoints: ["T-21 feeder"], meteringMethod: $metering, tariffCategory: $tariff, propertyBoundary: "Customer side of the meter box" }) { id planningStatus } }`;
export const APPROVE = `mutation($caseId: ID!) { approveScheme(input: { caseId: $caseId }) { id planningStatus } }`;
export const REJECT = `mutation($caseId: ID!) { rejectScheme(input: { caseId: $caseId, reason: "Capacity exceeds the feeder's spare capacity" }) { id planningStatus } }`;
export const REPLY = `mutation($caseId: ID!) { replyScheme(input: { caseId: $caseId }) { id planningStatus } }`;
export const CONFIRM = `mutation($caseId: ID!) { confirmScheme(input: { caseId: $caseId }) { id planningStatus status number } }`;

export const SUBMIT_DESIGN = `mutation($caseId: ID!) { submitDesign(input: { caseId: $caseId, designUnit: "华东电力设计院 (Class A)", documents: ["description", "single-line diagram", "protection", "metering", "reactive compensation", "layout"] }) { id } }`;
export const REVIEW_DESIGN = `mutation($caseId: ID!) { reviewDesign(input: { caseId: $caseId, approve: true }) { id } }`;
export const START_CONSTRUCTION = `mutation($caseId: ID!, $on: String!) { recordConstructionStart(input: { caseId: $caseId, startedOn: $on, unitName: "上海送变电工程有限公司" }) { id } }`;
export const REQUEST_INTERMEDIATE = `mutation($caseId: ID!) { requestIntermediateInspection(input: { caseId: $caseId }) { id } }`;
export const RECORD_INTERMEDIATE = `mutation($caseId: ID!) { recordIntermediateInspection(input: { caseId: $caseId, passed: true }) { id } }`;
export const REQUEST_ACCEPTANCE = `mutation($caseId: ID!) { requestCompletionAcceptance(input: { caseId: $caseId, documents: ["completion report", "test reports"] }) { id } }`;
export const COUNTERSIGN = `mutation($caseId: ID!) { countersign(input: { caseId: $caseId, result: "PASS", items: [] }) { id } }`;
export const SIGN = `mutation($caseId: ID!) { signContract(input: { caseId: $caseId, method: "ONLINE" }) { id } }`;
export const ASSIGN_METER = `mutation($caseId: ID!, $number: String!, $type: String!, $ct: String) { assignMeter(input: { caseId: $caseId, meterNumber: $number, meterType: $type, accuracyClass: "0.5S", ctRatio: $ct }) { id } }`;
export const INSTALL_METER = `mutation($caseId: ID!, $at: DateTime!) { recordMeterInstallation(input: { caseId: $caseId, installedAt: $at, reading: 0, sealNumbers: ["SH-0001", "SH-0002"] }) { id } }`;
export const ENERGIZE = `mutation($caseId: ID!) { energize(input: { caseId: $caseId }) { id } }`;
export const ARCHIVE = `mutation($caseId: ID!) { archiveCase(input: { caseId: $caseId }) { id } }`;
export const PAY = `mutation($caseId: ID!) { recordPayment(input: { caseId: $caseId, amount: "100.00" }) { id } }`;

export const application = (identity?: { idNumber: string; name: string }, terms: Record<string, unknown> = {}) => ({
  ...(identity ? { customer: { idType: 'RESIDENT_ID', ...identity } } : {}),
  businessType: 'NEW_CONNECTION',
  usage: 'COMMERCIAL',
  voltageLevel: 'AC380V',
  capacityKva: 60,
  supplySources: 1,
  siteAddress: '上海市徐汇区漕溪北路88号 底商',
  regionCode: '310104',
  ...terms,
});
