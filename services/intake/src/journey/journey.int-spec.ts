import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CloudEvent, createEvent, EventPayload, EventType, NextAction, Role } from '@yekuo/events';
import { ErrorCode, ManualTimeSource } from '@yekuo/platform';
import { expectData, graphql, InProcessService, startServiceInProcess, TestPublisher, TestRun, waitFor } from '@yekuo/testing';
import { AppModule } from '../app.module';
import { residentIdCheckCharacter } from '../customer/identity';
import { intakeService } from '../intake.service-definition';

jest.setTimeout(120_000);

const HOUR = 3600_000;
const JOURNEY = `query ($id: ID!) { case(id: $id) { id stage journey {
  currentStage nextAction { role team description }
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

interface SubmittedCase {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: 'LV_RESIDENTIAL';
  policyVersion: string;
}

describe('case journey (in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  /** The time the service judges limits, overdue tickets and remaining step time by. */
  const time = new ManualTimeSource();
  let intake: InProcessService;
  let bus: TestPublisher;
  let clerk: string;

  const submit = async (): Promise<SubmittedCase> => {
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
            usage: 'RESIDENTIAL',
            voltageLevel: 'AC220V',
            capacityKva: 8,
            supplySources: 1,
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

  /** A catalog event of another service about `c`, dated `at`. */
  const eventOf = <T extends EventType>(
    c: SubmittedCase,
    type: T,
    at: number,
    actor: { id: string; role: Role },
    extra: Omit<EventPayload<T>, keyof SubmittedCase | 'actor' | 'nextAction'>,
    nextAction?: NextAction,
  ): CloudEvent<T> =>
    createEvent(type, { ...c, actor, ...(nextAction ? { nextAction } : {}), ...extra } as EventPayload<T>, {
      source: `/yekuo/${type.split('.')[0]}`,
      time: new Date(at),
    });

  const journeyOf = async (caseId: string, token = clerk) => expectData(await graphql(intake.url, JOURNEY, { id: caseId }, token)).case;

  /** Waits until the journey holds `count` steps, then returns the case with its journey. */
  const journeyWith = (caseId: string, count: number) =>
    waitFor(`${count} journey steps`, async () => {
      const found = await journeyOf(caseId);
      return found.journey.steps.length >= count ? found : undefined;
    });

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
    const submitted = (await journeyWith(c.caseId, 1)).journey.steps[0];
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
    const found = await journeyWith(c.caseId, 1 + chronological.length);
    const { journey } = found;

    expect(journey.steps.map((s: { type: string }) => s.type)).toEqual([
      'intake.application.submitted.v1',
      ...chronological.map((e) => e.type),
    ]);
    expect(journey.steps.slice(1).map((s: { eventId: string }) => s.eventId)).toEqual(chronological.map((e) => e.id));
    expect(journey.steps.map((s: { stage: string }) => s.stage)).toEqual([
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
    expect(journey.nextAction).toEqual({ role: 'METERING_TECHNICIAN', team: 'metering', description: 'Install the meter' });
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
    expect(count).toBe(1 + chronological.length);
  });

  it('shows what waits on the customer while it waits, and the withdrawal with each service’s cancelled work', async () => {
    const c = await submit();
    const t0 = Date.parse((await journeyWith(c.caseId, 1)).journey.steps[0].at as string);
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
    const waiting = (await journeyWith(c.caseId, 2)).journey;
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
    const withdrawn = await journeyWith(c.caseId, 5);
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
    await journeyWith(c.caseId, 1);
    const owner = await run.token({ sub: c.customerId, roles: ['customer'] });
    const agent = await run.token({ sub: 'agent-1', roles: ['agent'], actsFor: [c.customerId] });
    const stranger = await run.token({ sub: randomUUID(), roles: ['customer'] });
    expect((await journeyOf(c.caseId, owner)).journey.currentStage).toBe('APPLICATION');
    expect((await journeyOf(c.caseId, agent)).journey.steps).toHaveLength(1);
    const refused = await graphql(intake.url, JOURNEY, { id: c.caseId }, stranger);
    expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.NOT_FOUND);
    expect(JSON.stringify(refused)).not.toContain(c.caseNumber);
  });
});
