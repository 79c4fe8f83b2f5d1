import { join } from 'node:path';
import { expectData, graphql, InProcessService, startServiceInProcess, TestRun } from '@yekuo/testing';
import { AppModule } from '../../services/intake/src/app.module';
import { intakeService } from '../../services/intake/src/intake.service-definition';
import { loadGatewayConfig } from './config';
import { RunningGateway, startGateway } from './server';

const FILE = `query ($month: String!, $jurisdiction: String!, $format: ReportFormat!) {
  timeLimitReportFile(month: $month, jurisdiction: $jurisdiction, format: $format) { fileName contentType base64 }
}`;

const reportsUrl = (gateway: RunningGateway, query = '') => `${gateway.url.replace(/\/graphql$/, '/reports/time-limits')}${query}`;

describe('gateway report downloads (to a real intake on PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let intake: InProcessService;
  let gateway: RunningGateway;
  let supervisor: string;

  beforeAll(async () => {
    Object.assign(process.env, { PII_DEV_KEY_DIR: run.keyDir, DOCUMENTS_DIR: join(run.keyDir, 'documents') });
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    gateway = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        SUPERGRAPH_FILE: 'gateway/supergraph.graphql',
        SUBGRAPH_INTAKE_URL: intake.url,
        ...run.gatewayEnv(),
      }),
    );
    supervisor = await run.token({ sub: 'supervisor-1', roles: ['supervisor'] });
  }, 60_000);

  afterAll(async () => {
    for (const variable of ['PII_DEV_KEY_DIR', 'DOCUMENTS_DIR']) delete process.env[variable];
    await gateway?.stop();
    await intake?.stop();
    await run.cleanUp(['intake']);
  });

  it('streams the file intake makes, with its type and name, signed with the query it was asked with', async () => {
    const file = expectData(
      await graphql(intake.url, FILE, { month: '2026-11', jurisdiction: 'shanghai', format: 'CSV' }, supervisor),
    ).timeLimitReportFile;
    const csv = await fetch(reportsUrl(gateway, '?month=2026-11&jurisdiction=shanghai&format=csv'), {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(csv.status).toBe(200);
    expect({
      type: csv.headers.get('content-type'),
      disposition: csv.headers.get('content-disposition'),
      nosniff: csv.headers.get('x-content-type-options'),
      cache: csv.headers.get('cache-control'),
    }).toEqual({
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="time-limits-shanghai-2026-11.csv"',
      nosniff: 'nosniff',
      cache: 'no-store',
    });
    expect(Buffer.from(await csv.arrayBuffer()).equals(Buffer.from(file.base64, 'base64'))).toBe(true);

    const xlsx = await fetch(reportsUrl(gateway, '?month=2026-11&jurisdiction=national&format=xlsx'), {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="time-limits-national-2026-11.xlsx"');
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.length).toBe(Number(xlsx.headers.get('content-length')));
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('passes intake’s 400, 401 and 403 through, and answers other methods and paths itself', async () => {
    const get = (query: string, token: string | null = supervisor) =>
      fetch(reportsUrl(gateway, query), { headers: token ? { authorization: `Bearer ${token}` } : {} }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { code: string; fields?: { field: string }[] },
      }));
    expect(await get('?month=2026-13&jurisdiction=shanghai&format=csv')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', fields: [{ field: 'month' }] },
    });
    expect(await get('?month=2026-11&jurisdiction=shanghai&format=csv', null)).toMatchObject({ status: 401 });
    const planner = await run.token({ sub: 'planner-1', roles: ['planner'] });
    expect(await get('?month=2026-11&jurisdiction=shanghai&format=csv', planner)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });

    const post = await fetch(reportsUrl(gateway), { method: 'POST', headers: { authorization: `Bearer ${supervisor}` }, body: '{}' });
    expect(post.status).toBe(405);
    expect(((await post.json()) as { code: string }).code).toBe('METHOD_NOT_ALLOWED');
    const other = await fetch(gateway.url.replace(/\/graphql$/, '/reports/cases'), { headers: { authorization: `Bearer ${supervisor}` } });
    expect(other.status).toBe(404);
  });
});
