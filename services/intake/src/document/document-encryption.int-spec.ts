import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DocumentCipher, looksSealed } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { intakeService } from '../intake.service-definition';
import { application, download, newCustomer, PNG, residentId, startIntake, submit, upload } from '../testing/intake.fixtures';
import { encryptDocumentsCommand } from './document-sealing';

jest.setTimeout(180_000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const K1 = randomBytes(32);
const K2 = randomBytes(32);
const CHUNK = 64 * 1024;
/** A scan with readable text in it (an identity number), over several chunks. */
const SCAN = Buffer.concat([Buffer.from('%PDF-1.7\n居民身份证 310104198805056666\n'), randomBytes(5 * CHUNK + 123)]);

describe('documents at rest: sealed per file, streamed back, refused when tampered (real PostgreSQL, files on disk)', () => {
  const documentsDir = mkdtempSync(join(tmpdir(), 'yekuo-documents-'));
  let h: ServiceHarness;
  let rows: DataSource;
  beforeAll(async () => {
    h = await startIntake({
      env: { DOCUMENTS_DIR: documentsDir, DOCUMENT_KEYS: `k1:${K1.toString('base64')}`, DOCUMENT_ACTIVE_KEY_ID: 'k1' },
    });
    rows = h.app.get(DataSource);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const storedRow = async (id: string) =>
    (
      await rows.query<{ storage_key: string; key_id: string | null; wrapped_key: Buffer | null }[]>(
        'SELECT storage_key, key_id, wrapped_key FROM case_document WHERE id = $1',
        [id],
      )
    )[0];

  async function uploaded(file = SCAN) {
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '钱七' }));
    const answer = await upload(h, owner.caller, { caseId: created.id, slot: 'APPLICANT_ID', file });
    expect(answer.status).toBe(201);
    return { owner, caseId: created.id as string, id: answer.body.id as string };
  }

  it('stores the file sealed under its own data key (no PDF magic, no readable text) and downloads it exactly, with safe headers', async () => {
    const { owner, id } = await uploaded();
    const row = await storedRow(id);
    expect(row.key_id).toBe('k1');
    const stored = await readFile(join(documentsDir, row.storage_key));
    expect(looksSealed(stored)).toBe(true);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    expect(stored.includes(Buffer.from('310104198805056666'))).toBe(false);

    const answer = await download(h, owner.caller, id);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('房产证.pdf')}`);
    expect(answer.headers.get('content-length')).toBe(String(SCAN.length));
    expect(sha256(Buffer.from(await answer.arrayBuffer()))).toBe(sha256(SCAN));
  });

  it('refuses a tampered file: a flipped byte in the first chunk is a JSON error, one in a middle chunk or a cut file ends the download short', async () => {
    const { owner, id } = await uploaded();
    const path = join(documentsDir, (await storedRow(id)).storage_key);
    const original = await readFile(path);

    const first = Buffer.from(original);
    first[17 + 10] ^= 0x01;
    await writeFile(path, first);
    const refused = await download(h, owner.caller, id);
    expect(refused.status).toBe(500);
    expect(await refused.json()).toEqual({
      statusCode: 500,
      code: 'DOCUMENT_INTEGRITY_FAILED',
      message: 'The stored document failed its integrity check',
    });

    const middle = Buffer.from(original);
    middle[17 + 2 * (CHUNK + 16) + 500] ^= 0x01;
    await writeFile(path, middle);
    const cut = await download(h, owner.caller, id);
    expect(cut.status).toBe(200);
    await expect(cut.arrayBuffer()).rejects.toThrow();

    // Cut at a chunk boundary: what is left authenticates chunk by chunk, but its last chunk was not sealed as the last.
    await writeFile(path, original.subarray(0, 17 + 3 * (CHUNK + 16)));
    const truncated = await download(h, owner.caller, id);
    await expect(truncated.arrayBuffer()).rejects.toThrow();

    await writeFile(path, original);
    expect(sha256(Buffer.from(await (await download(h, owner.caller, id)).arrayBuffer()))).toBe(sha256(SCAN));
  });

  it('round-trips a 9 MiB file', async () => {
    const large = Buffer.concat([PNG, randomBytes(9 * 1024 * 1024 - PNG.length)]);
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '孙八' }));
    const answer = await upload(h, owner.caller, {
      caseId: created.id,
      slot: 'PROPERTY_PROOF',
      file: large,
      type: 'image/png',
      name: 'scan.png',
    });
    expect(answer.status).toBe(201);
    const back = await download(h, owner.caller, answer.body.id);
    expect(sha256(Buffer.from(await back.arrayBuffer()))).toBe(sha256(large));
  });

  it('leaves no file behind when the row cannot be written', async () => {
    const admin = new Client({ connectionString: h.run.databaseUrl('intake') });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION refuse_upload() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
      await admin.query(`CREATE TRIGGER refuse_upload BEFORE INSERT ON case_document FOR EACH ROW
        WHEN (NEW.file_name = 'refused.pdf') EXECUTE FUNCTION refuse_upload()`);
      const owner = newCustomer(h);
      const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '吴九' }));
      const answer = await upload(h, owner.caller, { caseId: created.id, slot: 'PROPERTY_PROOF', file: SCAN, name: 'refused.pdf' });
      expect(answer.status).toBe(500);
      const count = await rows.query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_document WHERE case_id = $1', [created.id]);
      expect(count[0].n).toBe(0);
      expect(await readdir(join(documentsDir, 'cases', created.id, 'PROPERTY_PROOF'))).toEqual([]);
    } finally {
      await admin.query('DROP TRIGGER IF EXISTS refuse_upload ON case_document; DROP FUNCTION IF EXISTS refuse_upload()');
      await admin.end();
    }
  });

  /** `node . encrypt-documents` in process, with the environment it would have. */
  async function encryptDocuments(env: Record<string, string>): Promise<string> {
    const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, { DOCUMENTS_DIR: documentsDir, ...env });
    try {
      return await encryptDocumentsCommand(intakeService, h.service.config);
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }

  it('encrypt-documents seals a file stored in plaintext before, and a second run changes nothing', async () => {
    const { owner, id } = await uploaded();
    // As a file stored before documents were sealed: plaintext, no key on its row.
    const before = await storedRow(id);
    await writeFile(join(documentsDir, before.storage_key), SCAN);
    await rows.query('UPDATE case_document SET key_id = NULL, wrapped_key = NULL WHERE id = $1', [id]);
    expect(sha256(Buffer.from(await (await download(h, owner.caller, id)).arrayBuffer()))).toBe(sha256(SCAN));

    const k1Only = { DOCUMENT_KEYS: `k1:${K1.toString('base64')}`, DOCUMENT_ACTIVE_KEY_ID: 'k1' };
    expect(await encryptDocuments(k1Only)).toMatch(/^documents: [1-9]\d* sealed, 0 data keys re-wrapped under k1$/);
    const after = await storedRow(id);
    expect(after).toMatchObject({ storage_key: `${before.storage_key}.sealed`, key_id: 'k1' });
    const sealed = await readFile(join(documentsDir, after.storage_key));
    expect(looksSealed(sealed)).toBe(true);
    expect(sealed.includes(Buffer.from('310104198805056666'))).toBe(false);
    await expect(readFile(join(documentsDir, before.storage_key))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(sha256(Buffer.from(await (await download(h, owner.caller, id)).arrayBuffer()))).toBe(sha256(SCAN));

    expect(await encryptDocuments(k1Only)).toBe('documents: 0 sealed, 0 data keys re-wrapped under k1');
    expect(await storedRow(id)).toEqual(after);
    expect((await readFile(join(documentsDir, after.storage_key))).equals(sealed)).toBe(true);
  });

  it('rotation: encrypt-documents re-wraps every data key under the new active key; the files are unchanged and open with the new key alone', async () => {
    const { id } = await uploaded();
    const before = await storedRow(id);
    const file = await readFile(join(documentsDir, before.storage_key));
    const rotated = { DOCUMENT_KEYS: `k1:${K1.toString('base64')},k2:${K2.toString('base64')}`, DOCUMENT_ACTIVE_KEY_ID: 'k2' };
    expect(await encryptDocuments(rotated)).toMatch(/^documents: 0 sealed, [1-9]\d* data keys re-wrapped under k2$/);
    const remaining = await rows.query<{ n: number }[]>("SELECT count(*)::int AS n FROM case_document WHERE key_id = 'k1'");
    expect(remaining[0].n).toBe(0);
    const after = await storedRow(id);
    expect(after.key_id).toBe('k2');
    expect(after.storage_key).toBe(before.storage_key);
    expect((await readFile(join(documentsDir, after.storage_key))).equals(file)).toBe(true);
    const k2Only = new DocumentCipher({ keys: new Map([['k2', K2]]), activeKeyId: 'k2', development: false });
    expect(sha256(k2Only.open({ keyId: 'k2', wrappedKey: after.wrapped_key as Buffer }, file))).toBe(sha256(SCAN));
    expect(await encryptDocuments(rotated)).toBe('documents: 0 sealed, 0 data keys re-wrapped under k2');
  });
});
