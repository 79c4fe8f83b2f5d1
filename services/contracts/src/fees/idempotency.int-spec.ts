import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { keyHashOf } from '@yekuo/platform';
import type { Caller } from '@yekuo/testing';
import { ServiceHarness } from '@yekuo/testing';
import {
  auditActionsOf,
  confirm,
  confirmed,
  countOf,
  customerOf,
  enterParty,
  newCase,
  officerOf,
  startContracts,
  TestCase,
} from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id fees { paid outstanding payments { id amount } } } }`;
const SIGN = `mutation($input: SignContractInput!) { signContract(input: $input) { id contract { status signatures { party signedAt } } } }`;

describe('idempotent mutations in contracts: recordPayment and signContract with an Idempotency-Key', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const with_ = (caller: Caller, key: string) => caller.withHeaders({ 'idempotency-key': key });
  const eventsOf = async (c: TestCase) =>
    (
      await h.app
        .get(DataSource)
        .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_message WHERE event->>'subject' = $1`, [c.caseId])
    )[0].n;

  /** An HV dual-source case whose invoice of 168000.00 is issued and whose contract names the customer. */
  const invoiced = async () => {
    const c = newCase();
    await confirm(h, confirmed(c));
    await enterParty(h, c, '华东电子科技有限公司');
    return c;
  };

  it('records concurrent duplicates of a payment once, each answered with the first answer', async () => {
    const c = await invoiced();
    const audits = (await auditActionsOf(h, c.caseId)).length;
    const events = await eventsOf(c);
    const key = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => with_(officerOf(h), key).raw(PAY, { input: { caseId: c.caseId, amount: '1000.00' } })),
    );
    expect(answers[0]).toMatchObject({ data: { recordPayment: { fees: { paid: '1000.00', payments: [{ amount: '1000.00' }] } } } });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await countOf(h, 'fee_payment', c.caseId)).toBe(1);
    expect((await auditActionsOf(h, c.caseId)).length).toBe(audits + 1);
    expect(await eventsOf(c)).toBe(events + 1);

    // The same key with another amount is refused, and records nothing.
    await expect(with_(officerOf(h), key).mutate(PAY, { input: { caseId: c.caseId, amount: '2000.00' } })).rejects.toMatchObject({
      extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    // Without a key, a second payment of the same amount is a second payment.
    await officerOf(h).mutate(PAY, { input: { caseId: c.caseId, amount: '1000.00' } });
    expect(await countOf(h, 'fee_payment', c.caseId)).toBe(2);
  });

  it('signs once for concurrent duplicates of signContract, where a second signature would be refused', async () => {
    const c = await invoiced();
    const key = randomUUID();
    const events = await eventsOf(c);
    const answers = await Promise.all(
      [1, 2, 3].map(() => with_(customerOf(h, c), key).raw(SIGN, { input: { caseId: c.caseId, method: 'ONLINE' } })),
    );
    expect(answers[0]).toMatchObject({
      data: { signContract: { contract: { status: 'PARTIALLY_SIGNED', signatures: [{ party: 'CUSTOMER' }] } } },
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await countOf(h, 'contract_signature', c.caseId)).toBe(1);
    expect(await eventsOf(c)).toBe(events + 1);

    // The utility's officer with the same key is another caller: it signs for its side.
    const utility = await with_(officerOf(h), key).mutate(SIGN, { input: { caseId: c.caseId, method: 'ON_PAPER' } });
    expect(utility.signContract.contract.status).toBe('FULLY_SIGNED');
    // And the same key on another operation (recordPayment) is another key too.
    await with_(officerOf(h), key).mutate(PAY, { input: { caseId: c.caseId, amount: '1.00' } });
    expect(await countOf(h, 'fee_payment', c.caseId)).toBe(1);
  });

  it('leaves the key free when the mutation is refused: a retry with the same key acts once the refusal no longer holds', async () => {
    const c = newCase();
    await confirm(h, confirmed(c));
    const key = randomUUID();
    const sign = () => with_(customerOf(h, c), key).mutate(SIGN, { input: { caseId: c.caseId, method: 'ONLINE' } });
    // The contract does not name the customer yet: CONFLICT, raised inside the transaction that claimed the key.
    await expect(sign()).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    const [{ n }] = await h.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT count(*)::int AS n FROM idempotency_key WHERE key_hash = $1', [keyHashOf(key)]);
    expect(n).toBe(0);
    await enterParty(h, c, '华东电子科技有限公司');
    expect((await sign()).signContract.contract.status).toBe('PARTIALLY_SIGNED');
    expect(await countOf(h, 'contract_signature', c.caseId)).toBe(1);
  });
});
