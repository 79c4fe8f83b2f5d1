import { graphql, ServiceHarness, StatementLog, tablesOf } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { contractsService } from '../contracts.service-definition';
import { act, confirmed, customerOf, enterParty, newCase, officerOf, TestCase, withdrawn } from '../testing/contracts.fixtures';

jest.setTimeout(180_000);

const CASES = 50;

/** What the README's case query asks of contracts, and the flat fees the brief's profile asked. */
const README_FIELDS = 'contract { status } fees { invoice { total } settled }';
const FLAT_FEES_FIELDS = 'contract { status } fees { total settled }';

/** Every field of the case contracts answers, and below it (the PDF itself apart). */
const FULL_FIELDS = `
  id contractsStatus
  contract {
    id version status schemeId schemeVersion
    terms { voltageLevel capacityKva supplySources supplyPoints meteringMethod tariffCategory propertyBoundary }
    parties { customer { id name address } utility { id name address } }
    templateCode templateVersion sha256 pageCount byteSize
    signatures { party signerId signerName signerRole method documentSha256 signedAt }
    draftedAt fullySignedAt supersededAt supersededBecause cancelledAt
  }
  contractVersions { id version status sha256 pageCount byteSize signatures { party } }
  contractSchemeConflicts { id contractId schemeVersion terms { capacityKva } receivedAt }
  fees {
    invoice {
      id status currency policyVersion total paid outstanding invoicedAt settledAt cancelledAt
      items { code name description basis quantity unit unitPrice amount }
    }
    refund { due reason recordedAt }
    invoiceId status currency policyVersion total paid outstanding settled invoicedAt settledAt
    items { code amount }
    payments { id amount reference receivedAt recordedBy }
  }
`;

const ENTITIES = (fields: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { ${fields} } } }`;

describe('contracts answers `_entities` with the tables the asked fields need, one statement per table (in process, real PostgreSQL)', () => {
  let h: ServiceHarness;
  let log: StatementLog;
  const cases: TestCase[] = Array.from({ length: CASES }, () => newCase());
  const [signed, partial, cancelled] = cases;

  beforeAll(async () => {
    // No outbox poll and no time-limit sweep while statements are counted (the outbox is still relayed on NOTIFY).
    h = await ServiceHarness.start(contractsService, (config) => AppModule.forRoot(config), {
      env: { OUTBOX_POLL_MS: '3600000', TIME_LIMIT_SWEEP_MS: '0' },
    });
    await h.publishAndWait(...cases.map((c) => h.event('planning.scheme.confirmed.v1', confirmed(c))));

    const officer = officerOf(h);
    for (const c of [signed, partial]) {
      await enterParty(h, c, '华东电子科技有限公司', '上海市浦东新区张江路1号');
      await act(customerOf(h, c, '陈一'), 'signContract', { caseId: c.caseId, method: 'ONLINE' });
    }
    await act(officer, 'signContract', { caseId: signed.caseId, method: 'ON_PAPER' });
    await act(officer, 'recordPayment', { caseId: signed.caseId, amount: '168000.00', reference: 'BANK-1' });
    await act(officer, 'recordPayment', { caseId: partial.caseId, amount: '1000.00' });
    // A scheme confirmed after full signature is kept as a conflict.
    await h.publishAndWait(h.event('planning.scheme.confirmed.v1', confirmed(signed, { version: 2, capacityKva: 1000 })));
    await h.publishAndWait(withdrawn(h, cancelled, 'HV_DUAL_SOURCE', { id: cancelled.customerId, role: 'customer' }));
    log = await h.recordStatements();
  });

  afterAll(async () => {
    log?.stop();
    await h?.stop();
  });

  /** Resolves `Case` for `ids` through `_entities` as the gateway does, and the statements it took. */
  const read = async (ids: string[], fields: string) => {
    const token = await h.token('contract-officer', { sub: 'officer-7', name: '赵专责' });
    log.take();
    const response = await graphql<{ _entities: Record<string, any>[] }>(
      h.url,
      ENTITIES(fields),
      { r: ids.map((id) => ({ __typename: 'Case', id })) },
      token,
    );
    expect(response.errors).toBeUndefined();
    return { cases: response.data!._entities, queries: [...log.statements] };
  };

  it("answers the README's fields of a case from the case row, the contract and the invoice only", async () => {
    const officer = officerOf(h);
    await officer.token();
    for (const [c, contract, total, settled] of [
      [signed, 'FULLY_SIGNED', '168000.00', true],
      [partial, 'PARTIALLY_SIGNED', '168000.00', false],
      [cancelled, 'CANCELLED', '168000.00', false],
      [cases[10], 'DRAFTED', '168000.00', false],
    ] as const) {
      for (const [fields, fees] of [
        [README_FIELDS, { invoice: { total }, settled }],
        [FLAT_FEES_FIELDS, { total, settled }],
      ] as const) {
        log.take();
        expect(await officer.readCase(c.caseId, fields)).toEqual({ contract: { status: contract }, fees });
        const sent = [...log.statements];
        expect(sent.length).toBeLessThanOrEqual(3);
        expect(sent.flatMap(tablesOf).sort()).toEqual(['contracts_case', 'fee_invoice', 'supply_contract']);
      }
    }
  });

  it('answers the full detail of 50 cases with one statement per table, not one per case', async () => {
    const one = await read([signed.caseId], FULL_FIELDS);
    const all = await read(
      cases.map((c) => c.caseId),
      FULL_FIELDS,
    );

    expect(all.cases.map((c) => c.id)).toEqual(cases.map((c) => c.caseId));
    expect(all.cases[0]).toMatchObject({
      contractsStatus: expect.any(String),
      contract: {
        version: 2,
        status: 'FULLY_SIGNED',
        parties: { customer: { name: '华东电子科技有限公司' } },
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        pageCount: expect.any(Number),
        signatures: [
          { party: 'CUSTOMER', signerName: '陈一', method: 'ONLINE' },
          { party: 'UTILITY', signerName: '赵专责', method: 'ON_PAPER' },
        ],
      },
      contractVersions: [
        { version: 2, status: 'FULLY_SIGNED', signatures: [{ party: 'CUSTOMER' }, { party: 'UTILITY' }] },
        { version: 1, status: 'SUPERSEDED', signatures: [] },
      ],
      contractSchemeConflicts: [{ schemeVersion: 2, terms: { capacityKva: 1000 } }],
      fees: {
        invoice: { status: 'SETTLED', total: '168000.00', paid: '168000.00', outstanding: '0.00' },
        refund: null,
        settled: true,
        status: 'SETTLED',
        payments: [{ amount: '168000.00', reference: 'BANK-1', recordedBy: 'officer-7' }],
      },
    });
    expect(all.cases[0].fees.invoice.items.length).toBeGreaterThan(0);
    expect(all.cases[0].fees.items).toEqual(all.cases[0].fees.invoice.items.map((i: any) => ({ code: i.code, amount: i.amount })));
    expect(all.cases[1]).toMatchObject({
      contract: { status: 'PARTIALLY_SIGNED', signatures: [{ party: 'CUSTOMER' }] },
      fees: { paid: '1000.00', outstanding: '167000.00', settled: false, payments: [{ amount: '1000.00', reference: null }] },
    });
    expect(all.cases[2]).toMatchObject({
      contract: { status: 'CANCELLED', signatures: [] },
      fees: { invoice: { status: 'CANCELLED', outstanding: '0.00' }, refund: { due: '0.00' }, payments: [] },
    });
    expect(all.cases[3]).toMatchObject({
      contract: { version: 1, status: 'DRAFTED', signatures: [], parties: { customer: { name: null } } },
      contractSchemeConflicts: [],
      fees: { invoice: { status: 'ISSUED' }, refund: null, payments: [] },
    });

    const tables = all.queries.flatMap(tablesOf);
    expect(new Set(tables).size).toBe(tables.length);
    expect(all.queries).toHaveLength(tables.length);
    expect(all.queries.length).toBeLessThanOrEqual(9);
    expect(all.queries.length).toBe(one.queries.length);
  });

  it('reads the PDFs of the contracts asked in one statement', async () => {
    const asked = cases.slice(0, 10);
    const { cases: found, queries: sent } = await read(
      asked.map((c) => c.caseId),
      'contract { sha256 pdfBase64 }',
    );
    for (const c of found) expect(c.contract.pdfBase64.startsWith(Buffer.from('%PDF').toString('base64').slice(0, 4))).toBe(true);
    expect(sent.flatMap(tablesOf).sort()).toEqual(['contract_document', 'contract_document', 'contracts_case', 'supply_contract']);
  });
});
