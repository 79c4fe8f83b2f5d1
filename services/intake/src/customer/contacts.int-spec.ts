import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyDigest, SIGNATURE_HEADER, SubgraphSigner } from '@yekuo/platform';
import { ensureNotificationsServiceKeys, NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE, ServiceHarness } from '@yekuo/testing';
import { application, clerkOf, residentId, startIntake, submit } from '../testing/intake.fixtures';
import { CONTACT_READ_FORBIDDEN, SERVICE_SIGNATURE_HEADER } from './contact-reader';

jest.setTimeout(120_000);

const PATH = '/internal/contacts';

describe('the contact read of the notifications service (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let keyDir: string;
  let notifications: SubgraphSigner;
  let gateway: SubgraphSigner;
  /** Every line the process writes while the service runs. */
  const logs: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const customers: { id: string; email: string | null; phone: string }[] = [];

  /** POSTs `body` to the contact read with exactly `headers` (nothing added by the test kit). */
  const post = async (body: string, headers: Record<string, string>, path = PATH) => {
    const response = await fetch(new URL(path, h.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** `headers` with `signer`'s signature of the request in `header`. */
  const signed = (signer: SubgraphSigner, header: string, body: string, headers: Record<string, string> = {}, path = PATH) => ({
    ...headers,
    [header]: signer.sign({ method: 'POST', path, payload: bodyDigest(body), headers })[SIGNATURE_HEADER],
  });
  const byNotifications = (body: string, headers: Record<string, string> = {}) =>
    signed(notifications, SERVICE_SIGNATURE_HEADER, body, headers);
  const byGateway = (body: string, headers: Record<string, string> = {}, path = PATH) =>
    signed(gateway, SIGNATURE_HEADER, body, headers, path);
  const ask = (...ids: string[]) => JSON.stringify({ customerIds: ids });

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'yekuo-notifications-keys-'));
    notifications = SubgraphSigner.fromPem((await ensureNotificationsServiceKeys(keyDir)).privateKeyPem);
    process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
      logs.push(String(chunk));
      return write(chunk, ...rest);
    };
    h = await startIntake({ env: { CONTACT_READER_KEY_FILE: join(keyDir, NOTIFICATIONS_SERVICE_PUBLIC_KEY_FILE), LOG_LEVEL: 'log' } });
    gateway = await h.run.subgraphSigner();
    const clerk = clerkOf(h);
    for (const [name, phone, email] of [
      ['周一', '13911112222', 'zhou.yi@example.com'],
      ['周二', '021-12345678', undefined],
    ] as const) {
      const created = await submit(clerk, application({}, { idNumber: residentId(), name, phone, ...(email ? { email } : {}) }));
      customers.push({ id: created.customer.id as string, email: email ?? null, phone });
    }
  });
  afterAll(async () => {
    process.stdout.write = write;
    await h?.stop();
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  it('answers the notifications service the contacts as stored, unknown customers simply absent, and logs the read without them', async () => {
    const [zhou, zhouEr] = customers;
    const body = ask(zhouEr.id, randomUUID(), zhou.id);
    const answer = await post(body, byNotifications(body, { 'x-request-id': 'notify-1' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      contacts: expect.arrayContaining([
        { customerId: zhou.id, email: 'zhou.yi@example.com', phone: '13911112222' },
        { customerId: zhouEr.id, email: null, phone: '021-12345678' },
      ]),
    });
    expect((answer.body.contacts as unknown[]).length).toBe(2);

    const read = logs.filter((line) => line.includes('contacts read by the notifications service'));
    expect(read.some((line) => line.includes('3 customers asked, 2 found'))).toBe(true);
    expect(logs.filter((line) => /zhou\.yi@example\.com|13911112222|12345678/.test(line))).toEqual([]);
  });

  it('refuses a user token every way, and any request the notifications service did not sign, with 403 FORBIDDEN naming nothing internal', async () => {
    const [zhou] = customers;
    const body = ask(zhou.id);
    const ownToken = { authorization: `Bearer ${await h.token('customer', { sub: zhou.id })}` };
    const clerkToken = { authorization: `Bearer ${await h.token('intake-clerk', { sub: 'clerk-1' })}` };
    const late = SubgraphSigner.fromPem((await ensureNotificationsServiceKeys(keyDir)).privateKeyPem, () => Date.now() - 5 * 60_000);
    const refused: [string, () => Promise<{ status: number; body: Record<string, unknown> }>][] = [
      ['signed by the gateway, with the customer’s own token', () => post(body, byGateway(body, ownToken))],
      [
        'signed by the gateway, with a trailing slash and the customer’s own token',
        () => post(body, byGateway(body, ownToken, `${PATH}/`), `${PATH}/`),
      ],
      ['signed by the notifications service, with the customer’s own token', () => post(body, byNotifications(body, ownToken))],
      ['signed by the notifications service, with a clerk’s token', () => post(body, byNotifications(body, clerkToken))],
      [
        'signed by the notifications service, with an empty authorization header',
        () => post(body, { ...byNotifications(body), authorization: '' }),
      ],
      ['unsigned', () => post(body, {})],
      ['unsigned, with the customer’s own token', () => post(body, ownToken)],
      ['signed by the gateway alone', () => post(body, byGateway(body))],
      ['with the gateway’s signature in the service’s header', () => post(body, signed(gateway, SERVICE_SIGNATURE_HEADER, body))],
      ['signed outside the time window', () => post(body, signed(late, SERVICE_SIGNATURE_HEADER, body))],
      ['with another body than the one signed', () => post(ask(customers[1].id), byNotifications(body))],
    ];
    for (const [what, attempt] of refused) {
      const answer = await attempt();
      expect({ what, ...answer }).toEqual({ what, status: 403, body: CONTACT_READ_FORBIDDEN });
    }
  });

  it('still refuses GraphQL signed by the notifications service: its key opens the contact read only', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const headers = signed(notifications, SIGNATURE_HEADER, body, {}, '/graphql');
    const response = await fetch(new URL('/graphql', h.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect(response.status).toBe(401);
  });

  it('answers 400 VALIDATION_FAILED for a list that is empty, too long or holds something else than ids', async () => {
    for (const body of [ask(), ask(...Array.from({ length: 101 }, () => randomUUID())), ask('not-an-id'), JSON.stringify({})]) {
      const answer = await post(body, byNotifications(body));
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(new Set((answer.body.fields as { field: string }[]).map((f) => f.field))).toEqual(new Set(['input.customerIds']));
    }
  });
});
