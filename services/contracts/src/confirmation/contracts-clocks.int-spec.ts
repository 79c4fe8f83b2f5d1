import { EventPayload } from '@yekuo/events';
import { ManualTimeSource } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { confirmed, newCase, officerOf, residential, startContracts } from '../testing/contracts.fixtures';

jest.setTimeout(120_000);

/**
 * The contract drafting and invoicing time limits on the real database and broker: both clocks start
 * at the confirmation of the scheme (the instant the event states) and stop when contracts has drafted
 * the contract and issued the invoice, each announced once, also when the confirmation is delivered again.
 */

type TimeLimitData = EventPayload<'contracts.timelimit.started.v2'>;

const CLOCK = 'stage round team limitDays targetDays startedAt stoppedAt state status onTime utilityTimeSeconds customerTimeSeconds';
const FIELDS = `contractDraftingClock { ${CLOCK} } invoicingClock { ${CLOCK} } contract { draftedAt } fees { invoicedAt }`;

const HOUR = 3600;
const iso = (at: string) => new Date(at).toISOString();
const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the contract drafting and invoicing time limits (hand-set clock, real PostgreSQL and RabbitMQ)', () => {
  const time = new ManualTimeSource('2026-10-12T10:05:00+08:00');
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startContracts(time);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const clockEvents = (kind: string, caseId: string): TimeLimitData[] =>
    h
      .eventsOf(caseId, 'contracts.timelimit.')
      .filter((e) => e.type === `contracts.timelimit.${kind}.v2`)
      .map((e) => e.data as TimeLimitData);

  it('runs both clocks from the confirmation to the draft and the invoice, announced once', async () => {
    const c = newCase();
    time.set('2026-10-12T10:05:00+08:00');
    const event = h.event('planning.scheme.confirmed.v1', confirmed(c, { regionCode: '310115' }), {
      time: new Date('2026-10-12T10:00:00+08:00'),
    });
    await h.publishAndWait(event);
    const view = await officerOf(h).readCase(c.caseId, FIELDS);
    const stopped = {
      round: 1,
      team: 'contracts',
      startedAt: iso('2026-10-12T10:00:00+08:00'),
      stoppedAt: iso('2026-10-12T10:05:00+08:00'),
      state: 'STOPPED',
      onTime: true,
      // Monday's hours count from Tuesday 00:00: none had passed.
      utilityTimeSeconds: 0,
      customerTimeSeconds: 0,
    };
    expect(view.contractDraftingClock).toEqual(
      expect.objectContaining({ ...stopped, stage: 'CONTRACT_DRAFTING', limitDays: 5, targetDays: 3 }),
    );
    expect(view.invoicingClock).toEqual(expect.objectContaining({ ...stopped, stage: 'INVOICING', limitDays: 2, targetDays: 1 }));
    expect(view.contract.draftedAt).toBe(stopped.stoppedAt);
    expect(view.fees.invoicedAt).toBe(stopped.stoppedAt);

    // The same confirmation delivered again changes and announces nothing.
    await h.publishAndWait(event);
    await settle();
    expect(
      clockEvents('started', c.caseId)
        .map((d) => d.stage)
        .sort(),
    ).toEqual(['CONTRACT_DRAFTING', 'INVOICING']);
    expect(
      clockEvents('stopped', c.caseId)
        .map((d) => [d.stage, d.onTime])
        .sort(),
    ).toEqual([
      ['CONTRACT_DRAFTING', true],
      ['INVOICING', true],
    ]);
    expect(clockEvents('warned', c.caseId)).toEqual([]);
    expect(h.eventsOf(c.caseId, 'contracts.timelimit.').filter((e) => e.type.endsWith('.v1'))).toEqual([]);
  });

  it('shows a confirmation handled late as late: warned, breached and stopped once each', async () => {
    const c = newCase();
    // Confirmed Monday 10:00; contracts hears of it only on Friday 10:00 (an outage): 3 days 10 hours of utility time.
    time.set('2026-10-16T10:00:00+08:00');
    await h.publishAndWait(
      h.event('planning.scheme.confirmed.v1', residential(c, { regionCode: '310104' }), { time: new Date('2026-10-12T10:00:00+08:00') }),
    );
    const view = await officerOf(h).readCase(c.caseId, FIELDS);
    for (const clock of [view.contractDraftingClock, view.invoicingClock]) {
      expect(clock).toMatchObject({
        limitDays: 1,
        targetDays: 1,
        state: 'STOPPED',
        status: 'BREACHED',
        onTime: false,
        utilityTimeSeconds: 3 * 24 * HOUR + 10 * HOUR,
      });
    }
    await settle();
    const stages = (kind: string) =>
      clockEvents(kind, c.caseId)
        .map((d) => `${d.stage}:${d.measure ?? '-'}`)
        .sort();
    expect(stages('warned')).toEqual(['CONTRACT_DRAFTING:LIMIT', 'CONTRACT_DRAFTING:TARGET', 'INVOICING:LIMIT', 'INVOICING:TARGET']);
    expect(stages('breached')).toEqual(['CONTRACT_DRAFTING:LIMIT', 'CONTRACT_DRAFTING:TARGET', 'INVOICING:LIMIT', 'INVOICING:TARGET']);
    expect(clockEvents('breached', c.caseId).every((d) => d.at === iso('2026-10-14T00:00:00+08:00'))).toBe(true);
    expect(
      clockEvents('stopped', c.caseId)
        .map((d) => [d.stage, d.onTime, d.utilitySeconds])
        .sort(),
    ).toEqual([
      ['CONTRACT_DRAFTING', false, 3 * 24 * HOUR + 10 * HOUR],
      ['INVOICING', false, 3 * 24 * HOUR + 10 * HOUR],
    ]);
  });
});
