import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CloudEvent, EventType } from '@yekuo/events';
import { ErrorCode, ManualTimeSource } from '@yekuo/platform';
import {
  expectData,
  graphql,
  InProcessService,
  recordStatements,
  startServiceInProcess,
  tablesOf,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from '../app.module';
import { residentIdCheckCharacter } from '../customer/identity';
import { intakeService } from '../intake.service-definition';
import { caseEventOf, EventDetails, SubmittedCase } from '../testing/intake.fixtures';
import { JourneyService } from './journey.service';

jest.setTimeout(120_000);

const HOUR = 3600_000;
const JOURNEY = `query ($id: ID!) { case(id: $id) { id stage journey {
  currentStage links { id status } nextAction { role team description }
  openActions { code role team description since due clock { stage deadline provisional } }
  steps { stage step type actor { id role } at eventId }
  outstandingFromCustomer { kind description items since }
  fees { invoiced paid due settled }
  utilityTimeSeconds customerTimeSeconds
  currentStep { stage remainingSeconds deadline provisional }
  cancellations { service cancelledWork reason at }
} } }`;

let sequence = 0;
const residentId = () => {
  sequence += 1;
  const first17 = `310104${1960 + (sequence % 40)}0202${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};

describe('case journey (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  /** The time the service judges limits, overdue tickets and remaining step time by. */
  const time = new ManualTimeSource();
  let intake: InProcessService;
  let bus: TestPublisher;
  let clerk: string;

  const LV_TERMS = { usage: 'RESIDENTIAL', voltageLevel: 'AC220V', capacityKva: 8, supplySources: 1 };
  const HV_TERMS = { usage: 'INDUSTRIAL', voltageLevel: 'AC10KV', capacityKva: 1250, supplySources: 1 };
  const submit = async (terms: Record<string, unknown> = LV_TERMS): Promise<SubmittedCase> => {
    const { submitApplication } = expectData(
      await graphql(
        intake.url,
        `
          mutation ($input: SubmitApplicationInput!) {
            submitApplication(input: $input) {
              id
              number
              category
              policyVersion
              customer {
                id
              }
            }
          }
        `,
        {
          input: {
            customer: { idType: 'RESIDENT_ID', idNumber: residentId(), name: '李雷', phone: '13812345678' },
            businessType: 'NEW_CONNECTION',
            ...terms,
            siteAddress: '上海市徐汇区漕溪北路88号3楼',
            regionCode: '310104',
          },
        },
        clerk,
      ),
    );
    return {
      caseId: submitApplication.id,
      caseNumber: submitApplication.number,
      customerId: submitApplication.customer.id,
      category: submitApplication.category,
      policyVersion: submitApplication.policyVersion,
    };
  };

  /** A catalog event of another service about `c`, dated `at` (epoch ms). */
  const eventOf = <T extends EventType>(c: SubmittedCase, type: T, at: number, ...rest: EventDetails<T>): CloudEvent<T> =>
    caseEventOf(c, type, new Date(at), ...rest);

  const journeyOf = async (caseId: string, token = clerk) => expectData(await graphql(intake.url, JOURNEY, { id: caseId }, token)).case;

  /** The case with its journey from the first read that shows `applied` (a read asking for the steps takes its head from them too). */
  const journeyOnce = (
    caseId: string,
    what: string,
    applied: (found: { journey: { steps: { type: string }[]; currentStep?: unknown } }) => boolean,
  ) =>
    waitFor(what, async () => {
      const found = await journeyOf(caseId);
      return applied(found) ? found : undefined;
    });
  /** The case with its journey once the journey holds `count` steps. */
  const journeyWith = (caseId: string, count: number) =>
    journeyOnce(caseId, `${count} journey steps`, (found) => found.journey.steps.length >= count);
  /** The journey once it has applied an event of `type` (a clock's own events may come before or after it). */
  const journeyAfter = (caseId: string, type: string) =>
    journeyOnce(caseId, `the journey to apply ${type}`, (found) => found.journey.steps.some((step) => step.type === type));
  /** When the case was submitted, once the journey has applied the submission (its acceptance clock's start may land first). */
  const submittedAt = async (caseId: string): Promise<number> => {
    const { steps } = (await journeyAfter(caseId, 'intake.application.submitted.v1')).journey;
    return Date.parse(steps.find((step: { type: string }) => step.type === 'intake.application.submitted.v1').at as string);
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
    clerk = await run.token({ sub: 'clerk-1', roles: ['intake-clerk'] });
  });

  afterAll(async () => {
    delete intakeService.timeSource;
    for (const variable of ['PII_DEV_KEY_DIR', 'DOCUMENTS_DIR', 'TICKET_ESCALATION_INTERVAL_MS']) delete process.env[variable];
    await bus?.close();
    await intake?.stop();
    await run.cleanUp(['intake']);
  });

  beforeEach(() => time.set(new Date()));

  it('builds the same ordered timeline from events arriving shuffled and twice, with stage, next action, fees, customer time and the running step', async () => {
    const c = await submit();
    // The submission and its acceptance clock's start arrive in either order.
    const submitted = (await journeyAfter(c.caseId, 'intake.application.submitted.v1')).journey.steps.find(
      (step: { type: string }) => step.type === 'intake.application.submitted.v1',
    );
    expect(submitted).toMatchObject({
      type: 'intake.application.submitted.v1',
      stage: 'APPLICATION',
      actor: { id: 'clerk-1', role: 'INTAKE_CLERK' },
    });
    const t0 = Date.parse(submitted.at as string);
    const at = (hours: number) => t0 + hours * HOUR;
    const clerkActor = { id: 'clerk-1', role: 'intake-clerk' as const };
    const planner = { id: 'planner-1', role: 'planner' as const };
    const officer = { id: 'officer-1', role: 'contract-officer' as const };
    const customer = { id: c.customerId, role: 'customer' as const };
    const clockId = randomUUID();
    const clock = {
      stage: 'ENERGIZATION' as const,
      limitDays: 5,
      targetDays: 3,
      deadline: new Date(at(150)).toISOString(),
      targetDeadline: new Date(at(120)).toISOString(),
      provisional: false,
      team: 'metering',
    };
    const chronological: CloudEvent[] = [
      eventOf(
        c,
        'intake.application.accepted.v1',
        at(1),
        clerkActor,
        {
          businessType: 'NEW_CONNECTION',
          capacityKva: 8,
          voltageLevel: 'AC220V',
          supplySources: 1,
          regionCode: '310104',
          acceptedAt: new Date(at(1)).toISOString(),
        },
        { role: 'surveyor', team: 'survey-west', description: 'Schedule the site survey' },
      ),
      eventOf(c, 'planning.scheme.drafted.v1', at(3), planner, {
        schemeId: randomUUID(),
        version: 1,
        voltageLevel: 'AC220V',
        capacityKva: 8,
        supplySources: 1,
        meteringMethod: 'LOW_SUPPLY_LOW_METERING',
        tariffCategory: 'RESIDENTIAL',
      }),
      eventOf(
        c,
        'planning.scheme.replied.v1',
        at(4),
        planner,
        { schemeId: randomUUID(), version: 1 },
        {
          role: 'customer',
          description: 'Confirm the supply scheme',
        },
      ),
      eventOf(
        c,
        'planning.scheme.confirmed.v1',
        at(10),
        customer,
        {
          schemeId: randomUUID(),
          version: 1,
          voltageLevel: 'AC220V',
          capacityKva: 8,
          supplySources: 1,
          meteringMethod: 'LOW_SUPPLY_LOW_METERING',
          tariffCategory: 'RESIDENTIAL',
          supplyPoints: ['0.4kV cabinet 3'],
          propertyBoundary: 'Meter box outlet',
        },
        { role: 'contract-officer', team: 'contracts', description: 'Draft the supply-use contract' },
      ),
      eventOf(c, 'contracts.contract.drafted.v1', at(11), officer, { contractId: randomUUID(), version: 1 }),
      eventOf(c, 'contracts.fees.invoiced.v1', at(11), officer, { invoiceId: '7d3c2a10-8f4e-4b6a-9c1d-2e3f4a5b6c7d', total: '350.00' }),
      eventOf(c, 'contracts.contract.signed.v1', at(20), customer, {
        contractId: randomUUID(),
        version: 1,
        party: 'CUSTOMER',
        fullySigned: false,
      }),
      eventOf(c, 'contracts.payment.received.v1', at(30), officer, {
        invoiceId: '7d3c2a10-8f4e-4b6a-9c1d-2e3f4a5b6c7d',
        paymentId: randomUUID(),
        amount: '350.00',
      }),
      eventOf(c, 'contracts.fees.settled.v1', at(30), officer, { invoiceId: '7d3c2a10-8f4e-4b6a-9c1d-2e3f4a5b6c7d', total: '350.00' }),
      eventOf(
        c,
        'contracts.contract.signed.v1',
        at(31),
        officer,
        { contractId: randomUUID(), version: 1, party: 'UTILITY', fullySigned: true },
        { role: 'metering-technician', team: 'metering', description: 'Install the meter' },
      ),
      eventOf(
        c,
        'metering.timelimit.started.v1',
        at(31),
        { id: 'metering', role: 'metering-technician' },
        {
          clockId,
          at: new Date(at(31)).toISOString(),
          ...clock,
        },
      ),
    ];
    // Shuffled, and every event delivered twice.
    const shuffled = [...chronological].sort((a, b) => (a.id < b.id ? -1 : 1));
    await bus.publish(...shuffled, ...[...shuffled].reverse());

    const now = new Date(at(100));
    time.set(now);
    // The submission starts intake's acceptance clock: its announcement is a step too.
    const found = await journeyWith(c.caseId, 2 + chronological.length);
    const { journey } = found;

    expect(journey.steps.map((s: { type: string }) => s.type)).toEqual([
      'intake.application.submitted.v1',
      'intake.timelimit.started.v2',
      ...chronological.map((e) => e.type),
    ]);
    expect(journey.steps.slice(2).map((s: { eventId: string }) => s.eventId)).toEqual(chronological.map((e) => e.id));
    expect(journey.steps.map((s: { stage: string }) => s.stage)).toEqual([
      'APPLICATION',
      'APPLICATION',
      'APPLICATION',
      'SUPPLY_SCHEME',
      'SUPPLY_SCHEME',
      'SUPPLY_SCHEME',
      'CONTRACT_AND_FEES',
      'CONTRACT_AND_FEES',
      'CONTRACT_AND_FEES',
      'CONTRACT_AND_FEES',
      'CONTRACT_AND_FEES',
      'CONTRACT_AND_FEES',
      'ENERGIZATION',
    ]);
    expect(journey.currentStage).toBe('METER_INSTALLATION');
    expect(found.stage).toBe('METER_INSTALLATION');
    // Contract signed, fees settled: the meter is all that is open (the energization clock does not make it due).
    expect(journey.openActions).toEqual([
      {
        code: 'INSTALL_METER',
        role: 'METERING_TECHNICIAN',
        team: 'metering',
        description: 'Assign, install and record the meter',
        since: new Date(at(10)).toISOString(),
        due: null,
        clock: null,
      },
    ]);
    expect(journey.nextAction).toEqual({
      role: 'METERING_TECHNICIAN',
      team: 'metering',
      description: 'Assign, install and record the meter',
    });
    expect(journey.fees).toEqual({ invoiced: '350.00', paid: '350.00', due: '0.00', settled: true });
    expect(journey.outstandingFromCustomer).toEqual([]);
    // Customer time: scheme 4h→10h, and contract signature 11h→20h overlapping fees 11h→30h: 6h + 19h, of 100h.
    expect(journey.customerTimeSeconds).toBe(25 * 3600);
    expect(journey.utilityTimeSeconds).toBe(75 * 3600);
    expect(journey.currentStep).toEqual({
      stage: 'ENERGIZATION',
      remainingSeconds: 50 * 3600,
      deadline: clock.deadline,
      provisional: false,
    });
    expect(journey.cancellations).toEqual([]);

    // Nothing was applied twice.
    const dataSource = intake.app.get(DataSource);
    const [{ count }] = await dataSource.query<{ count: number }[]>('SELECT COUNT(*)::int AS count FROM journey_event WHERE case_id = $1', [
      c.caseId,
    ]);
    expect(count).toBe(2 + chronological.length);
  });

  it('shows what waits on the customer while it waits, and the withdrawal with each service’s cancelled work', async () => {
    const c = await submit();
    const t0 = await submittedAt(c.caseId);
    const clerkActor = { id: 'clerk-2', role: 'intake-clerk' as const };
    const customer = { id: c.customerId, role: 'customer' as const };
    const returned = eventOf(
      c,
      'intake.application.returned.v1',
      t0 + HOUR,
      clerkActor,
      {
        items: [
          { item: 'proof of property', reason: 'missing' },
          { item: 'ID copy', reason: 'unreadable' },
        ],
      },
      { role: 'customer', description: 'Supply every item and resubmit' },
    );
    await bus.publish(returned);
    time.set(new Date(t0 + 5 * HOUR));
    // Submitted, the acceptance clock started, returned.
    const waiting = (await journeyAfter(c.caseId, 'intake.application.returned.v1')).journey;
    expect(waiting.outstandingFromCustomer).toEqual([
      {
        kind: 'RETURN_NOTICE',
        description: 'Supply every item of the one notice and resubmit the application',
        items: ['proof of property: missing', 'ID copy: unreadable'],
        since: new Date(t0 + HOUR).toISOString(),
      },
    ]);
    expect(waiting.customerTimeSeconds).toBe(4 * 3600);
    expect(waiting.utilityTimeSeconds).toBe(3600);

    await bus.publish(
      eventOf(c, 'planning.case.cancelled.v1', t0 + 7 * HOUR, customer, { reason: 'Moving abroad', cancelledWork: ['survey appointment'] }),
      eventOf(c, 'intake.application.withdrawn.v1', t0 + 6 * HOUR, customer, { reason: 'Moving abroad' }),
      eventOf(c, 'metering.case.cancelled.v1', t0 + 7 * HOUR, customer, { reason: 'Moving abroad', cancelledWork: [] }),
    );
    const withdrawn = await journeyWith(c.caseId, 6);
    expect(withdrawn.stage).toBe('WITHDRAWN');
    expect(withdrawn.journey.currentStage).toBe('WITHDRAWN');
    expect(withdrawn.journey.nextAction).toBeNull();
    expect(withdrawn.journey.outstandingFromCustomer).toEqual([]);
    // The wait ended with the withdrawal at 6h: 5h of customer time, 1h of utility time.
    expect(withdrawn.journey.customerTimeSeconds).toBe(5 * 3600);
    expect(withdrawn.journey.utilityTimeSeconds).toBe(3600);
    // One instant: in catalog order, planning before metering.
    expect(withdrawn.journey.cancellations).toEqual([
      { service: 'PLANNING', cancelledWork: ['survey appointment'], reason: 'Moving abroad', at: new Date(t0 + 7 * HOUR).toISOString() },
      { service: 'METERING', cancelledWork: [], reason: 'Moving abroad', at: new Date(t0 + 7 * HOUR).toISOString() },
    ]);
  });

  it('shows a customer and their agent their own journey and another customer NOT_FOUND', async () => {
    const c = await submit();
    // Submitted, and the acceptance clock it started.
    await journeyWith(c.caseId, 2);
    const owner = await run.token({ sub: c.customerId, roles: ['customer'] });
    const agent = await run.token({ sub: 'agent-1', roles: ['agent'], actsFor: [c.customerId] });
    const stranger = await run.token({ sub: randomUUID(), roles: ['customer'] });
    expect((await journeyOf(c.caseId, owner)).journey.currentStage).toBe('APPLICATION');
    expect((await journeyOf(c.caseId, agent)).journey.steps).toHaveLength(2);
    const refused = await graphql(intake.url, JOURNEY, { id: c.caseId }, stranger);
    expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.NOT_FOUND);
    expect(JSON.stringify(refused)).not.toContain(c.caseNumber);
  });

  it('lists every open action in parallel from the events it consumed, and myWork pages them by due time for each holder', async () => {
    const MY_WORK = `query ($first: Int!, $after: String) { myWork(first: $first, after: $after) {
      edges { cursor node { caseId caseNumber category regionCode action { code role team description since due clock { stage deadline } } } }
      pageInfo { hasNextPage endCursor }
    } }`;
    const clerkActor = { id: 'clerk-1', role: 'intake-clerk' as const };
    const inspector = { id: 'inspector-1', role: 'inspector' as const };
    const officer = { id: 'officer-1', role: 'contract-officer' as const };
    const schemeTerms = {
      schemeId: randomUUID(),
      version: 1,
      voltageLevel: 'AC10KV',
      capacityKva: 1250,
      supplySources: 1,
      meteringMethod: 'HIGH_SUPPLY_HIGH_METERING',
      tariffCategory: 'LARGE_INDUSTRIAL',
    };
    /** An HV case confirmed, drafted and invoiced, designed, built and waiting on its intermediate inspection due at `dueHours`. */
    const inspectionRequested = async (dueHours: number) => {
      const c = await submit(HV_TERMS);
      expect(c.category).toBe('HV_SINGLE_SOURCE');
      const t0 = await submittedAt(c.caseId);
      const at = (hours: number) => t0 + hours * HOUR;
      const customer = { id: c.customerId, role: 'customer' as const };
      const events: CloudEvent[] = [
        eventOf(c, 'intake.application.accepted.v1', at(1), clerkActor, {
          businessType: 'NEW_CONNECTION',
          capacityKva: 1250,
          voltageLevel: 'AC10KV',
          supplySources: 1,
          regionCode: '310104',
          acceptedAt: new Date(at(1)).toISOString(),
        }),
        eventOf(c, 'planning.scheme.confirmed.v1', at(2), customer, {
          ...schemeTerms,
          supplyPoints: ['10 kV bay 4'],
          propertyBoundary: 'Incoming cabinet',
        }),
        eventOf(c, 'contracts.contract.drafted.v1', at(3), officer, { contractId: randomUUID(), version: 1 }),
        eventOf(c, 'contracts.fees.invoiced.v1', at(3), officer, { invoiceId: randomUUID(), total: '12000.00' }),
        eventOf(c, 'inspection.design.submitted.v1', at(4), customer, { round: 1 }),
        eventOf(c, 'inspection.design.approved.v1', at(5), inspector, { round: 1 }),
        eventOf(c, 'inspection.construction.started.v1', at(6), customer, { startedOn: '2026-03-02', unitName: '徐汇电力安装1公司' }),
        eventOf(c, 'inspection.intermediate.requested.v1', at(7), customer, { round: 1, scope: [] }),
        eventOf(c, 'inspection.timelimit.started.v1', at(7), inspector, {
          clockId: randomUUID(),
          stage: 'INTERMEDIATE_INSPECTION',
          limitDays: 5,
          targetDays: 3,
          deadline: new Date(at(dueHours)).toISOString(),
          targetDeadline: new Date(at(dueHours - 24)).toISOString(),
          provisional: false,
          at: new Date(at(7)).toISOString(),
          round: 1,
        }),
      ];
      await bus.publish(...[...events].reverse());
      // Every event applied (intake's own clock events may add steps of their own before the last one lands).
      const found = await journeyOnce(c.caseId, 'the journey to apply every event', (candidate) => {
        const applied = new Set(candidate.journey.steps.map((step) => step.type));
        return events.every((event) => applied.has(event.type));
      });
      return { c, journey: found.journey, due: new Date(at(dueHours)).toISOString() };
    };

    const later = await inspectionRequested(120);
    const sooner = await inspectionRequested(60);
    const codes = (journey: { openActions: { code: string }[] }) => journey.openActions.map((a) => a.code);
    // Everything that can happen now, at once; the customer is not told to build any more.
    expect([...codes(sooner.journey)].sort()).toEqual([
      'INSPECT_INTERMEDIATE',
      'INSTALL_METER',
      'PAY_FEES',
      'SIGN_CONTRACT',
      'SIGN_CONTRACT_FOR_UTILITY',
    ]);
    // The inspection is due at its clock's deadline: the most urgent, and the next action.
    expect(sooner.journey.openActions[0]).toMatchObject({
      code: 'INSPECT_INTERMEDIATE',
      role: 'INSPECTOR',
      team: 'inspection',
      due: sooner.due,
      clock: { stage: 'INTERMEDIATE_INSPECTION', deadline: sooner.due, provisional: false },
    });
    expect(sooner.journey.nextAction).toMatchObject({ role: 'INSPECTOR', team: 'inspection' });

    /** Every page of `myWork` for the token, reduced to the two cases of this test. */
    const workOf = async (token: string, first = 1) => {
      const items: { caseId: string; action: { code: string; due: string | null } }[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 500; pages++) {
        const page: { edges: { node: (typeof items)[number] }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = expectData(
          await graphql(intake.url, MY_WORK, { first, after }, token),
        ).myWork;
        items.push(...page.edges.map((edge) => edge.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return items
        .filter((item) => item.caseId === sooner.c.caseId || item.caseId === later.c.caseId)
        .map((item) => [item.caseId === sooner.c.caseId ? 'sooner' : 'later', item.action.code, item.action.due]);
    };
    const inspectorToken = await run.token({ sub: 'inspector-1', roles: ['inspector'], regions: ['310104'] });
    expect(await workOf(inspectorToken, 1)).toEqual([
      ['sooner', 'INSPECT_INTERMEDIATE', sooner.due],
      ['later', 'INSPECT_INTERMEDIATE', later.due],
    ]);
    const elsewhere = await run.token({ sub: 'inspector-2', roles: ['inspector'], regions: ['310115'] });
    expect(await workOf(elsewhere, 50)).toEqual([]);
    const technician = await run.token({ sub: 'technician-1', roles: ['metering-technician'], team: 'metering' });
    expect(await workOf(technician, 50)).toEqual([
      ['later', 'INSTALL_METER', null],
      ['sooner', 'INSTALL_METER', null],
    ]);
    const owner = await run.token({ sub: sooner.c.customerId, roles: ['customer'] });
    expect((await workOf(owner, 2)).map(([, code]) => code)).toEqual(['PAY_FEES', 'SIGN_CONTRACT']);
    const auditor = await run.token({ sub: 'auditor-1', roles: ['auditor'] });
    const refused = await graphql(intake.url, MY_WORK, { first: 5 }, auditor);
    expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.FORBIDDEN);
    const badCursor = await graphql(intake.url, MY_WORK, { first: 5, after: 'not-a-cursor' }, technician);
    expect(badCursor.errors?.[0].extensions?.code).toBe(ErrorCode.VALIDATION_FAILED);

    // A case whose head was kept before open actions were: read from its events, and back in the work lists after a start.
    const dataSource = intake.app.get(DataSource);
    await dataSource.query(`UPDATE journey_case SET summary = summary - 'openActions' WHERE case_id = $1`, [sooner.c.caseId]);
    await dataSource.query('DELETE FROM journey_open_action WHERE case_id = $1', [sooner.c.caseId]);
    expect(codes((await journeyOf(sooner.c.caseId)).journey)).toEqual(codes(sooner.journey));
    expect(await workOf(inspectorToken, 50)).toEqual([['later', 'INSPECT_INTERMEDIATE', later.due]]);
    await intake.app.get(JourneyService).onApplicationBootstrap();
    expect(await workOf(inspectorToken, 50)).toEqual([
      ['sooner', 'INSPECT_INTERMEDIATE', sooner.due],
      ['later', 'INSPECT_INTERMEDIATE', later.due],
    ]);

    // Likewise a head kept before links were: read from its events, and kept with them again after a start.
    // Accepted without a variant, the case walks the pre-reform process: every stage a link of its own.
    expect(sooner.journey.links).toHaveLength(9);
    expect(sooner.journey.links[4]).toEqual({ id: 'INTERMEDIATE_INSPECTION', status: 'CURRENT' });
    await dataSource.query(`UPDATE journey_case SET summary = summary - 'links' WHERE case_id = $1`, [sooner.c.caseId]);
    expect((await journeyOf(sooner.c.caseId)).journey.links).toEqual(sooner.journey.links);
    await intake.app.get(JourneyService).onApplicationBootstrap();
    const [{ kept }] = await dataSource.query<{ kept: boolean }[]>(
      `SELECT summary ? 'links' AS kept FROM journey_case WHERE case_id = $1`,
      [sooner.c.caseId],
    );
    expect(kept).toBe(true);
  });
  it('takes the head of a read that asks for the steps from the same events, not from the summary kept beside them', async () => {
    const c = await submit();
    const { journey } = await journeyAfter(c.caseId, 'intake.application.submitted.v1');
    // A summary behind the events, as a read that straddles the commit of an event finds it.
    await intake.app
      .get(DataSource)
      .query(`UPDATE journey_case SET summary = jsonb_set(summary, '{currentStage}', '"WITHDRAWN"') WHERE case_id = $1`, [c.caseId]);
    const read = async (query: string) => expectData(await graphql(intake.url, query, { id: c.caseId }, clerk)).case.journey;
    // The head alone comes from the summary; with the steps (here through a fragment), from the events the steps show.
    expect(await read(`query ($id: ID!) { case(id: $id) { journey { currentStage } } }`)).toEqual({ currentStage: 'WITHDRAWN' });
    const withSteps = await read(
      `query ($id: ID!) { case(id: $id) { journey { currentStage ...steps } } } fragment steps on CaseJourney { steps { type } }`,
    );
    expect(withSteps.currentStage).toBe(journey.currentStage);
    expect(withSteps.currentStage).not.toBe('WITHDRAWN');
    expect(withSteps.steps.map((step: { type: string }) => step.type)).toEqual(journey.steps.map((step: { type: string }) => step.type));
  });

  it('reads a page of cases with their customers and journeys in one statement per table: customers, journey heads, running step clocks', async () => {
    const submitted = [await submit(), await submit(), await submit(HV_TERMS)];
    // Each as read alone once its journey has applied both events of the submission: the application and its acceptance clock's start.
    const applied = ['intake.application.submitted.v1', 'intake.timelimit.started.v2'];
    const single = await Promise.all(
      submitted.map(async (c) => {
        const found = await journeyOnce(c.caseId, `the journey of ${c.caseNumber} with its submission and running step`, ({ journey }) => {
          const types = journey.steps.map((step) => step.type);
          return applied.every((type) => types.includes(type)) && journey.currentStep != null;
        });
        return found.journey;
      }),
    );
    const log = await recordStatements(intake.app.get(DataSource));
    let page: { edges: { node: { id: string; customer: { id: string }; journey: Record<string, unknown> } }[] };
    try {
      page = expectData(
        await graphql(
          intake.url,
          `
            query {
              cases(first: 3) {
                edges {
                  node {
                    id
                    customer {
                      id
                    }
                    journey {
                      currentStage
                      nextAction {
                        role
                        team
                        description
                      }
                      utilityTimeSeconds
                      customerTimeSeconds
                      currentStep {
                        stage
                        deadline
                        provisional
                      }
                    }
                  }
                }
              }
            }
          `,
          {},
          clerk,
        ),
      ).cases;
    } finally {
      log.stop();
    }
    // The newest first, each with its own journey, as read alone.
    expect(page.edges.map((e) => e.node.id)).toEqual(submitted.map((c) => c.caseId).reverse());
    page.edges.forEach(({ node }) => {
      const index = submitted.findIndex((c) => c.caseId === node.id);
      expect(node.customer).toEqual({ id: submitted[index].customerId });
      const alone = single[index];
      expect(node.journey).toEqual({
        currentStage: alone.currentStage,
        nextAction: alone.nextAction,
        utilityTimeSeconds: expect.any(Number),
        customerTimeSeconds: alone.customerTimeSeconds,
        currentStep: { stage: alone.currentStep.stage, deadline: alone.currentStep.deadline, provisional: alone.currentStep.provisional },
      });
    });
    const reading = (table: string) => log.statements.filter((q) => tablesOf(q).includes(table));
    expect(reading('customer')).toHaveLength(1);
    expect(reading('journey_case')).toHaveLength(1);
    expect(reading('supervised_clock')).toHaveLength(1);
  });
});
