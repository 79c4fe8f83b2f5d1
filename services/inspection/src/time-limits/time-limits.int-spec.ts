import type { CloudEvent, EventPayload } from '@yekuo/events';
import { ClockService } from '@yekuo/timelimits';
import { InProcessService, ServiceHarness } from '@yekuo/testing';
import {
  acceptanceRequest,
  design,
  inspectionKit,
  InspectionKit,
  LV_COMPLETION_ITEMS,
  LV_DEPARTMENTS,
  newCase,
  startInspectionOnHandSetTime,
  TestCase,
  withdrawn,
} from '../testing/inspection.fixtures';

jest.setTimeout(180_000);

/**
 * Inspection's time-limit clocks end to end on the real database and broker: two instances of
 * the service share one database and one queue, each with its own hand-set time source set to
 * the same instant, their sweepers running every 200 ms.
 */

const CLOCK_FIELDS = `
  id stage round policyVersion team limitDays targetDays startedAt deadline targetDeadline provisional
  utilityTimeSeconds customerTimeSeconds remainingSeconds paused state status stoppedAt onTime
  targetWarnedAt targetBreachedAt limitWarnedAt limitBreachedAt
  pauses { from to by { id role } reason }
`;

type TimeLimitData = EventPayload<'inspection.timelimit.stopped.v1'>;
type Kind = 'started' | 'warned' | 'breached' | 'stopped';

describe('inspection time-limit clocks on two instances (real PostgreSQL and RabbitMQ, hand-set time)', () => {
  let h: ServiceHarness;
  let k: InspectionKit;
  let setTime: (iso: string) => void;
  let stopInstance: (instance: InProcessService) => Promise<void>;
  let turn = 0;
  beforeAll(async () => {
    ({ h, setTime, stopInstance } = await startInspectionOnHandSetTime('2026-10-12T10:00:00+08:00', {
      TIME_LIMIT_SWEEP_MS: '200',
      OUTBOX_POLL_MS: '200',
    }));
    // Mutations go to the two instances in turn.
    k = inspectionKit(h, () => h.instances[turn++ % h.instances.length]);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const first = () => h.instances[0];
  const second = () => h.instances[1];
  const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));

  const eventsOf = (kind: Kind, clockIds?: Set<string>) =>
    h.tap
      .ofType(`inspection.timelimit.${kind}.v1`)
      .map((m) => (m.body as CloudEvent<'inspection.timelimit.stopped.v1'>).data)
      .filter((d) => !clockIds || clockIds.has(d.clockId));
  const clockOf = async (caseId: string, stage: string, round = 1) =>
    (
      await k.dataSource.query<{ id: string; state: string }[]>(
        'SELECT id, state FROM stage_clock WHERE case_id = $1 AND stage = $2 AND round = $3',
        [caseId, stage, round],
      )
    )[0];

  const submitDesign = (c: TestCase) => k.ok('submitDesign', k.customerOf(c), design(c.caseId));
  const requestAcceptance = async (c: TestCase) => {
    await k.ok('recordConstructionStart', k.customerOf(c), { caseId: c.caseId, unitName: 'Jinqiao Installation Co' });
    return k.ok('requestCompletionAcceptance', k.customerOf(c), acceptanceRequest(c.caseId, LV_COMPLETION_ITEMS));
  };
  const passAcceptance = async (c: TestCase) => {
    for (const department of LV_DEPARTMENTS) await k.ok('countersign', k.signer(department), { caseId: c.caseId, result: 'PASS' });
  };

  it('announces every warning and breach of ten cases exactly once across two sweeping instances and a restart, and starts and stops each clock once', async () => {
    const { ok, inspector } = k;
    // Monday 2026-10-12 10:00: utility time counts from Tuesday 00:00.
    setTime('2026-10-12T10:00:00+08:00');
    const designs = [1, 2, 3, 4].map(() => newCase('HV_SINGLE_SOURCE')); // design review 20 / 10 working days
    const acceptances = [1, 2, 3].map(() => newCase('LV_NON_RESIDENTIAL')); // completion acceptance 5 / 5
    const intermediates = [1, 2, 3].map(() => newCase('HV_DUAL_SOURCE')); // intermediate inspection 5 / 5
    await k.open(...designs, ...acceptances, ...intermediates);

    for (const c of designs) expect(await submitDesign(c)).toMatchObject({ inspectionStatus: 'DESIGN_SUBMITTED' });
    for (const c of acceptances) expect(await requestAcceptance(c)).toMatchObject({ inspectionStatus: 'ACCEPTANCE_REQUESTED' });
    for (const c of intermediates) {
      await submitDesign(c);
      await ok('reviewDesign', inspector(), { caseId: c.caseId, approve: true });
      await ok('recordConstructionStart', k.customerOf(c), { caseId: c.caseId, unitName: 'Pudong Electric Works' });
      expect(await ok('requestIntermediateInspection', k.customerOf(c), { caseId: c.caseId })).toMatchObject({
        inspectionStatus: 'INTERMEDIATE_REQUESTED',
      });
    }

    const running = new Map<string, TestCase>();
    for (const c of designs) running.set((await clockOf(c.caseId, 'DESIGN_REVIEW')).id, c);
    for (const c of acceptances) running.set((await clockOf(c.caseId, 'COMPLETION_ACCEPTANCE')).id, c);
    for (const c of intermediates) running.set((await clockOf(c.caseId, 'INTERMEDIATE_INSPECTION')).id, c);
    // The design rounds of the intermediate cases were approved at once: started and stopped, never late.
    const quick = new Set<string>();
    for (const c of intermediates) quick.add((await clockOf(c.caseId, 'DESIGN_REVIEW')).id);
    const all = new Set([...running.keys(), ...quick]);
    expect(all.size).toBe(13);
    await h.waitFor('13 started and 3 stopped', () => eventsOf('started', all).length >= 13 && eventsOf('stopped', all).length >= 3);

    // Saturday 2026-10-17 12:00: the five-day clocks passed 80 % (4 working days) of limit and target.
    setTime('2026-10-17T12:00:00+08:00');
    await h.waitFor('12 warnings', () => eventsOf('warned', all).length >= 12, 30_000);
    await settle();
    expect(eventsOf('warned', all)).toHaveLength(12);
    expect(eventsOf('breached', all)).toHaveLength(0);

    // The graph at this instant: an acceptance round at risk with one working day left, a design round on time.
    const [acceptanceCase, designCase] = [acceptances[0], designs[0]];
    const acceptanceView = await k
      .customerOf(acceptanceCase, second())
      .readCase(
        acceptanceCase.caseId,
        `acceptance { clock { ${CLOCK_FIELDS} } rounds { round clock { id state } } } inspectionClocks { id stage round }`,
      );
    expect(acceptanceView.acceptance.clock).toMatchObject({
      stage: 'COMPLETION_ACCEPTANCE',
      round: 1,
      team: 'inspection',
      limitDays: 5,
      targetDays: 5,
      startedAt: '2026-10-12T02:00:00.000Z',
      deadline: '2026-10-19T16:00:00.000Z',
      targetDeadline: '2026-10-19T16:00:00.000Z',
      provisional: false,
      utilityTimeSeconds: 4 * 86_400,
      customerTimeSeconds: 0,
      remainingSeconds: 86_400,
      paused: false,
      state: 'RUNNING',
      status: 'AT_RISK',
      stoppedAt: null,
      onTime: null,
      targetWarnedAt: '2026-10-16T16:00:00.000Z',
      limitWarnedAt: '2026-10-16T16:00:00.000Z',
      targetBreachedAt: null,
      limitBreachedAt: null,
      pauses: [],
    });
    expect(acceptanceView.acceptance.rounds).toEqual([{ round: 1, clock: { id: acceptanceView.acceptance.clock.id, state: 'RUNNING' } }]);
    expect(acceptanceView.inspectionClocks).toEqual([{ id: acceptanceView.acceptance.clock.id, stage: 'COMPLETION_ACCEPTANCE', round: 1 }]);
    const designView = await inspector(first()).readCase(
      designCase.caseId,
      `designReview { clock { ${CLOCK_FIELDS} } rounds { round clock { id } } }`,
    );
    expect(designView.designReview.clock).toMatchObject({
      stage: 'DESIGN_REVIEW',
      round: 1,
      limitDays: 20,
      targetDays: 10,
      deadline: '2026-11-09T16:00:00.000Z',
      targetDeadline: '2026-10-26T16:00:00.000Z',
      utilityTimeSeconds: 4 * 86_400,
      remainingSeconds: 16 * 86_400,
      paused: false,
      state: 'RUNNING',
      status: 'ON_TIME',
      targetWarnedAt: null,
    });
    expect(designView.designReview.rounds).toEqual([{ round: 1, clock: { id: designView.designReview.clock.id } }]);
    // Another customer sees no clock of the case.
    expect(await k.otherCustomer(first()).readCase(designCase.caseId, `designReview { clock { id } } inspectionClocks { id }`)).toEqual({
      designReview: null,
      inspectionClocks: [],
    });

    // One instance restarts; while it is down and after it is back, both keep sweeping: nothing repeats.
    await stopInstance(second());
    await settle(600);
    await h.startInstance();
    await settle();
    expect(eventsOf('warned', all)).toHaveLength(12);

    // Saturday 2026-10-24: the five-day clocks breached limit and target (Oct 20 00:00), the design rounds passed 80 % of target.
    setTime('2026-10-24T12:00:00+08:00');
    await h.waitFor(
      '12 breaches and 16 warnings',
      () => eventsOf('breached', all).length >= 12 && eventsOf('warned', all).length >= 16,
      30_000,
    );
    // Far beyond every deadline: the design rounds missed their target, warned and breached their limit.
    setTime('2026-12-31T12:00:00+08:00');
    await h.waitFor(
      '20 warnings and 20 breaches',
      () => eventsOf('warned', all).length >= 20 && eventsOf('breached', all).length >= 20,
      30_000,
    );

    // Every step is done at last: each clock stops once, late.
    for (const c of designs) await ok('reviewDesign', inspector(), { caseId: c.caseId, approve: true });
    for (const c of acceptances) await passAcceptance(c);
    for (const c of intermediates) {
      await ok('recordIntermediateInspection', inspector(), {
        caseId: c.caseId,
        items: [{ item: 'Cable trench depth', result: 'PASS' }],
      });
    }
    await h.waitFor('13 stopped', () => eventsOf('stopped', all).length >= 13);
    const explicit = await Promise.all([
      first().app.get(ClockService).sweep(new Date('2027-06-01T00:00:00+08:00')),
      second().app.get(ClockService).sweep(new Date('2027-06-01T00:00:00+08:00')),
    ]);
    expect(explicit.map((r) => r.announced)).toEqual([0, 0]);
    await settle();

    const once = (kind: Kind) => {
      const counts = new Map<string, number>();
      for (const d of eventsOf(kind, all)) {
        const key = kind === 'warned' || kind === 'breached' ? `${d.clockId}:${d.measure}` : d.clockId;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    };
    for (const kind of ['started', 'stopped'] as const) {
      expect(eventsOf(kind, all)).toHaveLength(13);
      expect([...once(kind).values()].every((n) => n === 1)).toBe(true);
      expect(new Set(once(kind).keys())).toEqual(all);
    }
    for (const kind of ['warned', 'breached'] as const) {
      expect(eventsOf(kind, all)).toHaveLength(20);
      expect([...once(kind).values()].every((n) => n === 1)).toBe(true);
      expect(new Set(once(kind).keys())).toEqual(new Set([...running.keys()].flatMap((id) => [`${id}:LIMIT`, `${id}:TARGET`])));
    }
    const limitBreach = eventsOf('breached', new Set([...running.keys()])).find(
      (d) => d.stage === 'DESIGN_REVIEW' && d.measure === 'LIMIT',
    )!;
    expect(limitBreach).toMatchObject({
      at: '2026-11-09T16:00:00.000Z',
      limitDays: 20,
      actor: { id: 'time-limit-monitor', role: 'supervisor' },
    });
    for (const d of eventsOf('stopped', new Set(running.keys()))) {
      expect(d).toMatchObject({ onTime: false, at: '2026-12-31T04:00:00.000Z', customerSeconds: 0 });
    }
    for (const d of eventsOf('stopped', quick)) expect(d).toMatchObject({ stage: 'DESIGN_REVIEW', onTime: true, utilitySeconds: 0 });
  });

  it('pauses an acceptance round while the customer puts it off, shows it in the graph, and stops with utility and customer time to the second', async () => {
    const { ok, failure, inspector } = k;
    const c = newCase('LV_NON_RESIDENTIAL');
    const customer = () => k.customerOf(c);
    setTime('2026-11-02T10:00:00+08:00'); // Monday
    await k.open(c);
    await requestAcceptance(c);

    // Refusals: not the caller's case, no role, bad input (every field at once), no on-site step awaiting the utility.
    expect((await failure('recordCustomerDelay', k.otherCustomer(), { caseId: c.caseId, reason: 'x' })).extensions?.code).toBe('NOT_FOUND');
    expect((await failure('recordCustomerDelay', k.planner(), { caseId: c.caseId, reason: 'x' })).extensions?.code).toBe('FORBIDDEN');
    const invalid = await failure('recordCustomerDelay', customer(), { caseId: 'not-a-case', reason: '  ' });
    expect(invalid.extensions?.code).toBe('VALIDATION_FAILED');
    expect(invalid.extensions?.fields?.map((f) => f.field).sort()).toEqual(['input.caseId', 'input.reason']);
    expect((await failure('endCustomerDelay', customer(), { caseId: c.caseId })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'RUNNING',
      requires: ['PAUSED'],
    });

    setTime('2026-11-04T15:30:15+08:00');
    await ok('recordCustomerDelay', customer(), { caseId: c.caseId, reason: 'Customer moved the on-site appointment' });
    expect((await failure('recordCustomerDelay', inspector(), { caseId: c.caseId, reason: 'again' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'PAUSED',
      requires: ['RUNNING'],
    });

    // Thursday noon, still paused: the deadline moves on by the customer's working time so far.
    setTime('2026-11-05T12:00:00+08:00');
    const paused = await k
      .customerOf(c, first())
      .readCase(c.caseId, `acceptance { clock { ${CLOCK_FIELDS} } } inspectionClocks { id paused }`);
    const utility = 39 * 3600 + 30 * 60 + 15; // Nov 3 00:00 to Nov 4 15:30:15
    const waited = 8 * 3600 + 29 * 60 + 45 + 12 * 3600; // Nov 4 15:30:15 to Nov 5 12:00
    expect(paused.acceptance.clock).toMatchObject({
      limitDays: 5,
      targetDays: 5,
      startedAt: '2026-11-02T02:00:00.000Z',
      // Nov 10 00:00 without the pause, 20:29:45 of working time later.
      deadline: '2026-11-10T12:29:45.000Z',
      targetDeadline: '2026-11-10T12:29:45.000Z',
      utilityTimeSeconds: utility,
      customerTimeSeconds: waited,
      remainingSeconds: 5 * 86_400 - utility,
      paused: true,
      state: 'PAUSED',
      status: 'ON_TIME',
      pauses: [
        {
          from: '2026-11-04T07:30:15.000Z',
          to: null,
          by: { id: c.customerId, role: 'CUSTOMER' },
          reason: 'Customer moved the on-site appointment',
        },
      ],
    });
    expect(paused.inspectionClocks).toEqual([{ id: paused.acceptance.clock.id, paused: true }]);

    setTime('2026-11-06T09:00:00+08:00');
    await ok('endCustomerDelay', inspector(), { caseId: c.caseId });
    // Monday 2026-11-09 12:00: the round passes.
    setTime('2026-11-09T12:00:00+08:00');
    await passAcceptance(c);

    const ids = new Set([paused.acceptance.clock.id as string]);
    await h.waitFor('the stopped event', () => eventsOf('stopped', ids).length === 1);
    await settle();
    expect(eventsOf('started', ids)).toHaveLength(1);
    expect(eventsOf('stopped', ids)).toHaveLength(1);
    expect(eventsOf('warned', ids)).toHaveLength(0);
    const customerSeconds = 8 * 3600 + 29 * 60 + 45 + 24 * 3600 + 9 * 3600; // Nov 4 15:30:15 to Nov 6 09:00
    const stopped: TimeLimitData = eventsOf('stopped', ids)[0];
    expect(stopped).toMatchObject({
      stage: 'COMPLETION_ACCEPTANCE',
      round: 1,
      utilitySeconds: utility + 15 * 3600 + 12 * 3600, // + Nov 6 09:00 to 24:00 + Nov 9 00:00 to 12:00
      customerSeconds,
      onTime: true,
      at: '2026-11-09T04:00:00.000Z',
      // Nov 10 00:00 moved on by 41:29:45 of working time.
      deadline: '2026-11-11T09:29:45.000Z',
      actor: { id: 'signer-safety', role: 'department-signer' },
    });
    expect(utility + 27 * 3600).toBe(239_415);
    expect(customerSeconds).toBe(149_385);

    const done = await inspector(second()).readCase(c.caseId, `acceptance { status rounds { clock { ${CLOCK_FIELDS} } } }`);
    expect(done.acceptance.status).toBe('PASSED');
    expect(done.acceptance.rounds[0].clock).toMatchObject({
      state: 'STOPPED',
      paused: false,
      onTime: true,
      stoppedAt: '2026-11-09T04:00:00.000Z',
      utilityTimeSeconds: 239_415,
      customerTimeSeconds: 149_385,
      pauses: [{ from: '2026-11-04T07:30:15.000Z', to: '2026-11-06T01:00:00.000Z', by: { id: c.customerId, role: 'CUSTOMER' } }],
    });
    // The pause and its end are in the case's audit chain, with who and why.
    const trail = await k.dataSource.query<{ action: string; actor_id: string; data: Record<string, unknown> }[]>(
      `SELECT action, actor_id, data FROM audit_record WHERE case_id = $1 AND action IN ('timelimit.paused', 'timelimit.resumed') ORDER BY seq`,
      [c.caseId],
    );
    expect(trail.map((r) => [r.action, r.actor_id])).toEqual([
      ['timelimit.paused', c.customerId],
      ['timelimit.resumed', 'inspector-1'],
    ]);
    expect(trail[0].data).toMatchObject({ reason: 'Customer moved the on-site appointment', round: 1 });
    // Acceptance passed: no on-site step waits on the utility any more.
    expect((await failure('recordCustomerDelay', customer(), { caseId: c.caseId, reason: 'late' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'ACCEPTANCE_PASSED',
      requires: ['INTERMEDIATE_REQUESTED', 'ACCEPTANCE_REQUESTED'],
    });
  });

  it('cancels the running clock of a withdrawn case: no warning, breach or stop after it, and the graph shows it CANCELLED', async () => {
    const { failure } = k;
    const c = newCase('HV_SINGLE_SOURCE');
    setTime('2026-11-02T10:00:00+08:00');
    await k.open(c);
    await submitDesign(c);
    const clock = await clockOf(c.caseId, 'DESIGN_REVIEW');
    const ids = new Set([clock.id]);
    await h.waitFor('the started event', () => eventsOf('started', ids).length === 1);
    // A design round waits on the utility: the customer may not pause it.
    expect((await failure('recordCustomerDelay', k.customerOf(c), { caseId: c.caseId, reason: 'busy' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'DESIGN_SUBMITTED',
    });

    setTime('2026-11-03T12:00:00+08:00');
    await h.publish(h.event('intake.application.withdrawn.v1', withdrawn(c, 'Project abandoned')));
    await h.waitFor('the case cancelled', async () => (await clockOf(c.caseId, 'DESIGN_REVIEW')).state === 'CANCELLED');
    const cancellations = () => h.eventsOf(c.caseId, 'inspection.case.cancelled.v1') as CloudEvent<'inspection.case.cancelled.v1'>[];
    await h.waitFor('the cancellation announced', () => cancellations().length > 0);
    expect(cancellations().map((e) => e.data.cancelledWork)).toEqual([['DESIGN_REVIEW']]);

    // Far beyond every deadline, both instances sweeping: the cancelled clock announces nothing.
    setTime('2026-12-31T12:00:00+08:00');
    await settle(2000);
    const explicit = await Promise.all([first().app.get(ClockService).sweep(), second().app.get(ClockService).sweep()]);
    expect(explicit.map((r) => r.announced)).toEqual([0, 0]);
    await settle();
    expect(eventsOf('warned', ids)).toHaveLength(0);
    expect(eventsOf('breached', ids)).toHaveLength(0);
    expect(eventsOf('stopped', ids)).toHaveLength(0);

    const view = await k.customerOf(c, first()).readCase(c.caseId, `inspectionStatus designReview { status clock { ${CLOCK_FIELDS} } }`);
    expect(view.inspectionStatus).toBe('CANCELLED');
    expect(view.designReview.status).toBe('CANCELLED');
    expect(view.designReview.clock).toMatchObject({
      id: clock.id,
      state: 'CANCELLED',
      stoppedAt: '2026-11-03T04:00:00.000Z',
      utilityTimeSeconds: 12 * 3600, // Nov 3 00:00 to 12:00
      status: 'ON_TIME',
      onTime: null,
      targetWarnedAt: null,
      limitBreachedAt: null,
    });
    const cancelledAudit = await k.dataSource.query<{ actor_id: string }[]>(
      `SELECT actor_id FROM audit_record WHERE case_id = $1 AND action = 'timelimit.cancelled'`,
      [c.caseId],
    );
    expect(cancelledAudit).toEqual([{ actor_id: c.customerId }]);
    // Every act on the cancelled case is refused, naming CANCELLED.
    expect((await failure('endCustomerDelay', k.customerOf(c), { caseId: c.caseId })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'CANCELLED',
    });
  });
});
