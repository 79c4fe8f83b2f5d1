import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServiceHarness } from '@yekuo/testing';
import { CustomerService, ID_NUMBER_PURPOSE } from '../customer/customer.service';
import { application, CASE, clerkOf, residentId, RESUBMIT, SEARCH, startIntake, submit, supervisorOf } from '../testing/intake.fixtures';
import { PiiCipher } from './pii-cipher';

jest.setTimeout(120_000);

describe('personal data: sealed at rest, kept out of logs and events, masked for staff (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  /** Every line the process writes to stdout and stderr while the service runs (verbose logging). */
  const logs: string[] = [];
  const keys = { old: randomBytes(32), current: randomBytes(32), hmac: randomBytes(32) };
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      logs.push(String(chunk));
      return writes.out(chunk, ...rest);
    };
    process.stderr.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      logs.push(String(chunk));
      return writes.err(chunk, ...rest);
    };
    h = await startIntake({
      env: {
        PII_KEYS: `k-old:${keys.old.toString('base64')},k-2026:${keys.current.toString('base64')}`,
        PII_ACTIVE_KEY_ID: 'k-2026',
        PII_HMAC_KEY: keys.hmac.toString('base64'),
        LOG_LEVEL: 'verbose',
      },
    });
  });
  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await h?.stop();
  });

  it('keeps the ID number out of every column and every log line, yet staff find the case by it and by name', async () => {
    const clerk = clerkOf(h);
    const supervisor = supervisorOf(h);
    const idNumber = residentId();
    const name = '郑十一';
    const created = await submit(clerk, application({}, { idNumber, name, phone: '13987654321', email: 'zheng.shiyi@example.com' }));
    await clerk.raw(RESUBMIT, { caseId: created.id }); // a refused call is logged too, if anything is
    const dataSource = h.app.get(DataSource);
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
    await h.waitFor('the outbox to be relayed', () =>
      h.tap.ofType('intake.application.submitted.v1').some((m) => (m.body as { subject: string }).subject === created.id),
    );
    expect(h.tap.messages.filter((m) => m.raw.includes(idNumber))).toEqual([]);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.includes(idNumber) || line.includes(idNumber.slice(0, 17)))).toEqual([]);

    const byId = (await supervisor.query(SEARCH, { filter: { idNumber: idNumber.toLowerCase() }, first: 5 })).cases;
    expect(byId.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([created.id]);
    const byName = (await supervisor.query(SEARCH, { filter: { customerName: ` ${name} ` }, first: 5 })).cases;
    expect(byName.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([created.id]);

    const asSupervisor = (await supervisor.query(CASE, { id: created.id })).case;
    expect(asSupervisor.customer).toMatchObject({
      name: '郑**',
      phone: '139****4321',
      email: 'z***@example.com',
      idNumber: `310***********${idNumber.slice(-4)}`,
    });
    expect(asSupervisor.application.siteAddress).toBe('上海市徐汇区****');
    const asClerk = (await clerk.query(CASE, { id: created.id })).case;
    expect(asClerk.customer).toMatchObject({ name, phone: '13987654321', email: 'zheng.shiyi@example.com', idNumber });
    expect(asClerk.application.siteAddress).toBe('上海市徐汇区漕溪北路88号3楼');

    // Rotation: a number sealed under the retired key still reads, and is re-sealed under the active key.
    const before = new PiiCipher({ keys: new Map([['k-old', keys.old]]), activeKeyId: 'k-old', hmacKey: keys.hmac, development: false });
    const old = before.seal(idNumber, ID_NUMBER_PURPOSE);
    await dataSource.query('UPDATE customer SET id_number_sealed = $2, id_number_key_id = $3 WHERE id = $1', [
      asClerk.customer.id,
      old.cipher,
      old.keyId,
    ]);
    expect((await clerk.query(CASE, { id: created.id })).case.customer.idNumber).toBe(idNumber);
    expect(await h.app.get(CustomerService).resealUnderActiveKey(2)).toBeGreaterThanOrEqual(1);
    const [row] = await dataSource.query<{ id_number_key_id: string }[]>('SELECT id_number_key_id FROM customer WHERE id = $1', [
      asClerk.customer.id,
    ]);
    expect(row.id_number_key_id).toBe('k-2026');
    expect((await clerk.query(CASE, { id: created.id })).case.customer.idNumber).toBe(idNumber);
  });
});
