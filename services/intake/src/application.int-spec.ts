import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createEvent, CustomerCategory } from '@yekuo/events';
import { ErrorCode } from '@yekuo/platform';
import {
  EventTap,
  expectData,
  graphql,
  GraphQLResponse,
  InProcessService,
  startServiceInProcess,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from './app.module';
import { ID_NUMBER_PURPOSE, CustomerService } from './customer/customer.service';
import { residentIdCheckCharacter } from './customer/identity';
import { checklistFor } from './document/checklist.data';
import { intakeService } from './intake.service-definition';
import { PiiCipher } from './pii/pii-cipher';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);
const MAX_BYTES = 64 * 1024;

let sequence = 0;
/** A fresh valid resident ID number, unique within the run. */
const residentId = () => {
  sequence += 1;
  const first17 = `310104${1950 + (sequence % 50)}0101${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};

const CASE_FIELDS = `id number status stage category businessType submissionRound
  application { siteAddress regionCode derivedCategory loads { name kw quantity } agent { agentId authorizationDocumentId } categoryOverride { category derivedCategory reason } }
  customer { id name phone idNumber kind }
  documents { slot title required status current { id version sha256 size contentType fileName } versions { version sha256 } }
  returnNotice { round items { item reason slot field } comment returnedAt resubmittedAt }
  returnNotices { round items { slot } returnedAt resubmittedAt }
  withdrawal { reason withdrawnBy role closedWork }`;

const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${CASE_FIELDS} } }`;
const CASE = `query ($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
const RETURN = `mutation ($input: ReturnApplicationInput!) { returnApplication(input: $input) { ${CASE_FIELDS} } }`;
const RESUBMIT = `mutation ($caseId: ID!) { resubmitApplication(input: { caseId: $caseId }) { ${CASE_FIELDS} } }`;
const ACCEPT = `mutation ($caseId: ID!) { acceptApplication(input: { caseId: $caseId }) { id status acceptedAt } }`;
const WITHDRAW = `mutation ($caseId: ID!, $reason: String!) { withdrawApplication(input: { caseId: $caseId, reason: $reason }) { ${CASE_FIELDS} } }`;
const COMPLETENESS = `query ($caseId: ID!) { completenessCheck(caseId: $caseId) { complete items { item reason slot field } } }`;
const SEARCH = `query ($filter: CaseFilter, $first: Int!, $after: String) {
  cases(filter: $filter, first: $first, after: $after) { edges { cursor node { id number submittedAt } } pageInfo { hasNextPage endCursor } }
}`;

type Terms = Partial<{ usage: string; voltageLevel: string; supplySources: number; businessType: string; regionCode: string }>;

const application = (terms: Terms = {}, identity?: { idNumber: string; name: string; phone?: string }) => ({
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

function errorOf(response: GraphQLResponse) {
  expect(response.errors?.length).toBeGreaterThan(0);
  return response.errors![0].extensions as Record<string, unknown> & { code: string; fields?: { field: string; message: string }[] };
}

describe('intake applications (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let intake: InProcessService;
  let base: string;
  let tap: EventTap;
  let clerk: string;
  let supervisor: string;
  const logs: string[] = [];
  const keys = { old: randomBytes(32), current: randomBytes(32), hmac: randomBytes(32) };
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  const upload = async (
    token: string | undefined,
    fields: { caseId?: string; slot?: string; file?: Buffer; type?: string; name?: string },
  ) => {
    const form = new FormData();
    if (fields.caseId) form.set('caseId', fields.caseId);
    if (fields.slot) form.set('slot', fields.slot);
    if (fields.file) form.set('file', new Blob([fields.file], { type: fields.type ?? 'application/pdf' }), fields.name ?? '房产证.pdf');
    const response = await fetch(`${base}/documents`, {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  const submitAs = async (token: string, input: Record<string, unknown>) =>
    expectData(await graphql(intake.url, SUBMIT, { input }, token)).submitApplication;

  const customerToken = async () => {
    const id = randomUUID();
    return { id, token: await run.token({ sub: id, roles: ['customer'] }) };
  };

  beforeAll(async () => {
    process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      logs.push(String(chunk));
      return writes.out(chunk, ...rest);
    };
    process.stderr.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      logs.push(String(chunk));
      return writes.err(chunk, ...rest);
    };
    Object.assign(process.env, {
      PII_KEYS: `k-old:${keys.old.toString('base64')},k-2026:${keys.current.toString('base64')}`,
      PII_ACTIVE_KEY_ID: 'k-2026',
      PII_HMAC_KEY: keys.hmac.toString('base64'),
      DOCUMENTS_DIR: join(run.keyDir, 'documents'),
      DOCUMENT_MAX_BYTES: String(MAX_BYTES),
    });
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config), { LOG_LEVEL: 'verbose' });
    base = intake.url.replace(/\/graphql$/, '');
    tap = await EventTap.open(run.amqpUrl, run.exchange);
    clerk = await run.token({ sub: 'clerk-1', roles: ['intake-clerk'] });
    supervisor = await run.token({ sub: 'sup-1', roles: ['supervisor'] });
  }, 60_000);

  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    for (const variable of ['PII_KEYS', 'PII_ACTIVE_KEY_ID', 'PII_HMAC_KEY', 'DOCUMENTS_DIR', 'DOCUMENT_MAX_BYTES'])
      delete process.env[variable];
    await tap?.close();
    await intake?.stop();
    await run.cleanUp(['intake']);
  });

  it('shows the checklist of each category and business type, with an agent adding the authorization', async () => {
    const combos: [Terms, CustomerCategory][] = [
      [{}, 'LV_RESIDENTIAL'],
      [{ usage: 'COMMERCIAL', voltageLevel: 'AC380V' }, 'LV_NON_RESIDENTIAL'],
      [{ usage: 'INDUSTRIAL', voltageLevel: 'AC10KV' }, 'HV_SINGLE_SOURCE'],
      [{ usage: 'INDUSTRIAL', voltageLevel: 'AC35KV', supplySources: 2 }, 'HV_DUAL_SOURCE'],
    ];
    for (const [terms, category] of combos) {
      for (const businessType of ['NEW_CONNECTION', 'CAPACITY_INCREASE', 'TEMPORARY_SUPPLY'] as const) {
        const created = await submitAs(clerk, application({ ...terms, businessType }, { idNumber: residentId(), name: '王小明' }));
        expect(created.category).toBe(category);
        expect(created.documents.map((d: { slot: string; required: boolean; status: string }) => [d.slot, d.required, d.status])).toEqual(
          checklistFor(category, businessType, false).map((e) => [e.slot, e.required, 'MISSING']),
        );
      }
    }
    const owner = await customerToken();
    await submitAs(owner.token, application({}, { idNumber: residentId(), name: '赵六' }));
    const agent = await run.token({ sub: 'agent-7', roles: ['agent'], actsFor: [owner.id] });
    const viaAgent = await graphql(intake.url, SUBMIT, { input: { ...application(), customerId: owner.id } }, agent);
    expect(errorOf(viaAgent).fields?.map((f) => f.field)).toEqual(['input.authorizationDocumentId']);
    const byAgent = await submitAs(agent, { ...application(), customerId: owner.id, authorizationDocumentId: 'AUTH-2026-0042' });
    expect(byAgent.application.agent).toEqual({ agentId: 'agent-7', authorizationDocumentId: 'AUTH-2026-0042' });
    expect(byAgent.documents.filter((d: { required: boolean }) => d.required).map((d: { slot: string }) => d.slot)).toEqual([
      'APPLICANT_ID',
      'PROPERTY_PROOF',
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
    ]);
  }, 60_000);

  it('validates every field at once, the ID number by its type and the region against the organisation', async () => {
    const response = await graphql(
      intake.url,
      SUBMIT,
      {
        input: {
          ...application({ regionCode: '999999' }, { idNumber: '310104198805056666', name: '', phone: '12' }),
          capacityKva: 0,
          loads: [{ name: 'pump', kw: -1, quantity: 0 }],
          categoryOverride: { category: 'HV_DUAL_SOURCE', reason: '' },
        },
      },
      clerk,
    );
    expect(errorOf(response).code).toBe(ErrorCode.VALIDATION_FAILED);
    expect([...new Set(errorOf(response).fields!.map((f) => f.field))].sort()).toEqual([
      'input.capacityKva',
      'input.categoryOverride.reason',
      'input.customer.idNumber',
      'input.customer.name',
      'input.customer.phone',
      'input.loads.0.kw',
      'input.loads.0.quantity',
      'input.regionCode',
    ]);
    // A category outside the CustomerCategory enum is refused by GraphQL before the input is validated.
    const unknownCategory = await graphql(
      intake.url,
      SUBMIT,
      { input: { ...application({}, { idNumber: residentId(), name: '陈一' }), categoryOverride: { category: 'NOPE', reason: 'r' } } },
      clerk,
    );
    expect(errorOf(unknownCategory).code).toBe('BAD_USER_INPUT');
    expect(unknownCategory.errors?.[0].message).toContain('"NOPE" does not exist in "CustomerCategory" enum');
    const shop = application(
      { usage: 'COMMERCIAL', voltageLevel: 'AC380V' },
      { idNumber: '91350100M000100Y43', name: '上海某某商贸有限公司' },
    );
    const enterprise = await submitAs(clerk, { ...shop, customer: { ...shop.customer, idType: 'UNIFIED_SOCIAL_CREDIT_CODE' } });
    expect(enterprise.customer.kind).toBe('ENTERPRISE');
    const person = application({}, { idNumber: residentId(), name: '某' });
    const wrongKind = await graphql(
      intake.url,
      SUBMIT,
      { input: { ...person, customer: { ...person.customer, kind: 'ENTERPRISE' } } },
      clerk,
    );
    expect(errorOf(wrongKind).fields?.map((f) => f.field)).toEqual(['input.customer.kind']);
  });

  it('lets a clerk override the derived category with a recorded reason; the event carries the final category', async () => {
    const created = await submitAs(clerk, {
      ...application({ usage: 'COMMERCIAL', voltageLevel: 'AC380V' }, { idNumber: residentId(), name: '钱七' }),
      categoryOverride: { category: 'LV_RESIDENTIAL', reason: 'Shop on the ground floor of the home, billed as residential' },
    });
    expect(created.category).toBe('LV_RESIDENTIAL');
    expect(created.application.derivedCategory).toBe('LV_NON_RESIDENTIAL');
    expect(created.application.categoryOverride).toMatchObject({ category: 'LV_RESIDENTIAL', derivedCategory: 'LV_NON_RESIDENTIAL' });
    const event = await waitFor('submitted event', () =>
      tap.ofType('intake.application.submitted.v1').find((m) => (m.body as { subject: string }).subject === created.id),
    );
    expect((event.body as { data: { category: string } }).data.category).toBe('LV_RESIDENTIAL');
    const later = await graphql(
      intake.url,
      `
        mutation ($caseId: ID!) {
          overrideCategory(input: { caseId: $caseId, category: LV_NON_RESIDENTIAL, reason: "Separate shop meter after all" }) {
            category
            application {
              categoryOverride {
                category
                derivedCategory
              }
            }
          }
        }
      `,
      { caseId: created.id },
      clerk,
    );
    expect(expectData(later).overrideCategory).toEqual({
      category: 'LV_NON_RESIDENTIAL',
      application: { categoryOverride: { category: 'LV_NON_RESIDENTIAL', derivedCategory: 'LV_NON_RESIDENTIAL' } },
    });
    const audit = await intake.app
      .get(DataSource)
      .query<{ action: string }[]>(`SELECT action FROM audit_record WHERE case_id = $1 ORDER BY seq`, [created.id]);
    expect(audit.map((a) => a.action).filter((a) => a === 'intake.category.overridden')).toHaveLength(2);
    const customer = await customerToken();
    const own = await graphql(
      intake.url,
      SUBMIT,
      {
        input: {
          ...application({}, { idNumber: residentId(), name: '孙八' }),
          categoryOverride: { category: 'HV_SINGLE_SOURCE', reason: 'x' },
        },
      },
      customer.token,
    );
    expect(errorOf(own).fields?.map((f) => f.field)).toEqual(['input.categoryOverride']);
  });

  it('uploads into a slot: stores the sha256 of the bytes, versions re-uploads and refuses 400/401/404/413/415 as JSON', async () => {
    const owner = await customerToken();
    const created = await submitAs(owner.token, application({}, { idNumber: residentId(), name: '周九' }));
    const first = await upload(owner.token, { caseId: created.id, slot: 'PROPERTY_PROOF', file: PDF });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      slot: 'PROPERTY_PROOF',
      version: 1,
      size: PDF.length,
      contentType: 'application/pdf',
      fileName: '房产证.pdf',
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const second = await upload(clerk, { caseId: created.id, slot: 'PROPERTY_PROOF', file: PNG, type: 'image/png', name: 'scan.png' });
    expect(second.body).toMatchObject({ version: 2, contentType: 'image/png', sha256: createHash('sha256').update(PNG).digest('hex') });
    const seen = expectData(await graphql(intake.url, CASE, { id: created.id }, owner.token)).case;
    const slot = seen.documents.find((d: { slot: string }) => d.slot === 'PROPERTY_PROOF');
    expect(slot.status).toBe('PROVIDED');
    expect(slot.current).toMatchObject({ version: 2, sha256: second.body.sha256 });
    expect(slot.versions.map((v: { version: number; sha256: string }) => [v.version, v.sha256])).toEqual([
      [1, first.body.sha256],
      [2, second.body.sha256],
    ]);
    const download = await fetch(`${base}/documents/${first.body.id}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(download.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await download.arrayBuffer()))
        .digest('hex'),
    ).toBe(first.body.sha256);

    const tooLarge = await upload(owner.token, {
      caseId: created.id,
      slot: 'APPLICANT_ID',
      file: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]),
    });
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const gif = await upload(owner.token, {
      caseId: created.id,
      slot: 'APPLICANT_ID',
      file: Buffer.from('GIF89a........'),
      type: 'image/png',
    });
    expect(gif).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const disguised = await upload(owner.token, { caseId: created.id, slot: 'APPLICANT_ID', file: PNG, type: 'application/pdf' });
    expect(disguised.status).toBe(415);
    const missing = await upload(owner.token, {});
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toEqual(['caseId', 'slot', 'file']);
    const unknownSlot = await upload(owner.token, { caseId: created.id, slot: 'LOAD_LIST', file: PDF });
    expect(unknownSlot).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await upload(owner.token, { caseId: randomUUID(), slot: 'APPLICANT_ID', file: PDF })).status).toBe(404);
    const stranger = await customerToken();
    expect(await upload(stranger.token, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect((await fetch(`${base}/documents/${first.body.id}`, { headers: { authorization: `Bearer ${stranger.token}` } })).status).toBe(
      404,
    );
    expect((await upload(undefined, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF })).status).toBe(401);
    const surveyor = await run.token({ sub: 's-1', roles: ['surveyor'] });
    expect((await upload(surveyor, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF })).status).toBe(403);
    const rows = await intake.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_document WHERE case_id = $1', [created.id]);
    expect(rows[0].n).toBe(2);

    // A scan of the identity document shows the number: the surveyor may read the property proof, not the ID.
    const idScan = await upload(owner.token, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF });
    expect(idScan.status).toBe(201);
    const get = (id: string, token: string) => fetch(`${base}/documents/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(first.body.id, surveyor)).status).toBe(200);
    expect((await get(idScan.body.id, surveyor)).status).toBe(403);
    expect((await get(idScan.body.id, clerk)).status).toBe(200);
    expect((await get(idScan.body.id, owner.token)).status).toBe(200);
  }, 60_000);

  it('returns one notice listing every missing item, keeps the history and refuses acceptance until complete', async () => {
    const owner = await customerToken();
    const created = await submitAs(
      owner.token,
      application({ usage: 'COMMERCIAL', voltageLevel: 'AC380V' }, { idNumber: residentId(), name: '吴十' }),
    );
    await upload(owner.token, { caseId: created.id, slot: 'BUSINESS_LICENCE', file: PDF });
    const equipment = await upload(owner.token, { caseId: created.id, slot: 'EQUIPMENT_LIST', file: PDF });
    const rejected = await graphql(
      intake.url,
      `
        mutation ($id: ID!) {
          rejectDocument(input: { documentId: $id, reason: "The list is not signed" }) {
            id
          }
        }
      `,
      { id: equipment.body.id },
      clerk,
    );
    expectData(rejected);
    const check = expectData(await graphql(intake.url, COMPLETENESS, { caseId: created.id }, owner.token)).completenessCheck;
    expect(check.complete).toBe(false);
    expect(check.items.map((i: { slot: string | null }) => i.slot)).toEqual([
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
      'PROPERTY_OR_LAND_USE_PROOF',
      'EQUIPMENT_LIST',
    ]);
    expect(check.items[3].reason).toContain('The list is not signed');

    const refused = await graphql(intake.url, ACCEPT, { caseId: created.id }, clerk);
    expect(errorOf(refused).code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(errorOf(refused).fields?.map((f) => f.field)).toEqual([
      'documents.AUTHORIZATION_LETTER',
      'documents.AGENT_ID',
      'documents.PROPERTY_OR_LAND_USE_PROOF',
      'documents.EQUIPMENT_LIST',
    ]);

    const returned = expectData(
      await graphql(
        intake.url,
        RETURN,
        { input: { caseId: created.id, items: [{ item: 'Site plan', reason: 'Mark the meter position' }], comment: 'Bring originals' } },
        clerk,
      ),
    ).returnApplication;
    expect(returned.status).toBe('RETURNED');
    const customerView = expectData(await graphql(intake.url, CASE, { id: created.id }, owner.token)).case;
    expect(customerView.returnNotice.items.map((i: { item: string; slot: string | null }) => i.slot ?? i.item)).toEqual([
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
      'PROPERTY_OR_LAND_USE_PROOF',
      'EQUIPMENT_LIST',
      'Site plan',
    ]);
    expect(customerView.returnNotice).toMatchObject({ round: 1, comment: 'Bring originals', resubmittedAt: null });
    const event = await waitFor('returned event', () =>
      tap.ofType('intake.application.returned.v1').find((m) => (m.body as { subject: string }).subject === created.id),
    );
    expect((event.body as { data: { items: unknown[] } }).data.items).toHaveLength(5);

    for (const slot of ['AUTHORIZATION_LETTER', 'AGENT_ID', 'PROPERTY_OR_LAND_USE_PROOF', 'EQUIPMENT_LIST']) {
      expect((await upload(owner.token, { caseId: created.id, slot, file: PDF })).status).toBe(201);
    }
    const resubmitted = expectData(await graphql(intake.url, RESUBMIT, { caseId: created.id }, owner.token)).resubmitApplication;
    expect(resubmitted).toMatchObject({ status: 'SUBMITTED', submissionRound: 2 });
    expect(resubmitted.returnNotices).toHaveLength(1);
    const [notice] = resubmitted.returnNotices;
    expect(Date.parse(notice.resubmittedAt)).toBeGreaterThanOrEqual(Date.parse(notice.returnedAt));
    expect(expectData(await graphql(intake.url, COMPLETENESS, { caseId: created.id }, clerk)).completenessCheck).toEqual({
      complete: true,
      items: [],
    });
    expect(expectData(await graphql(intake.url, ACCEPT, { caseId: created.id }, clerk)).acceptApplication.status).toBe('ACCEPTED');
    const nothingToReturn = await graphql(intake.url, RETURN, { input: { caseId: created.id } }, clerk);
    expect(errorOf(nothingToReturn)).toMatchObject({ code: ErrorCode.INVALID_TRANSITION, currentState: 'ACCEPTED' });
  }, 60_000);

  it('keeps the ID number out of every column and every log line, yet staff find the case by it and by name', async () => {
    const idNumber = residentId();
    const name = '郑十一';
    const created = await submitAs(clerk, application({}, { idNumber, name, phone: '13987654321' }));
    await graphql(intake.url, RESUBMIT, { caseId: created.id }, clerk); // a refused call is logged too, if anything is
    const dataSource = intake.app.get(DataSource);
    const columns = await dataSource.query<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    const needles = [idNumber, idNumber.slice(0, 17), idNumber.slice(6, 14) + idNumber.slice(14)];
    for (const { table_name, column_name } of columns) {
      const hits = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table_name}" WHERE ${needles.map((_, i) => `"${column_name}"::text ILIKE $${i + 1}`).join(' OR ')}`,
        needles.map((n) => `%${n}%`),
      );
      expect({ table_name, column_name, hits: hits[0].n }).toEqual({ table_name, column_name, hits: 0 });
    }
    await waitFor('the outbox to be relayed', () =>
      tap.ofType('intake.application.submitted.v1').some((m) => (m.body as { subject: string }).subject === created.id),
    );
    expect(tap.messages.filter((m) => m.raw.includes(idNumber))).toEqual([]);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.includes(idNumber) || line.includes(idNumber.slice(0, 17)))).toEqual([]);

    const byId = expectData(
      await graphql(intake.url, SEARCH, { filter: { idNumber: idNumber.toLowerCase() }, first: 5 }, supervisor),
    ).cases;
    expect(byId.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([created.id]);
    const byName = expectData(await graphql(intake.url, SEARCH, { filter: { customerName: ` ${name} ` }, first: 5 }, supervisor)).cases;
    expect(byName.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([created.id]);

    const asSupervisor = expectData(await graphql(intake.url, CASE, { id: created.id }, supervisor)).case;
    expect(asSupervisor.customer).toMatchObject({ name: '郑**', phone: '139****4321', idNumber: `310***********${idNumber.slice(-4)}` });
    expect(asSupervisor.application.siteAddress).toBe('上海市徐汇区****');
    const asClerk = expectData(await graphql(intake.url, CASE, { id: created.id }, clerk)).case;
    expect(asClerk.customer).toMatchObject({ name, phone: '13987654321', idNumber });
    expect(asClerk.application.siteAddress).toBe('上海市徐汇区漕溪北路88号3楼');

    // Rotation: a number sealed under the retired key still reads, and is re-sealed under the active key.
    const before = new PiiCipher({ keys: new Map([['k-old', keys.old]]), activeKeyId: 'k-old', hmacKey: keys.hmac, development: false });
    const old = before.seal(idNumber, ID_NUMBER_PURPOSE);
    await dataSource.query('UPDATE customer SET id_number_sealed = $2, id_number_key_id = $3 WHERE id = $1', [
      asClerk.customer.id,
      old.cipher,
      old.keyId,
    ]);
    expect(expectData(await graphql(intake.url, CASE, { id: created.id }, clerk)).case.customer.idNumber).toBe(idNumber);
    expect(await intake.app.get(CustomerService).resealUnderActiveKey(2)).toBeGreaterThanOrEqual(1);
    const [row] = await dataSource.query<{ id_number_key_id: string }[]>('SELECT id_number_key_id FROM customer WHERE id = $1', [
      asClerk.customer.id,
    ]);
    expect(row.id_number_key_id).toBe('k-2026');
    expect(expectData(await graphql(intake.url, CASE, { id: created.id }, clerk)).case.customer.idNumber).toBe(idNumber);
  }, 120_000);

  it('withdraws once before energization, publishes the event once, and refuses after energization', async () => {
    const owner = await customerToken();
    const created = await submitAs(owner.token, application({}, { idNumber: residentId(), name: '冯十二' }));
    const withdrawn = expectData(
      await graphql(intake.url, WITHDRAW, { caseId: created.id, reason: 'Moved to another city' }, owner.token),
    ).withdrawApplication;
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      stage: 'WITHDRAWN',
      withdrawal: { reason: 'Moved to another city', withdrawnBy: owner.id, role: 'CUSTOMER', closedWork: ['acceptance review'] },
    });
    const again = await graphql(intake.url, WITHDRAW, { caseId: created.id, reason: 'again' }, owner.token);
    expect(errorOf(again)).toMatchObject({ code: ErrorCode.INVALID_TRANSITION, currentState: 'WITHDRAWN' });
    const uploadAfter = await upload(owner.token, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF });
    expect(uploadAfter).toMatchObject({ status: 409, body: { code: ErrorCode.INVALID_TRANSITION, currentState: 'WITHDRAWN' } });
    expect(errorOf(await graphql(intake.url, ACCEPT, { caseId: created.id }, clerk))).toMatchObject({ currentState: 'WITHDRAWN' });
    const event = await waitFor('withdrawn event', () =>
      tap.ofType('intake.application.withdrawn.v1').find((m) => (m.body as { subject: string }).subject === created.id),
    );
    expect((event.body as { data: Record<string, unknown> }).data).toMatchObject({
      caseId: created.id,
      customerId: owner.id,
      reason: 'Moved to another city',
      actor: { id: owner.id, role: 'customer' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      tap.ofType('intake.application.withdrawn.v1').filter((m) => (m.body as { subject: string }).subject === created.id),
    ).toHaveLength(1);

    // Energized: the fact arrives (twice: redelivery) and withdrawal is refused from then on.
    const powered = await submitAs(owner.token, application());
    const energized = createEvent(
      'metering.case.energized.v1',
      {
        caseId: powered.id,
        caseNumber: powered.number,
        customerId: owner.id,
        category: 'LV_RESIDENTIAL',
        policyVersion: '2026-01',
        actor: { id: 'tech-1', role: 'metering-technician' },
        energizedAt: new Date().toISOString(),
      },
      { source: '/yekuo/metering' },
    );
    const publisher = await TestPublisher.open(run.amqpUrl, run.exchange);
    try {
      await publisher.publish(energized, energized);
    } finally {
      await publisher.close();
    }
    const dataSource = intake.app.get(DataSource);
    await waitFor('the energization fact', async () => {
      const [row] = await dataSource.query<{ energized_at: Date | null }[]>('SELECT energized_at FROM connection_case WHERE id = $1', [
        powered.id,
      ]);
      return row.energized_at;
    });
    const late = await graphql(intake.url, WITHDRAW, { caseId: powered.id, reason: 'Too late' }, owner.token);
    expect(errorOf(late)).toMatchObject({ code: ErrorCode.INVALID_TRANSITION, currentState: 'ENERGIZED' });
    const facts = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_record WHERE case_id = $1 AND action = 'intake.fact.energized'`,
      [powered.id],
    );
    expect(facts[0].n).toBe(1);
  }, 60_000);

  it('isolates customers and agents on every query and mutation', async () => {
    const alice = await customerToken();
    const bob = await customerToken();
    const aliceCase = await submitAs(alice.token, application({}, { idNumber: residentId(), name: '陈甲' }));
    const bobCase = await submitAs(bob.token, application({}, { idNumber: residentId(), name: '陈乙' }));
    const agent = await run.token({ sub: 'agent-a', roles: ['agent'], actsFor: [alice.id] });

    const probes: [string, Record<string, unknown>][] = [
      [`query ($id: ID!) { case(id: $id) { id } }`, { id: aliceCase.id }],
      [`query ($n: String!) { caseByNumber(number: $n) { id } }`, { n: aliceCase.number }],
      [COMPLETENESS, { caseId: aliceCase.id }],
      [RESUBMIT, { caseId: aliceCase.id }],
      [WITHDRAW, { caseId: aliceCase.id, reason: 'not mine' }],
    ];
    for (const [query, variables] of probes) {
      for (const outsider of [bob.token, await run.token({ sub: 'agent-b', roles: ['agent'], actsFor: [bob.id] })]) {
        expect(errorOf(await graphql(intake.url, query, variables, outsider)).code).toBe(ErrorCode.NOT_FOUND);
      }
    }
    expect(
      expectData(
        await graphql(
          intake.url,
          `
            query ($id: ID!) {
              case(id: $id) {
                id
              }
            }
          `,
          { id: aliceCase.id },
          agent,
        ),
      ).case.id,
    ).toBe(aliceCase.id);
    const agentList = expectData(
      await graphql(
        intake.url,
        `
          {
            myCases(first: 50) {
              edges {
                node {
                  id
                }
              }
            }
          }
        `,
        {},
        agent,
      ),
    ).myCases;
    expect(agentList.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([aliceCase.id]);
    const bobList = expectData(
      await graphql(
        intake.url,
        `
          {
            myCases(first: 50) {
              edges {
                node {
                  id
                }
              }
            }
          }
        `,
        {},
        bob.token,
      ),
    ).myCases;
    expect(bobList.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([bobCase.id]);
    const forbidden = await graphql(intake.url, SEARCH, { first: 5 }, alice.token);
    expect(errorOf(forbidden).code).toBe(ErrorCode.FORBIDDEN);
    const agentForBob = await graphql(
      intake.url,
      SUBMIT,
      { input: { ...application(), customerId: bob.id, authorizationDocumentId: 'A-1' } },
      agent,
    );
    expect(errorOf(agentForBob).code).toBe(ErrorCode.FORBIDDEN);
  }, 60_000);

  it('pages staff search by cursor without duplicates or gaps, newest first, under every filter', async () => {
    const made: { id: string; region: string; category: string }[] = [];
    for (let i = 0; i < 23; i += 1) {
      const region = i % 2 ? '310101' : '310115';
      const terms: Terms = i % 3 ? { regionCode: region } : { regionCode: region, usage: 'COMMERCIAL', voltageLevel: 'AC380V' };
      const created = await submitAs(clerk, application(terms, { idNumber: residentId(), name: `客户${i}` }));
      made.push({ id: created.id, region, category: created.category });
    }
    const all = async (filter: Record<string, unknown>, first: number) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 50; pages += 1) {
        const page: any = expectData(await graphql(intake.url, SEARCH, { filter, first, after }, supervisor)).cases;
        ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return ids;
    };
    const dataSource = intake.app.get(DataSource);
    const expected = async (where: string, params: unknown[]) =>
      (
        await dataSource.query<{ id: string }[]>(
          `SELECT id FROM connection_case WHERE ${where} ORDER BY submitted_at DESC, id DESC`,
          params,
        )
      ).map((r) => r.id);

    const pudong = await all({ regionCode: '310115' }, 4);
    expect(pudong).toEqual(await expected(`region_code = '310115'`, []));
    expect(new Set(pudong).size).toBe(pudong.length);
    for (const m of made.filter((x) => x.region === '310115')) expect(pudong).toContain(m.id);

    const commercial = await all({ category: 'LV_NON_RESIDENTIAL', regionCode: '310101' }, 3);
    expect(commercial).toEqual(await expected(`category = 'LV_NON_RESIDENTIAL' AND region_code = '310101'`, []));
    expect(await all({ stage: 'APPLICATION', status: 'SUBMITTED' }, 7)).toEqual(
      await expected(`stage = 'APPLICATION' AND status = 'SUBMITTED'`, []),
    );
    const everything = await all({}, 100);
    expect(everything).toEqual(await expected('true', []));

    const [{ at }] = await dataSource.query<{ at: string }[]>('SELECT submitted_at::text AS at FROM connection_case WHERE id = $1', [
      made[10].id,
    ]);
    const since = await all({ submittedFrom: new Date(Date.parse(at)).toISOString() }, 5);
    expect(since).toEqual(await expected(`submitted_at >= $1`, [new Date(Date.parse(at)).toISOString()]));
    expect(since).toContain(made[22].id);
    expect(since).not.toContain(made[0].id);

    const number = await dataSource.query<{ number: string }[]>('SELECT number FROM connection_case WHERE id = $1', [made[5].id]);
    expect(await all({ number: number[0].number }, 1)).toEqual([made[5].id]);

    for (const first of [0, 101]) {
      expect(errorOf(await graphql(intake.url, SEARCH, { first }, supervisor)).fields?.[0].field).toBe('first');
    }
    expect(errorOf(await graphql(intake.url, SEARCH, { first: 5, after: 'bm9wZQ' }, supervisor)).fields?.[0].field).toBe('after');

    // The table is small here, so the planner is told to prefer indexes: what matters is that one serves filter and order.
    const plan = await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      await manager.query('SET LOCAL enable_bitmapscan = off');
      return manager.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id FROM connection_case WHERE region_code = '310115' AND (submitted_at, id) < (now(), '${made[3].id}'::uuid)
         ORDER BY submitted_at DESC, id DESC LIMIT 21`,
      );
    });
    const text = plan.map((p) => p['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index (Only )?Scan Backward using connection_case_by_region_code/);
    expect(text).not.toMatch(/Sort/);
  }, 120_000);
});
