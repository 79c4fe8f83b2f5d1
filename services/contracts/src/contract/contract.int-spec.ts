import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { pdfText, ServiceHarness } from '@yekuo/testing';
import {
  act,
  confirm,
  confirmed,
  countOf,
  customerOf,
  enterParty,
  newCase,
  OFFICER,
  officerOf,
  residential,
  startContracts,
  TestCase,
} from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

const SUMMARY_FIELDS = `
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

const CONTRACT = `id version status schemeVersion sha256 pageCount byteSize templateCode templateVersion
  draftedAt fullySignedAt supersededAt supersededBecause cancelledAt
  parties { customer { id name address } utility { name address } }
  terms { capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary }
  signatures { party signerId signerName signerRole method documentSha256 signedAt }`;

const DOCUMENT_FIELDS = `
  id contractsStatus
  contract { ${CONTRACT} }
  contractVersions { id version status sha256 signatures { party } }
  fees { total paid outstanding settled status }
`;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('contract: drafting, the document, signatures and versions', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const officer = () => officerOf(h);
  /** The current version's PDF as the graph returns it, decoded. */
  const pdfOf = async (caller: ReturnType<ServiceHarness['as']>, c: TestCase) => {
    const view = await caller.readCase(c.caseId, `contract { id version sha256 pageCount byteSize pdfBase64 }`);
    return { bytes: Buffer.from(view.contract.pdfBase64 as string, 'base64'), contract: view.contract };
  };

  /** A residential case whose officer entered 张三's name and address: its contract is at version 2. */
  const residentialWithParty = async () => {
    const c = newCase();
    await confirm(h, residential(c));
    await enterParty(h, c, ' 张三 ', '上海市浦东新区张江路88弄3号');
    return c;
  };

  it('drafts the contract of an LV residential confirmation and settles its invoice of zero at once', async () => {
    const lv = newCase();
    const scheme = residential(lv);
    await confirm(h, scheme);

    const view = await customerOf(h, lv).readCase(lv.caseId, SUMMARY_FIELDS);
    expect(view.contract).toEqual({
      id: expect.any(String),
      version: 1,
      status: 'DRAFTED',
      schemeId: scheme.schemeId,
      schemeVersion: 1,
      draftedAt: expect.any(String),
      fullySignedAt: null,
      terms: {
        voltageLevel: 'AC220V',
        capacityKva: 8,
        supplySources: 1,
        supplyPoints: scheme.supplyPoints,
        meteringMethod: 'LOW_SUPPLY_LOW_METERING',
        tariffCategory: 'RESIDENTIAL',
        propertyBoundary: '计量箱出线端子',
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
    await expect(act(officer(), 'recordPayment', { caseId: lv.caseId, amount: '10.00' })).rejects.toMatchObject({
      extensions: { code: 'INVALID_TRANSITION', currentState: 'SETTLED', requires: ['ISSUED', 'PARTIALLY_PAID'] },
    });
    expect(await countOf(h, 'fee_payment', lv.caseId)).toBe(0);

    // Another customer learns nothing.
    const other = h.as('customer', { sub: randomUUID() });
    expect(await other.readCase(lv.caseId, SUMMARY_FIELDS)).toEqual({ id: lv.caseId, contract: null, fees: null });
  });

  it('is fully signed on the second party’s signature; signing again is refused', async () => {
    const hv = newCase();
    await confirm(h, confirmed(hv));
    const customer = customerOf(h, hv);
    const agent = h.as('agent', { sub: 'agent-1', actsFor: [hv.customerId] });

    // Nobody signs a contract that does not name the customer: the officer enters the party first.
    await expect(act(customer, 'signContract', { caseId: hv.caseId, method: 'ONLINE' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    await enterParty(h, hv, '华东电子科技有限公司');
    await act(customer, 'signContract', { caseId: hv.caseId, method: 'ONLINE' });
    let contract = (await officer().readCase(hv.caseId, SUMMARY_FIELDS)).contract;
    expect(contract).toMatchObject({ status: 'PARTIALLY_SIGNED', fullySignedAt: null });
    expect(contract.signatures).toEqual([
      { party: 'CUSTOMER', signerId: hv.customerId, signerRole: 'CUSTOMER', method: 'ONLINE', signedAt: expect.any(String) },
    ]);

    // The customer's side has signed: neither the customer again nor their agent may sign for it.
    for (const caller of [customer, agent]) {
      await expect(act(caller, 'signContract', { caseId: hv.caseId, method: 'ON_PAPER' })).rejects.toMatchObject({
        extensions: { code: 'CONFLICT' },
      });
    }

    await act(officer(), 'signContract', { caseId: hv.caseId, method: 'ON_PAPER' });
    contract = (await agent.readCase(hv.caseId, SUMMARY_FIELDS)).contract;
    expect(contract).toMatchObject({ status: 'FULLY_SIGNED', fullySignedAt: expect.any(String) });
    expect(contract.signatures.map((s: Record<string, string>) => [s.party, s.signerId, s.signerRole, s.method])).toEqual([
      ['CUSTOMER', hv.customerId, 'CUSTOMER', 'ONLINE'],
      ['UTILITY', OFFICER.sub, 'CONTRACT_OFFICER', 'ON_PAPER'],
    ]);
    expect(contract.fullySignedAt).toBe(contract.signatures[1].signedAt);

    for (const caller of [officer(), customer, agent]) {
      await expect(act(caller, 'signContract', { caseId: hv.caseId, method: 'ONLINE' })).rejects.toMatchObject({
        extensions: { code: 'INVALID_TRANSITION', currentState: 'FULLY_SIGNED', requires: ['DRAFTED', 'PARTIALLY_SIGNED'] },
      });
    }
    expect(await countOf(h, 'contract_signature', hv.caseId)).toBe(2);
  });

  it('renders the contract to a PDF whose text carries the case number and the customer’s Chinese name, and whose sha256 is the stored one', async () => {
    const res = newCase();
    const zhangsan = customerOf(h, res, '张三');
    await confirm(h, residential(res));
    const first = (await officer().readCase(res.caseId, DOCUMENT_FIELDS)).contract;
    expect(first).toMatchObject({
      version: 1,
      status: 'DRAFTED',
      templateCode: 'RESIDENTIAL',
      templateVersion: '2026-01',
      parties: { customer: { id: res.customerId, name: null, address: null }, utility: { name: '国网示范市电力公司' } },
      terms: { capacityKva: 8, supplyPoints: ['张江台区低压3号线17号杆'] },
    });
    const v1 = await pdfOf(zhangsan, res);
    expect(pdfText(v1.bytes).text).toContain('（待核实）');
    expect(sha256(v1.bytes)).toBe(first.sha256);

    // The officer supplies the customer's name: the unsigned version 1 is superseded by version 2.
    await enterParty(h, res, ' 张三 ', '上海市浦东新区张江路88弄3号');
    const view = await zhangsan.readCase(res.caseId, DOCUMENT_FIELDS);
    expect(view.contract).toMatchObject({
      version: 2,
      status: 'DRAFTED',
      parties: { customer: { id: res.customerId, name: '张三', address: '上海市浦东新区张江路88弄3号' } },
    });
    // Personal data by role: the contract officer sees the name; a planner needs the site address, not the name.
    expect((await officer().readCase(res.caseId, DOCUMENT_FIELDS)).contract.parties.customer).toMatchObject({ name: '张三' });
    expect((await h.as('planner').readCase(res.caseId, DOCUMENT_FIELDS)).contract.parties.customer).toMatchObject({
      name: '张*',
      address: '上海市浦东新区张江路88弄3号',
    });
    expect((await h.as('supervisor').readCase(res.caseId, DOCUMENT_FIELDS)).contract.parties.customer).toMatchObject({
      address: '上海市浦东新区****',
    });
    expect(view.contractVersions.map((c: Record<string, unknown>) => [c.version, c.status])).toEqual([
      [2, 'DRAFTED'],
      [1, 'SUPERSEDED'],
    ]);
    expect(view.contractsStatus).toBe('AWAITING_SIGNATURES');

    const { bytes, contract } = await pdfOf(zhangsan, res);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(contract.byteSize);
    expect(sha256(bytes)).toBe(contract.sha256);
    expect(contract.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(contract.sha256).not.toBe(first.sha256);
    const { text, pages } = pdfText(bytes);
    expect(pages).toBe(contract.pageCount);
    expect(text.replace(/\s+/g, '')).toContain('居民供用电合同');
    expect(text).toContain(res.caseNumber);
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

    // The stored bytes are sealed (decision 0018), their recorded hash is that of what the graph returned, and they cannot be changed.
    const dataSource = h.app.get(DataSource);
    const [row] = await dataSource.query<{ sha256: string; pdf: Buffer }[]>(
      'SELECT sha256, pdf FROM contract_document WHERE contract_id = $1',
      [contract.id],
    );
    expect(row.sha256).toBe(sha256(bytes));
    expect(row.pdf.includes(bytes.subarray(0, 5))).toBe(false);
    // The service's own role may not change it at all; the superuser meets the trigger.
    const change = `UPDATE contract_document SET sha256 = repeat('0', 64) WHERE contract_id = $1`;
    const remove = `DELETE FROM contract_document WHERE contract_id = $1`;
    await expect(dataSource.query(change, [contract.id])).rejects.toThrow(/permission denied/);
    await expect(dataSource.query(remove, [contract.id])).rejects.toThrow(/permission denied/);
    const superuser = await new DataSource({ type: 'postgres', url: h.run.databaseUrl('contracts') }).initialize();
    try {
      await expect(superuser.query(change, [contract.id])).rejects.toThrow(/immutable/);
      await expect(superuser.query(remove, [contract.id])).rejects.toThrow(/immutable/);
    } finally {
      await superuser.destroy();
    }
  });

  it('lets the customer, contract officers and auditors download the PDF, nobody else; another customer sees nothing', async () => {
    const res = await residentialWithParty();
    for (const caller of [customerOf(h, res, '张三'), officer(), h.as('auditor')]) {
      const { bytes } = await pdfOf(caller, res);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    }
    const planner = h.as('planner');
    const denied = await planner.raw(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Case { contract { version pdfBase64 } } } }`,
      { r: [{ __typename: 'Case', id: res.caseId }] },
    );
    expect(denied.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(denied.data?._entities[0].contract).toEqual({ version: 2, pdfBase64: null });
    // A planner still reads the contract's facts, without the document.
    expect((await planner.readCase(res.caseId, DOCUMENT_FIELDS)).contract.version).toBe(2);
    const stranger = h.as('customer', { sub: randomUUID() });
    expect(await stranger.readCase(res.caseId, DOCUMENT_FIELDS)).toMatchObject({
      contract: null,
      contractVersions: [],
      fees: null,
      contractsStatus: null,
    });
    await expect(act(stranger, 'signContract', { caseId: res.caseId, method: 'ONLINE' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('reports bad party details per field and refuses them from anyone but a contract officer', async () => {
    const res = await residentialWithParty();
    const invalid = act(officer(), 'updateContractParties', { caseId: 'x', customerName: '  ', customerAddress: '' });
    await expect(invalid).rejects.toMatchObject({
      extensions: {
        code: 'VALIDATION_FAILED',
        fields: expect.arrayContaining(
          ['input.caseId', 'input.customerName', 'input.customerAddress'].map((field) => expect.objectContaining({ field })),
        ),
      },
    });
    for (const caller of [customerOf(h, res), h.as('planner'), h.as('auditor')]) {
      await expect(act(caller, 'updateContractParties', { caseId: res.caseId, customerName: '李四' })).rejects.toMatchObject({
        extensions: { code: 'FORBIDDEN' },
      });
    }
    await expect(act(officer(), 'updateContractParties', { caseId: randomUUID(), customerName: '李四' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    expect((await officer().readCase(res.caseId, DOCUMENT_FIELDS)).contract).toMatchObject({
      version: 2,
      parties: { customer: { name: '张三' } },
    });
  });

  it('supersedes a partially signed version when a later scheme is confirmed, keeping its signature, and drafts version 2 from the new terms', async () => {
    const hv = newCase();
    const company = customerOf(h, hv, '李经理');
    const schemeV1 = confirmed(hv);
    await confirm(h, schemeV1);
    await enterParty(h, hv, '华东电子科技有限公司');
    const before = (await company.readCase(hv.caseId, DOCUMENT_FIELDS)).contract;
    expect(before).toMatchObject({
      version: 2,
      status: 'DRAFTED',
      schemeVersion: 1,
      parties: { customer: { name: '华东电子科技有限公司' } },
    });
    const { text } = pdfText((await pdfOf(company, hv)).bytes);
    expect(text).toContain('华东电子科技有限公司');
    expect(text).toContain(hv.caseNumber);
    expect(text.replace(/\s+/g, '')).toContain('高压供用电合同');

    // The customer may sign only for the customer, and only the version they read.
    await expect(act(company, 'signContract', { caseId: hv.caseId, method: 'ONLINE', party: 'UTILITY' })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(act(officer(), 'signContract', { caseId: hv.caseId, method: 'ONLINE', party: 'CUSTOMER' })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(act(company, 'signContract', { caseId: hv.caseId, method: 'ONLINE', version: 1 })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    const agent = h.as('agent', { sub: 'agent-9', actsFor: [hv.customerId], name: '王代办' });
    await act(agent, 'signContract', { caseId: hv.caseId, method: 'E_SIGNATURE', party: 'CUSTOMER', version: 2 });

    // Planning confirms scheme version 2 (1000 kVA) before the utility signs.
    await confirm(h, { ...schemeV1, schemeId: randomUUID(), version: 2, capacityKva: 1000 });
    const view = await officer().readCase(hv.caseId, DOCUMENT_FIELDS);
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
    const versions = await officer().readCase(hv.caseId, `contractVersions { version supersededAt supersededBecause }`);
    expect(versions.contractVersions[1]).toMatchObject({
      version: 2,
      supersededAt: expect.any(String),
      supersededBecause: 'supply scheme version 2 confirmed',
    });
    expect(versions.contractVersions[2].supersededBecause).toBe('party details corrected by a contract officer');
    const { text: v3Text } = pdfText((await pdfOf(officer(), hv)).bytes);
    expect(v3Text).toContain('1000 千伏安');

    // A late copy of scheme version 1 (a new event id) changes nothing.
    await confirm(h, schemeV1);
    expect((await officer().readCase(hv.caseId, DOCUMENT_FIELDS)).contract).toEqual(view.contract);
  });

  it('is immutable once both parties signed: further signatures, party changes and later schemes are refused or recorded for staff', async () => {
    // The case of the test above: version 2 signed by the customer's agent, then superseded by version 3 (1000 kVA).
    const hv = newCase();
    const company = customerOf(h, hv, '李经理');
    const agent = h.as('agent', { sub: 'agent-9', actsFor: [hv.customerId], name: '王代办' });
    const schemeV1 = confirmed(hv);
    await confirm(h, schemeV1);
    await enterParty(h, hv, '华东电子科技有限公司');
    await act(agent, 'signContract', { caseId: hv.caseId, method: 'E_SIGNATURE', party: 'CUSTOMER', version: 2 });
    await confirm(h, { ...schemeV1, schemeId: randomUUID(), version: 2, capacityKva: 1000 });

    await act(officer(), 'signContract', { caseId: hv.caseId, method: 'ON_SITE' });
    await act(company, 'signContract', { caseId: hv.caseId, method: 'ON_PAPER', version: 3 });
    const signed = (await company.readCase(hv.caseId, DOCUMENT_FIELDS)).contract;
    expect(signed).toMatchObject({ version: 3, status: 'FULLY_SIGNED', fullySignedAt: expect.any(String) });
    expect(signed.signatures).toEqual([
      {
        party: 'UTILITY',
        signerId: OFFICER.sub,
        signerName: OFFICER.name,
        signerRole: 'CONTRACT_OFFICER',
        method: 'ON_SITE',
        documentSha256: signed.sha256,
        signedAt: expect.any(String),
      },
      {
        party: 'CUSTOMER',
        signerId: hv.customerId,
        signerName: '李经理',
        signerRole: 'CUSTOMER',
        method: 'ON_PAPER',
        documentSha256: signed.sha256,
        signedAt: signed.fullySignedAt,
      },
    ]);

    for (const [caller, party] of [
      [officer(), undefined],
      [company, 'CUSTOMER'],
      [agent, undefined],
    ] as const) {
      await expect(act(caller, 'signContract', { caseId: hv.caseId, method: 'ONLINE', ...(party ? { party } : {}) })).rejects.toMatchObject(
        {
          extensions: { code: 'INVALID_TRANSITION', currentState: 'FULLY_SIGNED', requires: ['DRAFTED', 'PARTIALLY_SIGNED'] },
        },
      );
    }
    await expect(enterParty(h, hv, '华东电子有限公司')).rejects.toMatchObject({
      message: expect.stringContaining('updateContractParties'),
      extensions: { code: 'INVALID_TRANSITION', currentState: 'FULLY_SIGNED', requires: ['DRAFTED', 'PARTIALLY_SIGNED'] },
    });

    const schemeV3 = confirmed(hv, { schemeId: randomUUID(), version: 3, capacityKva: 1250, supplySources: 2 });
    const event = h.event('planning.scheme.confirmed.v1', schemeV3);
    await h.publishAndWait(event, event);
    const after = await officer().readCase(hv.caseId, DOCUMENT_FIELDS);
    expect(after.contract).toEqual(signed);
    expect(after.contract).toMatchObject({
      id: signed.id,
      version: 3,
      status: 'FULLY_SIGNED',
      sha256: signed.sha256,
      terms: { capacityKva: 1000 },
    });
    expect(after.contractVersions).toHaveLength(3);
    const conflicts = await h
      .as('supervisor')
      .readCase(hv.caseId, `contractSchemeConflicts { contractId schemeId schemeVersion terms { capacityKva } receivedAt }`);
    expect(conflicts.contractSchemeConflicts).toEqual([
      {
        contractId: signed.id,
        schemeId: schemeV3.schemeId,
        schemeVersion: 3,
        terms: { capacityKva: 1250 },
        receivedAt: expect.any(String),
      },
    ]);
    await expect(company.readCase(hv.caseId, `contractSchemeConflicts { id }`)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
