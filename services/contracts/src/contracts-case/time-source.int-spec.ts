import { DataSource } from 'typeorm';
import { ManualTimeSource } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { act, confirm, confirmed, customerOf, newCase, officerOf, startContracts, withdrawn } from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
/** A day well away from the wall clock, so a time read from the system clock cannot pass for it. */
const T0 = new Date('2024-05-06T01:30:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR).toISOString();

/** Every time contracts records comes from the service's time source, here a clock the test sets by hand. */
describe('contracts reads the time from its time source (in process, real PostgreSQL and RabbitMQ)', () => {
  const time = new ManualTimeSource(T0);
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts(time);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The rows' timestamp columns as ISO strings (null stays null). */
  const times = async (sql: string, caseId: string) =>
    (await h.app.get(DataSource).query<Record<string, Date | null>[]>(sql, [caseId])).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
    );

  it('drafts, invoices, supersedes, signs and settles at the times the clock shows', async () => {
    const signed = newCase();
    const officer = officerOf(h);
    time.set(at(0));
    await h.publishAndWait(
      h.event('intake.application.accepted.v1', {
        ...signed,
        category: 'HV_DUAL_SOURCE',
        policyVersion: '2020-01',
        actor: { id: 'clerk-1', role: 'intake-clerk' },
        businessType: 'NEW_CONNECTION',
        capacityKva: 800,
        voltageLevel: 'AC10KV',
        supplySources: 2,
        regionCode: '310115',
        acceptedAt: T0.toISOString(),
      }),
    );
    expect(await times('SELECT recorded_at FROM contracts_application WHERE case_id = $1', signed.caseId)).toEqual([
      { recorded_at: at(0) },
    ]);

    await confirm(h, confirmed(signed));
    const drafted = await officer.readCase(signed.caseId, 'contract { draftedAt } fees { invoicedAt total }');
    expect(drafted).toMatchObject({ contract: { draftedAt: at(0) }, fees: { invoicedAt: at(0) } });

    time.set(at(1));
    await act(officer, 'updateContractParties', { caseId: signed.caseId, customerName: '华东电子科技有限公司' });
    expect(
      await times('SELECT version, drafted_at, superseded_at FROM supply_contract WHERE case_id = $1 ORDER BY version', signed.caseId),
    ).toEqual([
      { version: 1, drafted_at: at(0), superseded_at: at(1) },
      { version: 2, drafted_at: at(1), superseded_at: null },
    ]);
    expect(await times('SELECT updated_at FROM contracts_case WHERE case_id = $1', signed.caseId)).toEqual([{ updated_at: at(1) }]);

    time.set(at(2));
    await act(officer, 'signContract', { caseId: signed.caseId, method: 'ON_SITE' });
    time.set(at(3));
    await act(customerOf(h, signed, '李经理'), 'signContract', { caseId: signed.caseId, method: 'ONLINE' });
    expect(
      await times(
        `SELECT s.party, s.signed_at, c.fully_signed_at FROM contract_signature s JOIN supply_contract c ON c.id = s.contract_id
         WHERE c.case_id = $1 ORDER BY s.signed_at`,
        signed.caseId,
      ),
    ).toEqual([
      { party: 'UTILITY', signed_at: at(2), fully_signed_at: at(3) },
      { party: 'CUSTOMER', signed_at: at(3), fully_signed_at: at(3) },
    ]);

    time.set(at(4));
    await act(officer, 'recordPayment', { caseId: signed.caseId, amount: drafted.fees.total });
    expect(
      await times(
        `SELECT p.received_at, i.settled_at FROM fee_payment p JOIN fee_invoice i ON i.id = p.invoice_id WHERE i.case_id = $1`,
        signed.caseId,
      ),
    ).toEqual([{ received_at: at(4), settled_at: at(4) }]);
  });

  it('records a withdrawal, the cancelled work and the refund at the time the clock shows', async () => {
    const wd = newCase();
    time.set(at(10));
    await confirm(h, confirmed(wd));
    time.set(at(12));
    await h.publishAndWait(withdrawn(h, wd, 'HV_DUAL_SOURCE', { id: wd.customerId, role: 'customer' }));
    expect(await times('SELECT cancelled_at, updated_at FROM contracts_case WHERE case_id = $1', wd.caseId)).toEqual([
      { cancelled_at: at(12), updated_at: at(12) },
    ]);
    expect(await times('SELECT drafted_at, cancelled_at FROM supply_contract WHERE case_id = $1', wd.caseId)).toEqual([
      { drafted_at: at(10), cancelled_at: at(12) },
    ]);
    expect(await times('SELECT invoiced_at, cancelled_at FROM fee_invoice WHERE case_id = $1', wd.caseId)).toEqual([
      { invoiced_at: at(10), cancelled_at: at(12) },
    ]);
    expect(await times('SELECT recorded_at FROM fee_refund WHERE case_id = $1', wd.caseId)).toEqual([{ recorded_at: at(12) }]);
  });
});
