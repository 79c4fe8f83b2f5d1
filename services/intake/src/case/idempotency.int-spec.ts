import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { IdempotencySweeper, keyHashOf } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { application, CASE, clerkOf, PDF, PNG, residentId, startIntake, SUBMIT, upload } from '../testing/intake.fixtures';

jest.setTimeout(120_000);

/** Rows of the tables a submission or an upload writes, counted over the whole database (tests in this file run one at a time). */
const TOTALS = `SELECT
  (SELECT count(*)::int FROM connection_case) AS cases,
  (SELECT count(*)::int FROM case_document) AS documents,
  (SELECT count(*)::int FROM outbox_message) AS events,
  (SELECT count(*)::int FROM audit_record) AS audits,
  (SELECT count(*)::int FROM idempotency_key) AS keys`;

type Totals = { cases: number; documents: number; events: number; audits: number; keys: number };

describe('idempotent mutations in intake: submitApplication and POST /documents with an Idempotency-Key', () => {
  let h: ServiceHarness;
  let documentsDir: string;
  beforeAll(async () => {
    documentsDir = join(tmpdir(), `yekuo-idempotency-${randomUUID()}`);
    h = await startIntake({ env: { DOCUMENTS_DIR: documentsDir } });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(documentsDir, { recursive: true, force: true });
  });

  const totals = async (): Promise<Totals> => (await h.app.get(DataSource).query<Totals[]>(TOTALS))[0];
  const delta = (before: Totals, after: Totals) =>
    Object.fromEntries(Object.entries(after).map(([name, n]) => [name, n - before[name as keyof Totals]]));
  const keyed = (key: string) => clerkOf(h).withHeaders({ 'idempotency-key': key });
  const input = (name = '钱七') => application({}, { idNumber: residentId(), name });

  it('acts once for concurrent duplicates of submitApplication and answers each with the first answer', async () => {
    // What one submission writes, without a key.
    let before = await totals();
    await clerkOf(h).mutate(SUBMIT, { input: input() });
    const once = delta(before, await totals());
    expect(once).toMatchObject({ cases: 1, keys: 0 });

    const key = randomUUID();
    const same = input();
    before = await totals();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => keyed(key).raw(SUBMIT, { input: same })));
    expect(delta(before, await totals())).toEqual({ ...once, keys: 1 });
    expect(answers[0].errors).toBeUndefined();
    for (const answer of answers) expect(answer).toEqual(answers[0]);

    // The kept answer is sealed under the key: the table holds neither the key nor the answer's text.
    const [kept] = await h.app
      .get(DataSource)
      .query<{ key_hash: string; response: Buffer }[]>('SELECT key_hash, response FROM idempotency_key WHERE key_hash = $1', [
        keyHashOf(key),
      ]);
    const caseId = (answers[0].data as { submitApplication: { id: string } }).submitApplication.id;
    expect(kept.response.length).toBeGreaterThan(100);
    for (const secret of [key, caseId, '钱七', 'submitApplication']) expect(kept.response.includes(Buffer.from(secret))).toBe(false);

    // A retry later is answered from the kept response too, and changes nothing.
    before = await totals();
    expect(await keyed(key).raw(SUBMIT, { input: same })).toEqual(answers[0]);
    expect(delta(before, await totals())).toEqual({ cases: 0, documents: 0, events: 0, audits: 0, keys: 0 });
  });

  it('refuses the same key with another input (IDEMPOTENCY_KEY_REUSED); another caller or operation is another key', async () => {
    const key = randomUUID();
    const first = await keyed(key).mutate(SUBMIT, { input: input('孙八') });
    await expect(keyed(key).mutate(SUBMIT, { input: input('孙八') })).rejects.toMatchObject({
      extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });

    // Another clerk with the same key acts for themself.
    const other = await h.as('intake-clerk', { sub: 'clerk-2' }).withHeaders({ 'idempotency-key': key }).mutate(SUBMIT, { input: input() });
    expect(other.submitApplication.id).not.toBe(first.submitApplication.id);

    // The same key on an upload (operation uploadDocument) stores the document.
    const stored = await upload(h, clerkOf(h), {
      caseId: first.submitApplication.id,
      slot: 'PROPERTY_PROOF',
      file: PDF,
      idempotencyKey: key,
    });
    expect(stored).toMatchObject({ status: 201, body: { version: 1 } });

    // A query ignores the key.
    const read = await keyed(key).query(CASE, { id: first.submitApplication.id });
    expect(read.case.id).toBe(first.submitApplication.id);

    // A subgraph asked for two keyed mutation fields at once makes neither (the gateway refuses such a request before).
    const two = `mutation ($a: SubmitApplicationInput!, $b: SubmitApplicationInput!) { a: submitApplication(input: $a) { id } b: submitApplication(input: $b) { id } }`;
    const before = await totals();
    const both = await keyed(randomUUID()).raw(two, { a: input(), b: input() });
    expect(both).toMatchObject({ data: null, errors: [{ extensions: { code: 'IDEMPOTENCY_KEY_MULTIPLE_MUTATIONS' } }] });
    expect((await totals()).cases).toBe(before.cases);

    // A key that is no printable text of 1 to 200 characters is refused before anything runs.
    await expect(keyed('x'.repeat(201)).mutate(SUBMIT, { input: input() })).rejects.toMatchObject({
      extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'Idempotency-Key' }] },
    });
  });

  it('stores concurrent duplicates of an upload once, answers each alike and keeps no file of the duplicates', async () => {
    const created = await clerkOf(h).mutate(SUBMIT, { input: input() });
    const caseId = created.submitApplication.id as string;
    const key = randomUUID();
    const before = await totals();
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => upload(h, clerkOf(h), { caseId, slot: 'PROPERTY_PROOF', file: PDF, idempotencyKey: key })),
    );
    expect(delta(before, await totals())).toMatchObject({ documents: 1, audits: 1, keys: 1 });
    for (const answer of answers) expect(answer).toEqual({ status: 201, body: answers[0].body });
    expect(readdirSync(join(documentsDir, 'cases', caseId, 'PROPERTY_PROOF'))).toEqual([answers[0].body.id]);

    // The same key with another file is refused with its own code and stores nothing.
    const reused = await upload(h, clerkOf(h), { caseId, slot: 'PROPERTY_PROOF', file: PNG, type: 'image/png', idempotencyKey: key });
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(readdirSync(join(documentsDir, 'cases', caseId, 'PROPERTY_PROOF'))).toHaveLength(1);
  });

  it('says IDEMPOTENT_REQUEST_DONE, and acts not again, when the first request committed but its answer was never kept', async () => {
    const key = randomUUID();
    const same = input();
    await keyed(key).mutate(SUBMIT, { input: same });
    // As if the first request's process had died between its commit and keeping its answer.
    await h.app
      .get(DataSource)
      .query('UPDATE idempotency_key SET answered_at = NULL, response = NULL WHERE key_hash = $1', [keyHashOf(key)]);
    const before = await totals();
    await expect(keyed(key).mutate(SUBMIT, { input: same })).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENT_REQUEST_DONE' } });
    expect(delta(before, await totals())).toEqual({ cases: 0, documents: 0, events: 0, audits: 0, keys: 0 });
  });

  it('forgets a key past IDEMPOTENCY_KEY_TTL_HOURS: it acts anew, and the sweep removes expired keys', async () => {
    const key = randomUUID();
    const first = await keyed(key).mutate(SUBMIT, { input: input() });
    const db = h.app.get(DataSource);
    await db.query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key_hash = $1`, [keyHashOf(key)]);
    const again = await keyed(key).mutate(SUBMIT, { input: input() });
    expect(again.submitApplication.id).not.toBe(first.submitApplication.id);

    const stale = randomUUID();
    await keyed(stale).mutate(SUBMIT, { input: input() });
    await db.query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key_hash = $1`, [keyHashOf(stale)]);
    await h.app.get(IdempotencySweeper).sweep();
    const left = await db.query<{ key_hash: string }[]>('SELECT key_hash FROM idempotency_key WHERE key_hash = ANY($1)', [
      [keyHashOf(key), keyHashOf(stale)],
    ]);
    expect(left).toEqual([{ key_hash: keyHashOf(key) }]);
  });
});
