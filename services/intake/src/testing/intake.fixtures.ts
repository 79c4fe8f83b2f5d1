import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, EventType, NextAction, Role } from '@yekuo/events';
import type { TimeSource } from '@yekuo/platform';
import type { Caller, GraphQLResponse, HarnessOptions } from '@yekuo/testing';
import { ServiceHarness, subgraphFetch } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { residentIdCheckCharacter } from '../customer/identity';
import { intakeService } from '../intake.service-definition';

export interface IntakeOptions extends HarnessOptions {
  /**
   * Environment for the service: merged into its ServiceConfig (LOG_LEVEL, TIME_LIMIT_POLICY_FILE, ...) and, while it
   * starts, set in process.env, where intake reads its own settings (PII_* keys, DOCUMENTS_DIR, DOCUMENT_MAX_BYTES).
   */
  env?: Record<string, string>;
  /** The time the service reads (a clock the test sets by hand); the system clock by default. */
  timeSource?: TimeSource;
}

/**
 * Starts the intake service in process for one test file (its own database, exchange, queues and keys). The personal-data
 * development keys and the stored documents go to a directory of its own, deleted by `stop()`; process.env is restored
 * once the service has read it.
 */
export async function startIntake(options: IntakeOptions = {}): Promise<ServiceHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'yekuo-intake-'));
  const env = { PII_DEV_KEY_DIR: join(dir, 'pii'), DOCUMENTS_DIR: join(dir, 'documents'), ...options.env };
  const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  let h: ServiceHarness;
  try {
    const { timeSource, ...harnessOptions } = options;
    const definition = timeSource ? { ...intakeService, timeSource } : intakeService;
    h = await ServiceHarness.start(definition, (config) => AppModule.forRoot(config, definition), { ...harnessOptions, env });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const stopHarness = h.stop.bind(h);
  h.stop = async () => {
    try {
      await stopHarness();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return h;
}

let sequence = 0;
/** A fresh valid resident ID number (Xuhui, born on 1 January), unique within the test file (up to 1000 of them). */
export const residentId = () => {
  sequence += 1;
  const first17 = `310104${1950 + (sequence % 50)}0101${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};

/** A PDF and a PNG: the magic bytes the upload checks, then noise. */
export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);

export const CASE_FIELDS = `id number status stage category businessType submissionRound policyVersion
  application { siteAddress regionCode derivedCategory loads { name kw quantity } agent { agentId authorizationDocumentId } categoryOverride { category derivedCategory reason } }
  customer { id name phone email idNumber kind }
  documents { slot title required status current { id version sha256 size contentType fileName } versions { version sha256 } }
  returnNotice { round items { item reason slot field } comment returnedAt resubmittedAt }
  returnNotices { round items { slot } returnedAt resubmittedAt }
  withdrawal { reason withdrawnBy role closedWork }`;

export const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${CASE_FIELDS} } }`;
export const CASE = `query ($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
export const RETURN = `mutation ($input: ReturnApplicationInput!) { returnApplication(input: $input) { ${CASE_FIELDS} } }`;
export const RESUBMIT = `mutation ($caseId: ID!) { resubmitApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} } }`;
export const ACCEPT = `mutation ($caseId: ID!) { acceptApplication(input: { caseId: $caseId }) { id status acceptedAt policyVersion } }`;
export const WITHDRAW = `mutation ($caseId: ID!, $reason: String!) { withdrawApplication(input: { caseId: $caseId, reason: $reason }) { ${CASE_FIELDS} } }`;
export const COMPLETENESS = `query ($caseId: ID!) { completenessCheck(caseId: $caseId) { complete items { item reason slot field } } }`;
export const SEARCH = `query ($filter: CaseFilter, $first: Int!, $after: String) {
  cases(filter: $filter, first: $first, after: $after) { edges { cursor node { id number submittedAt } } pageInfo { hasNextPage endCursor } }
}`;

export type Terms = Partial<{
  usage: string;
  voltageLevel: string;
  capacityKva: number;
  supplySources: number;
  businessType: string;
  regionCode: string;
  siteAddress: string;
}>;

/** A residential 8 kVA application in Xuhui unless `terms` say otherwise; with `identity`, for a new customer of that ID. */
export const application = (terms: Terms = {}, identity?: { idNumber: string; name: string; phone?: string; email?: string }) => ({
  ...(identity ? { customer: { idType: 'RESIDENT_ID', phone: '13812345678', ...identity } } : {}),
  businessType: 'NEW_CONNECTION',
  usage: 'RESIDENTIAL',
  voltageLevel: 'AC220V',
  capacityKva: 8,
  supplySources: 1,
  siteAddress: '上海市徐汇区漕溪北路88号3楼',
  regionCode: '310104',
  ...(terms.voltageLevel && terms.voltageLevel.endsWith('KV') ? { loads: [{ name: 'chiller', kw: 200, quantity: 2 }] } : {}),
  ...terms,
});

/** The intake clerk of every test. */
export const clerkOf = (h: ServiceHarness) => h.as('intake-clerk', { sub: 'clerk-1' });
/** The supervisor of every test (staff search, masked personal data). */
export const supervisorOf = (h: ServiceHarness) => h.as('supervisor', { sub: 'sup-1' });

/** A customer nobody has seen yet: the id on their token, and calls made as them. */
export const newCustomer = (h: ServiceHarness) => {
  const id = randomUUID();
  return { id, caller: h.as('customer', { sub: id }) };
};

/** Submits an application as `caller` and returns the case (CASE_FIELDS); throws the GraphQL error. */
export const submit = async (caller: Caller, input: Record<string, unknown>) => (await caller.mutate(SUBMIT, { input })).submitApplication;

/** The extensions of the first error of a response that must have failed. */
export function errorOf(response: GraphQLResponse) {
  expect(response.errors?.length).toBeGreaterThan(0);
  return response.errors![0].extensions as Record<string, unknown> & { code: string; fields?: { field: string; message: string }[] };
}

export interface UploadFields {
  caseId?: string;
  slot?: string;
  /** A stage checklist item, instead of a slot. */
  item?: string;
  file?: Buffer;
  type?: string;
  name?: string;
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
}

/** POSTs one document to /documents as a front end would (anonymously without `caller`): the HTTP status and the JSON body. */
export async function upload(h: ServiceHarness, caller: Caller | undefined, fields: UploadFields) {
  const form = new FormData();
  if (fields.caseId) form.set('caseId', fields.caseId);
  if (fields.slot) form.set('slot', fields.slot);
  if (fields.item) form.set('item', fields.item);
  if (fields.file) form.set('file', new Blob([fields.file], { type: fields.type ?? 'application/pdf' }), fields.name ?? '房产证.pdf');
  const response = await subgraphFetch(new URL('/documents', h.url), {
    method: 'POST',
    body: form,
    headers: {
      ...(caller ? { authorization: `Bearer ${await caller.token()}` } : {}),
      ...(fields.idempotencyKey ? { 'idempotency-key': fields.idempotencyKey } : {}),
    },
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Uploads a PDF into every slot the case still misses, as `caller`, so the application can be accepted. */
export async function uploadChecklist(h: ServiceHarness, caller: Caller, caseId: string): Promise<void> {
  const { completenessCheck } = await caller.query(COMPLETENESS, { caseId });
  for (const { slot } of completenessCheck.items as Array<{ slot: string }>) {
    const uploaded = await upload(h, caller, { caseId, slot, file: Buffer.from('%PDF-1.4\n%%EOF\n'), name: `${slot}.pdf` });
    expect(uploaded.status).toBe(201);
  }
}

/** GETs one stored document as `caller`. */
export const download = async (h: ServiceHarness, caller: Caller, documentId: string) =>
  subgraphFetch(new URL(`/documents/${documentId}`, h.url), { headers: { authorization: `Bearer ${await caller.token()}` } });

/** Waits for the event of `type` intake published about one case, and returns it parsed. */
export const publishedEvent = (h: ServiceHarness, type: string, caseId: string) =>
  h.waitFor(`${type} of ${caseId}`, () => h.eventsOf(caseId).find((e) => e.type === type));

/** What every event about a case submitted through intake carries of it. */
export interface SubmittedCase {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  policyVersion: string;
}

/** What an event about a case names besides the case and its time: the actor, the type's own fields, the next action. */
export type EventDetails<T extends EventType> = [
  actor: { id: string; role: Role },
  extra: Omit<EventPayload<T>, keyof SubmittedCase | 'actor' | 'nextAction'>,
  nextAction?: NextAction,
];

/** A catalog event another service would publish about `c`, dated `time`. */
export const caseEventOf = <T extends EventType>(
  c: SubmittedCase,
  type: T,
  time: Date,
  ...[actor, extra, nextAction]: EventDetails<T>
): CloudEvent<T> =>
  createEvent(type, { ...c, actor, ...(nextAction ? { nextAction } : {}), ...extra } as EventPayload<T>, {
    source: `/yekuo/${type.split('.')[0]}`,
    time,
  });
