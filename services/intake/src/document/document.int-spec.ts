import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CustomerCategory } from '@yekuo/events';
import { ServiceHarness } from '@yekuo/testing';
import {
  ACCEPT,
  application,
  CASE,
  clerkOf,
  download,
  newCustomer,
  PDF,
  PNG,
  residentId,
  startIntake,
  submit,
  Terms,
  upload,
  uploadChecklist,
} from '../testing/intake.fixtures';
import { checklistFor } from './checklist.data';

jest.setTimeout(120_000);

const MAX_BYTES = 64 * 1024;

describe('documents: the checklist of a case and uploads into its slots (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startIntake({ env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES) } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows the checklist of each category and business type, with an agent adding the authorization', async () => {
    const clerk = clerkOf(h);
    const combos: [Terms, CustomerCategory][] = [
      [{}, 'LV_RESIDENTIAL'],
      [{ usage: 'COMMERCIAL', voltageLevel: 'AC380V' }, 'LV_NON_RESIDENTIAL'],
      [{ usage: 'INDUSTRIAL', voltageLevel: 'AC10KV' }, 'HV_SINGLE_SOURCE'],
      [{ usage: 'INDUSTRIAL', voltageLevel: 'AC35KV', supplySources: 2 }, 'HV_DUAL_SOURCE'],
    ];
    for (const [terms, category] of combos) {
      for (const businessType of ['NEW_CONNECTION', 'CAPACITY_INCREASE', 'TEMPORARY_SUPPLY'] as const) {
        const created = await submit(clerk, application({ ...terms, businessType }, { idNumber: residentId(), name: '王小明' }));
        expect(created.category).toBe(category);
        expect(created.documents.map((d: { slot: string; required: boolean; status: string }) => [d.slot, d.required, d.status])).toEqual(
          checklistFor(category, businessType, false).map((e) => [e.slot, e.required, 'MISSING']),
        );
      }
    }
    const owner = newCustomer(h);
    await submit(owner.caller, application({}, { idNumber: residentId(), name: '赵六' }));
    const agent = h.as('agent', { sub: 'agent-7', actsFor: [owner.id] });
    await expect(submit(agent, { ...application(), customerId: owner.id })).rejects.toMatchObject({
      extensions: { fields: [{ field: 'input.authorizationDocumentId' }] },
    });
    const byAgent = await submit(agent, { ...application(), customerId: owner.id, authorizationDocumentId: 'AUTH-2026-0042' });
    expect(byAgent.application.agent).toEqual({ agentId: 'agent-7', authorizationDocumentId: 'AUTH-2026-0042' });
    expect(byAgent.documents.filter((d: { required: boolean }) => d.required).map((d: { slot: string }) => d.slot)).toEqual([
      'APPLICANT_ID',
      'PROPERTY_PROOF',
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
    ]);
  });

  it('uploads into a slot: stores the sha256 of the bytes, versions re-uploads and refuses 400/401/404/413/415 as JSON', async () => {
    const clerk = clerkOf(h);
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '周九' }));
    const first = await upload(h, owner.caller, { caseId: created.id, slot: 'PROPERTY_PROOF', file: PDF });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      slot: 'PROPERTY_PROOF',
      version: 1,
      size: PDF.length,
      contentType: 'application/pdf',
      fileName: '房产证.pdf',
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const second = await upload(h, clerk, { caseId: created.id, slot: 'PROPERTY_PROOF', file: PNG, type: 'image/png', name: 'scan.png' });
    expect(second.body).toMatchObject({ version: 2, contentType: 'image/png', sha256: createHash('sha256').update(PNG).digest('hex') });
    const seen = (await owner.caller.query(CASE, { id: created.id })).case;
    const slot = seen.documents.find((d: { slot: string }) => d.slot === 'PROPERTY_PROOF');
    expect(slot.status).toBe('PROVIDED');
    expect(slot.current).toMatchObject({ version: 2, sha256: second.body.sha256 });
    expect(slot.versions.map((v: { version: number; sha256: string }) => [v.version, v.sha256])).toEqual([
      [1, first.body.sha256],
      [2, second.body.sha256],
    ]);
    const downloaded = await download(h, owner.caller, first.body.id);
    expect(downloaded.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await downloaded.arrayBuffer()))
        .digest('hex'),
    ).toBe(first.body.sha256);

    const tooLarge = await upload(h, owner.caller, {
      caseId: created.id,
      slot: 'APPLICANT_ID',
      file: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]),
    });
    expect(tooLarge).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const gif = await upload(h, owner.caller, {
      caseId: created.id,
      slot: 'APPLICANT_ID',
      file: Buffer.from('GIF89a........'),
      type: 'image/png',
    });
    expect(gif).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const disguised = await upload(h, owner.caller, { caseId: created.id, slot: 'APPLICANT_ID', file: PNG, type: 'application/pdf' });
    expect(disguised.status).toBe(415);
    const missing = await upload(h, owner.caller, {});
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toEqual(['caseId', 'slot', 'file']);
    const unknownSlot = await upload(h, owner.caller, { caseId: created.id, slot: 'LOAD_LIST', file: PDF });
    expect(unknownSlot).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await upload(h, owner.caller, { caseId: randomUUID(), slot: 'APPLICANT_ID', file: PDF })).status).toBe(404);
    const stranger = newCustomer(h);
    expect(await upload(h, stranger.caller, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF })).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect((await download(h, stranger.caller, first.body.id)).status).toBe(404);
    expect((await upload(h, undefined, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF })).status).toBe(401);
    const surveyor = h.as('surveyor', { sub: 's-1' });
    expect((await upload(h, surveyor, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF })).status).toBe(403);
    const rows = await h.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_document WHERE case_id = $1', [created.id]);
    expect(rows[0].n).toBe(2);

    // A scan of the identity document shows the number: the surveyor may read the property proof, not the ID.
    const idScan = await upload(h, owner.caller, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF });
    expect(idScan.status).toBe(201);
    expect((await download(h, surveyor, first.body.id)).status).toBe(200);
    expect((await download(h, surveyor, idScan.body.id)).status).toBe(403);
    expect((await download(h, clerk, idScan.body.id)).status).toBe(200);
    expect((await download(h, owner.caller, idScan.body.id)).status).toBe(200);
  });

  it('takes the documents a later stage asks for by item, once the application is accepted, each item versioned', async () => {
    const clerk = clerkOf(h);
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '吴十' }));
    const drawing = { caseId: created.id, item: 'SINGLE_LINE_DIAGRAM', file: PDF, name: '一次接线图.pdf' };
    // While the front desk has the application, only its checklist takes documents.
    expect(await upload(h, owner.caller, drawing)).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } });

    await uploadChecklist(h, owner.caller, created.id);
    expect((await clerk.mutate(ACCEPT, { caseId: created.id })).acceptApplication.status).toBe('ACCEPTED');
    const first = await upload(h, owner.caller, drawing);
    expect(first).toMatchObject({ status: 201, body: { caseId: created.id, slot: null, item: 'SINGLE_LINE_DIAGRAM', version: 1 } });
    const second = await upload(h, owner.caller, { ...drawing, file: Buffer.concat([PDF, Buffer.from('\n')]) });
    expect(second).toMatchObject({ status: 201, body: { item: 'SINGLE_LINE_DIAGRAM', version: 2 } });
    const other = await upload(h, owner.caller, { ...drawing, item: 'DESIGN_DESCRIPTION' });
    expect(other).toMatchObject({ status: 201, body: { item: 'DESIGN_DESCRIPTION', version: 1 } });

    // Whoever sees the case reads it back, byte for byte; the inspector too.
    const read = await download(h, h.as('inspector', { sub: 'i-1' }), first.body.id);
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(PDF)).toBe(true);

    // The accepted application's own slots stay as they were; an item is a code of the stage checklist; one or the other.
    expect(await upload(h, owner.caller, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF })).toMatchObject({
      status: 409,
      body: { code: 'INVALID_TRANSITION' },
    });
    const badItem = await upload(h, owner.caller, { ...drawing, item: 'single line; drop table' });
    expect(badItem).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', fields: [{ field: 'item' }] } });
    const both = await upload(h, owner.caller, { ...drawing, slot: 'APPLICANT_ID' });
    expect(both).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', fields: [{ field: 'item' }] } });
    expect((await upload(h, newCustomer(h).caller, drawing)).status).toBe(404);
  });
});
