import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventPayload } from '@yekuo/events';
import { ServiceHarness } from '@yekuo/testing';
import {
  act,
  CASE_TABLES,
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

const CASE_FIELDS = `
  id
  contract { id version status schemeId schemeVersion signatures { party signerId method signedAt } }
  fees { invoiceId status total paid outstanding settledAt payments { id amount reference recordedBy } }
`;

describe('confirmation: what contracts does with planning’s confirmed schemes, and what it publishes', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const officer = () => officerOf(h);

  /** An LV residential case confirmed by its customer: drafted, invoiced 0.00 and settled at once. */
  const lvCase = async () => {
    const lv = newCase();
    const event = h.event('planning.scheme.confirmed.v1', residential(lv));
    await h.publishAndWait(event);
    return { lv, event };
  };

  /**
   * An HV dual-source case taken as far as contracts goes: confirmed (scheme version 2, 800 kVA), paid in two
   * payments, the party entered (version 1 superseded by version 2), signed by the customer, then by the utility.
   */
  const hvCompleted = async () => {
    const hv = newCase();
    const scheme: EventPayload<'planning.scheme.confirmed.v1'> = confirmed(hv, {
      version: 2,
      nextAction: { role: 'customer', description: 'Have a qualified design unit of your choice submit the design drawings for review' },
    });
    const event = h.event('planning.scheme.confirmed.v1', scheme);
    await h.publishAndWait(event);
    await act(officer(), 'recordPayment', { caseId: hv.caseId, amount: '100000', reference: 'BANK-20261201-001' });
    await act(officer(), 'recordPayment', { caseId: hv.caseId, amount: '68000.00' });
    await enterParty(h, hv, '华东电子科技有限公司');
    await act(customerOf(h, hv), 'signContract', { caseId: hv.caseId, method: 'ONLINE' });
    await act(officer(), 'signContract', { caseId: hv.caseId, method: 'ON_PAPER' });
    return { hv, scheme, event };
  };

  const rowsOf = (c: TestCase) => Promise.all(CASE_TABLES.map((table) => countOf(h, table, c.caseId)));

  it('changes nothing on a redelivered confirmation, a republished one, or a later scheme version', async () => {
    const { lv, event: lvEvent } = await lvCase();
    const { hv, scheme, event: hvEvent } = await hvCompleted();
    // contracts_case, supply_contract, fee_invoice, fee_invoice_item, fee_payment, contract_signature
    expect(await rowsOf(lv)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(await rowsOf(hv)).toEqual([1, 2, 1, 1, 2, 2]);
    const hvBefore = await officer().readCase(hv.caseId, CASE_FIELDS);
    const lvBefore = await officer().readCase(lv.caseId, CASE_FIELDS);

    const republished = h.event('planning.scheme.confirmed.v1', scheme); // same facts, new event id
    const later = h.event('planning.scheme.confirmed.v1', { ...scheme, schemeId: randomUUID(), version: 3, capacityKva: 1000 });
    await h.publishAndWait(hvEvent, lvEvent, republished, later); // the first two: the same events again
    expect(h.consumer.stats.deadLettered).toBe(0);

    expect(await rowsOf(lv)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(await rowsOf(hv)).toEqual([1, 2, 1, 1, 2, 2]);
    expect(await officer().readCase(hv.caseId, CASE_FIELDS)).toEqual(hvBefore);
    expect(await officer().readCase(lv.caseId, CASE_FIELDS)).toEqual(lvBefore);
    // Redeliveries are skipped by the inbox; the two new events are recorded there (once each) and applied as no-ops.
    const ids = [lvEvent, hvEvent, republished, later].map((e) => e.id);
    const inbox = await h.app
      .get(DataSource)
      .query<{ event_id: string }[]>(`SELECT event_id FROM inbox_message WHERE consumer = 'contracts' AND event_id = ANY($1)`, [ids]);
    expect(inbox.map((r) => r.event_id).sort()).toEqual([...ids].sort());
  });

  it('published each contracts event exactly once, valid against the catalog', async () => {
    const { lv } = await lvCase();
    const { hv } = await hvCompleted();
    // The drafting and invoicing clocks of each case, started at the confirmation and stopped by the draft and the invoice.
    const clocks = ['started', 'started', 'stopped', 'stopped'].map((kind) => `contracts.timelimit.${kind}.v2`);
    const expected = {
      [lv.caseId]: ['contracts.contract.drafted.v1', 'contracts.fees.invoiced.v1', 'contracts.fees.settled.v1', ...clocks],
      [hv.caseId]: [
        ...clocks,
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
    const ofBoth = () => [...h.eventsOf(lv.caseId, 'contracts.'), ...h.eventsOf(hv.caseId, 'contracts.')];
    const total = Object.values(expected).flat().length;
    await h.waitFor('every contracts event of both cases on the exchange', () => ofBoth().length >= total);
    // Give a duplicate (a relay resend) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const events = ofBoth();
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => e.id)).size).toBe(total);
    for (const event of events) expect(event.source).toBe('/yekuo/contracts');
    const data = (c: TestCase, type: string) => h.eventsOf(c.caseId, type).map((e) => e.data as Record<string, any>);
    const types = (c: TestCase) =>
      h
        .eventsOf(c.caseId, 'contracts.')
        .map((e) => e.type)
        .sort();

    // LV residential: drafted, invoiced 0.00 and settled 0.00, once each.
    expect(types(lv)).toEqual([...expected[lv.caseId]].sort());
    const lvView = await officer().readCase(lv.caseId, CASE_FIELDS);
    const system = { id: 'system:contracts', role: 'contract-officer' };
    expect(data(lv, 'contracts.contract.drafted.v1')).toEqual([
      {
        caseId: lv.caseId,
        caseNumber: lv.caseNumber,
        customerId: lv.customerId,
        category: 'LV_RESIDENTIAL',
        policyVersion: '2020-01',
        actor: system,
        nextAction: { role: 'customer', description: 'Sign the supply-use contract' },
        // The work the draft opens and closes, named by the policy (`actionsOf`).
        actions: { closes: ['DRAFT_CONTRACT'], opens: ['SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY'] },
        contractId: lvView.contract.id,
        version: 1,
      },
    ]);
    const [lvInvoiced] = data(lv, 'contracts.fees.invoiced.v1');
    expect(lvInvoiced).toMatchObject({ invoiceId: lvView.fees.invoiceId, total: '0.00', actor: system, actions: { opens: ['PAY_FEES'] } });
    expect(lvInvoiced).not.toHaveProperty('nextAction');
    const [lvSettled] = data(lv, 'contracts.fees.settled.v1');
    expect(lvSettled).toMatchObject({ invoiceId: lvView.fees.invoiceId, total: '0.00' });
    expect(lvSettled).not.toHaveProperty('nextAction');

    // HV dual source.
    expect(types(hv)).toEqual([...expected[hv.caseId]].sort());
    const hvView = await officer().readCase(hv.caseId, CASE_FIELDS);
    const officerActor = { id: OFFICER.sub, role: 'contract-officer' };
    // Version 1 named no customer; the officer's entry of the party drafted version 2, the one signed.
    expect(data(hv, 'contracts.contract.drafted.v1')).toEqual([
      expect.objectContaining({ version: 1, category: 'HV_DUAL_SOURCE', caseNumber: hv.caseNumber }),
      expect.objectContaining({ contractId: hvView.contract.id, version: 2, category: 'HV_DUAL_SOURCE', caseNumber: hv.caseNumber }),
    ]);
    expect(data(hv, 'contracts.fees.invoiced.v1')).toEqual([
      expect.objectContaining({
        invoiceId: hvView.fees.invoiceId,
        total: '168000.00',
        nextAction: { role: 'customer', description: 'Pay the business fees' },
      }),
    ]);
    const received = data(hv, 'contracts.payment.received.v1');
    expect(received.map((r) => [r.invoiceId, r.paymentId, r.amount])).toEqual(
      hvView.fees.payments.map((p: Record<string, string>) => [hvView.fees.invoiceId, p.id, p.amount]),
    );
    expect(received[0]).toMatchObject({
      actor: officerActor,
      nextAction: { role: 'customer', description: 'Pay the outstanding business fees: 68000.00 CNY' },
    });
    expect(received[1]).not.toHaveProperty('nextAction');
    const settled = data(hv, 'contracts.fees.settled.v1');
    expect(settled).toEqual([expect.objectContaining({ invoiceId: hvView.fees.invoiceId, total: '168000.00', actor: officerActor })]);
    expect(settled[0]).not.toHaveProperty('nextAction'); // the contract was not signed yet
    expect(data(hv, 'contracts.contract.signed.v1')).toEqual([
      expect.objectContaining({
        contractId: hvView.contract.id,
        version: 2,
        party: 'CUSTOMER',
        fullySigned: false,
        actor: { id: hv.customerId, role: 'customer' },
        nextAction: { role: 'contract-officer', description: 'Sign the supply-use contract for the utility' },
      }),
      expect.objectContaining({
        contractId: hvView.contract.id,
        version: 2,
        party: 'UTILITY',
        fullySigned: true,
        actor: officerActor,
        nextAction: { role: 'metering-technician', description: 'Energize once every gate condition holds' },
      }),
    ]);

    const [{ pending }] = await h.app
      .get(DataSource)
      .query<{ pending: number }[]>('SELECT count(*)::int AS pending FROM outbox_message WHERE published_at IS NULL');
    expect(pending).toBe(0);
  });
});
