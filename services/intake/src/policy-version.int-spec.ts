import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudEvent, parseEvent } from '@yekuo/events';
import { SHARED_DATA_DIR } from '@yekuo/timelimits';
import { EventTap, expectData, graphql, InProcessService, startServiceInProcess, TestRun, waitFor } from '@yekuo/testing';
import { AppModule } from './app.module';
import { residentIdCheckCharacter } from './customer/identity';
import { intakeService } from './intake.service-definition';

jest.setTimeout(120_000);

const first17 = '31011519850505123';
const SUBMIT = `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id policyVersion } }`;
const CHECK = `query($caseId: ID!) { completenessCheck(caseId: $caseId) { items { slot } } }`;
const ACCEPT = `mutation($caseId: ID!) { acceptApplication(input: { caseId: $caseId }) { id policyVersion acceptedAt } }`;

describe('the time-limit policy a case is accepted under (real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  const dir = mkdtempSync(join(tmpdir(), 'yekuo-policy-'));
  let intake: InProcessService;
  let tap: EventTap;
  let clerk: string;

  beforeAll(async () => {
    process.env.PII_DEV_KEY_DIR = run.keyDir;
    process.env.DOCUMENTS_DIR = join(dir, 'documents');
    // A version in force since mid-2026 beside the shipped one.
    const policy = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as {
      versions: Array<Record<string, unknown>>;
    };
    policy.versions.push({ ...policy.versions[0], id: '2026-07', effectiveFrom: '2026-07-01' });
    writeFileSync(join(dir, 'time-limits.json'), JSON.stringify(policy));
    tap = await EventTap.open(run.amqpUrl, run.exchange, 'intake.application.#');
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config), {
      TIME_LIMIT_POLICY_FILE: join(dir, 'time-limits.json'),
    });
    clerk = await run.token({ sub: 'clerk-1', roles: ['intake-clerk'] });
  });

  afterAll(async () => {
    await intake?.stop();
    await tap?.close();
    await run.cleanUp(['intake']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stamps the version in force at acceptance on the case and its acceptance event', async () => {
    const input = {
      customer: { idType: 'RESIDENT_ID', idNumber: first17 + residentIdCheckCharacter(first17), name: '赵六', phone: '13900001111' },
      businessType: 'NEW_CONNECTION',
      usage: 'RESIDENTIAL',
      voltageLevel: 'AC220V',
      capacityKva: 8,
      supplySources: 1,
      siteAddress: '上海市浦东新区世纪大道100号',
      regionCode: '310115',
    };
    const { submitApplication } = expectData(await graphql(intake.url, SUBMIT, { input }, clerk));
    expect(submitApplication.policyVersion).toBe('2026-07');
    const caseId = submitApplication.id as string;
    const { completenessCheck } = expectData(await graphql(intake.url, CHECK, { caseId }, clerk));
    for (const { slot } of completenessCheck.items as Array<{ slot: string }>) {
      const form = new FormData();
      form.set('caseId', caseId);
      form.set('slot', slot);
      form.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), `${slot}.pdf`);
      const uploaded = await fetch(new URL('/documents', intake.url), {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${clerk}` },
      });
      expect(uploaded.status).toBe(201);
    }
    const { acceptApplication } = expectData(await graphql(intake.url, ACCEPT, { caseId }, clerk));
    expect(acceptApplication.policyVersion).toBe('2026-07');

    await waitFor('the acceptance event', () => tap.ofType('intake.application.accepted.v1').length > 0);
    const event = parseEvent(tap.ofType('intake.application.accepted.v1')[0].body) as CloudEvent<'intake.application.accepted.v1'>;
    expect(event.data).toMatchObject({ caseId, policyVersion: '2026-07' });
  });
});
