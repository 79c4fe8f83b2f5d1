import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ErrorCode, UnitOfWork } from '@yekuo/platform';
import { expectData, graphql, InProcessService, startServiceInProcess, TestRun } from '@yekuo/testing';
import { AppModule } from './app.module';
import { residentIdCheckCharacter } from './customer/identity';
import { intakeService } from './intake.service-definition';

/** A valid resident ID number (Pudong, born 1990-01-01) with sequence `seq`. */
const residentId = (seq: number) => {
  const first17 = `31011519900101${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitApplicationInput!) {
    submitApplication(input: $input) {
      id
      number
      status
      category
    }
  }
`;

const application = (idNumber: string) => ({
  customer: { idType: 'RESIDENT_ID', idNumber, name: '王小明' },
  businessType: 'NEW_CONNECTION',
  usage: 'RESIDENTIAL',
  voltageLevel: 'AC220V',
  capacityKva: 8,
  supplySources: 1,
  siteAddress: '上海市浦东新区世纪大道100号',
  regionCode: '310115',
});

describe('intake (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let intake: InProcessService;
  let clerk: string;

  beforeAll(async () => {
    // The intake-specific settings (personal-data keys, document store) are read from the process environment.
    process.env.PII_DEV_KEY_DIR = run.keyDir;
    process.env.DOCUMENTS_DIR = join(run.keyDir, 'documents');
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    clerk = await run.token({ sub: 'clerk-1', roles: ['intake-clerk'] });
  }, 60_000);

  afterAll(async () => {
    await intake?.stop();
    await run.cleanUp(['intake']);
  });

  it('gives 100 concurrent submissions 100 distinct, gap-free case numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => graphql(intake.url, SUBMIT, { input: application(residentId(i)) }, clerk)),
    );
    const numbers = results.map((r) => expectData(r).submitApplication.number as string).sort();
    expect(new Set(numbers).size).toBe(100);
    const year = numbers[0].slice(3, 7);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => `YK-${year}-${String(i + 1).padStart(6, '0')}`));
  }, 60_000);

  it('keeps one linear audit chain under 50 concurrent writers and names a record edited by SQL', async () => {
    const { submitApplication } = expectData(await graphql(intake.url, SUBMIT, { input: application(residentId(900)) }, clerk));
    const caseId = submitApplication.id as string;
    const unitOfWork = intake.app.get(UnitOfWork);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        unitOfWork.run((work) =>
          work.audit({ caseId, actor: { id: `writer-${i}`, role: 'intake-clerk' }, action: 'test.concurrent-note', data: { i } }),
        ),
      ),
    );
    const auditor = await run.token({ sub: 'auditor-1', roles: ['auditor'] });
    const verify = () =>
      graphql(
        intake.url,
        `
          query ($id: ID!) {
            case(id: $id) {
              intakeAudit {
                valid
                length
                firstBroken {
                  seq
                  reason
                }
              }
            }
          }
        `,
        { id: caseId },
        auditor,
      );

    expect(expectData(await verify()).case.intakeAudit).toEqual({ valid: true, length: 51, firstBroken: null });
    const dataSource = intake.app.get(DataSource);
    const seqs = await dataSource.query<{ seq: number }[]>('SELECT seq FROM audit_record WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));

    // The table refuses edits; someone with the power to switch triggers off is still caught.
    await expect(dataSource.query(`UPDATE audit_record SET data = '{"i": 999}' WHERE case_id = $1 AND seq = 17`, [caseId])).rejects.toThrow(
      /append-only/,
    );
    await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(`UPDATE audit_record SET data = '{"i": 999}' WHERE case_id = $1 AND seq = 17`, [caseId]);
    });
    const broken = expectData(await verify()).case.intakeAudit;
    expect(broken.valid).toBe(false);
    expect(broken.firstBroken).toEqual({ seq: 17, reason: 'content does not match its hash' });
  }, 60_000);

  it('answers a customer asking for another customer’s case with NOT_FOUND', async () => {
    const { submitApplication } = expectData(await graphql(intake.url, SUBMIT, { input: application(residentId(901)) }, clerk));
    const stranger = await run.token({ sub: '11111111-2222-4333-8444-555555555555', roles: ['customer'] });
    const response = await graphql(
      intake.url,
      `
        query ($id: ID!) {
          case(id: $id) {
            number
          }
        }
      `,
      { id: submitApplication.id },
      stranger,
    );
    expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.NOT_FOUND);
    expect(response.errors?.[0].message).not.toContain(submitApplication.number);
  });

  it('lists every invalid field at once', async () => {
    const response = await graphql(intake.url, SUBMIT, { input: { ...application('x'), capacityKva: -3, regionCode: '31' } }, clerk);
    expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(response.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual([
      'input.capacityKva',
      'input.customer.idNumber',
      'input.regionCode',
    ]);
  });

  it('refuses a voltage level outside the VoltageLevel enum before any validation', async () => {
    const response = await graphql(intake.url, SUBMIT, { input: { ...application('x'), voltageLevel: 'AC9V' } }, clerk);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0].message).toContain('"AC9V" does not exist in "VoltageLevel" enum');
  });
});
