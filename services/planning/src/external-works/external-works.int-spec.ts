import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudEvent, parseEvent } from '@yekuo/events';
import { Caller, ServiceHarness } from '@yekuo/testing';
import { SHARED_DATA_DIR } from '@yekuo/timelimits';
import {
  customerOf,
  databaseOf,
  LV_DRAFT,
  newCase,
  ok,
  startPlanning,
  surveyed,
  TestCase,
  walkedToConfirmation,
  withdrawn,
  CASES,
} from '../testing/planning.fixtures';

jest.setTimeout(120_000);

/** The external works limit the tests time by: 10 working days, internal target 8. */
const WORKS_LIMIT = { limit: 10, target: 8 };

/**
 * The shipped policy with an EXTERNAL_WORKS entry beside every SUPPLY_SCHEME one (same categories, same shape):
 * the shipped data sets no limit for the works yet, and without one their clock does not start.
 */
function policyWithWorksLimits(): unknown {
  const data = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as unknown;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const record = node as Record<string, unknown>;
    const scheme = record.SUPPLY_SCHEME;
    if (scheme && typeof scheme === 'object' && !Array.isArray(scheme)) {
      record.EXTERNAL_WORKS = Object.fromEntries(
        Object.entries(scheme as Record<string, unknown>).map(([category, entry]) => [
          category,
          entry && typeof entry === 'object' && 'limit' in entry ? { ...entry, ...WORKS_LIMIT } : entry,
        ]),
      );
    }
    Object.values(record).forEach(visit);
  };
  visit(data);
  return data;
}

const M = {
  apply: `mutation($input: ApplyWorksPermitInput!) { applyWorksPermit(input: $input) { id } }`,
  grant: `mutation($input: GrantWorksPermitInput!) { grantWorksPermit(input: $input) { id } }`,
  refuse: `mutation($input: RefuseWorksPermitInput!) { refuseWorksPermit(input: $input) { id } }`,
  progress: `mutation($input: RecordWorksProgressInput!) { recordWorksProgress(input: $input) { id } }`,
  complete: `mutation($input: CompleteExternalWorksInput!) { completeExternalWorks(input: $input) { id } }`,
};
const WORKS = `externalWorks { id caseId schemeVersion status orderedAt completedAt completedById completionNote cancelledAt
  permits { id kind authority status reference refusalReason decidedById }
  progress { note recordedById }
  clock { stage round team limitDays targetDays state stoppedAt onTime } }
  scheme { version externalWorksRequired }`;

/** The one error of a works mutation (no data). */
async function refused(caller: Caller, mutation: string, input: Record<string, unknown>) {
  const response = await caller.raw(mutation, { input });
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  return response.errors![0];
}

describe('external works: the order, its permits, progress, completion and clock (real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yekuo-works-'));
    const file = join(dir, 'time-limits.json');
    writeFileSync(file, JSON.stringify(policyWithWorksLimits()));
    h = await startPlanning({ env: { TIME_LIMIT_POLICY_FILE: file } });
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every planning event on the exchange about `c`. */
  const eventsOf = (c: TestCase): CloudEvent[] =>
    h.tap.messages
      .filter((m) => m.routingKey.startsWith('planning.'))
      .map((m) => parseEvent(m.body))
      .filter((e) => (e.data as { caseId?: string }).caseId === c.id);

  /** An LV non-residential case of 310115 walked to the customer's confirmation of a scheme that needs external works. */
  async function confirmedWithWorks(): Promise<TestCase> {
    const c = newCase('LV_NON_RESIDENTIAL', 'AC380V', 50, '310115');
    await surveyed(h, c);
    await ok('draftScheme', h.as('planner'), { ...LV_DRAFT(c.id), externalWorksRequired: true });
    await ok('approveScheme', h.as('approver'), { caseId: c.id });
    await ok('replyScheme', h.as('planner'), { caseId: c.id });
    await ok('confirmScheme', customerOf(h, c), { caseId: c.id });
    return c;
  }

  it('orders the works at the confirmation, times them, and completes them once every permit is granted', async () => {
    const c = await confirmedWithWorks();
    const planner = h.as('planner', { sub: 'planner-east', regions: ['310115'] });

    const ordered = await planner.readCase<Record<string, any>>(c.id, WORKS);
    expect(ordered.scheme).toEqual({ version: 1, externalWorksRequired: true });
    expect(ordered.externalWorks).toMatchObject({
      caseId: c.id,
      schemeVersion: 1,
      status: 'ORDERED',
      completedAt: null,
      permits: [],
      progress: [],
      clock: { stage: 'EXTERNAL_WORKS', round: 1, team: 'planning', limitDays: 10, targetDays: 8, state: 'RUNNING' },
    });
    // The customer follows the works on their own case.
    expect((await customerOf(h, c).readCase<Record<string, any>>(c.id, WORKS)).externalWorks.status).toBe('ORDERED');

    await planner.mutate(M.apply, { input: { caseId: c.id, kind: 'ROAD_EXCAVATION', authority: 'Pudong road administration' } });
    await planner.mutate(M.apply, { input: { caseId: c.id, kind: 'GREEN_SPACE', authority: 'Pudong greening bureau' } });
    const again = await refused(planner, M.apply, { caseId: c.id, kind: 'ROAD_EXCAVATION', authority: 'Pudong road administration' });
    expect(again.extensions?.code).toBe('CONFLICT');

    let works = (await planner.readCase<Record<string, any>>(c.id, WORKS)).externalWorks;
    const [road, green] = works.permits as Array<{ id: string; kind: string }>;
    expect(works.permits.map((p: { kind: string; status: string }) => `${p.kind}:${p.status}`)).toEqual([
      'ROAD_EXCAVATION:APPLIED',
      'GREEN_SPACE:APPLIED',
    ]);

    // Not complete while a permit is pending: CONFLICT listing what is outstanding.
    const early = await refused(planner, M.complete, { caseId: c.id });
    expect(early.extensions).toMatchObject({
      code: 'CONFLICT',
      requires: ['ROAD_EXCAVATION awaiting the decision', 'GREEN_SPACE awaiting the decision'],
    });

    await planner.mutate(M.grant, { input: { caseId: c.id, permitId: road.id, reference: 'PD-JL-2026-0117' } });
    await planner.mutate(M.refuse, { input: { caseId: c.id, permitId: green.id, reason: 'Route crosses a protected tree line' } });
    const twice = await refused(planner, M.grant, { caseId: c.id, permitId: road.id, reference: 'again' });
    expect(twice.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'permit GRANTED' });
    expect((await refused(planner, M.complete, { caseId: c.id })).extensions?.requires).toEqual(['GREEN_SPACE refused']);

    // The route is changed; the green-space permit is applied for again and granted.
    await planner.mutate(M.apply, { input: { caseId: c.id, kind: 'GREEN_SPACE', authority: 'Pudong greening bureau' } });
    works = (await planner.readCase<Record<string, any>>(c.id, WORKS)).externalWorks;
    const greenAgain = works.permits[2] as { id: string };
    await planner.mutate(M.grant, { input: { caseId: c.id, permitId: greenAgain.id, reference: 'PD-LH-2026-0042' } });
    await planner.mutate(M.progress, { input: { caseId: c.id, note: 'Cable laid from pole 17 to the branch box' } });
    await planner.mutate(M.complete, { input: { caseId: c.id, note: 'Accepted by operations' } });

    works = (await planner.readCase<Record<string, any>>(c.id, WORKS)).externalWorks;
    expect(works).toMatchObject({
      status: 'COMPLETED',
      completedById: 'planner-east',
      completionNote: 'Accepted by operations',
      progress: [{ note: 'Cable laid from pole 17 to the branch box', recordedById: 'planner-east' }],
      clock: { stage: 'EXTERNAL_WORKS', state: 'STOPPED', onTime: true },
    });
    expect(
      works.permits.map((p: { kind: string; status: string; reference: string | null }) => `${p.kind}:${p.status}:${p.reference}`),
    ).toEqual(['ROAD_EXCAVATION:GRANTED:PD-JL-2026-0117', 'GREEN_SPACE:REFUSED:null', 'GREEN_SPACE:GRANTED:PD-LH-2026-0042']);
    expect((await refused(planner, M.progress, { caseId: c.id, note: 'late' })).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'external works COMPLETED',
    });

    // Each event once: ordered, two grants, completed; the clock announced as v2 (a stage added after v1).
    const expected = [
      'planning.externalworks.ordered.v1',
      'planning.workspermit.granted.v1',
      'planning.workspermit.granted.v1',
      'planning.externalworks.completed.v1',
      'planning.timelimit.started.v2',
      'planning.timelimit.stopped.v2',
    ];
    const worksEvents = () => eventsOf(c).filter((e) => /externalworks|workspermit|timelimit\.\w+\.v2/.test(e.type));
    await h.waitFor('the external works events', () => worksEvents().length >= expected.length);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const events = worksEvents();
    expect(events.map((e) => e.type).sort()).toEqual([...expected].sort());
    expect(new Set(events.map((e) => e.id)).size).toBe(expected.length);
    const byType = (type: string) => events.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);
    expect(byType('planning.externalworks.ordered.v1')[0]).toMatchObject({
      worksOrderId: works.id,
      schemeVersion: 1,
      regionCode: '310115',
      actor: { id: c.customerId, role: 'customer' },
    });
    expect(byType('planning.workspermit.granted.v1').map((d) => d.reference)).toEqual(['PD-JL-2026-0117', 'PD-LH-2026-0042']);
    expect(byType('planning.externalworks.completed.v1')[0]).toMatchObject({
      worksOrderId: works.id,
      actor: { id: 'planner-east', role: 'planner' },
    });
    expect(byType('planning.timelimit.started.v2')[0]).toMatchObject({ stage: 'EXTERNAL_WORKS', limitDays: 10, team: 'planning' });
    expect(byType('planning.timelimit.stopped.v2')[0]).toMatchObject({ stage: 'EXTERNAL_WORKS', onTime: true });
    const confirmed = eventsOf(c).find((e) => e.type === 'planning.scheme.confirmed.v1');
    expect(confirmed?.data).toMatchObject({ externalWorksRequired: true });

    // The audit chain records every step of the works, in order.
    const audit = await databaseOf(h).query<{ action: string }[]>(
      `SELECT action FROM audit_record WHERE case_id = $1 AND action LIKE 'planning.external-works.%' ORDER BY seq`,
      [c.id],
    );
    expect(audit.map((r) => r.action)).toEqual([
      'planning.external-works.ordered',
      'planning.external-works.permit-applied',
      'planning.external-works.permit-applied',
      'planning.external-works.permit-granted',
      'planning.external-works.permit-refused',
      'planning.external-works.permit-applied',
      'planning.external-works.permit-granted',
      'planning.external-works.progress',
      'planning.external-works.completed',
    ]);
  });

  it('refuses roles without the right and planners of another region, with clear codes', async () => {
    const c = await confirmedWithWorks();
    const input = { caseId: c.id, kind: 'TRAFFIC', authority: 'Pudong traffic police' };
    const surveyor = await refused(h.as('surveyor', { regions: ['310115'] }), M.apply, input);
    expect(surveyor.extensions?.code).toBe('FORBIDDEN');
    const customer = await refused(customerOf(h, c), M.complete, { caseId: c.id });
    expect(customer.extensions?.code).toBe('FORBIDDEN');
    const elsewhere = await refused(h.as('planner', { regions: ['310104'] }), M.apply, input);
    expect(elsewhere.extensions?.code).toBe('FORBIDDEN');
    expect(elsewhere.message).toContain('310115');
    const works = (await h.as('planner').readCase<Record<string, any>>(c.id, WORKS)).externalWorks;
    expect(works.permits).toEqual([]);
  });

  it('cancels an open order and its clock when the application is withdrawn', async () => {
    const c = await confirmedWithWorks();
    await h.publish(withdrawn(h, c, 'The shop will not open'));
    const cancelled = await h.waitFor('the cancellation', () => eventsOf(c).find((e) => e.type === 'planning.case.cancelled.v1'));
    const works = (await h.as('planner').readCase<Record<string, any>>(c.id, WORKS)).externalWorks;
    expect(works).toMatchObject({ status: 'CANCELLED', clock: { stage: 'EXTERNAL_WORKS', state: 'CANCELLED' } });
    expect(works.cancelledAt).not.toBeNull();
    expect((cancelled.data as { cancelledWork: string[] }).cancelledWork).toEqual(
      expect.arrayContaining([`EXTERNAL_WORKS_ORDER ${works.id}`, 'TIME_LIMIT_CLOCK EXTERNAL_WORKS round 1']),
    );
    const late = await refused(h.as('planner', { regions: ['310115'] }), M.progress, { caseId: c.id, note: 'too late' });
    expect(late.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'CANCELLED' });
  });

  it('orders nothing for a scheme that needs no external works, and refuses works actions on it', async () => {
    const c = CASES.HV10();
    await walkedToConfirmation(h, c);
    const read = await h.as('planner').readCase<Record<string, any>>(c.id, WORKS);
    expect(read).toMatchObject({ externalWorks: null, scheme: { externalWorksRequired: false } });
    const none = await refused(h.as('planner', { regions: ['310115'] }), M.progress, { caseId: c.id, note: 'nothing to do' });
    expect(none.extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: 'no external works order' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(eventsOf(c).filter((e) => e.type.includes('externalworks'))).toEqual([]);
  });
});
