import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer } from '@yekuo/platform';
import { CloudEvent, createEvent, EventPayload, parseEvent } from '@yekuo/events';
import {
  EventTap,
  graphql,
  GraphQLErrorBody,
  InProcessService,
  pdfText,
  readCaseEntity,
  startServiceInProcess,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from './app.module';
import { contractsService } from './contracts.service-definition';

jest.setTimeout(120_000);

const caseNumber = () => `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
const newCase = () => ({ caseId: randomUUID(), customerId: randomUUID(), caseNumber: caseNumber() });

/** A residential customer (张三), a company on dual supply (华东电子科技有限公司), a withdrawal after payment, one before anything, a temporary supply. */
const RES = newCase();
const HV = newCase();
const WD = newCase();
const EARLY = newCase();
const TEMP = newCase();
const TEMP_LATE = newCase();
const PAID = newCase();

const confirmed = (
  c: { caseId: string; customerId: string; caseNumber: string },
  overrides: Partial<EventPayload<'planning.scheme.confirmed.v1'>> = {},
): EventPayload<'planning.scheme.confirmed.v1'> => ({
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
  supplyPoints: ['张江变电站10千伏12号出线', '高科变电站10千伏7号出线'],
  propertyBoundary: '用户配电室进线电缆终端头',
  ...overrides,
});

const residential = confirmed(RES, {
  category: 'LV_RESIDENTIAL',
  voltageLevel: 'AC220V',
  capacityKva: 8,
  supplySources: 1,
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'RESIDENTIAL',
  supplyPoints: ['张江台区低压3号线17号杆'],
  propertyBoundary: '计量箱出线端子',
});

const withdrawn = (
  c: { caseId: string; customerId: string; caseNumber: string },
  category: EventPayload<'intake.application.withdrawn.v1'>['category'],
  actor: EventPayload<'intake.application.withdrawn.v1'>['actor'],
): CloudEvent<'intake.application.withdrawn.v1'> =>
  createEvent(
    'intake.application.withdrawn.v1',
    { ...c, category, policyVersion: '2020-01', actor, reason: '项目取消，不再用电' },
    { source: '/yekuo/intake' },
  );

const CONTRACT = `id version status schemeVersion sha256 pageCount byteSize templateCode templateVersion
  draftedAt fullySignedAt supersededAt supersededBecause cancelledAt
  parties { customer { id name address } utility { name address } }
  terms { capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary }
  signatures { party signerId signerName signerRole method documentSha256 signedAt }`;

const CASE_FIELDS = `
  id contractsStatus
  contract { ${CONTRACT} }
  contractVersions { id version status sha256 signatures { party } }
  fees {
    total paid outstanding settled status
    invoice { id status total paid outstanding cancelledAt items { code description quantity unit unitPrice amount } }
    refund { due reason recordedAt }
    payments { amount }
  }
`;

const MUTATIONS = {
  signContract: `mutation($input: SignContractInput!) { signContract(input: $input) { id } }`,
  recordPayment: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`,
  updateContractParties: `mutation($input: UpdateContractPartiesInput!) { updateContractParties(input: $input) { id } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The text and page count of a PDF as pdf-parse reads it. pdf-parse loads pdf.js
 * through a dynamic import, which Jest's CommonJS runtime cannot run, so it reads
 * the bytes in a child Node process.
 */

describe('contracts: the document, its versions, payments and withdrawal (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let tap: EventTap;
  let bus: TestPublisher;
  let dataSource: DataSource;
  let consumer: AmqpEventsServer;
  const t: Record<string, string> = {};

  const call = (name: MutationName, token: string, input: Record<string, unknown>) =>
    graphql<Record<string, { id: string }>>(service.url, MUTATIONS[name], { input }, token);

  const ok = async (name: MutationName, token: string, input: Record<string, unknown>) => {
    const response = await call(name, token, input);
    expect(response.errors).toBeUndefined();
    expect(response.data![name]).toEqual({ id: input.caseId });
  };

  const failure = async (name: MutationName, token: string, input: Record<string, unknown>): Promise<GraphQLErrorBody> => {
    const response = await call(name, token, input);
    expect(response.errors).toHaveLength(1);
    return response.errors![0];
  };

  const readCase = (token: string, id: string, fields = CASE_FIELDS) => readCaseEntity(service.url, token, id, fields);

  /** The current version's PDF as the graph returns it, decoded. */
  const pdfOf = async (token: string, id: string): Promise<{ bytes: Buffer; contract: Record<string, any> }> => {
    const view = await readCase(token, id, `contract { id version sha256 pageCount byteSize pdfBase64 }`);
    return { bytes: Buffer.from(view.contract.pdfBase64 as string, 'base64'), contract: view.contract };
  };

  const publish = async (...events: CloudEvent[]) => {
    const before = consumer.stats.handled;
    await bus.publish(...events);
    await waitFor(`${events.length} deliveries handled`, () => consumer.stats.handled >= before + events.length);
  };

  const contractsEventsOf = (caseId: string) =>
    tap.messages
      .filter((m) => m.routingKey.startsWith('contracts.'))
      .map((m) => parseEvent(m.body))
      .filter((e) => e.subject === caseId)
      .sort((a, b) => a.time.localeCompare(b.time));

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, '#');
    service = await startServiceInProcess(run, contractsService, (config) => AppModule.forRoot(config));
    dataSource = service.app.get(DataSource);
    consumer = service.app.get(AmqpEventsServer);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    const mint = (sub: string, role: Parameters<TestRun['token']>[0]['roles'][number], extra: { actsFor?: string[]; name?: string } = {}) =>
      run.token({ sub, roles: [role], ...extra });
    Object.assign(t, {
      zhangsan: await mint(RES.customerId, 'customer', { name: '张三' }),
      company: await mint(HV.customerId, 'customer', { name: '李经理' }),
      companyAgent: await mint('agent-9', 'agent', { actsFor: [HV.customerId], name: '王代办' }),
      wdCustomer: await mint(WD.customerId, 'customer'),
      stranger: await mint(randomUUID(), 'customer'),
      officer: await mint('officer-7', 'contract-officer', { name: '赵专责' }),
      planner: await mint('planner-1', 'planner'),
      auditor: await mint('auditor-1', 'auditor'),
      supervisor: await mint('supervisor-1', 'supervisor'),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.close();
    await bus?.close();
    await run.cleanUp(['contracts']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('renders the contract to a PDF whose text carries the case number and the customer’s Chinese name, and whose sha256 is the stored one', async () => {
    await publish(createEvent('planning.scheme.confirmed.v1', residential, { source: '/yekuo/planning' }));
    const first = (await readCase(t.officer, RES.caseId)).contract;
    expect(first).toMatchObject({
      version: 1,
      status: 'DRAFTED',
      templateCode: 'RESIDENTIAL',
      templateVersion: '2026-01',
      parties: { customer: { id: RES.customerId, name: null, address: null }, utility: { name: '国网示范市电力公司' } },
      terms: { capacityKva: 8, supplyPoints: ['张江台区低压3号线17号杆'] },
    });
    const v1 = await pdfOf(t.zhangsan, RES.caseId);
    const v1Text = pdfText(v1.bytes);
    expect(v1Text.text).toContain('（待核实）');
    expect(sha256(v1.bytes)).toBe(first.sha256);

    // The officer supplies the customer's name: the unsigned version 1 is superseded by version 2.
    await ok('updateContractParties', t.officer, {
      caseId: RES.caseId,
      customerName: ' 张三 ',
      customerAddress: '上海市浦东新区张江路88弄3号',
    });
    const view = await readCase(t.zhangsan, RES.caseId);
    expect(view.contract).toMatchObject({
      version: 2,
      status: 'DRAFTED',
      parties: { customer: { id: RES.customerId, name: '张三', address: '上海市浦东新区张江路88弄3号' } },
    });
    // Personal data by role: the contract officer sees the name; a planner needs the site address, not the name.
    expect((await readCase(t.officer, RES.caseId)).contract.parties.customer).toMatchObject({ name: '张三' });
    expect((await readCase(t.planner, RES.caseId)).contract.parties.customer).toMatchObject({
      name: '张*',
      address: '上海市浦东新区张江路88弄3号',
    });
    expect((await readCase(t.supervisor, RES.caseId)).contract.parties.customer).toMatchObject({ address: '上海市浦东新区****' });
    expect(view.contractVersions.map((c: Record<string, unknown>) => [c.version, c.status])).toEqual([
      [2, 'DRAFTED'],
      [1, 'SUPERSEDED'],
    ]);
    expect(view.contractsStatus).toBe('AWAITING_SIGNATURES');

    const { bytes, contract } = await pdfOf(t.zhangsan, RES.caseId);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(contract.byteSize);
    expect(sha256(bytes)).toBe(contract.sha256);
    expect(contract.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(contract.sha256).not.toBe(first.sha256);
    const { text, pages } = pdfText(bytes);
    expect(pages).toBe(contract.pageCount);
    expect(text.replace(/\s+/g, '')).toContain('居民供用电合同');
    expect(text).toContain(RES.caseNumber);
    expect(text).toContain('张三');
    expect(text).toContain('上海市浦东新区张江路88弄3号');
    for (const clause of [
      '用电容量',
      '供电点',
      '计量方式',
      '低供低计',
      '电价类别',
      '居民生活用电',
      '产权分界点',
      '计量箱出线端子',
      '双方签章',
    ]) {
      expect(text.replace(/\s+/g, '')).toContain(clause);
    }
    expect(text).not.toContain('（待核实）');

    // The stored bytes are exactly what the graph returned, and they cannot be changed.
    const [row] = await dataSource.query<{ sha256: string; pdf: Buffer }[]>(
      'SELECT sha256, pdf FROM contract_document WHERE contract_id = $1',
      [contract.id],
    );
    expect(row.pdf.equals(bytes)).toBe(true);
    await expect(
      dataSource.query(`UPDATE contract_document SET sha256 = repeat('0', 64) WHERE contract_id = $1`, [contract.id]),
    ).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM contract_document WHERE contract_id = $1`, [contract.id])).rejects.toThrow(/immutable/);
  });

  it('lets the customer, contract officers and auditors download the PDF, nobody else; another customer sees nothing', async () => {
    for (const token of [t.zhangsan, t.officer, t.auditor]) {
      const { bytes } = await pdfOf(token, RES.caseId);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    }
    const denied = await graphql(
      service.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Case {
              contract {
                version
                pdfBase64
              }
            }
          }
        }
      `,
      { r: [{ __typename: 'Case', id: RES.caseId }] },
      t.planner,
    );
    expect(denied.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(denied.data?._entities[0].contract).toEqual({ version: 2, pdfBase64: null });
    // A planner still reads the contract's facts, without the document.
    expect((await readCase(t.planner, RES.caseId)).contract.version).toBe(2);
    expect(await readCase(t.stranger, RES.caseId)).toMatchObject({
      contract: null,
      contractVersions: [],
      fees: null,
      contractsStatus: null,
    });
    expect((await failure('signContract', t.stranger, { caseId: RES.caseId, method: 'ONLINE' })).extensions?.code).toBe('NOT_FOUND');
  });

  it('reports bad party details per field and refuses them from anyone but a contract officer', async () => {
    const invalid = await failure('updateContractParties', t.officer, { caseId: 'x', customerName: '  ', customerAddress: '' });
    expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');
    expect(new Set(invalid.extensions?.fields?.map((f) => f.field))).toEqual(
      new Set(['input.caseId', 'input.customerName', 'input.customerAddress']),
    );
    for (const token of [t.zhangsan, t.planner, t.auditor]) {
      expect((await failure('updateContractParties', token, { caseId: RES.caseId, customerName: '李四' })).extensions?.code).toBe(
        'FORBIDDEN',
      );
    }
    expect((await failure('updateContractParties', t.officer, { caseId: randomUUID(), customerName: '李四' })).extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await readCase(t.officer, RES.caseId)).contract.version).toBe(2);
  });

  it('supersedes a partially signed version when a later scheme is confirmed, keeping its signature, and drafts version 2 from the new terms', async () => {
    const schemeV1 = confirmed(HV);
    await publish(createEvent('planning.scheme.confirmed.v1', schemeV1, { source: '/yekuo/planning' }));
    await ok('updateContractParties', t.officer, { caseId: HV.caseId, customerName: '华东电子科技有限公司' });
    const before = (await readCase(t.company, HV.caseId)).contract;
    expect(before).toMatchObject({
      version: 2,
      status: 'DRAFTED',
      schemeVersion: 1,
      parties: { customer: { name: '华东电子科技有限公司' } },
    });
    const { text } = pdfText((await pdfOf(t.company, HV.caseId)).bytes);
    expect(text).toContain('华东电子科技有限公司');
    expect(text).toContain(HV.caseNumber);
    expect(text.replace(/\s+/g, '')).toContain('高压供用电合同');

    // The customer may sign only for the customer, and only the version they read.
    expect((await failure('signContract', t.company, { caseId: HV.caseId, method: 'ONLINE', party: 'UTILITY' })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await failure('signContract', t.officer, { caseId: HV.caseId, method: 'ONLINE', party: 'CUSTOMER' })).extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await failure('signContract', t.company, { caseId: HV.caseId, method: 'ONLINE', version: 1 })).extensions?.code).toBe(
      'CONFLICT',
    );
    await ok('signContract', t.companyAgent, { caseId: HV.caseId, method: 'E_SIGNATURE', party: 'CUSTOMER', version: 2 });

    // Planning confirms scheme version 2 (1000 kVA) before the utility signs.
    await publish(
      createEvent(
        'planning.scheme.confirmed.v1',
        { ...schemeV1, schemeId: randomUUID(), version: 2, capacityKva: 1000 },
        { source: '/yekuo/planning' },
      ),
    );
    const view = await readCase(t.officer, HV.caseId);
    expect(view.contract).toMatchObject({
      version: 3,
      status: 'DRAFTED',
      schemeVersion: 2,
      terms: { capacityKva: 1000, supplySources: 2 },
      parties: { customer: { name: '华东电子科技有限公司' } },
      signatures: [],
    });
    expect(
      view.contractVersions.map((c: Record<string, any>) => [
        c.version,
        c.status,
        c.signatures.map((s: Record<string, string>) => s.party),
      ]),
    ).toEqual([
      [3, 'DRAFTED', []],
      [2, 'SUPERSEDED', ['CUSTOMER']],
      [1, 'SUPERSEDED', []],
    ]);
    const versions = await readCase(t.officer, HV.caseId, `contractVersions { version supersededAt supersededBecause }`);
    expect(versions.contractVersions[1]).toMatchObject({
      version: 2,
      supersededAt: expect.any(String),
      supersededBecause: 'supply scheme version 2 confirmed',
    });
    expect(versions.contractVersions[2].supersededBecause).toBe('party details corrected by a contract officer');
    const { text: v3Text } = pdfText((await pdfOf(t.officer, HV.caseId)).bytes);
    expect(v3Text).toContain('1000 千伏安');

    // A late copy of scheme version 1 (a new event id) changes nothing.
    await publish(createEvent('planning.scheme.confirmed.v1', schemeV1, { source: '/yekuo/planning' }));
    expect((await readCase(t.officer, HV.caseId)).contract).toEqual(view.contract);
  });

  it('is immutable once both parties signed: further signatures, party changes and later schemes are refused or recorded for staff', async () => {
    await ok('signContract', t.officer, { caseId: HV.caseId, method: 'ON_SITE' });
    await ok('signContract', t.company, { caseId: HV.caseId, method: 'ON_PAPER', version: 3 });
    const signed = (await readCase(t.company, HV.caseId)).contract;
    expect(signed).toMatchObject({ version: 3, status: 'FULLY_SIGNED', fullySignedAt: expect.any(String) });
    expect(signed.signatures).toEqual([
      {
        party: 'UTILITY',
        signerId: 'officer-7',
        signerName: '赵专责',
        signerRole: 'CONTRACT_OFFICER',
        method: 'ON_SITE',
        documentSha256: signed.sha256,
        signedAt: expect.any(String),
      },
      {
        party: 'CUSTOMER',
        signerId: HV.customerId,
        signerName: '李经理',
        signerRole: 'CUSTOMER',
        method: 'ON_PAPER',
        documentSha256: signed.sha256,
        signedAt: signed.fullySignedAt,
      },
    ]);

    for (const [token, party] of [
      [t.officer, undefined],
      [t.company, 'CUSTOMER'],
      [t.companyAgent, undefined],
    ] as const) {
      const error = await failure('signContract', token, { caseId: HV.caseId, method: 'ONLINE', ...(party ? { party } : {}) });
      expect(error.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'FULLY_SIGNED',
        requires: ['DRAFTED', 'PARTIALLY_SIGNED'],
      });
    }
    const parties = await failure('updateContractParties', t.officer, { caseId: HV.caseId, customerName: '华东电子有限公司' });
    expect(parties.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'FULLY_SIGNED',
      requires: ['DRAFTED', 'PARTIALLY_SIGNED'],
    });
    expect(parties.message).toContain('updateContractParties');

    const schemeV3 = confirmed(HV, { schemeId: randomUUID(), version: 3, capacityKva: 1250, supplySources: 2 });
    const event = createEvent('planning.scheme.confirmed.v1', schemeV3, { source: '/yekuo/planning' });
    await publish(event, event);
    const after = await readCase(t.officer, HV.caseId);
    expect(after.contract).toEqual(signed);
    expect(after.contract).toMatchObject({
      id: signed.id,
      version: 3,
      status: 'FULLY_SIGNED',
      sha256: signed.sha256,
      terms: { capacityKva: 1000 },
    });
    expect(after.contractVersions).toHaveLength(3);
    const conflicts = await readCase(
      t.supervisor,
      HV.caseId,
      `contractSchemeConflicts { contractId schemeId schemeVersion terms { capacityKva } receivedAt }`,
    );
    expect(conflicts.contractSchemeConflicts).toEqual([
      {
        contractId: signed.id,
        schemeId: schemeV3.schemeId,
        schemeVersion: 3,
        terms: { capacityKva: 1250 },
        receivedAt: expect.any(String),
      },
    ]);
    const hidden = await graphql(
      service.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Case {
              contractSchemeConflicts {
                id
              }
            }
          }
        }
      `,
      { r: [{ __typename: 'Case', id: HV.caseId }] },
      t.company,
    );
    expect(hidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('takes partial payments, refuses an overpayment naming the outstanding amount, and settles at exactly the total once', async () => {
    expect((await readCase(t.officer, HV.caseId)).fees).toMatchObject({
      status: 'ISSUED',
      total: '210000.00',
      invoice: {
        status: 'ISSUED',
        total: '210000.00',
        outstanding: '210000.00',
        items: [
          {
            code: 'HIGH_RELIABILITY',
            description: '高可靠性供电费',
            quantity: '1000',
            unit: 'kVA × additional source',
            unitPrice: '210.00',
            amount: '210000.00',
          },
        ],
      },
      refund: null,
    });
    await ok('recordPayment', t.officer, { caseId: HV.caseId, amount: '100000.00' });
    const over = await failure('recordPayment', t.officer, { caseId: HV.caseId, amount: '110000.01' });
    expect(over.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'input.amount', message: 'amount 110000.01 exceeds the outstanding 110000.00 CNY' }],
    });
    expect((await readCase(t.company, HV.caseId)).fees).toMatchObject({ paid: '100000.00', outstanding: '110000.00', settled: false });
    expect((await readCase(t.company, HV.caseId)).contractsStatus).toBe('AWAITING_PAYMENT');
    await ok('recordPayment', t.officer, { caseId: HV.caseId, amount: '60000.5' });
    await ok('recordPayment', t.officer, { caseId: HV.caseId, amount: '49999.50' });
    const view = await readCase(t.company, HV.caseId);
    expect(view.fees).toMatchObject({
      status: 'SETTLED',
      settled: true,
      paid: '210000.00',
      outstanding: '0.00',
      invoice: { status: 'SETTLED', paid: '210000.00', outstanding: '0.00' },
      payments: [{ amount: '100000.00' }, { amount: '60000.50' }, { amount: '49999.50' }],
    });
    expect(view.contractsStatus).toBe('COMPLETED');
    expect((await failure('recordPayment', t.officer, { caseId: HV.caseId, amount: '0.01' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SETTLED',
    });

    await waitFor('the settlement on the bus', () => contractsEventsOf(HV.caseId).some((e) => e.type === 'contracts.fees.settled.v1'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const settled = contractsEventsOf(HV.caseId).filter((e) => e.type === 'contracts.fees.settled.v1');
    expect(settled).toHaveLength(1);
    expect(settled[0].data).toMatchObject({ total: '210000.00', actor: { id: 'officer-7', role: 'contract-officer' } });
    // Invoiced at 168000.00 for 800 kVA, re-priced before any payment when scheme version 2 granted 1000 kVA.
    expect(
      contractsEventsOf(HV.caseId)
        .filter((e) => e.type === 'contracts.fees.invoiced.v1')
        .map((e) => (e.data as { total: string }).total),
    ).toEqual(['168000.00', '210000.00']);
    expect(settled[0].data).toHaveProperty('nextAction', {
      role: 'metering-technician',
      description: 'Energize once every gate condition holds',
    });
  });

  it('on withdrawal after a partial payment cancels the contract and the invoice and records the refund once, however often the withdrawal arrives', async () => {
    await publish(createEvent('planning.scheme.confirmed.v1', confirmed(WD), { source: '/yekuo/planning' }));
    await ok('updateContractParties', t.officer, { caseId: WD.caseId, customerName: '浦东精密机械有限公司' });
    await ok('signContract', t.wdCustomer, { caseId: WD.caseId, method: 'ONLINE' });
    await ok('recordPayment', t.officer, { caseId: WD.caseId, amount: '50000.00' });

    const customer = { id: WD.customerId, role: 'customer' } as const;
    const event = withdrawn(WD, 'HV_DUAL_SOURCE', customer);
    await publish(event, event);
    await publish(withdrawn(WD, 'HV_DUAL_SOURCE', customer)); // the same withdrawal published again under a new id

    const view = await readCase(t.wdCustomer, WD.caseId);
    expect(view.contractsStatus).toBe('CANCELLED');
    expect(view.contract).toMatchObject({
      version: 2,
      status: 'CANCELLED',
      cancelledAt: expect.any(String),
      signatures: [{ party: 'CUSTOMER' }],
    });
    expect(view.fees).toMatchObject({
      status: 'CANCELLED',
      paid: '50000.00',
      outstanding: '0.00',
      settled: false,
      invoice: { status: 'CANCELLED', paid: '50000.00', cancelledAt: expect.any(String) },
      refund: { due: '50000.00', reason: '项目取消，不再用电', recordedAt: expect.any(String) },
    });
    const [{ n }] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM fee_refund WHERE case_id = $1', [WD.caseId]);
    expect(n).toBe(1);

    await waitFor('the cancellation on the bus', () => contractsEventsOf(WD.caseId).some((e) => e.type === 'contracts.case.cancelled.v1'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cancelled = contractsEventsOf(WD.caseId).filter((e) => e.type === 'contracts.case.cancelled.v1');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].data).toEqual({
      caseId: WD.caseId,
      caseNumber: WD.caseNumber,
      customerId: WD.customerId,
      category: 'HV_DUAL_SOURCE',
      policyVersion: '2020-01',
      actor: customer,
      nextAction: { role: 'contract-officer', description: 'Refund the business fees paid: 50000.00 CNY' },
      reason: '项目取消，不再用电',
      cancelledWork: ['SUPPLY_CONTRACT', 'FEE_INVOICE'],
      refundDue: '50000.00',
    });
  });

  it('refuses every contracts mutation on a withdrawn case with INVALID_TRANSITION CANCELLED, and a later scheme opens nothing', async () => {
    const sign = await failure('signContract', t.officer, { caseId: WD.caseId, method: 'ONLINE' });
    expect(sign.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'CANCELLED',
      requires: ['DRAFTED', 'PARTIALLY_SIGNED'],
    });
    const pay = await failure('recordPayment', t.officer, { caseId: WD.caseId, amount: '1.00' });
    expect(pay.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED', requires: ['ISSUED', 'PARTIALLY_PAID'] });
    const parties = await failure('updateContractParties', t.officer, { caseId: WD.caseId, customerName: '某公司' });
    expect(parties.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
    // Isolation holds for a withdrawn case too.
    expect((await failure('signContract', t.stranger, { caseId: WD.caseId, method: 'ONLINE' })).extensions?.code).toBe('NOT_FOUND');

    const before = await readCase(t.officer, WD.caseId);
    await publish(
      createEvent('planning.scheme.confirmed.v1', confirmed(WD, { schemeId: randomUUID(), version: 2 }), { source: '/yekuo/planning' }),
    );
    expect(await readCase(t.officer, WD.caseId)).toEqual(before);
  });

  it('cancels a case it never heard of with nothing closed and nothing to refund, and a confirmation arriving afterwards drafts nothing', async () => {
    const agent = { id: 'agent-3', role: 'agent' } as const;
    await publish(withdrawn(EARLY, 'LV_NON_RESIDENTIAL', agent));
    await publish(
      createEvent(
        'planning.scheme.confirmed.v1',
        confirmed(EARLY, { category: 'LV_NON_RESIDENTIAL', voltageLevel: 'AC380V', capacityKva: 60, supplySources: 1 }),
        { source: '/yekuo/planning' },
      ),
    );
    expect(await readCase(t.officer, EARLY.caseId)).toMatchObject({
      contractsStatus: 'CANCELLED',
      contract: null,
      contractVersions: [],
      fees: null,
    });
    const rows = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM supply_contract WHERE case_id = $1', [
      EARLY.caseId,
    ]);
    expect(rows[0].n).toBe(0);

    await waitFor('the cancellation on the bus', () => contractsEventsOf(EARLY.caseId).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const events = contractsEventsOf(EARLY.caseId);
    expect(events.map((e) => e.type)).toEqual(['contracts.case.cancelled.v1']);
    expect(events[0].data).toMatchObject({ actor: agent, cancelledWork: [], refundDue: '0.00', reason: '项目取消，不再用电' });
    expect(events[0].data).not.toHaveProperty('nextAction');
  });

  it('charges the temporary supply fee from the business type in intake’s acceptance, with quantity and unit price', async () => {
    await publish(
      createEvent(
        'intake.application.accepted.v1',
        {
          ...TEMP,
          category: 'LV_NON_RESIDENTIAL',
          policyVersion: '2020-01',
          actor: { id: 'clerk-1', role: 'intake-clerk' },
          businessType: 'TEMPORARY_SUPPLY',
          capacityKva: 100,
          voltageLevel: 'AC380V',
          supplySources: 1,
          regionCode: '310115',
          acceptedAt: new Date().toISOString(),
        },
        { source: '/yekuo/intake' },
      ),
    );
    await publish(
      createEvent(
        'planning.scheme.confirmed.v1',
        confirmed(TEMP, {
          category: 'LV_NON_RESIDENTIAL',
          voltageLevel: 'AC380V',
          capacityKva: 100,
          supplySources: 1,
          meteringMethod: 'LOW_SUPPLY_LOW_METERING',
          tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
        }),
        { source: '/yekuo/planning' },
      ),
    );
    const view = await readCase(t.officer, TEMP.caseId);
    expect(view.fees.invoice).toMatchObject({
      status: 'ISSUED',
      total: '5000.00',
      items: [{ code: 'TEMPORARY_SUPPLY', description: '临时接电费', quantity: '100', unit: 'kVA', unitPrice: '50.00', amount: '5000.00' }],
    });
    expect(view.contract).toMatchObject({ templateCode: 'LOW_VOLTAGE', status: 'DRAFTED' });
  });

  it('charges the temporary supply fee from the confirmed scheme when intake’s acceptance has not reached contracts', async () => {
    await publish(
      createEvent(
        'planning.scheme.confirmed.v1',
        confirmed(TEMP_LATE, {
          category: 'LV_NON_RESIDENTIAL',
          voltageLevel: 'AC380V',
          capacityKva: 100,
          supplySources: 1,
          meteringMethod: 'LOW_SUPPLY_LOW_METERING',
          tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
          businessType: 'TEMPORARY_SUPPLY',
        }),
        { source: '/yekuo/planning' },
      ),
    );
    const view = await readCase(t.officer, TEMP_LATE.caseId);
    expect(view.fees.invoice).toMatchObject({ status: 'ISSUED', total: '5000.00', items: [{ code: 'TEMPORARY_SUPPLY' }] });
  });

  it('keeps an invoice already paid into when a later scheme prices differently, and records the difference for staff', async () => {
    const schemeV1 = confirmed(PAID);
    await publish(createEvent('planning.scheme.confirmed.v1', schemeV1, { source: '/yekuo/planning' }));
    await ok('recordPayment', t.officer, { caseId: PAID.caseId, amount: '1000.00' });
    await publish(
      createEvent(
        'planning.scheme.confirmed.v1',
        { ...schemeV1, schemeId: randomUUID(), version: 2, capacityKva: 1000 },
        { source: '/yekuo/planning' },
      ),
    );
    const view = await readCase(t.officer, PAID.caseId);
    expect(view.contract).toMatchObject({ version: 2, schemeVersion: 2, terms: { capacityKva: 1000 } });
    expect(view.fees.invoice).toMatchObject({
      status: 'PARTIALLY_PAID',
      total: '168000.00',
      paid: '1000.00',
      items: [{ quantity: '800' }],
    });
    const review = await dataSource.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM audit_record WHERE case_id = $1 AND action = 'contracts.fees.review-needed'`,
      [PAID.caseId],
    );
    expect(review.map((r) => r.data)).toEqual([
      { invoiceId: view.fees.invoice.id, schemeVersion: 2, invoiced: '168000.00', repriced: '210000.00', paid: '1000.00' },
    ]);
  });

  it('keeps a valid audit chain for every case', async () => {
    for (const c of [RES, HV, WD, EARLY, TEMP, TEMP_LATE, PAID]) {
      const audit = await readCase(t.auditor, c.caseId, 'contractsAudit { valid length firstBroken { seq } }');
      expect(audit.contractsAudit).toMatchObject({ valid: true, firstBroken: null });
      expect(audit.contractsAudit.length).toBeGreaterThan(0);
    }
    expect(consumer.stats.deadLettered).toBe(0);
  });
});
