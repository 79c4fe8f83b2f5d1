import { randomUUID } from 'node:crypto';
import { ServiceHarness } from '@yekuo/testing';
import {
  act,
  auditActionsOf,
  confirm,
  confirmed,
  customerOf,
  enterParty,
  newCase,
  officerOf,
  residential,
  startContracts,
  TestCase,
  withdrawn,
} from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

const AUDIT = 'contractsAudit { valid length firstBroken { seq } }';

describe('contracts case: the audit chain', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const officer = () => officerOf(h);
  const pay = (c: TestCase, amount: string) => act(officer(), 'recordPayment', { caseId: c.caseId, amount });

  it('keeps a valid audit chain per case, readable by auditors only', async () => {
    const lv = newCase();
    await confirm(h, residential(lv));
    const hv = newCase();
    const scheme = confirmed(hv, { version: 2 });
    await confirm(h, scheme);
    await pay(hv, '100000');
    await pay(hv, '68000.00');
    await enterParty(h, hv, '华东电子科技有限公司');
    await act(customerOf(h, hv), 'signContract', { caseId: hv.caseId, method: 'ONLINE' });
    await act(officer(), 'signContract', { caseId: hv.caseId, method: 'ON_PAPER' });
    await confirm(h, { ...scheme, schemeId: randomUUID(), version: 3, capacityKva: 1000 });

    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id ${AUDIT} } } }`;
    const audited = await h.as('auditor').query<{ _entities: { id: string; contractsAudit: unknown }[] }>(query, {
      r: [lv, hv, newCase()].map((c) => ({ __typename: 'Case', id: c.caseId })),
    });
    expect(audited._entities.map((e) => e.contractsAudit)).toEqual([
      // opened, 2 clocks started, rendered, drafted, drafting clock stopped, invoiced, settled, invoicing clock stopped
      { valid: true, length: 9, firstBroken: null },
      // opened, 2 clocks started, rendered, drafted, drafting clock stopped, invoiced, invoicing clock stopped, 2 payments,
      // settled, the party entered (version 1 superseded, version 2 rendered and drafted), 2 signatures, scheme version 3
      // recorded against the signed contract
      { valid: true, length: 18, firstBroken: null },
      null,
    ]);

    await expect(officer().query(query, { r: [{ __typename: 'Case', id: hv.caseId }] })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('keeps a valid audit chain for every case', async () => {
    // A residential case whose party was entered, one withdrawn after signing and paying, one withdrawn before contracts heard of it.
    const res = newCase();
    await confirm(h, residential(res));
    await enterParty(h, res, '张三', '上海市浦东新区张江路88弄3号');

    const wd = newCase();
    await confirm(h, confirmed(wd));
    await enterParty(h, wd, '浦东精密机械有限公司');
    await act(customerOf(h, wd), 'signContract', { caseId: wd.caseId, method: 'ONLINE' });
    await pay(wd, '50000.00');
    await h.publishAndWait(withdrawn(h, wd, 'HV_DUAL_SOURCE', { id: wd.customerId, role: 'customer' }));

    const early = newCase();
    await h.publishAndWait(withdrawn(h, early, 'LV_NON_RESIDENTIAL', { id: 'agent-3', role: 'agent' }));

    const started = 'contracts.timelimit.started.v2';
    const stopped = 'contracts.timelimit.stopped.v2';
    // The drafting and invoicing clocks start at the confirmation; the draft stops the first, the invoice the second.
    const drafted = ['contracts.case.opened', started, started, 'contracts.contract.rendered', 'contracts.contract.drafted.v1', stopped];
    const partyEntered = [
      'contracts.parties.updated',
      'contracts.contract.superseded',
      'contracts.contract.rendered',
      'contracts.contract.drafted.v1',
    ];
    const expected = {
      res: [...drafted, 'contracts.fees.invoiced.v1', 'contracts.fees.settled.v1', stopped, ...partyEntered],
      wd: [
        ...drafted,
        'contracts.fees.invoiced.v1',
        stopped,
        ...partyEntered,
        'contracts.contract.signed.v1',
        'contracts.payment.received.v1',
        'contracts.case.cancelled.v1',
      ],
      // Withdrawn before contracts heard of the case: the cancellation is all there is.
      early: ['contracts.case.cancelled.v1'],
    };
    const cases = { res, wd, early };
    const actions = Object.fromEntries(
      await Promise.all(Object.entries(cases).map(async ([name, c]) => [name, await auditActionsOf(h, c.caseId)] as const)),
    );
    expect(actions).toEqual(expected);
    for (const [name, c] of Object.entries(cases)) {
      const audit = await h.as('auditor').readCase(c.caseId, AUDIT);
      expect(audit.contractsAudit).toEqual({ valid: true, length: expected[name as keyof typeof cases].length, firstBroken: null });
    }
    expect(h.consumer.stats.deadLettered).toBe(0);
  });
});
