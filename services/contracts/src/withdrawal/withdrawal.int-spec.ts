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
  officerOf,
  startContracts,
  TestCase,
  WITHDRAWAL_REASON,
  withdrawn,
} from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

const CASE_FIELDS = `
  id contractsStatus
  contract { id version status cancelledAt signatures { party } }
  contractVersions { id version status }
  fees {
    total paid outstanding settled status
    invoice { id status total paid outstanding cancelledAt }
    refund { due reason recordedAt }
  }
`;

describe('withdrawal: what contracts closes when intake withdraws a case', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const officer = () => officerOf(h);
  const cancellationsOf = (c: TestCase) => h.eventsOf(c.caseId, 'contracts.').filter((e) => e.type === 'contracts.case.cancelled.v1');

  /** An HV case whose customer signed and paid 50000.00 before withdrawing (the withdrawal delivered twice, then republished). */
  const withdrawnAfterPayment = async () => {
    const wd = newCase();
    await confirm(h, confirmed(wd));
    await enterParty(h, wd, '浦东精密机械有限公司');
    await act(customerOf(h, wd), 'signContract', { caseId: wd.caseId, method: 'ONLINE' });
    await act(officer(), 'recordPayment', { caseId: wd.caseId, amount: '50000.00' });
    const customer = { id: wd.customerId, role: 'customer' } as const;
    const event = withdrawn(h, wd, 'HV_DUAL_SOURCE', customer);
    await h.publishAndWait(event, event);
    await h.publishAndWait(withdrawn(h, wd, 'HV_DUAL_SOURCE', customer)); // the same withdrawal published again under a new id
    return { wd, customer };
  };

  it('on withdrawal after a partial payment cancels the contract and the invoice and records the refund once, however often the withdrawal arrives', async () => {
    const { wd, customer } = await withdrawnAfterPayment();

    const view = await customerOf(h, wd).readCase(wd.caseId, CASE_FIELDS);
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
      refund: { due: '50000.00', reason: WITHDRAWAL_REASON, recordedAt: expect.any(String) },
    });
    const [{ n }] = await h.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT count(*)::int AS n FROM fee_refund WHERE case_id = $1', [wd.caseId]);
    expect(n).toBe(1);

    await h.waitFor('the cancellation on the bus', () => cancellationsOf(wd).length > 0);
    // Give a duplicate (a relay resend) the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cancelled = cancellationsOf(wd);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].data).toEqual({
      caseId: wd.caseId,
      caseNumber: wd.caseNumber,
      customerId: wd.customerId,
      category: 'HV_DUAL_SOURCE',
      policyVersion: '2020-01',
      actor: customer,
      nextAction: { role: 'contract-officer', description: 'Refund the business fees paid: 50000.00 CNY' },
      reason: WITHDRAWAL_REASON,
      cancelledWork: ['SUPPLY_CONTRACT', 'FEE_INVOICE'],
      refundDue: '50000.00',
    });
  });

  it('refuses every contracts mutation on a withdrawn case with INVALID_TRANSITION CANCELLED, and a later scheme opens nothing', async () => {
    const { wd } = await withdrawnAfterPayment();
    await expect(act(officer(), 'signContract', { caseId: wd.caseId, method: 'ONLINE' })).rejects.toMatchObject({
      extensions: { code: 'INVALID_TRANSITION', currentState: 'CANCELLED', requires: ['DRAFTED', 'PARTIALLY_SIGNED'] },
    });
    await expect(act(officer(), 'recordPayment', { caseId: wd.caseId, amount: '1.00' })).rejects.toMatchObject({
      extensions: { code: 'INVALID_TRANSITION', currentState: 'CANCELLED', requires: ['ISSUED', 'PARTIALLY_PAID'] },
    });
    await expect(enterParty(h, wd, '某公司')).rejects.toMatchObject({
      extensions: { code: 'INVALID_TRANSITION', currentState: 'CANCELLED' },
    });
    // Isolation holds for a withdrawn case too.
    const stranger = h.as('customer', { sub: randomUUID() });
    await expect(act(stranger, 'signContract', { caseId: wd.caseId, method: 'ONLINE' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });

    const before = await officer().readCase(wd.caseId, CASE_FIELDS);
    await confirm(h, confirmed(wd, { schemeId: randomUUID(), version: 2 }));
    expect(await officer().readCase(wd.caseId, CASE_FIELDS)).toEqual(before);
  });

  it('cancels a case it never heard of with nothing closed and nothing to refund, and a confirmation arriving afterwards drafts nothing', async () => {
    const early = newCase();
    const agent = { id: 'agent-3', role: 'agent' } as const;
    await h.publishAndWait(withdrawn(h, early, 'LV_NON_RESIDENTIAL', agent));
    await confirm(h, confirmed(early, { category: 'LV_NON_RESIDENTIAL', voltageLevel: 'AC380V', capacityKva: 60, supplySources: 1 }));
    expect(await officer().readCase(early.caseId, CASE_FIELDS)).toMatchObject({
      contractsStatus: 'CANCELLED',
      contract: null,
      contractVersions: [],
      fees: null,
    });
    expect(await countOf(h, 'supply_contract', early.caseId)).toBe(0);

    await h.waitFor('the cancellation on the bus', () => h.eventsOf(early.caseId, 'contracts.').length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const events = h.eventsOf(early.caseId, 'contracts.');
    expect(events.map((e) => e.type)).toEqual(['contracts.case.cancelled.v1']);
    expect(events[0].data).toMatchObject({ actor: agent, cancelledWork: [], refundDue: '0.00', reason: WITHDRAWAL_REASON });
    expect(events[0].data).not.toHaveProperty('nextAction');
  });
});
