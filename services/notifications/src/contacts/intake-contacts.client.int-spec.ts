import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyDigest, ConfigError, SIGNATURE_HEADER, SubgraphVerifier } from '@yekuo/platform';
import {
  ensureNotificationsServiceKeys,
  ensureSubgraphKeys,
  NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE,
  SUBGRAPH_PRIVATE_KEY_FILE,
} from '@yekuo/testing';
import { DeliveryError } from '../channels/channel';
import { loadContactsConfig } from './contacts.config';
import { IntakeContactsClient, MAX_CONTACTS_PER_READ, SERVICE_SIGNATURE_HEADER } from './intake-contacts.client';

/** One request the stand-in for intake took. */
interface Taken {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  customerIds: string[];
}

type Behaviour = 'answer' | 'hang' | { status: number; body: string };

/**
 * A stand-in for intake's contact read on a free port: it checks the notifications service's
 * signature in SERVICE_SIGNATURE_HEADER as intake does (refusing with 403 otherwise, and any
 * `authorization` header), and answers the contacts it holds or as `behaviour` says.
 */
async function standIn(verifier: SubgraphVerifier, contacts: Map<string, { email: string | null; phone: string | null }>) {
  const taken: Taken[] = [];
  let behaviour: Behaviour = 'answer';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const headers = { ...req.headers, [SIGNATURE_HEADER]: req.headers[SERVICE_SIGNATURE_HEADER] };
      const refusal =
        req.headers.authorization !== undefined
          ? 'authorization'
          : verifier.check({ method: req.method ?? '', path: req.url ?? '', payload: bodyDigest(raw), headers });
      if (refusal) {
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end(JSON.stringify({ statusCode: 403, code: 'FORBIDDEN', message: 'no' }));
        return;
      }
      const customerIds = (JSON.parse(raw.toString('utf8')) as { customerIds: string[] }).customerIds;
      taken.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, customerIds });
      if (behaviour === 'hang') return;
      if (behaviour !== 'answer') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(behaviour.body);
        return;
      }
      const found = customerIds.flatMap((id) => (contacts.has(id) ? [{ customerId: id, ...contacts.get(id)! }] : []));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ contacts: found }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    taken,
    behave: (next: Behaviour) => {
      behaviour = next;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('IntakeContactsClient against a server that checks its signature', () => {
  let dir: string;
  let intake: Awaited<ReturnType<typeof standIn>>;
  let client: IntakeContactsClient;
  const zhou = randomUUID();
  const wu = randomUUID();
  const contacts = new Map([
    [zhou, { email: 'zhou.yi@example.com', phone: '13911112222' }],
    [wu, { email: null, phone: '021-12345678' }],
  ]);

  /** The DeliveryError `promise` rejects with. */
  const failure = async (promise: Promise<unknown>): Promise<DeliveryError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yekuo-notifications-'));
    const keys = await ensureNotificationsServiceKeys(dir);
    intake = await standIn(SubgraphVerifier.fromPem(keys.publicKeyPem), contacts);
    client = IntakeContactsClient.fromConfig(
      loadContactsConfig({
        INTAKE_URL: intake.url,
        SERVICE_SIGNING_KEY_FILE: join(dir, NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE),
        INTAKE_TIMEOUT_MS: '500',
      }),
    );
  });
  afterEach(() => intake.behave('answer'));
  afterAll(async () => {
    await intake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the contacts with a signature intake takes and no user token, unknown customers absent', async () => {
    const found = await client.contactsOf([zhou, randomUUID(), wu, zhou]);
    expect(found).toEqual(
      new Map([
        [zhou, { email: 'zhou.yi@example.com', phone: '13911112222' }],
        [wu, { email: null, phone: '021-12345678' }],
      ]),
    );
    const [read] = intake.taken.slice(-1);
    expect(read).toMatchObject({ method: 'POST', path: '/internal/contacts' });
    expect(read.customerIds).toHaveLength(3);
    expect(read.headers.authorization).toBeUndefined();
    expect(read.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('asks at most 100 customers a read, and nothing for none', async () => {
    const before = intake.taken.length;
    const ids = [zhou, ...Array.from({ length: MAX_CONTACTS_PER_READ + 20 }, () => randomUUID())];
    expect((await client.contactsOf(ids)).get(zhou)).toEqual(contacts.get(zhou));
    expect(intake.taken.slice(before).map((t) => t.customerIds.length)).toEqual([MAX_CONTACTS_PER_READ, 21]);
    expect(await client.contactsOf([])).toEqual(new Map());
    expect(intake.taken.length).toBe(before + 2);
  });

  it('takes a failing or stalled intake as retryable', async () => {
    intake.behave({ status: 503, body: JSON.stringify({ code: 'SERVICE_UNAVAILABLE' }) });
    expect(await failure(client.contactsOf([zhou]))).toMatchObject({
      retryable: true,
      message: 'intake failed the contact read (HTTP 503)',
    });
    intake.behave({ status: 500, body: 'oops' });
    expect((await failure(client.contactsOf([zhou]))).retryable).toBe(true);
    intake.behave('hang');
    expect(await failure(client.contactsOf([zhou]))).toMatchObject({
      retryable: true,
      message: 'intake did not answer the contact read in time',
    });
  });

  it('takes an intake out of reach as retryable', async () => {
    const gone = await standIn(SubgraphVerifier.fromPem((await ensureNotificationsServiceKeys(dir)).publicKeyPem), contacts);
    await gone.close();
    const unreachable = IntakeContactsClient.fromConfig(
      loadContactsConfig({ INTAKE_URL: gone.url, SERVICE_SIGNING_KEY_FILE: join(dir, NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE) }),
    );
    expect(await failure(unreachable.contactsOf([zhou]))).toMatchObject({
      retryable: true,
      message: 'intake could not be reached for the contact read',
    });
  });

  it('takes a refusal or an unreadable answer as final, naming no contact', async () => {
    intake.behave({ status: 400, body: JSON.stringify({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'x' }) });
    expect(await failure(client.contactsOf([zhou]))).toMatchObject({
      retryable: false,
      message: 'intake refused the contact read (HTTP 400, VALIDATION_FAILED)',
    });
    intake.behave({ status: 200, body: JSON.stringify({ contacts: [{ customerId: zhou }] }) });
    const unreadable = await failure(client.contactsOf([zhou]));
    expect(unreadable.retryable).toBe(false);
    expect(unreadable.message).not.toContain(zhou);
  });

  it('is refused (403, final) when it signs with the gateway’s key', async () => {
    await ensureSubgraphKeys(dir);
    const asGateway = IntakeContactsClient.fromConfig(
      loadContactsConfig({ INTAKE_URL: intake.url, SERVICE_SIGNING_KEY_FILE: join(dir, SUBGRAPH_PRIVATE_KEY_FILE) }),
    );
    expect(await failure(asGateway.contactsOf([zhou]))).toMatchObject({
      retryable: false,
      message: 'intake refused the contact read (HTTP 403, FORBIDDEN)',
    });
  });

  it('stops the boot naming SERVICE_SIGNING_KEY_FILE when the key is missing or not a key', async () => {
    const missing = () => IntakeContactsClient.fromConfig(loadContactsConfig({ SERVICE_SIGNING_KEY_FILE: join(dir, 'absent.pem') }));
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow(/SERVICE_SIGNING_KEY_FILE/);
    await writeFile(join(dir, 'garbage.pem'), 'not a key');
    expect(() => IntakeContactsClient.fromConfig(loadContactsConfig({ SERVICE_SIGNING_KEY_FILE: join(dir, 'garbage.pem') }))).toThrow(
      /SERVICE_SIGNING_KEY_FILE/,
    );
  });
});
