import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServiceHarness } from '@yekuo/testing';
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
  startContracts,
  TestCase,
} from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

const SUMMARY_FIELDS = `
  id
  contract { id version status schemeId schemeVersion terms { capacityKva supplySources supplyPoints meteringMethod } }
  fees {
    invoiceId status currency policyVersion total paid outstanding settled invoicedAt settledAt
    items { code name basis amount }
    payments { id amount reference receivedAt recordedBy }
  }
`;

const INVOICE_FIELDS = `
  id contractsStatus
  contract { version status schemeVersion templateCode terms { capacityKva } }
  fees {
    total paid outstanding settled status
    invoice { id status total paid outstanding cancelledAt items { code description quantity unit unitPrice amount } }
    refund { due reason recordedAt }
    payments { amount }
  }
`;

/** A low-voltage non-residential connection of 100 kVA at 380 V. */
const LV_100_KVA = {
  category: 'LV_NON_RESIDENTIAL',
  voltageLevel: 'AC380V',
  capacityKva: 100,
  supplySources: 1,
  meteringMethod: 'LOW_SUPPLY_LOW_METERING',
  tariffCategory: 'GENERAL_INDUSTRIAL_COMMERCIAL',
} as const;

describe('fees: invoices, payments and re-pricing', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const officer = () => officerOf(h);
  const pay = (c: TestCase, amount: string, reference?: string) =>
    act(officer(), 'recordPayment', { caseId: c.caseId, amount, ...(reference === undefined ? {} : { reference }) });

  /** An HV dual-source case of 800 kVA (scheme version 2) whose invoice of 168000.00 is issued and unpaid. */
  const hvInvoiced = async () => {
    const hv = newCase();
    const scheme = confirmed(hv, { version: 2 });
    await confirm(h, scheme);
    return { hv, scheme };
  };

  it('invoices 168000.00 for an HV dual-source confirmation of 800 kVA', async () => {
    const { hv, scheme } = await hvInvoiced();
    const agent = h.as('agent', { sub: 'agent-1', actsFor: [hv.customerId] });
    const view = await agent.readCase(hv.caseId, SUMMARY_FIELDS);
    expect(view.contract).toMatchObject({
      version: 1,
      status: 'DRAFTED',
      schemeId: scheme.schemeId,
      schemeVersion: 2,
      terms: { capacityKva: 800, supplySources: 2, supplyPoints: scheme.supplyPoints, meteringMethod: 'HIGH_SUPPLY_HIGH_METERING' },
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
    const [row] = await h.app
      .get(DataSource)
      .query<{ total_fen: string; paid_fen: string }[]>('SELECT total_fen, paid_fen FROM fee_invoice WHERE case_id = $1', [hv.caseId]);
    expect(row).toEqual({ total_fen: '16800000', paid_fen: '0' });
  });

  it('reports invalid input per field, refuses wrong roles (FORBIDDEN) and foreign or unknown cases (NOT_FOUND)', async () => {
    const { hv } = await hvInvoiced();
    for (const amount of ['abc', '12.345', '-5', '0', '0.00', '1e3', ' 5']) {
      await expect(pay(hv, amount)).rejects.toMatchObject({
        extensions: { code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'input.amount' })] },
      });
    }
    await expect(act(officer(), 'recordPayment', { caseId: 'nope', amount: '1.2.3', reference: '  ' })).rejects.toMatchObject({
      extensions: {
        code: 'VALIDATION_FAILED',
        fields: expect.arrayContaining(
          ['input.caseId', 'input.amount', 'input.reference'].map((field) => expect.objectContaining({ field })),
        ),
      },
    });
    const customer = customerOf(h, hv);
    // A method outside the SigningMethod enum is refused by GraphQL before the input is validated.
    await expect(act(customer, 'signContract', { caseId: hv.caseId, method: 'FAX' })).rejects.toMatchObject({
      message: expect.stringContaining('"FAX" does not exist in "SigningMethod" enum'),
      extensions: { code: 'BAD_USER_INPUT' },
    });

    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    await expect(act(customer, 'recordPayment', { caseId: hv.caseId, amount: '1.00' })).rejects.toMatchObject(forbidden);
    await expect(act(h.as('metering-technician'), 'signContract', { caseId: hv.caseId, method: 'ONLINE' })).rejects.toMatchObject(
      forbidden,
    );
    await expect(act(h.as('auditor'), 'signContract', { caseId: hv.caseId, method: 'ONLINE' })).rejects.toMatchObject(forbidden);

    const notFound = { extensions: { code: 'NOT_FOUND' } };
    const otherCustomerId = randomUUID();
    await expect(
      act(h.as('customer', { sub: otherCustomerId }), 'signContract', { caseId: hv.caseId, method: 'ONLINE' }),
    ).rejects.toMatchObject(notFound);
    const strangerAgent = h.as('agent', { sub: 'agent-2', actsFor: [otherCustomerId] });
    await expect(act(strangerAgent, 'signContract', { caseId: hv.caseId, method: 'ONLINE' })).rejects.toMatchObject(notFound);
    await expect(act(officer(), 'recordPayment', { caseId: randomUUID(), amount: '1.00' })).rejects.toMatchObject(notFound);

    expect(await countOf(h, 'fee_payment', hv.caseId)).toBe(0);
    expect(await countOf(h, 'contract_signature', hv.caseId)).toBe(0);
  });

  it('refuses an overpayment with VALIDATION_FAILED naming the outstanding amount, and records nothing', async () => {
    const { hv } = await hvInvoiced();
    await expect(pay(hv, '168000.01')).rejects.toMatchObject({
      extensions: {
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'input.amount', message: 'amount 168000.01 exceeds the outstanding 168000.00 CNY' }],
      },
    });
    expect(await countOf(h, 'fee_payment', hv.caseId)).toBe(0);
    expect((await officer().readCase(hv.caseId, SUMMARY_FIELDS)).fees).toMatchObject({
      paid: '0.00',
      outstanding: '168000.00',
      status: 'ISSUED',
      payments: [],
    });
  });

  it('settles at exactly the total after two partial payments, deciding concurrent payments one at a time', async () => {
    const { hv } = await hvInvoiced();
    const customer = customerOf(h, hv);
    await pay(hv, '100000', ' BANK-20261201-001 ');
    expect((await customer.readCase(hv.caseId, SUMMARY_FIELDS)).fees).toMatchObject({
      status: 'PARTIALLY_PAID',
      paid: '100000.00',
      outstanding: '68000.00',
      settled: false,
      settledAt: null,
    });

    await expect(pay(hv, '68000.01')).rejects.toMatchObject({
      extensions: { fields: [{ field: 'input.amount', message: 'amount 68000.01 exceeds the outstanding 68000.00 CNY' }] },
    });

    // Four officers record the remaining 68000.00 at once: the row lock lets exactly one through.
    const attempts = await Promise.allSettled(Array.from({ length: 4 }, () => pay(hv, '68000.00')));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(
      attempts.flatMap((a) => (a.status === 'rejected' ? [[a.reason.extensions?.code, a.reason.extensions?.currentState]] : [])),
    ).toEqual(Array.from({ length: 3 }, () => ['INVALID_TRANSITION', 'SETTLED']));

    const fees = (await customer.readCase(hv.caseId, SUMMARY_FIELDS)).fees;
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
        recordedBy: OFFICER.sub,
      },
      { id: expect.any(String), amount: '68000.00', reference: null, receivedAt: fees.settledAt, recordedBy: OFFICER.sub },
    ]);

    await expect(pay(hv, '0.01')).rejects.toMatchObject({ extensions: { code: 'INVALID_TRANSITION', currentState: 'SETTLED' } });
    expect(await countOf(h, 'fee_payment', hv.caseId)).toBe(2);
  });

  it('takes partial payments, refuses an overpayment naming the outstanding amount, and settles at exactly the total once', async () => {
    // Invoiced at 168000.00 for 800 kVA, re-priced before any payment when scheme version 2 granted 1000 kVA;
    // the contract (version 3) is signed by both parties.
    const hv = newCase();
    const company = customerOf(h, hv, '李经理');
    const schemeV1 = confirmed(hv);
    await confirm(h, schemeV1);
    await enterParty(h, hv, '华东电子科技有限公司');
    await confirm(h, { ...schemeV1, schemeId: randomUUID(), version: 2, capacityKva: 1000 });
    await act(officer(), 'signContract', { caseId: hv.caseId, method: 'ON_SITE' });
    await act(company, 'signContract', { caseId: hv.caseId, method: 'ON_PAPER', version: 3 });

    expect((await officer().readCase(hv.caseId, INVOICE_FIELDS)).fees).toMatchObject({
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
    await pay(hv, '100000.00');
    await expect(pay(hv, '110000.01')).rejects.toMatchObject({
      extensions: {
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'input.amount', message: 'amount 110000.01 exceeds the outstanding 110000.00 CNY' }],
      },
    });
    const partial = await company.readCase(hv.caseId, INVOICE_FIELDS);
    expect(partial.fees).toMatchObject({ paid: '100000.00', outstanding: '110000.00', settled: false });
    expect(partial.contractsStatus).toBe('AWAITING_PAYMENT');
    await pay(hv, '60000.5');
    await pay(hv, '49999.50');
    const view = await company.readCase(hv.caseId, INVOICE_FIELDS);
    expect(view.fees).toMatchObject({
      status: 'SETTLED',
      settled: true,
      paid: '210000.00',
      outstanding: '0.00',
      invoice: { status: 'SETTLED', paid: '210000.00', outstanding: '0.00' },
      payments: [{ amount: '100000.00' }, { amount: '60000.50' }, { amount: '49999.50' }],
    });
    expect(view.contractsStatus).toBe('COMPLETED');
    await expect(pay(hv, '0.01')).rejects.toMatchObject({ extensions: { code: 'INVALID_TRANSITION', currentState: 'SETTLED' } });

    const settledOf = () => h.eventsOf(hv.caseId, 'contracts.').filter((e) => e.type === 'contracts.fees.settled.v1');
    await h.waitFor('the settlement on the bus', () => settledOf().length > 0);
    // Give a duplicate (a relay resend) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const settled = settledOf();
    expect(settled).toHaveLength(1);
    expect(settled[0].data).toMatchObject({ total: '210000.00', actor: { id: OFFICER.sub, role: 'contract-officer' } });
    expect(
      h
        .eventsOf(hv.caseId, 'contracts.')
        .filter((e) => e.type === 'contracts.fees.invoiced.v1')
        .map((e) => (e.data as { total: string }).total),
    ).toEqual(['168000.00', '210000.00']);
    expect(settled[0].data).toHaveProperty('nextAction', {
      role: 'metering-technician',
      description: 'Energize once every gate condition holds',
    });
  });

  it('charges the temporary supply fee from the business type in intake’s acceptance, with quantity and unit price', async () => {
    const temp = newCase();
    await h.publishAndWait(
      h.event('intake.application.accepted.v1', {
        ...temp,
        ...LV_100_KVA,
        policyVersion: '2020-01',
        actor: { id: 'clerk-1', role: 'intake-clerk' },
        businessType: 'TEMPORARY_SUPPLY',
        regionCode: '310115',
        acceptedAt: '2026-03-02T01:00:00.000Z',
      }),
    );
    await confirm(h, confirmed(temp, LV_100_KVA));
    const view = await officer().readCase(temp.caseId, INVOICE_FIELDS);
    expect(view.fees.invoice).toMatchObject({
      status: 'ISSUED',
      total: '5000.00',
      items: [{ code: 'TEMPORARY_SUPPLY', description: '临时接电费', quantity: '100', unit: 'kVA', unitPrice: '50.00', amount: '5000.00' }],
    });
    expect(view.contract).toMatchObject({ templateCode: 'LOW_VOLTAGE', status: 'DRAFTED' });
  });

  it('charges the temporary supply fee from the confirmed scheme when intake’s acceptance has not reached contracts', async () => {
    const late = newCase();
    await confirm(h, confirmed(late, { ...LV_100_KVA, businessType: 'TEMPORARY_SUPPLY' }));
    const view = await officer().readCase(late.caseId, INVOICE_FIELDS);
    expect(view.fees.invoice).toMatchObject({ status: 'ISSUED', total: '5000.00', items: [{ code: 'TEMPORARY_SUPPLY' }] });
  });

  it('keeps an invoice already paid into when a later scheme prices differently, and records the difference for staff', async () => {
    const paid = newCase();
    const schemeV1 = confirmed(paid);
    await confirm(h, schemeV1);
    await pay(paid, '1000.00');
    await confirm(h, { ...schemeV1, schemeId: randomUUID(), version: 2, capacityKva: 1000 });
    const view = await officer().readCase(paid.caseId, INVOICE_FIELDS);
    expect(view.contract).toMatchObject({ version: 2, schemeVersion: 2, terms: { capacityKva: 1000 } });
    expect(view.fees.invoice).toMatchObject({
      status: 'PARTIALLY_PAID',
      total: '168000.00',
      paid: '1000.00',
      items: [{ quantity: '800' }],
    });
    const review = await h.app
      .get(DataSource)
      .query<{ data: Record<string, unknown> }[]>(
        `SELECT data FROM audit_record WHERE case_id = $1 AND action = 'contracts.fees.review-needed'`,
        [paid.caseId],
      );
    expect(review.map((r) => r.data)).toEqual([
      { invoiceId: view.fees.invoice.id, schemeVersion: 2, invoiced: '168000.00', repriced: '210000.00', paid: '1000.00' },
    ]);
  });
});
