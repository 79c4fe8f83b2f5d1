import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer, ManualTimeSource } from '@yekuo/platform';
import { CloudEvent, createEvent, EventPayload } from '@yekuo/events';
import { graphql, InProcessService, readCaseEntity, startServiceInProcess, TestPublisher, TestRun, waitFor } from '@yekuo/testing';
import { AppModule } from './app.module';
import { contractsService } from './contracts.service-definition';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
/** A day well away from the wall clock, so a time read from the system clock cannot pass for it. */
const T0 = new Date('2024-05-06T01:30:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR).toISOString();

const newCase = () => ({
  caseId: randomUUID(),
  customerId: randomUUID(),
  caseNumber: `YK-2024-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`,
});
const SIGNED = newCase();
const WITHDRAWN = newCase();

const confirmed = (c: ReturnType<typeof newCase>): EventPayload<'planning.scheme.confirmed.v1'> => ({
  ...c,
  category: 'HV_DUAL_SOURCE',
  policyVersion: '2020-01',
  actor: { id: c.customerId, role: 'customer' },
  schemeId: randomUUID(),
  version: 1,
  voltageLevel: 'AC10KV',
  capacityKva: 800,
  supplySources: 2,
  meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
  tariffCategory: 'LARGE_INDUSTRIAL',
  supplyPoints: ['10kV feeder 12 of Zhangjiang substation', '10kV feeder 7 of Gaoke substation'],
  propertyBoundary: 'Cable terminals of the customer switch room',
});

const MUTATIONS = {
  signContract: `mutation($input: SignContractInput!) { signContract(input: $input) { id } }`,
  recordPayment: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`,
  updateContractParties: `mutation($input: UpdateContractPartiesInput!) { updateContractParties(input: $input) { id } }`,
} as const;

/** Every time contracts records comes from the service's time source, here a clock the test sets by hand. */
describe('contracts reads the time from its time source (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  const time = new ManualTimeSource(T0);
  let service: InProcessService;
  let bus: TestPublisher;
  let dataSource: DataSource;
  let consumer: AmqpEventsServer;
  const t: Record<string, string> = {};

  const ok = async (name: keyof typeof MUTATIONS, token: string, input: Record<string, unknown>) => {
    const response = await graphql<Record<string, { id: string }>>(service.url, MUTATIONS[name], { input }, token);
    expect(response.errors).toBeUndefined();
  };

  const publish = async (event: CloudEvent) => {
    const before = consumer.stats.handled;
    await bus.publish(event);
    await waitFor('the event handled', () => consumer.stats.handled >= before + 1);
  };

  /** The rows' timestamp columns as ISO strings (null stays null). */
  const times = async (sql: string, caseId: string) =>
    (await dataSource.query<Record<string, Date | null>[]>(sql, [caseId])).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
    );

  beforeAll(async () => {
    const definition = { ...contractsService, timeSource: time };
    service = await startServiceInProcess(run, definition, (config) => AppModule.forRoot(config, definition));
    dataSource = service.app.get(DataSource);
    consumer = service.app.get(AmqpEventsServer);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    Object.assign(t, {
      customer: await run.token({ sub: SIGNED.customerId, roles: ['customer'], name: '李经理' }),
      officer: await run.token({ sub: 'officer-1', roles: ['contract-officer'], name: '赵专责' }),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await run.cleanUp(['contracts']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('drafts, invoices, supersedes, signs and settles at the times the clock shows', async () => {
    await publish(
      createEvent(
        'intake.application.accepted.v1',
        {
          ...SIGNED,
          category: 'HV_DUAL_SOURCE',
          policyVersion: '2020-01',
          actor: { id: 'clerk-1', role: 'intake-clerk' },
          businessType: 'NEW_CONNECTION',
          capacityKva: 800,
          voltageLevel: 'AC10KV',
          supplySources: 2,
          regionCode: '310115',
          acceptedAt: T0.toISOString(),
        },
        { source: '/yekuo/intake' },
      ),
    );
    expect(await times('SELECT recorded_at FROM contracts_application WHERE case_id = $1', SIGNED.caseId)).toEqual([
      { recorded_at: at(0) },
    ]);

    await publish(createEvent('planning.scheme.confirmed.v1', confirmed(SIGNED), { source: '/yekuo/planning' }));
    const drafted = await readCaseEntity(service.url, t.officer, SIGNED.caseId, 'contract { draftedAt } fees { invoicedAt total }');
    expect(drafted).toMatchObject({ contract: { draftedAt: at(0) }, fees: { invoicedAt: at(0) } });

    time.set(at(1));
    await ok('updateContractParties', t.officer, { caseId: SIGNED.caseId, customerName: '华东电子科技有限公司' });
    expect(
      await times('SELECT version, drafted_at, superseded_at FROM supply_contract WHERE case_id = $1 ORDER BY version', SIGNED.caseId),
    ).toEqual([
      { version: 1, drafted_at: at(0), superseded_at: at(1) },
      { version: 2, drafted_at: at(1), superseded_at: null },
    ]);
    expect(await times('SELECT updated_at FROM contracts_case WHERE case_id = $1', SIGNED.caseId)).toEqual([{ updated_at: at(1) }]);

    time.set(at(2));
    await ok('signContract', t.officer, { caseId: SIGNED.caseId, method: 'ON_SITE' });
    time.set(at(3));
    await ok('signContract', t.customer, { caseId: SIGNED.caseId, method: 'ONLINE' });
    expect(
      await times(
        `SELECT s.party, s.signed_at, c.fully_signed_at FROM contract_signature s JOIN supply_contract c ON c.id = s.contract_id
         WHERE c.case_id = $1 ORDER BY s.signed_at`,
        SIGNED.caseId,
      ),
    ).toEqual([
      { party: 'UTILITY', signed_at: at(2), fully_signed_at: at(3) },
      { party: 'CUSTOMER', signed_at: at(3), fully_signed_at: at(3) },
    ]);

    time.set(at(4));
    await ok('recordPayment', t.officer, { caseId: SIGNED.caseId, amount: drafted.fees.total });
    expect(
      await times(
        `SELECT p.received_at, i.settled_at FROM fee_payment p JOIN fee_invoice i ON i.id = p.invoice_id WHERE i.case_id = $1`,
        SIGNED.caseId,
      ),
    ).toEqual([{ received_at: at(4), settled_at: at(4) }]);
  });

  it('records a withdrawal, the cancelled work and the refund at the time the clock shows', async () => {
    time.set(at(10));
    await publish(createEvent('planning.scheme.confirmed.v1', confirmed(WITHDRAWN), { source: '/yekuo/planning' }));
    time.set(at(12));
    await publish(
      createEvent(
        'intake.application.withdrawn.v1',
        {
          ...WITHDRAWN,
          category: 'HV_DUAL_SOURCE',
          policyVersion: '2020-01',
          actor: { id: WITHDRAWN.customerId, role: 'customer' },
          reason: 'The project is cancelled',
        },
        { source: '/yekuo/intake' },
      ),
    );
    expect(await times('SELECT cancelled_at, updated_at FROM contracts_case WHERE case_id = $1', WITHDRAWN.caseId)).toEqual([
      { cancelled_at: at(12), updated_at: at(12) },
    ]);
    expect(await times('SELECT drafted_at, cancelled_at FROM supply_contract WHERE case_id = $1', WITHDRAWN.caseId)).toEqual([
      { drafted_at: at(10), cancelled_at: at(12) },
    ]);
    expect(await times('SELECT invoiced_at, cancelled_at FROM fee_invoice WHERE case_id = $1', WITHDRAWN.caseId)).toEqual([
      { invoiced_at: at(10), cancelled_at: at(12) },
    ]);
    expect(await times('SELECT recorded_at FROM fee_refund WHERE case_id = $1', WITHDRAWN.caseId)).toEqual([{ recorded_at: at(12) }]);
  });
});
