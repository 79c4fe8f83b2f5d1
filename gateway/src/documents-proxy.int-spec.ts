import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SubgraphVerifier, UNSIGNED_PAYLOAD } from '@yekuo/platform/core';
import { expectData, graphql, InProcessService, startServiceInProcess, TestRun } from '@yekuo/testing';
import { AppModule } from '../../services/intake/src/app.module';
import { residentIdCheckCharacter } from '../../services/intake/src/customer/identity';
import { intakeService } from '../../services/intake/src/intake.service-definition';
import { loadGatewayConfig } from './config';
import { RunningGateway, startGateway } from './server';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300_000)]);
const MAX_BYTES = 256 * 1024;

function form(fields: Record<string, string>, file?: { content: Buffer; type: string; name: string }): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  if (file) body.set('file', new Blob([file.content], { type: file.type }), file.name);
  return body;
}

const documentsUrl = (gateway: RunningGateway) => gateway.url.replace(/\/graphql$/, '/documents');

describe('gateway documents proxy (to a real intake on PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let intake: InProcessService;
  let gateway: RunningGateway;
  let owner: { id: string; token: string };
  let caseId: string;

  beforeAll(async () => {
    Object.assign(process.env, {
      PII_DEV_KEY_DIR: run.keyDir,
      DOCUMENTS_DIR: join(run.keyDir, 'documents'),
      DOCUMENT_MAX_BYTES: String(MAX_BYTES),
    });
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    gateway = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        SUPERGRAPH_FILE: 'gateway/supergraph.graphql',
        SUBGRAPH_INTAKE_URL: intake.url,
        ...run.gatewayEnv(),
      }),
    );
    const id = randomUUID();
    owner = { id, token: await run.token({ sub: id, roles: ['customer'] }) };
    const first17 = '31010419850505123';
    const submitted = await graphql(
      intake.url,
      `
        mutation ($input: SubmitApplicationInput!) {
          submitApplication(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          customer: { idType: 'RESIDENT_ID', idNumber: first17 + residentIdCheckCharacter(first17), name: '黄一', phone: '13800000000' },
          businessType: 'NEW_CONNECTION',
          usage: 'RESIDENTIAL',
          voltageLevel: 'AC220V',
          capacityKva: 8,
          siteAddress: '上海市黄浦区南京东路1号',
          regionCode: '310101',
        },
      },
      owner.token,
    );
    caseId = expectData(submitted).submitApplication.id as string;
  }, 60_000);

  afterAll(async () => {
    for (const variable of ['PII_DEV_KEY_DIR', 'DOCUMENTS_DIR', 'DOCUMENT_MAX_BYTES']) delete process.env[variable];
    await gateway?.stop();
    await intake?.stop();
    await run.cleanUp(['intake']);
  });

  it('passes an upload through to intake and its answer back; the stored sha256 is that of the bytes sent', async () => {
    const response = await fetch(documentsUrl(gateway), {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}` },
      body: form({ caseId, slot: 'PROPERTY_PROOF' }, { content: PDF.subarray(0, 200_000), type: 'application/pdf', name: '产权证明.pdf' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; sha256: string; fileName: string; version: number };
    expect(body).toMatchObject({
      fileName: '产权证明.pdf',
      version: 1,
      sha256: createHash('sha256').update(PDF.subarray(0, 200_000)).digest('hex'),
    });
    const download = await fetch(`${documentsUrl(gateway)}/${body.id}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(
      createHash('sha256')
        .update(Buffer.from(await download.arrayBuffer()))
        .digest('hex'),
    ).toBe(body.sha256);
    // A download is never rendered in place or sniffed into another type.
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('产权证明.pdf')}`);
    expect(download.headers.get('content-security-policy')).toContain("default-src 'none'");
  }, 30_000);

  it('sends security headers with GraphQL answers, and leaves the landing page its own CSP', async () => {
    const answer = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expect({
      nosniff: answer.headers.get('x-content-type-options'),
      frame: answer.headers.get('x-frame-options'),
      csp: answer.headers.get('content-security-policy'),
      referrer: answer.headers.get('referrer-policy'),
    }).toEqual({
      nosniff: 'nosniff',
      frame: 'DENY',
      csp: "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      referrer: 'no-referrer',
    });
    const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBeNull();
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('http-equiv="Content-Security-Policy"');
  });

  it('passes intake’s 413, 415, 400, 401 and 404 through as intake gave them', async () => {
    const post = (body: FormData, token: string | null = owner.token) =>
      fetch(documentsUrl(gateway), { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body }).then(
        async (r) => ({
          status: r.status,
          body: (await r.json()) as { code: string },
        }),
      );
    expect(await post(form({ caseId, slot: 'APPLICANT_ID' }, { content: PDF, type: 'application/pdf', name: 'big.pdf' }))).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(
      await post(
        form({ caseId, slot: 'APPLICANT_ID' }, { content: Buffer.from('GIF89a-not-a-pdf'), type: 'application/pdf', name: 'x.pdf' }),
      ),
    ).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(await post(form({ caseId }))).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(
      await post(form({ caseId, slot: 'APPLICANT_ID' }, { content: PDF.subarray(0, 1000), type: 'application/pdf', name: 'a.pdf' }), null),
    ).toMatchObject({
      status: 401,
    });
    expect(
      await post(
        form({ caseId: randomUUID(), slot: 'APPLICANT_ID' }, { content: PDF.subarray(0, 1000), type: 'application/pdf', name: 'a.pdf' }),
      ),
    ).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  }, 30_000);
});

describe('gateway documents proxy (headers and streaming)', () => {
  /** Only the signing keys: the gateway reads the public key. */
  const run = new TestRun();
  let upstream: Server;
  let gateway: RunningGateway;
  const seen: { method: string; url: string; headers: Record<string, unknown>; sha256: string }[] = [];

  beforeAll(async () => {
    await run.prepare();
    upstream = createServer((req, res) => {
      const hash = createHash('sha256');
      req.on('data', (chunk: Buffer) => hash.update(chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, sha256: hash.digest('hex') });
        res.writeHead(201, { 'content-type': 'application/json', 'x-internal': 'not for clients' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    gateway = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        SUPERGRAPH_FILE: 'gateway/supergraph.graphql',
        SUBGRAPH_INTAKE_URL: `http://127.0.0.1:${port}/graphql`,
        ...run.gatewayEnv(),
      }),
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('forwards the body byte for byte with authorization, content type and trace headers, and only safe headers back', async () => {
    const content = randomBytes(1_500_000);
    const response = await fetch(documentsUrl(gateway), {
      method: 'POST',
      headers: {
        authorization: 'Bearer abc',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'x-request-id': 'req-42',
        cookie: 'session=secret',
        'content-type': 'application/octet-stream',
      },
      body: content,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-internal')).toBeNull();
    const [request] = seen;
    expect(request).toMatchObject({ method: 'POST', url: '/documents', sha256: createHash('sha256').update(content).digest('hex') });
    expect(request.headers).toMatchObject({
      authorization: 'Bearer abc',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'x-request-id': 'req-42',
      'content-type': 'application/octet-stream',
    });
    expect(request.headers.cookie).toBeUndefined();
    // Signed for intake: method, path, the caller's token and request id, the streamed body as UNSIGNED-PAYLOAD.
    const verifier = SubgraphVerifier.fromPem(readFileSync(run.env('intake').SUBGRAPH_VERIFY_KEY_FILE, 'utf8'));
    const signed = { method: 'POST', path: '/documents', payload: UNSIGNED_PAYLOAD, headers: request.headers as Record<string, string> };
    expect(verifier.check(signed)).toBeUndefined();
    expect(verifier.check({ ...signed, headers: { ...signed.headers, authorization: 'Bearer other' } })).toBe('bad signature');
  });

  it('answers 502 when intake is down and 405/404 for other routes', async () => {
    await new Promise((resolve) => upstream.close(resolve));
    upstream.closeAllConnections();
    expect((await fetch(documentsUrl(gateway), { method: 'POST', body: 'x' })).status).toBe(502);
    expect((await fetch(documentsUrl(gateway), { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${documentsUrl(gateway)}/a/b`)).status).toBe(404);
  });
});
