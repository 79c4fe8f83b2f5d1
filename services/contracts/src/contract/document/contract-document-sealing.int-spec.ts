import { createHash, randomBytes } from 'node:crypto';
import { DocumentCipher, looksSealed } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { DataSource } from 'typeorm';
import { contractsService } from '../../contracts.service-definition';
import { confirm, customerOf, newCase, residential, startContracts, TestCase } from '../../testing/contracts.fixtures';
import { encryptContractDocumentsCommand } from './contract-document-sealing';

jest.setTimeout(120_000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const K1 = randomBytes(32);
const K2 = randomBytes(32);
const K1_ONLY = { DOCUMENT_KEYS: `k1:${K1.toString('base64')}`, DOCUMENT_ACTIVE_KEY_ID: 'k1' };
const ROTATED = { DOCUMENT_KEYS: `k1:${K1.toString('base64')},k2:${K2.toString('base64')}`, DOCUMENT_ACTIVE_KEY_ID: 'k2' };

/** Runs `fn` with `env` set in process.env (where the document keys are read), then restores it. */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('contract PDFs at rest: sealed in their row, opened for the graph, sealed in place and re-wrapped as the owner', () => {
  let h: ServiceHarness;
  let superuser: DataSource;
  beforeAll(async () => {
    h = await withEnv(K1_ONLY, () => startContracts());
    superuser = await new DataSource({ type: 'postgres', url: h.run.databaseUrl('contracts') }).initialize();
  });
  afterAll(async () => {
    await superuser?.destroy();
    await h?.stop();
  });

  const pdfOf = async (c: TestCase) => {
    const view = await customerOf(h, c).readCase(c.caseId, 'contract { id sha256 pdfBase64 }');
    return {
      id: view.contract.id as string,
      sha256: view.contract.sha256 as string,
      bytes: Buffer.from(view.contract.pdfBase64, 'base64'),
    };
  };
  const rowOf = async (contractId: string) =>
    (
      await superuser.query<{ pdf: Buffer; sha256: string; key_id: string | null; wrapped_key: Buffer | null }[]>(
        'SELECT pdf, sha256, key_id, wrapped_key FROM contract_document WHERE contract_id = $1',
        [contractId],
      )
    )[0];
  const encryptDocuments = (env: Record<string, string>) =>
    withEnv(env, () => encryptContractDocumentsCommand(contractsService, h.service.config));

  it('stores the PDF sealed; the graph returns the exact PDF its recorded sha256 names', async () => {
    const c = newCase();
    await confirm(h, residential(c));
    const pdf = await pdfOf(c);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sha256(pdf.bytes)).toBe(pdf.sha256);
    const row = await rowOf(pdf.id);
    expect(row).toMatchObject({ sha256: pdf.sha256, key_id: 'k1' });
    expect(looksSealed(row.pdf)).toBe(true);
    expect(row.pdf.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('encrypt-documents seals a PDF stored in plaintext before, once; rotation re-wraps without touching the bytes; the hash never changes', async () => {
    const c = newCase();
    await confirm(h, residential(c));
    const pdf = await pdfOf(c);
    // As a PDF stored before PDFs were sealed (only a superuser can put it back so).
    await superuser.query(`ALTER TABLE contract_document DISABLE TRIGGER contract_document_immutable`);
    await superuser.query('UPDATE contract_document SET pdf = $2, key_id = NULL, wrapped_key = NULL WHERE contract_id = $1', [
      pdf.id,
      pdf.bytes,
    ]);
    await superuser.query(`ALTER TABLE contract_document ENABLE TRIGGER contract_document_immutable`);
    expect(sha256((await pdfOf(c)).bytes)).toBe(pdf.sha256);

    expect(await encryptDocuments(K1_ONLY)).toMatch(/^contract documents: [1-9]\d* sealed, 0 data keys re-wrapped under k1$/);
    const sealed = await rowOf(pdf.id);
    expect(sealed.key_id).toBe('k1');
    expect(looksSealed(sealed.pdf)).toBe(true);
    expect(sha256((await pdfOf(c)).bytes)).toBe(pdf.sha256);
    expect(await encryptDocuments(K1_ONLY)).toBe('contract documents: 0 sealed, 0 data keys re-wrapped under k1');
    expect(await rowOf(pdf.id)).toEqual(sealed);

    expect(await encryptDocuments(ROTATED)).toMatch(/^contract documents: 0 sealed, [1-9]\d* data keys re-wrapped under k2$/);
    expect((await superuser.query<{ n: number }[]>("SELECT count(*)::int AS n FROM contract_document WHERE key_id = 'k1'"))[0].n).toBe(0);
    const rewrapped = await rowOf(pdf.id);
    expect(rewrapped.key_id).toBe('k2');
    expect(rewrapped.pdf.equals(sealed.pdf)).toBe(true);
    const k2Only = new DocumentCipher({ keys: new Map([['k2', K2]]), activeKeyId: 'k2', development: false });
    expect(sha256(k2Only.open({ keyId: 'k2', wrappedKey: rewrapped.wrapped_key as Buffer }, rewrapped.pdf))).toBe(pdf.sha256);

    // What the document says stays fixed even for the owner: its hash, and a sealed PDF's bytes.
    await expect(superuser.query(`UPDATE contract_document SET sha256 = repeat('0', 64) WHERE contract_id = $1`, [pdf.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(superuser.query('UPDATE contract_document SET pdf = $2 WHERE contract_id = $1', [pdf.id, pdf.bytes])).rejects.toThrow(
      /immutable/,
    );
    await expect(superuser.query('DELETE FROM contract_document WHERE contract_id = $1', [pdf.id])).rejects.toThrow(/immutable/);
  });
});
