import { randomUUID } from 'node:crypto';
import type { CloudEvent, EventPayload } from '@yekuo/events';
import { DataSource } from 'typeorm';
import type { ServiceDefinition, TimeSource } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { contractsService } from '../contracts.service-definition';

/**
 * Starts the contracts service in process for one test file (its own database, exchange and queues); with `timeSource`,
 * it reads the time from that clock (one the test sets by hand) instead of the system's.
 */
export const startContracts = (timeSource?: TimeSource) => {
  const definition: ServiceDefinition = timeSource ? { ...contractsService, timeSource } : contractsService;
  return ServiceHarness.start(definition, (config) => AppModule.forRoot(config, definition));
};

export interface TestCase {
  caseId: string;
  customerId: string;
  caseNumber: string;
}

/** A case nobody has heard of yet: a test opens its own and never reads another test's. */
export const newCase = (): TestCase => ({
  caseId: randomUUID(),
  customerId: randomUUID(),
  caseNumber: `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`,
});

type Confirmed = EventPayload<'planning.scheme.confirmed.v1'>;

/** What planning publishes when the customer confirms the scheme: by default 800 kVA on two 10 kV sources. */
export const confirmed = (c: TestCase, overrides: Partial<Confirmed> = {}): Confirmed => ({
  ...c,
  category: 'HV_DUAL_SOURCE',
  policyVersion: '2020-01',
  actor: { id: c.customerId, role: 'customer' },
  schemeId: randomUUID(),
  version: 1,
  voltageLevel: 'AC10KV',
  capacityKva: 800,
  supplySources: 2,
  meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
  tariffCategory: 'LARGE_INDUSTRIAL',
  supplyPoints: ['张江变电站10千伏12号出线', '高科变电站10千伏7号出线'],
  propertyBoundary: '用户配电室进线电缆终端头',
  ...overrides,
});

/** A low-voltage residential confirmation of 8 kVA (its fees are zero). */
export const residential = (c: TestCase, overrides: Partial<Confirmed> = {}): Confirmed =>
  confirmed(c, {
    category: 'LV_RESIDENTIAL',
    voltageLevel: 'AC220V',
    capacityKva: 8,
    supplySources: 1,
    meteringMethod: 'LOW_SUPPLY_LOW_METERING',
    tariffCategory: 'RESIDENTIAL',
    supplyPoints: ['张江台区低压3号线17号杆'],
    propertyBoundary: '计量箱出线端子',
    ...overrides,
  });

type Accepted = EventPayload<'intake.application.accepted.v1'>;

/** What intake publishes when it accepts an application walking 三零: by default LV residential, 8 kVA on one 220 V source. */
export const acceptedThreeZero = (c: TestCase, overrides: Partial<Accepted> = {}): Accepted => ({
  ...c,
  category: 'LV_RESIDENTIAL',
  policyVersion: '2020-01',
  actor: { id: 'clerk-1', role: 'intake-clerk' },
  businessType: 'NEW_CONNECTION',
  voltageLevel: 'AC220V',
  capacityKva: 8,
  supplySources: 1,
  regionCode: '310115',
  acceptedAt: '2026-10-12T10:00:00+08:00',
  processVariant: 'THREE_ZERO',
  ...overrides,
});

export const WITHDRAWAL_REASON = '项目取消，不再用电';

/** What intake publishes when the customer (or whoever `actor` is) withdraws the application. */
export const withdrawn = (
  h: ServiceHarness,
  c: TestCase,
  category: EventPayload<'intake.application.withdrawn.v1'>['category'],
  actor: EventPayload<'intake.application.withdrawn.v1'>['actor'],
): CloudEvent<'intake.application.withdrawn.v1'> =>
  h.event('intake.application.withdrawn.v1', { ...c, category, policyVersion: '2020-01', actor, reason: WITHDRAWAL_REASON });

export const MUTATIONS = {
  signContract: `mutation($input: SignContractInput!) { signContract(input: $input) { id } }`,
  recordPayment: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`,
  updateContractParties: `mutation($input: UpdateContractPartiesInput!) { updateContractParties(input: $input) { id } }`,
} as const;
export type MutationName = keyof typeof MUTATIONS;

/** The contract officer every test uses (named, as the document shows signers by name). */
export const OFFICER = { sub: 'officer-7', name: '赵专责' };

/** Runs one contracts mutation as `caller` and returns the case id it answered with; throws the GraphQL error. */
export async function act(caller: ReturnType<ServiceHarness['as']>, name: MutationName, input: Record<string, unknown>): Promise<string> {
  const data = await caller.mutate<Record<string, { id: string }>>(MUTATIONS[name], { input });
  return data[name].id;
}

/** Confirms `payload` and waits until contracts has handled it. */
export const confirm = (h: ServiceHarness, payload: Confirmed) => h.publishAndWait(h.event('planning.scheme.confirmed.v1', payload));

const ROWS_OF_CASE = {
  contracts_case: 'SELECT count(*)::int AS n FROM contracts_case WHERE case_id = $1',
  supply_contract: 'SELECT count(*)::int AS n FROM supply_contract WHERE case_id = $1',
  fee_invoice: 'SELECT count(*)::int AS n FROM fee_invoice WHERE case_id = $1',
  fee_invoice_item: 'SELECT count(*)::int AS n FROM fee_invoice_item JOIN fee_invoice i ON i.id = invoice_id WHERE i.case_id = $1',
  fee_payment: 'SELECT count(*)::int AS n FROM fee_payment JOIN fee_invoice i ON i.id = invoice_id WHERE i.case_id = $1',
  contract_signature: 'SELECT count(*)::int AS n FROM contract_signature JOIN supply_contract c ON c.id = contract_id WHERE c.case_id = $1',
} as const;
export type CaseTable = keyof typeof ROWS_OF_CASE;
export const CASE_TABLES = Object.keys(ROWS_OF_CASE) as CaseTable[];

/** How many rows of `table` belong to one case. */
export async function countOf(h: ServiceHarness, table: CaseTable, caseId: string): Promise<number> {
  const [{ n }] = await h.app.get(DataSource).query<{ n: number }[]>(ROWS_OF_CASE[table], [caseId]);
  return n;
}

/** The audit actions recorded for one case, oldest first. */
export async function auditActionsOf(h: ServiceHarness, caseId: string): Promise<string[]> {
  const rows = await h.app
    .get(DataSource)
    .query<{ action: string }[]>('SELECT action FROM audit_record WHERE case_id = $1 ORDER BY seq', [caseId]);
  return rows.map((r) => r.action);
}

/** The case's customer; `name` is the name on their token (a signer's name on the document). */
export const customerOf = (h: ServiceHarness, c: TestCase, name?: string) =>
  h.as('customer', { sub: c.customerId, ...(name === undefined ? {} : { name }) });

/** The contract officer of every test. */
export const officerOf = (h: ServiceHarness) => h.as('contract-officer', OFFICER);

/** A contract officer enters the customer's name (an unsigned version is superseded by a new one naming them). */
export const enterParty = (h: ServiceHarness, c: TestCase, customerName: string, customerAddress?: string) =>
  act(officerOf(h), 'updateContractParties', { caseId: c.caseId, customerName, ...(customerAddress ? { customerAddress } : {}) });
