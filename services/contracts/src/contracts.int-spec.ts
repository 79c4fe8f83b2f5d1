import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AmqpEventsServer } from '@yekuo/platform';
import { CloudEvent, createEvent, EventPayload, parseEvent } from '@yekuo/events';
import {
  EventTap,
  graphql,
  GraphQLErrorBody,
  InProcessService,
  readCaseEntity,
  startServiceInProcess,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from './app.module';
import { contractsService } from './contracts.service-definition';

jest.setTimeout(90_000);

const caseNumber = () => `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;

const LV = { caseId: randomUUID(), customerId: randomUUID(), caseNumber: caseNumber() };
const HV = { caseId: randomUUID(), customerId: randomUUID(), caseNumber: caseNumber() };
const OTHER_CUSTOMER_ID = randomUUID();

/** What planning publishes when the customer confirms the scheme. */
const lvConfirmed: EventPayload<'planning.scheme.confirmed.v1'> = {
  ...LV,
  category: 'LV_RESIDENTIAL',
  policyVersion: '2020-01',
  actor: { id: LV.customerId, role: 'customer' },
  nextAction: {
    role: 'contract-officer',
    team: 'contracts',
    description: 'Draft the supply-use contract from the confirmed scheme and invoice the fees',
  },
  schemeId: randomUUID(),
  version: 1,
  voltageLevel: 'AC220V',
  capacityKva: 8,
  supplySources: 1,
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'RESIDENTIAL',
  supplyPoints: ['Pole 17 of LV line 3, Zhangjiang transformer area'],
  propertyBoundary: 'Outlet terminal of the meter box',
};

const hvConfirmed: EventPayload<'planning.scheme.confirmed.v1'> = {
  ...HV,
  category: 'HV_DUAL_SOURCE',
  policyVersion: '2020-01',
  actor: { id: HV.customerId, role: 'customer' },
  nextAction: { role: 'customer', description: 'Have a qualified design unit of your choice submit the design drawings for review' },
  schemeId: randomUUID(),
  version: 2,
  voltageLevel: 'AC10KV',
  capacityKva: 800,
  supplySources: 2,
  meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
  tariffCategory: 'LARGE_INDUSTRIAL',
  supplyPoints: ['10kV feeder 12 of Zhangjiang substation', '10kV feeder 7 of Gaoke substation'],
  propertyBoundary: 'Cable terminals of the customer switch room',
};

const CASE_FIELDS = `
  id
  contract {
    id version status schemeId schemeVersion draftedAt fullySignedAt
    terms { voltageLevel capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary }
    signatures { party signerId signerRole method signedAt }
  }
  fees {
    invoiceId status currency policyVersion total paid outstanding settled invoicedAt settledAt
    items { code name basis amount }
    payments { id amount reference receivedAt recordedBy }
  }
`;

const MUTATIONS = {
  signContract: `mutation($input: SignContractInput!) { signContract(input: $input) { id } }`,
  recordPayment: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`,
  updateContractParties: `mutation($input: UpdateContractPartiesInput!) { updateContractParties(input: $input) { id } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;

describe('contracts service (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  let service: InProcessService;
  let tap: EventTap;
  let bus: TestPublisher;
  let dataSource: DataSource;
  let consumer: AmqpEventsServer;
  const tokens: Record<string, string> = {};
  const published: Record<string, CloudEvent<'planning.scheme.confirmed.v1'>> = {};

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
    expect(response.data ?? null).toBeNull();
    return response.errors![0];
  };

  /** Reads the case as the gateway does: through `_entities`. */
  const readCase = (token: string, id: string) => readCaseEntity(service.url, token, id, CASE_FIELDS);

  const publishToExchange = (event: CloudEvent) => bus.publish(event);

  const count = async (table: string) => {
    const [{ n }] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    return n;
  };

  const contractsEvents = () => tap.messages.filter((m) => m.routingKey.startsWith('contracts.'));

  beforeAll(async () => {
    tap = await EventTap.open(run.amqpUrl, run.exchange, '#');
    service = await startServiceInProcess(run, contractsService, (config) => AppModule.forRoot(config));
    dataSource = service.app.get(DataSource);
    consumer = service.app.get(AmqpEventsServer);
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    const mint = (sub: string, role: Parameters<TestRun['token']>[0]['roles'][number], actsFor?: string[]) =>
      run.token({ sub, roles: [role], actsFor });
    Object.assign(tokens, {
      lvCustomer: await mint(LV.customerId, 'customer'),
      hvCustomer: await mint(HV.customerId, 'customer'),
      otherCustomer: await mint(OTHER_CUSTOMER_ID, 'customer'),
      hvAgent: await mint('agent-1', 'agent', [HV.customerId]),
      strangerAgent: await mint('agent-2', 'agent', [OTHER_CUSTOMER_ID]),
      officer: await mint('officer-1', 'contract-officer'),
      technician: await mint('technician-1', 'metering-technician'),
      auditor: await mint('auditor-1', 'auditor'),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await tap?.close();
    await bus?.close();
    await run.cleanUp(['contracts']);
    rmSync(run.keyDir, { recursive: true, force: true });
  });

  it('drafts the contract of an LV residential confirmation and settles its invoice of zero at once', async () => {
    published.lv = createEvent('planning.scheme.confirmed.v1', lvConfirmed, { source: '/yekuo/planning' });
    await publishToExchange(published.lv);
    await waitFor('the LV contract', async () => (await readCase(tokens.lvCustomer, LV.caseId)).contract);

    const view = await readCase(tokens.lvCustomer, LV.caseId);
    expect(view.contract).toEqual({
      id: expect.any(String),
      version: 1,
      status: 'DRAFTED',
      schemeId: lvConfirmed.schemeId,
      schemeVersion: 1,
      draftedAt: expect.any(String),
      fullySignedAt: null,
      terms: {
        voltageLevel: 'AC220V',
        capacityKva: 8,
        supplySources: 1,
        supplyPoints: lvConfirmed.supplyPoints,
        meteringMethod: 'LOW_SUPPLY_LOW_METERING',
        tariffCategory: 'RESIDENTIAL',
        propertyBoundary: 'Outlet terminal of the meter box',
      },
      signatures: [],
    });
    expect(view.fees).toEqual({
      invoiceId: expect.any(String),
      status: 'SETTLED',
      currency: 'CNY',
      policyVersion: '2026-02',
      total: '0.00',
      paid: '0.00',
      outstanding: '0.00',
      settled: true,
      invoicedAt: expect.any(String),
      settledAt: view.fees.invoicedAt,
      items: [],
      payments: [],
    });

    // Nothing to pay: a payment is refused as a step out of order, and nothing is recorded.
    const pay = await failure('recordPayment', tokens.officer, { caseId: LV.caseId, amount: '10.00' });
    expect(pay.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SETTLED', requires: ['ISSUED', 'PARTIALLY_PAID'] });
    expect(await count('fee_payment')).toBe(0);

    // Another customer learns nothing.
    expect(await readCase(tokens.otherCustomer, LV.caseId)).toEqual({ id: LV.caseId, contract: null, fees: null });
    expect(await readCase(tokens.hvCustomer, LV.caseId)).toEqual({ id: LV.caseId, contract: null, fees: null });
  });

  it('invoices 168000.00 for an HV dual-source confirmation of 800 kVA', async () => {
    published.hv = createEvent('planning.scheme.confirmed.v1', hvConfirmed, { source: '/yekuo/planning' });
    await publishToExchange(published.hv);
    await waitFor('the HV invoice', async () => (await readCase(tokens.officer, HV.caseId)).fees);

    const view = await readCase(tokens.hvAgent, HV.caseId);
    expect(view.contract).toMatchObject({
      version: 1,
      status: 'DRAFTED',
      schemeId: hvConfirmed.schemeId,
      schemeVersion: 2,
      terms: { capacityKva: 800, supplySources: 2, supplyPoints: hvConfirmed.supplyPoints, meteringMethod: 'HIGH_SUPPLY_HIGH_METERING' },
    });
    expect(view.fees).toMatchObject({
      status: 'ISSUED',
      total: '168000.00',
      paid: '0.00',
      outstanding: '168000.00',
      settled: false,
      settledAt: null,
      items: [
        {
          code: 'HIGH_RELIABILITY',
          name: 'high-reliability fee',
          basis: '210.00 CNY per kVA × 800 kVA × 1 additional supply source',
          amount: '168000.00',
        },
      ],
      payments: [],
    });
    // Stored as integer fen.
    const [row] = await dataSource.query<{ total_fen: string; paid_fen: string }[]>(
      'SELECT total_fen, paid_fen FROM fee_invoice WHERE case_id = $1',
      [HV.caseId],
    );
    expect(row).toEqual({ total_fen: '16800000', paid_fen: '0' });
  });

  it('reports invalid input per field, refuses wrong roles (FORBIDDEN) and foreign or unknown cases (NOT_FOUND)', async () => {
    for (const amount of ['abc', '12.345', '-5', '0', '0.00', '1e3', ' 5']) {
      const error = await failure('recordPayment', tokens.officer, { caseId: HV.caseId, amount });
      expect(error.extensions?.code).toBe('VALIDATION_FAILED');
      expect(error.extensions?.fields?.map((f) => f.field)).toEqual(['input.amount']);
    }
    const both = await failure('recordPayment', tokens.officer, { caseId: 'nope', amount: '1.2.3', reference: '  ' });
    expect(new Set(both.extensions?.fields?.map((f) => f.field))).toEqual(new Set(['input.caseId', 'input.amount', 'input.reference']));
    // A method outside the SigningMethod enum is refused by GraphQL before the input is validated.
    const method = await failure('signContract', tokens.hvCustomer, { caseId: HV.caseId, method: 'FAX' });
    expect(method.extensions?.code).toBe('BAD_USER_INPUT');
    expect(method.message).toContain('"FAX" does not exist in "SigningMethod" enum');

    expect((await failure('recordPayment', tokens.hvCustomer, { caseId: HV.caseId, amount: '1.00' })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('signContract', tokens.technician, { caseId: HV.caseId, method: 'ONLINE' })).extensions?.code).toBe('FORBIDDEN');
    expect((await failure('signContract', tokens.auditor, { caseId: HV.caseId, method: 'ONLINE' })).extensions?.code).toBe('FORBIDDEN');

    expect((await failure('signContract', tokens.otherCustomer, { caseId: HV.caseId, method: 'ONLINE' })).extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await failure('signContract', tokens.strangerAgent, { caseId: HV.caseId, method: 'ONLINE' })).extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await failure('recordPayment', tokens.officer, { caseId: randomUUID(), amount: '1.00' })).extensions?.code).toBe('NOT_FOUND');

    expect(await count('fee_payment')).toBe(0);
    expect(await count('contract_signature')).toBe(0);
  });

  it('refuses an overpayment with VALIDATION_FAILED naming the outstanding amount, and records nothing', async () => {
    const error = await failure('recordPayment', tokens.officer, { caseId: HV.caseId, amount: '168000.01' });
    expect(error.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'input.amount', message: 'amount 168000.01 exceeds the outstanding 168000.00 CNY' }],
    });
    expect(await count('fee_payment')).toBe(0);
    expect((await readCase(tokens.officer, HV.caseId)).fees).toMatchObject({
      paid: '0.00',
      outstanding: '168000.00',
      status: 'ISSUED',
      payments: [],
    });
  });

  it('settles at exactly the total after two partial payments, deciding concurrent payments one at a time', async () => {
    await ok('recordPayment', tokens.officer, { caseId: HV.caseId, amount: '100000', reference: ' BANK-20261201-001 ' });
    expect((await readCase(tokens.hvCustomer, HV.caseId)).fees).toMatchObject({
      status: 'PARTIALLY_PAID',
      paid: '100000.00',
      outstanding: '68000.00',
      settled: false,
      settledAt: null,
    });

    const over = await failure('recordPayment', tokens.officer, { caseId: HV.caseId, amount: '68000.01' });
    expect(over.extensions?.fields).toEqual([{ field: 'input.amount', message: 'amount 68000.01 exceeds the outstanding 68000.00 CNY' }]);

    // Four officers record the remaining 68000.00 at once: the row lock lets exactly one through.
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () => call('recordPayment', tokens.officer, { caseId: HV.caseId, amount: '68000.00' })),
    );
    expect(attempts.filter((r) => !r.errors)).toHaveLength(1);
    expect(attempts.flatMap((r) => r.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.currentState])).toEqual(
      Array.from({ length: 3 }, () => ['INVALID_TRANSITION', 'SETTLED']),
    );

    const fees = (await readCase(tokens.hvCustomer, HV.caseId)).fees;
    expect(fees).toMatchObject({
      status: 'SETTLED',
      total: '168000.00',
      paid: '168000.00',
      outstanding: '0.00',
      settled: true,
      settledAt: expect.any(String),
    });
    expect(fees.payments).toEqual([
      {
        id: expect.any(String),
        amount: '100000.00',
        reference: 'BANK-20261201-001',
        receivedAt: expect.any(String),
        recordedBy: 'officer-1',
      },
      { id: expect.any(String), amount: '68000.00', reference: null, receivedAt: fees.settledAt, recordedBy: 'officer-1' },
    ]);

    const again = await failure('recordPayment', tokens.officer, { caseId: HV.caseId, amount: '0.01' });
    expect(again.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'SETTLED' });
    expect(await count('fee_payment')).toBe(2);
  });

  it('is fully signed on the second party’s signature; signing again is refused', async () => {
    // Nobody signs a contract that does not name the customer: the officer enters the party first.
    const unnamed = await failure('signContract', tokens.hvCustomer, { caseId: HV.caseId, method: 'ONLINE' });
    expect(unnamed.extensions?.code).toBe('CONFLICT');
    await ok('updateContractParties', tokens.officer, { caseId: HV.caseId, customerName: '华东电子科技有限公司' });
    await ok('signContract', tokens.hvCustomer, { caseId: HV.caseId, method: 'ONLINE' });
    let contract = (await readCase(tokens.officer, HV.caseId)).contract;
    expect(contract).toMatchObject({ status: 'PARTIALLY_SIGNED', fullySignedAt: null });
    expect(contract.signatures).toEqual([
      { party: 'CUSTOMER', signerId: HV.customerId, signerRole: 'CUSTOMER', method: 'ONLINE', signedAt: expect.any(String) },
    ]);

    // The customer's side has signed: neither the customer again nor their agent may sign for it.
    for (const token of [tokens.hvCustomer, tokens.hvAgent]) {
      const error = await failure('signContract', token, { caseId: HV.caseId, method: 'ON_PAPER' });
      expect(error.extensions?.code).toBe('CONFLICT');
    }

    await ok('signContract', tokens.officer, { caseId: HV.caseId, method: 'ON_PAPER' });
    contract = (await readCase(tokens.hvAgent, HV.caseId)).contract;
    expect(contract).toMatchObject({ status: 'FULLY_SIGNED', fullySignedAt: expect.any(String) });
    expect(contract.signatures.map((s: Record<string, string>) => [s.party, s.signerId, s.signerRole, s.method])).toEqual([
      ['CUSTOMER', HV.customerId, 'CUSTOMER', 'ONLINE'],
      ['UTILITY', 'officer-1', 'CONTRACT_OFFICER', 'ON_PAPER'],
    ]);
    expect(contract.fullySignedAt).toBe(contract.signatures[1].signedAt);

    for (const token of [tokens.officer, tokens.hvCustomer, tokens.hvAgent]) {
      const error = await failure('signContract', token, { caseId: HV.caseId, method: 'ONLINE' });
      expect(error.extensions).toMatchObject({
        code: 'INVALID_TRANSITION',
        currentState: 'FULLY_SIGNED',
        requires: ['DRAFTED', 'PARTIALLY_SIGNED'],
      });
    }
    expect(await count('contract_signature')).toBe(2);
  });

  it('changes nothing on a redelivered confirmation, a republished one, or a later scheme version', async () => {
    const handledBefore = consumer.stats.handled;
    const before = await Promise.all(
      ['contracts_case', 'supply_contract', 'fee_invoice', 'fee_invoice_item', 'fee_payment', 'contract_signature'].map(count),
    );
    const hvBefore = await readCase(tokens.officer, HV.caseId);
    const lvBefore = await readCase(tokens.officer, LV.caseId);

    await publishToExchange(published.hv); // the same event again
    await publishToExchange(published.lv);
    await publishToExchange(createEvent('planning.scheme.confirmed.v1', hvConfirmed, { source: '/yekuo/planning' })); // same facts, new event id
    await publishToExchange(
      createEvent(
        'planning.scheme.confirmed.v1',
        { ...hvConfirmed, schemeId: randomUUID(), version: 3, capacityKva: 1000 },
        { source: '/yekuo/planning' },
      ),
    );
    await waitFor('four more deliveries handled', () => consumer.stats.handled >= handledBefore + 4);
    expect(consumer.stats.deadLettered).toBe(0);

    expect(
      await Promise.all(
        ['contracts_case', 'supply_contract', 'fee_invoice', 'fee_invoice_item', 'fee_payment', 'contract_signature'].map(count),
      ),
    ).toEqual(before);
    expect(before).toEqual([2, 3, 2, 1, 2, 2]);
    expect(await readCase(tokens.officer, HV.caseId)).toEqual(hvBefore);
    expect(await readCase(tokens.officer, LV.caseId)).toEqual(lvBefore);
    // Redeliveries are skipped by the inbox; the two new events are recorded there and applied as no-ops.
    const inbox = await dataSource.query<unknown[]>(`SELECT event_id FROM inbox_message WHERE consumer = 'contracts'`);
    expect(inbox).toHaveLength(4);
  });

  it('keeps a valid audit chain per case, readable by auditors only', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id contractsAudit { valid length firstBroken { seq } } } } }`;
    const audited = await graphql<{ _entities: { id: string; contractsAudit: unknown }[] }>(
      service.url,
      query,
      {
        r: [
          { __typename: 'Case', id: LV.caseId },
          { __typename: 'Case', id: HV.caseId },
          { __typename: 'Case', id: randomUUID() },
        ],
      },
      tokens.auditor,
    );
    expect(audited.errors).toBeUndefined();
    expect(audited.data!._entities.map((e) => e.contractsAudit)).toEqual([
      // opened, rendered, drafted, invoiced, settled
      { valid: true, length: 5, firstBroken: null },
      // opened, rendered, drafted, invoiced, 2 payments, settled, the party entered (version 1 superseded, version 2
      // rendered and drafted), 2 signatures, scheme version 3 recorded against the signed contract
      { valid: true, length: 14, firstBroken: null },
      null,
    ]);

    const denied = await graphql(service.url, query, { r: [{ __typename: 'Case', id: HV.caseId }] }, tokens.officer);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('published each contracts event exactly once, valid against the catalog', async () => {
    const expected = {
      [LV.caseId]: ['contracts.contract.drafted.v1', 'contracts.fees.invoiced.v1', 'contracts.fees.settled.v1'],
      [HV.caseId]: [
        'contracts.contract.drafted.v1',
        'contracts.contract.drafted.v1',
        'contracts.fees.invoiced.v1',
        'contracts.payment.received.v1',
        'contracts.payment.received.v1',
        'contracts.fees.settled.v1',
        'contracts.contract.signed.v1',
        'contracts.contract.signed.v1',
      ],
    };
    const total = Object.values(expected).flat().length;
    await waitFor('every contracts event on the exchange', () => contractsEvents().length >= total);
    // Give a duplicate (a relay resend) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const events = contractsEvents().map((m) => parseEvent(m.body));
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => e.id)).size).toBe(total);
    for (const event of events) expect(event.source).toBe('/yekuo/contracts');
    const of = (caseId: string) => events.filter((e) => e.subject === caseId).sort((a, b) => a.time.localeCompare(b.time));
    const data = (caseId: string, type: string) =>
      of(caseId)
        .filter((e) => e.type === type)
        .map((e) => e.data as Record<string, any>);

    // LV residential: drafted, invoiced 0.00 and settled 0.00, once each.
    expect(
      of(LV.caseId)
        .map((e) => e.type)
        .sort(),
    ).toEqual([...expected[LV.caseId]].sort());
    const lvView = await readCase(tokens.officer, LV.caseId);
    const system = { id: 'system:contracts', role: 'contract-officer' };
    expect(data(LV.caseId, 'contracts.contract.drafted.v1')).toEqual([
      {
        caseId: LV.caseId,
        caseNumber: LV.caseNumber,
        customerId: LV.customerId,
        category: 'LV_RESIDENTIAL',
        policyVersion: '2020-01',
        actor: system,
        nextAction: { role: 'customer', description: 'Sign the supply-use contract' },
        contractId: lvView.contract.id,
        version: 1,
      },
    ]);
    const [lvInvoiced] = data(LV.caseId, 'contracts.fees.invoiced.v1');
    expect(lvInvoiced).toMatchObject({ invoiceId: lvView.fees.invoiceId, total: '0.00', actor: system });
    expect(lvInvoiced).not.toHaveProperty('nextAction');
    const [lvSettled] = data(LV.caseId, 'contracts.fees.settled.v1');
    expect(lvSettled).toMatchObject({ invoiceId: lvView.fees.invoiceId, total: '0.00' });
    expect(lvSettled).not.toHaveProperty('nextAction');

    // HV dual source.
    expect(
      of(HV.caseId)
        .map((e) => e.type)
        .sort(),
    ).toEqual([...expected[HV.caseId]].sort());
    const hvView = await readCase(tokens.officer, HV.caseId);
    const officer = { id: 'officer-1', role: 'contract-officer' };
    // Version 1 named no customer; the officer's entry of the party drafted version 2, the one signed.
    expect(data(HV.caseId, 'contracts.contract.drafted.v1')).toEqual([
      expect.objectContaining({ version: 1, category: 'HV_DUAL_SOURCE', caseNumber: HV.caseNumber }),
      expect.objectContaining({ contractId: hvView.contract.id, version: 2, category: 'HV_DUAL_SOURCE', caseNumber: HV.caseNumber }),
    ]);
    expect(data(HV.caseId, 'contracts.fees.invoiced.v1')).toEqual([
      expect.objectContaining({
        invoiceId: hvView.fees.invoiceId,
        total: '168000.00',
        nextAction: { role: 'customer', description: 'Pay the business fees' },
      }),
    ]);
    const received = data(HV.caseId, 'contracts.payment.received.v1');
    expect(received.map((r) => [r.invoiceId, r.paymentId, r.amount])).toEqual(
      hvView.fees.payments.map((p: Record<string, string>) => [hvView.fees.invoiceId, p.id, p.amount]),
    );
    expect(received[0]).toMatchObject({
      actor: officer,
      nextAction: { role: 'customer', description: 'Pay the outstanding business fees: 68000.00 CNY' },
    });
    expect(received[1]).not.toHaveProperty('nextAction');
    const settled = data(HV.caseId, 'contracts.fees.settled.v1');
    expect(settled).toEqual([expect.objectContaining({ invoiceId: hvView.fees.invoiceId, total: '168000.00', actor: officer })]);
    expect(settled[0]).not.toHaveProperty('nextAction'); // the contract was not signed yet
    const signed = data(HV.caseId, 'contracts.contract.signed.v1');
    expect(signed).toEqual([
      expect.objectContaining({
        contractId: hvView.contract.id,
        version: 2,
        party: 'CUSTOMER',
        fullySigned: false,
        actor: { id: HV.customerId, role: 'customer' },
        nextAction: { role: 'contract-officer', description: 'Sign the supply-use contract for the utility' },
      }),
      expect.objectContaining({
        contractId: hvView.contract.id,
        version: 2,
        party: 'UTILITY',
        fullySigned: true,
        actor: officer,
        nextAction: { role: 'metering-technician', description: 'Energize once every gate condition holds' },
      }),
    ]);

    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL',
    );
    expect(pending).toBe(0);
  });
});
