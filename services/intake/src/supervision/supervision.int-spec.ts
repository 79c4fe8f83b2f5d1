import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AmqpEventsServer, ErrorCode, ManualTimeSource } from '@yekuo/platform';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, Role, V1_CLOCK_STAGES } from '@yekuo/events';
import { expectData, graphql, InProcessService, startServiceInProcess, TestPublisher, TestRun, waitFor } from '@yekuo/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { intakeService } from '../intake.service-definition';

jest.setTimeout(120_000);

type Service = 'intake' | 'planning' | 'inspection' | 'metering';
type Kind = 'started' | 'warned' | 'breached' | 'stopped' | 'paused' | 'resumed';
/** The fields of any time-limit event (a pause's reason too). */
type ClockTerms = Partial<EventPayload<'intake.timelimit.paused.v2'>> & {
  stage: EventPayload<'intake.timelimit.paused.v2'>['stage'];
};

const ROLE_OF: Record<Service, Role> = {
  intake: 'intake-clerk',
  planning: 'planner',
  inspection: 'inspector',
  metering: 'metering-technician',
};
const CLOCK =
  'clockId caseNumber category service stage team deadline targetDeadline warnedAt breachedAt stoppedAt pausedSince remainingSeconds';
const OVERDUE = `query ($filter: ClockFilter, $first: Int!, $after: String) {
  overdueClocks(filter: $filter, first: $first, after: $after) { edges { cursor node { ${CLOCK} } } pageInfo { hasNextPage endCursor } }
}`;
const AT_RISK = `query ($filter: ClockFilter, $first: Int!) { atRiskClocks(filter: $filter, first: $first) { edges { node { ${CLOCK} } } } }`;
const ON_TIME = `query ($filter: ClockStatisticsFilter!) { onTimeRate(filter: $filter) { key stopped onTime rate } }`;
const AVERAGES = `query ($filter: ClockStatisticsFilter!) { averageTimes(filter: $filter) { key utilitySeconds customerSeconds count } }`;

let caseCounter = 500;

describe('supervisor time-limit views (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  /** The time the service judges limits, overdue tickets and remaining step time by. */
  const time = new ManualTimeSource();
  let intake: InProcessService;
  let bus: TestPublisher;
  let supervisor: string;
  const published: CloudEvent[] = [];

  /** One clock of a fresh case: its events, each `[kind, at, extra terms]`. */
  const clock = (service: Service, category: CustomerCategory, terms: ClockTerms, events: [Kind, string, Partial<ClockTerms>?][]) => {
    caseCounter += 1;
    const base = {
      caseId: randomUUID(),
      caseNumber: `YK-2026-${String(caseCounter).padStart(6, '0')}`,
      customerId: randomUUID(),
      category,
      policyVersion: '2020-01',
      actor: { id: `${service}-staff`, role: ROLE_OF[service] },
      clockId: randomUUID(),
      limitDays: 10,
      targetDays: 7,
      provisional: false,
      deadline: '2026-04-30T00:00:00.000Z',
      targetDeadline: '2026-04-20T00:00:00.000Z',
      ...terms,
    };
    // Pauses and resumes, and every event of a stage added after v1 (END_TO_END), are v2 only.
    const v1 = (kind: Kind) => kind !== 'paused' && kind !== 'resumed' && (V1_CLOCK_STAGES as readonly string[]).includes(terms.stage);
    const made = events.map(([kind, at, extra]) =>
      createEvent(
        `${service}.timelimit.${kind}.${v1(kind) ? 'v1' : 'v2'}` as 'intake.timelimit.started.v2',
        { ...base, at, ...extra },
        {
          source: `/yekuo/${service}`,
          time: new Date(at),
        },
      ),
    );
    published.push(...made);
    return { ...base, events: made };
  };

  beforeAll(async () => {
    // AppModule builds the core from intakeService itself, so the hand-set time goes on it (this file's copy of the module).
    intakeService.timeSource = time;
    Object.assign(process.env, {
      PII_DEV_KEY_DIR: run.keyDir,
      DOCUMENTS_DIR: join(run.keyDir, 'documents'),
      TICKET_ESCALATION_INTERVAL_MS: '0',
    });
    intake = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    supervisor = await run.token({ sub: 'supervisor-1', roles: ['supervisor'] });
  });

  afterAll(async () => {
    delete intakeService.timeSource;
    for (const variable of ['PII_DEV_KEY_DIR', 'DOCUMENTS_DIR', 'TICKET_ESCALATION_INTERVAL_MS']) delete process.env[variable];
    await bus?.close();
    await intake?.stop();
    await run.cleanUp(['intake']);
  });

  it('lists overdue and at-risk clocks and measures on-time rates and average times from events in any order', async () => {
    const overdueScheme = clock(
      'planning',
      'HV_SINGLE_SOURCE',
      { stage: 'SUPPLY_SCHEME', team: 'planning', deadline: '2026-03-10T00:00:00.000Z', targetDeadline: '2026-03-07T00:00:00.000Z' },
      [['started', '2026-03-01T00:00:00.000Z']],
    );
    const pastTarget = clock(
      'planning',
      'LV_RESIDENTIAL',
      { stage: 'SUPPLY_SCHEME', team: 'planning', deadline: '2026-03-30T00:00:00.000Z', targetDeadline: '2026-03-18T00:00:00.000Z' },
      [['started', '2026-03-15T00:00:00.000Z']],
    );
    const warned = clock(
      'inspection',
      'HV_SINGLE_SOURCE',
      {
        stage: 'DESIGN_REVIEW',
        team: 'inspection',
        round: 2,
        deadline: '2026-03-28T00:00:00.000Z',
        targetDeadline: '2026-03-25T00:00:00.000Z',
      },
      [
        ['started', '2026-03-16T00:00:00.000Z'],
        ['warned', '2026-03-19T00:00:00.000Z', { measure: 'TARGET' }],
      ],
    );
    clock('inspection', 'HV_DUAL_SOURCE', { stage: 'DESIGN_REVIEW', team: 'inspection' }, [['started', '2026-03-18T00:00:00.000Z']]);
    const breached = clock(
      'metering',
      'LV_RESIDENTIAL',
      { stage: 'ENERGIZATION', team: 'metering', deadline: '2026-03-19T00:00:00.000Z', targetDeadline: '2026-03-18T00:00:00.000Z' },
      [
        ['started', '2026-03-14T00:00:00.000Z'],
        ['breached', '2026-03-19T00:00:00.000Z', { measure: 'LIMIT' }],
      ],
    );
    const stopped = (
      service: Service,
      category: CustomerCategory,
      stage: ClockTerms['stage'],
      team: string,
      at: string,
      onTime: boolean,
      utilitySeconds: number,
      customerSeconds: number,
    ) =>
      clock(service, category, { stage, team }, [
        ['started', '2026-02-25T00:00:00.000Z'],
        ['stopped', at, { onTime, utilitySeconds, customerSeconds }],
      ]);
    stopped('planning', 'HV_SINGLE_SOURCE', 'SUPPLY_SCHEME', 'planning', '2026-03-05T00:00:00.000Z', true, 3600, 600);
    stopped('planning', 'LV_RESIDENTIAL', 'SUPPLY_SCHEME', 'planning', '2026-03-06T00:00:00.000Z', false, 7200, 0);
    stopped('inspection', 'HV_SINGLE_SOURCE', 'DESIGN_REVIEW', 'inspection', '2026-03-07T00:00:00.000Z', true, 1800, 1200);
    stopped('planning', 'LV_RESIDENTIAL', 'SUPPLY_SCHEME', 'survey-east', '2026-02-20T00:00:00.000Z', false, 100, 100);

    // Newest first (a stop before its start), then everything again.
    const reversed = [...published].reverse();
    await bus.publish(...reversed, ...published);
    const server = intake.app.get(AmqpEventsServer);
    await waitFor('every time-limit event handled', () => server.stats.handled >= published.length * 2, 30_000);
    time.set('2026-03-20T00:00:00.000Z');

    const overdue = expectData(await graphql(intake.url, OVERDUE, { first: 10 }, supervisor)).overdueClocks;
    expect(overdue.edges.map((e: { node: { clockId: string } }) => e.node.clockId)).toEqual([overdueScheme.clockId, breached.clockId]);
    expect(overdue.edges[0].node).toMatchObject({
      service: 'PLANNING',
      stage: 'SUPPLY_SCHEME',
      team: 'planning',
      remainingSeconds: -10 * 86400,
    });
    expect(overdue.edges[1].node.breachedAt).toBe('2026-03-19T00:00:00.000Z');
    const firstPage = expectData(await graphql(intake.url, OVERDUE, { first: 1 }, supervisor)).overdueClocks;
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const nextPage = expectData(
      await graphql(intake.url, OVERDUE, { first: 1, after: firstPage.pageInfo.endCursor }, supervisor),
    ).overdueClocks;
    expect(nextPage.edges.map((e: { node: { clockId: string } }) => e.node.clockId)).toEqual([breached.clockId]);

    const atRisk = expectData(await graphql(intake.url, AT_RISK, { first: 10 }, supervisor)).atRiskClocks;
    expect(atRisk.edges.map((e: { node: { clockId: string } }) => e.node.clockId)).toEqual([warned.clockId, pastTarget.clockId]);
    const planningAtRisk = expectData(
      await graphql(intake.url, AT_RISK, { first: 10, filter: { team: 'planning' } }, supervisor),
    ).atRiskClocks;
    expect(planningAtRisk.edges.map((e: { node: { clockId: string } }) => e.node.clockId)).toEqual([pastTarget.clockId]);

    const period = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    const byStage = expectData(await graphql(intake.url, ON_TIME, { filter: { ...period, groupBy: 'STAGE' } }, supervisor)).onTimeRate;
    expect(byStage).toEqual([
      { key: 'DESIGN_REVIEW', stopped: 1, onTime: 1, rate: 1 },
      { key: 'SUPPLY_SCHEME', stopped: 2, onTime: 1, rate: 0.5 },
    ]);
    const byCategory = expectData(
      await graphql(intake.url, ON_TIME, { filter: { ...period, stage: 'SUPPLY_SCHEME', groupBy: 'CATEGORY' } }, supervisor),
    ).onTimeRate;
    expect(byCategory).toEqual([
      { key: 'HV_SINGLE_SOURCE', stopped: 1, onTime: 1, rate: 1 },
      { key: 'LV_RESIDENTIAL', stopped: 1, onTime: 0, rate: 0 },
    ]);
    const wholeYear = { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', groupBy: 'TEAM' };
    expect(expectData(await graphql(intake.url, ON_TIME, { filter: wholeYear }, supervisor)).onTimeRate).toEqual([
      { key: 'inspection', stopped: 1, onTime: 1, rate: 1 },
      { key: 'planning', stopped: 2, onTime: 1, rate: 0.5 },
      { key: 'survey-east', stopped: 1, onTime: 0, rate: 0 },
    ]);

    const auditor = await run.token({ sub: 'auditor-1', roles: ['auditor'] });
    const averages = expectData(await graphql(intake.url, AVERAGES, { filter: { ...period, groupBy: 'STAGE' } }, auditor)).averageTimes;
    expect(averages).toEqual([
      { key: 'DESIGN_REVIEW', utilitySeconds: 1800, customerSeconds: 1200, count: 1 },
      { key: 'SUPPLY_SCHEME', utilitySeconds: 5400, customerSeconds: 300, count: 2 },
    ]);
  });

  it('leaves the clocks of a withdrawn case out of the overdue and at-risk lists', async () => {
    const late = clock(
      'planning',
      'LV_NON_RESIDENTIAL',
      { stage: 'SUPPLY_SCHEME', team: 'planning', deadline: '2026-03-12T00:00:00.000Z', targetDeadline: '2026-03-11T00:00:00.000Z' },
      [['started', '2026-03-02T00:00:00.000Z']],
    );
    const handled = intake.app.get(AmqpEventsServer).stats.handled;
    await bus.publish(...late.events);
    await waitFor('the clock event handled', () => intake.app.get(AmqpEventsServer).stats.handled > handled, 30_000);
    const listed = async () =>
      expectData(await graphql(intake.url, OVERDUE, { first: 50 }, supervisor)).overdueClocks.edges.map(
        (e: { node: { clockId: string } }) => e.node.clockId,
      );
    expect(await listed()).toContain(late.clockId);

    // The customer withdraws: planning closes the clock without a time-limit event.
    const db = intake.app.get(DataSource);
    await db.query(`INSERT INTO customer (id, name, id_type) VALUES ($1, '王五', 'RESIDENT_ID')`, [late.customerId]);
    await db.query(
      `INSERT INTO connection_case (id, number, customer_id, category, business_type, status, policy_version, application, region_code, withdrawn_at)
       VALUES ($1, $2, $3, 'LV_NON_RESIDENTIAL', 'NEW_CONNECTION', 'WITHDRAWN', '2020-01', '{}', '310104', now())`,
      [late.caseId, late.caseNumber, late.customerId],
    );
    expect(await listed()).not.toContain(late.clockId);
  });

  it('shows since when an END_TO_END clock waits on the customer, and judges a paused clock by what held when it paused', async () => {
    const endToEnd = (deadline: string, targetDeadline: string, events: [Kind, string, Partial<ClockTerms>?][]) =>
      clock('intake', 'LV_RESIDENTIAL', { stage: 'END_TO_END', deadline, targetDeadline }, events);
    // Warned, then paused before its deadline: the deadline has passed since, but no utility time ran out.
    const waiting = endToEnd('2026-03-12T00:00:00.000Z', '2026-03-12T00:00:00.000Z', [
      ['started', '2026-03-02T00:00:00.000Z'],
      ['warned', '2026-03-09T00:00:00.000Z', { measure: 'LIMIT' }],
      ['paused', '2026-03-10T00:00:00.000Z', { reason: 'Every open action waits on the customer: Sign the contract' }],
    ]);
    // Breached, then paused: the breach stands.
    const breachedThenPaused = endToEnd('2026-03-12T00:00:00.000Z', '2026-03-12T00:00:00.000Z', [
      ['started', '2026-03-02T00:00:00.000Z'],
      ['breached', '2026-03-12T00:00:00.000Z', { measure: 'LIMIT' }],
      ['paused', '2026-03-13T00:00:00.000Z', { reason: 'Every open action waits on the customer: Pay the fees' }],
    ]);
    // Paused and resumed (the resume arrives first): counting again, past the deadline the resume moved.
    const resumed = endToEnd('2026-03-12T00:00:00.000Z', '2026-03-12T00:00:00.000Z', [
      ['resumed', '2026-03-09T00:00:00.000Z', { deadline: '2026-03-16T00:00:00.000Z', targetDeadline: '2026-03-16T00:00:00.000Z' }],
      ['paused', '2026-03-05T00:00:00.000Z', { reason: 'Every open action waits on the customer: Confirm the scheme' }],
      ['started', '2026-03-02T00:00:00.000Z'],
    ]);
    // Past the internal target: at risk while it counts, not while it waits (the pause arriving before the start).
    const pastTarget = endToEnd('2026-03-25T00:00:00.000Z', '2026-03-18T00:00:00.000Z', [['started', '2026-03-02T00:00:00.000Z']]);
    const pausedPastTarget = endToEnd('2026-03-25T00:00:00.000Z', '2026-03-18T00:00:00.000Z', [
      ['paused', '2026-03-15T00:00:00.000Z', { reason: 'Every open action waits on the customer: Confirm the design' }],
      ['started', '2026-03-02T00:00:00.000Z'],
    ]);
    const events = [waiting, breachedThenPaused, resumed, pastTarget, pausedPastTarget].flatMap((c) => c.events);
    const server = intake.app.get(AmqpEventsServer);
    const handled = server.stats.handled;
    await bus.publish(...events);
    await waitFor('the END_TO_END clock events handled', () => server.stats.handled >= handled + events.length, 30_000);
    time.set('2026-03-20T00:00:00.000Z');

    const filter = { stage: 'END_TO_END' };
    const overdue = expectData(await graphql(intake.url, OVERDUE, { first: 10, filter }, supervisor)).overdueClocks;
    expect(
      overdue.edges.map((e: { node: { clockId: string; pausedSince: string | null } }) => [e.node.clockId, e.node.pausedSince]),
    ).toEqual([
      [breachedThenPaused.clockId, '2026-03-13T00:00:00.000Z'],
      [resumed.clockId, null],
    ]);
    expect(overdue.edges[1].node.deadline).toBe('2026-03-16T00:00:00.000Z');
    const atRisk = expectData(await graphql(intake.url, AT_RISK, { first: 10, filter }, supervisor)).atRiskClocks;
    expect(atRisk.edges.map((e: { node: { clockId: string } }) => e.node.clockId)).toEqual([pastTarget.clockId]);
    expect(atRisk.edges[0].node.pausedSince).toBeNull();
  });

  it('answers only supervisors, auditors and admins, and reports every faulty filter field at once', async () => {
    for (const roles of [['customer'], ['intake-clerk'], ['planner']] as Role[][]) {
      const token = await run.token({ sub: randomUUID(), roles });
      const refused = await graphql(intake.url, OVERDUE, { first: 5 }, token);
      expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.FORBIDDEN);
    }
    const admin = await run.token({ sub: 'admin-1', roles: ['admin'] });
    expect(expectData(await graphql(intake.url, AT_RISK, { first: 5 }, admin)).atRiskClocks.edges).toBeInstanceOf(Array);

    // A grouping or stage outside the ClockGrouping and ClockStage enums is refused by GraphQL, one error each.
    const outsideEnums = await graphql(
      intake.url,
      ON_TIME,
      { filter: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', groupBy: 'REGION', stage: 'LUNCH' } },
      supervisor,
    );
    expect(outsideEnums.errors?.map((e) => [e.extensions?.code, e.message.match(/does not exist in "(\w+)" enum/)?.[1]]).sort()).toEqual([
      ['BAD_USER_INPUT', 'ClockGrouping'],
      ['BAD_USER_INPUT', 'ClockStage'],
    ]);
    const invalid = await graphql(
      intake.url,
      ON_TIME,
      { filter: { from: '2026-04-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', groupBy: 'STAGE', team: 'Not A Team' } },
      supervisor,
    );
    expect(invalid.errors?.[0].extensions?.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(invalid.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual(['input.team', 'input.to']);
  });
});
