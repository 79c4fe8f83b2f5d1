import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CloudEvent, EventType, parseEvent, Role } from '@yekuo/events';
import { ErrorCode, ManualTimeSource } from '@yekuo/platform';
import {
  EventTap,
  expectData,
  graphql,
  GraphQLResponse,
  InProcessService,
  startServiceInProcess,
  TestPublisher,
  TestRun,
  waitFor,
} from '@yekuo/testing';
import { AppModule } from '../app.module';
import { residentIdCheckCharacter } from '../customer/identity';
import { intakeService } from '../intake.service-definition';
import { caseEventOf, EventDetails, SubmittedCase } from '../testing/intake.fixtures';
import { TicketService } from './ticket.service';

jest.setTimeout(120_000);

const HOUR = 3600_000;
const MINUTE = 60_000;
const TICKET =
  'id caseId kind subject status team routedRole openedBy openedByRole openedAt respondBy overdue response respondedBy resolution escalatedAt satisfaction satisfactionComment closedAt policyVersion resolutionDueAt resolutionOverdue resolutionEscalatedAt';
const OPEN = `mutation ($input: OpenTicketInput!) { openTicket(input: $input) { ${TICKET} } }`;
const RESPOND = `mutation ($input: RespondToTicketInput!) { respondToTicket(input: $input) { ${TICKET} } }`;
const RESOLVE = `mutation ($input: ResolveTicketInput!) { resolveTicket(input: $input) { ${TICKET} } }`;
const RATE = `mutation ($input: RateTicketInput!) { rateTicket(input: $input) { ${TICKET} } }`;
const LIST = `query ($filter: TicketFilter, $first: Int!, $after: String) {
  tickets(filter: $filter, first: $first, after: $after) { edges { cursor node { ${TICKET} } } pageInfo { hasNextPage endCursor } }
}`;
const CASE_TICKETS = `query ($id: ID!) { case(id: $id) { tickets { edges { node { id kind } } } } }`;
const NEXT_ACTION = `query ($id: ID!) { case(id: $id) { journey { steps { eventId } nextAction { role team description } openActions { code role team } } } }`;

let sequence = 0;
const residentId = () => {
  sequence += 1;
  const first17 = `310115${1960 + (sequence % 40)}0303${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

describe('service channel tickets (two instances in process, real PostgreSQL and RabbitMQ)', () => {
  const run = new TestRun();
  /** The time the service judges limits, overdue tickets and remaining step time by. */
  const time = new ManualTimeSource();
  let a: InProcessService;
  let b: InProcessService;
  let bus: TestPublisher;
  let tap: EventTap;
  const tokens: Record<string, string> = {};
  const start = Date.parse('2026-03-02T01:00:00Z');

  /** Both instances read the same hand-set time. */
  const setNow = (at: number) => {
    time.set(new Date(at));
  };

  const submit = async (): Promise<SubmittedCase> => {
    const { submitApplication } = expectData(
      await graphql(
        a.url,
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
            customer: { idType: 'RESIDENT_ID', idNumber: residentId(), name: '韩梅梅', phone: '13912345678' },
            businessType: 'NEW_CONNECTION',
            usage: 'RESIDENTIAL',
            voltageLevel: 'AC220V',
            capacityKva: 8,
            supplySources: 1,
            siteAddress: '上海市浦东新区世纪大道100号',
            regionCode: '310115',
          },
        },
        tokens.clerk,
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

  /** A catalog event of another service about `c`, `minutesAfterNow` from now. */
  /** A catalog event of another service about `c`, `minutesAfterNow` from now. */
  const eventOf = <T extends EventType>(c: SubmittedCase, type: T, minutesAfterNow: number, ...rest: EventDetails<T>): CloudEvent<T> =>
    caseEventOf(c, type, new Date(Date.now() + minutesAfterNow * MINUTE), ...rest);

  /** Publishes facts of the case as intake, planning and contracts would, in order, and waits until the journey has the last of them. */
  const publishFacts = async (c: SubmittedCase, events: CloudEvent[]) => {
    for (const event of events) await bus.publish(event);
    const last = events[events.length - 1];
    await waitFor('the journey to record the facts', async () => {
      const { journey } = expectData(await graphql(a.url, NEXT_ACTION, { id: c.caseId }, tokens.supervisor)).case;
      return journey.steps.some((s: { eventId: string }) => s.eventId === last.id) ? journey : undefined;
    });
  };

  const CLERK = { id: 'clerk-1', role: 'intake-clerk' } as const;
  const SURVEYOR = { id: 'surveyor-1', role: 'surveyor' } as const;
  const APPROVER = { id: 'approver-1', role: 'approver' } as const;
  const PLANNER = { id: 'planner-1', role: 'planner' } as const;
  const OFFICER = { id: 'officer-1', role: 'contract-officer' } as const;
  const SCHEME_TERMS = {
    voltageLevel: 'AC220V',
    capacityKva: 8,
    supplySources: 1,
    meteringMethod: 'LOW_SUPPLY_LOW_METERING',
    tariffCategory: 'RESIDENTIAL',
  };

  /** The front desk accepts the application: the region's survey team surveys and drafts the scheme in one step. */
  const accept = (c: SubmittedCase, minutesAfterNow = 60) =>
    publishFacts(c, [
      eventOf(c, 'intake.application.accepted.v1', minutesAfterNow, CLERK, {
        businessType: 'NEW_CONNECTION',
        capacityKva: 8,
        voltageLevel: 'AC220V',
        supplySources: 1,
        regionCode: '310115',
        acceptedAt: new Date(Date.now() + minutesAfterNow * MINUTE).toISOString(),
      }),
    ]);

  /** The site is surveyed and the scheme drafted: it awaits approval by the team the draft names. */
  const draftScheme = (c: SubmittedCase, schemeId: string, minutesAfterNow: number) =>
    publishFacts(c, [
      eventOf(c, 'planning.survey.completed.v1', minutesAfterNow, SURVEYOR, {
        completedAt: new Date(Date.now() + minutesAfterNow * MINUTE).toISOString(),
      }),
      eventOf(
        c,
        'planning.scheme.drafted.v1',
        minutesAfterNow + 1,
        SURVEYOR,
        { schemeId, version: 1, ...SCHEME_TERMS, externalWorksRequired: false },
        { role: 'approver', team: 'planning', description: 'Approve the supply scheme' },
      ),
    ]);

  /** The scheme is approved at its final level and replied to the customer, who is to confirm it. */
  const replyScheme = (c: SubmittedCase, schemeId: string, minutesAfterNow: number) =>
    publishFacts(c, [
      eventOf(c, 'planning.scheme.approved.v1', minutesAfterNow, APPROVER, { schemeId, version: 1, level: 1, final: true }),
      eventOf(c, 'planning.scheme.replied.v1', minutesAfterNow + 1, PLANNER, { schemeId, version: 1 }),
    ]);

  const open = async (c: SubmittedCase, token: string, kind = 'URGE') =>
    expectData(
      await graphql(
        a.url,
        OPEN,
        { input: { caseId: c.caseId, kind, subject: 'When is my survey?', message: '请尽快安排现场勘查' } },
        token,
      ),
    ).openTicket;

  beforeAll(async () => {
    // AppModule builds the core from intakeService itself, so the hand-set time goes on it (this file's copy of the module).
    intakeService.timeSource = time;
    Object.assign(process.env, {
      PII_DEV_KEY_DIR: run.keyDir,
      DOCUMENTS_DIR: join(run.keyDir, 'documents'),
      TICKET_ESCALATION_INTERVAL_MS: '0',
    });
    tap = await EventTap.open(run.amqpUrl, run.exchange, 'intake.ticket.#');
    a = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    b = await startServiceInProcess(run, intakeService, (config) => AppModule.forRoot(config));
    bus = await TestPublisher.open(run.amqpUrl, run.exchange);
    const mint = (sub: string, roles: Role[], extra: { team?: string; actsFor?: string[] } = {}) => run.token({ sub, roles, ...extra });
    Object.assign(tokens, {
      clerk: await mint('clerk-1', ['intake-clerk'], { team: 'front-desk' }),
      supervisor: await mint('supervisor-1', ['supervisor']),
      approver: await mint('approver-1', ['approver'], { team: 'planning' }),
      surveyor: await mint('surveyor-1', ['surveyor'], { team: 'survey-east' }),
      otherSurveyor: await mint('surveyor-9', ['surveyor'], { team: 'survey-west' }),
      auditor: await mint('auditor-1', ['auditor']),
    });
  });

  afterAll(async () => {
    delete intakeService.timeSource;
    for (const variable of ['PII_DEV_KEY_DIR', 'DOCUMENTS_DIR', 'TICKET_ESCALATION_INTERVAL_MS']) delete process.env[variable];
    await tap?.close();
    await bus?.close();
    await a?.stop();
    await b?.stop();
    await run.cleanUp(['intake']);
  });

  beforeEach(() => time.set(new Date()));

  it('routes a ticket to the team of the most urgent open action: the team it names, else the team of its role in the region, else the front desk', async () => {
    const c = await submit();
    const customer = await run.token({ sub: c.customerId, roles: ['customer'] });
    // Only the submission is known: the front desk holds the case.
    await waitFor('the submission in the journey', async () => {
      const { journey } = expectData(await graphql(a.url, NEXT_ACTION, { id: c.caseId }, tokens.supervisor)).case;
      return journey.steps.length > 0;
    });
    expect(await open(c, customer, 'INQUIRY')).toMatchObject({ team: 'front-desk', routedRole: 'INTAKE_CLERK', status: 'OPEN' });

    // Accepted: survey and scheme are the surveyor's, and the acceptance names no team, so the region's survey team answers.
    await accept(c, 60);
    expect(await open(c, tokens.clerk, 'CORRECTION_REQUEST')).toMatchObject({
      team: 'survey-east',
      routedRole: 'SURVEYOR',
      openedByRole: 'INTAKE_CLERK',
    });

    // Drafted: approval is open, and the draft names the team that approves.
    const schemeId = randomUUID();
    await draftScheme(c, schemeId, 120);
    const toPlanning = await open(c, customer);
    expect(toPlanning).toMatchObject({ team: 'planning', routedRole: 'APPROVER', openedBy: c.customerId, openedByRole: 'CUSTOMER' });
    expect(Date.parse(toPlanning.respondBy) - Date.parse(toPlanning.openedAt)).toBe(4 * HOUR);

    // Replied: only the customer can act (confirm the scheme), so the front desk answers.
    await replyScheme(c, schemeId, 180);
    const { journey } = expectData(await graphql(a.url, NEXT_ACTION, { id: c.caseId }, tokens.supervisor)).case;
    expect(journey.openActions).toEqual([{ code: 'CONFIRM_SCHEME', role: 'CUSTOMER', team: null }]);
    expect(await open(c, customer, 'COMPLAINT')).toMatchObject({ team: 'front-desk', routedRole: 'INTAKE_CLERK' });

    await waitFor(
      'four opened events',
      () => tap.ofType('intake.ticket.opened.v1').filter((m) => parseEvent(m.body).subject === c.caseId).length === 4,
    );
    const urge = tap
      .ofType('intake.ticket.opened.v1')
      .map(
        (m) =>
          parseEvent(m.body) as ReturnType<typeof parseEvent> & { data: { ticketId: string; kind: string; nextAction: { team: string } } },
      )
      .find((e) => e.data.ticketId === toPlanning.id);
    expect(urge?.data).toMatchObject({ kind: 'URGE', caseId: c.caseId, nextAction: { role: 'approver', team: 'planning' } });
  });

  it('routes a ticket to the team of the open action it concerns, and refuses an action the case does not have open', async () => {
    const c = await submit();
    const customer = await run.token({ sub: c.customerId, roles: ['customer'] });
    const schemeId = randomUUID();
    await accept(c, 10);
    await draftScheme(c, schemeId, 20);
    await replyScheme(c, schemeId, 30);
    // Confirmed, then the contract drafted: the meter, the customer's signature and the utility's run in parallel.
    await publishFacts(c, [
      eventOf(
        c,
        'planning.scheme.confirmed.v1',
        40,
        { id: c.customerId, role: 'customer' },
        { schemeId, version: 1, ...SCHEME_TERMS, supplyPoints: ['Meter box 2'], propertyBoundary: 'Meter box outlet' },
      ),
      eventOf(c, 'contracts.contract.drafted.v1', 50, OFFICER, { contractId: randomUUID(), version: 1 }),
    ]);
    const { journey } = expectData(await graphql(a.url, NEXT_ACTION, { id: c.caseId }, tokens.supervisor)).case;
    expect(journey.openActions).toEqual(
      expect.arrayContaining([
        { code: 'INSTALL_METER', role: 'METERING_TECHNICIAN', team: 'metering' },
        { code: 'SIGN_CONTRACT', role: 'CUSTOMER', team: null },
        { code: 'SIGN_CONTRACT_FOR_UTILITY', role: 'CONTRACT_OFFICER', team: 'contracts' },
      ]),
    );
    expect(journey.openActions).toHaveLength(3);
    const openCodes = journey.openActions.map((action: { code: string }) => action.code);

    const openAbout = async (concerns: string | undefined, token = customer) =>
      graphql(
        a.url,
        OPEN,
        { input: { caseId: c.caseId, kind: 'URGE', subject: 'Meter', message: '请尽快', ...(concerns ? { concerns } : {}) } },
        token,
      );

    // Without `concerns`: the most urgent, the utility's action open longest (the meter, open since confirmation).
    expect(journey.openActions[0]).toMatchObject({ code: 'INSTALL_METER' });
    expect(expectData(await openAbout(undefined)).openTicket).toMatchObject({ team: 'metering', routedRole: 'METERING_TECHNICIAN' });
    expect(expectData(await openAbout('SIGN_CONTRACT_FOR_UTILITY')).openTicket).toMatchObject({
      team: 'contracts',
      routedRole: 'CONTRACT_OFFICER',
    });
    expect(expectData(await openAbout('INSTALL_METER', tokens.clerk)).openTicket).toMatchObject({
      team: 'metering',
      routedRole: 'METERING_TECHNICIAN',
    });
    // The customer's own action: nobody else can do it, so the front desk answers.
    expect(expectData(await openAbout('SIGN_CONTRACT')).openTicket).toMatchObject({ team: 'front-desk', routedRole: 'INTAKE_CLERK' });

    const notOpen = await openAbout('APPROVE_SCHEME');
    expect(codeOf(notOpen)).toBe(ErrorCode.VALIDATION_FAILED);
    expect(notOpen.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual(['input.concerns']);
    expect([...(notOpen.errors?.[0].extensions?.openActions as string[])].sort()).toEqual([...openCodes].sort());
    for (const code of openCodes) expect(notOpen.errors?.[0].message).toContain(code);
    const unknown = await openAbout('FIX_EVERYTHING');
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].message).toContain('"FIX_EVERYTHING" does not exist in "CaseActionCode" enum');

    // Nothing was opened by the refused requests.
    const listed = expectData(await graphql(a.url, CASE_TICKETS, { id: c.caseId }, customer)).case.tickets.edges;
    expect(listed).toHaveLength(4);
  });

  it('escalates each ticket past its response limit exactly once while two instances sweep at the same time', async () => {
    const c = await submit();
    const customer = await run.token({ sub: c.customerId, roles: ['customer'] });
    setNow(start);
    const urges = [await open(c, customer, 'URGE'), await open(c, customer, 'URGE'), await open(c, customer, 'URGE')];
    const inquiry = await open(c, customer, 'INQUIRY');
    // One urge is answered in time: it is not escalated.
    setNow(start + HOUR);
    expect(
      expectData(await graphql(a.url, RESPOND, { input: { ticketId: urges[2].id, response: '已安排' } }, tokens.clerk)).respondToTicket
        .status,
    ).toBe('RESPONDED');

    const overdueNow = start + 5 * HOUR;
    setNow(overdueNow);
    const overdue = expectData(await graphql(a.url, LIST, { filter: { overdue: true }, first: 50 }, tokens.supervisor)).tickets;
    expect(overdue.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([urges[0].id, urges[1].id].sort());
    expect(overdue.edges.every((e: { node: { overdue: boolean } }) => e.node.overdue)).toBe(true);

    const sweeps = await Promise.all([a, b, a, b].map((instance) => instance.app.get(TicketService).escalateDue(new Date(overdueNow), 1)));
    expect(sweeps.reduce((sum, n) => sum + n, 0)).toBe(2);
    expect(await b.app.get(TicketService).escalateDue(new Date(overdueNow + HOUR))).toBe(0);

    await waitFor(
      'the escalations on the bus',
      () => tap.ofType('intake.ticket.escalated.v1').filter((m) => parseEvent(m.body).subject === c.caseId).length >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const escalated = tap
      .ofType('intake.ticket.escalated.v1')
      .map(
        (m) =>
          parseEvent(m.body) as ReturnType<typeof parseEvent> & {
            data: { ticketId: string; nextAction: { role: string }; actor: { id: string; role: string } };
          },
      )
      .filter((e) => e.subject === c.caseId);
    expect(escalated.map((e) => e.data.ticketId).sort()).toEqual([urges[0].id, urges[1].id].sort());
    expect(escalated.every((e) => e.data.nextAction.role === 'supervisor')).toBe(true);
    // Nobody escalated it by hand: the service-channel monitor did, not the customer who opened it.
    expect(escalated.map((e) => e.data.actor)).toEqual([
      { id: 'service-channel-monitor', role: 'supervisor' },
      { id: 'service-channel-monitor', role: 'supervisor' },
    ]);
    const listed = expectData(await graphql(a.url, LIST, { filter: { kind: 'URGE' }, first: 50 }, tokens.supervisor)).tickets.edges.map(
      (e: { node: { id: string; escalatedAt: string | null } }) => e.node,
    );
    for (const urge of urges.slice(0, 2))
      expect(listed.find((t: { id: string }) => t.id === urge.id).escalatedAt).toBe(new Date(overdueNow).toISOString());
    expect(listed.find((t: { id: string }) => t.id === urges[2].id).escalatedAt).toBeNull();
    expect(listed.find((t: { id: string }) => t.id === inquiry.id)).toBeUndefined();
  });

  it('walks respond, resolve and rate with roles, team and the state checked at each step, and records satisfaction', async () => {
    const c = await submit();
    const customer = await run.token({ sub: c.customerId, roles: ['customer'] });
    const stranger = await run.token({ sub: randomUUID(), roles: ['customer'] });
    await accept(c);
    const ticket = await open(c, customer, 'COMPLAINT');
    expect(ticket.team).toBe('survey-east');

    const respond = (token: string) => graphql(a.url, RESPOND, { input: { ticketId: ticket.id, response: '明天上午勘查' } }, token);
    expect(codeOf(await respond(customer))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(await respond(tokens.auditor))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(await respond(tokens.otherSurveyor))).toBe(ErrorCode.FORBIDDEN);
    const rateEarly = await graphql(a.url, RATE, { input: { ticketId: ticket.id, satisfaction: 5 } }, customer);
    expect(rateEarly.errors?.[0].extensions).toMatchObject({
      code: ErrorCode.INVALID_TRANSITION,
      currentState: 'OPEN',
      requires: ['RESOLVED'],
    });

    expect(expectData(await respond(tokens.surveyor)).respondToTicket).toMatchObject({ status: 'RESPONDED', respondedBy: 'surveyor-1' });
    const again = await respond(tokens.surveyor);
    expect(again.errors?.[0].extensions).toMatchObject({
      code: ErrorCode.INVALID_TRANSITION,
      currentState: 'RESPONDED',
      requires: ['OPEN'],
    });

    const resolved = expectData(
      await graphql(a.url, RESOLVE, { input: { ticketId: ticket.id, resolution: '已完成勘查' } }, tokens.supervisor),
    );
    expect(resolved.resolveTicket).toMatchObject({ status: 'RESOLVED', resolution: '已完成勘查' });

    const invalid = await graphql(a.url, RATE, { input: { ticketId: ticket.id, satisfaction: 6, comment: 'x'.repeat(2001) } }, customer);
    expect(codeOf(invalid)).toBe(ErrorCode.VALIDATION_FAILED);
    expect(invalid.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual(['input.comment', 'input.satisfaction']);
    expect(codeOf(await graphql(a.url, RATE, { input: { ticketId: ticket.id, satisfaction: 1 } }, stranger))).toBe(ErrorCode.NOT_FOUND);

    const rated = expectData(await graphql(a.url, RATE, { input: { ticketId: ticket.id, satisfaction: 4, comment: '满意' } }, customer));
    expect(rated.rateTicket).toMatchObject({ status: 'CLOSED', satisfaction: 4, satisfactionComment: '满意' });
    expect(rated.rateTicket.closedAt).not.toBeNull();

    await waitFor('the resolution on the bus', () =>
      tap.ofType('intake.ticket.resolved.v1').some((m) => (parseEvent(m.body).data as { ticketId: string }).ticketId === ticket.id),
    );
  });

  it('announces each response and rating once, without the texts, and escalates an overdue resolution once with two instances sweeping', async () => {
    const c = await submit();
    const customer = await run.token({ sub: c.customerId, roles: ['customer'] });
    await waitFor('the submission in the journey', async () => {
      const { journey } = expectData(await graphql(a.url, NEXT_ACTION, { id: c.caseId }, tokens.supervisor)).case;
      return journey.steps.length > 0;
    });
    // Friday 2026-02-13, 10:00 in Shanghai: the Spring Festival holiday (02-15 to 02-23) follows a make-up Saturday.
    const openedAt = Date.parse('2026-02-13T02:00:00Z');
    setNow(openedAt);
    const complaint = await open(c, customer, 'COMPLAINT');
    const inquiry = await open(c, customer, 'INQUIRY');
    const urge = await open(c, customer, 'URGE');
    expect(complaint).toMatchObject({ policyVersion: '2026-12', respondBy: new Date(openedAt + 24 * HOUR).toISOString() });
    // Seven working days: 02-14, 02-24 to 02-27, 02-28 (make-up Saturday), 03-02; due at the close of 03-02 in Shanghai.
    expect(complaint.resolutionDueAt).toBe('2026-03-02T16:00:00.000Z');
    // Two working days: 02-14 and 02-24.
    expect(inquiry.resolutionDueAt).toBe('2026-02-24T16:00:00.000Z');
    expect(urge.resolutionDueAt).toBe('2026-02-24T16:00:00.000Z');

    const respond = async (ticketId: string, at: number) => {
      setNow(at);
      return expectData(await graphql(a.url, RESPOND, { input: { ticketId, response: '请提供联系电话 13912345678' } }, tokens.clerk))
        .respondToTicket;
    };
    await respond(complaint.id, openedAt + HOUR);
    // The inquiry is answered a day late: the event says so.
    await respond(inquiry.id, openedAt + 25 * HOUR);
    await respond(urge.id, openedAt + 2 * HOUR);
    setNow(openedAt + 3 * HOUR);
    expect(
      expectData(await graphql(a.url, RESOLVE, { input: { ticketId: urge.id, resolution: '已催办' } }, tokens.clerk)).resolveTicket.status,
    ).toBe('RESOLVED');

    // After the inquiry's resolution limit, before the complaint's.
    const inquiryOverdue = Date.parse('2026-02-25T00:00:00Z');
    setNow(inquiryOverdue);
    const overdue = expectData(await graphql(a.url, LIST, { filter: { resolutionOverdue: true }, first: 50 }, tokens.supervisor)).tickets;
    expect(overdue.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([inquiry.id]);
    expect(overdue.edges[0].node).toMatchObject({ status: 'RESPONDED', resolutionOverdue: true, overdue: false });
    const sweeps = await Promise.all(
      [a, b, a, b].map((instance) => instance.app.get(TicketService).escalateDue(new Date(inquiryOverdue), 1)),
    );
    expect(sweeps.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(await b.app.get(TicketService).escalateDue(new Date(inquiryOverdue + HOUR))).toBe(0);

    const complaintOverdue = Date.parse(complaint.resolutionDueAt);
    const lateSweeps = await Promise.all([a, b].map((instance) => instance.app.get(TicketService).escalateDue(new Date(complaintOverdue))));
    expect(lateSweeps.reduce((sum, n) => sum + n, 0)).toBe(1);

    setNow(complaintOverdue + HOUR);
    for (const ticketId of [complaint.id, inquiry.id])
      expect(
        expectData(await graphql(a.url, RESOLVE, { input: { ticketId, resolution: '已处理' } }, tokens.supervisor)).resolveTicket.status,
      ).toBe('RESOLVED');
    const rate = async (ticketId: string, satisfaction: number) =>
      expectData(await graphql(a.url, RATE, { input: { ticketId, satisfaction, comment: '联系我 13912345678' } }, customer)).rateTicket;
    expect(await rate(complaint.id, 2)).toMatchObject({
      status: 'CLOSED',
      resolutionOverdue: false,
      resolutionEscalatedAt: new Date(complaintOverdue).toISOString(),
    });
    expect(await rate(inquiry.id, 4)).toMatchObject({ status: 'CLOSED', resolutionEscalatedAt: new Date(inquiryOverdue).toISOString() });
    await rate(urge.id, 5);

    type TicketEvent = ReturnType<typeof parseEvent> & { data: Record<string, unknown> & { ticketId: string } };
    const ofCase = (type: string) =>
      tap
        .ofType(type)
        .map((m) => parseEvent(m.body) as TicketEvent)
        .filter((e) => e.subject === c.caseId);
    await waitFor('the ratings on the bus', () => ofCase('intake.ticket.rated.v1').length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const responded = ofCase('intake.ticket.responded.v1');
    expect(responded.map((e) => e.data.ticketId).sort()).toEqual([complaint.id, inquiry.id, urge.id].sort());
    const byTicket = (events: TicketEvent[], id: string) => events.find((e) => e.data.ticketId === id)?.data;
    expect(byTicket(responded, complaint.id)).toMatchObject({
      kind: 'COMPLAINT',
      respondedAt: new Date(openedAt + HOUR).toISOString(),
      respondBy: complaint.respondBy,
      withinLimit: true,
      resolutionDueAt: '2026-03-02T16:00:00.000Z',
      actor: { id: 'clerk-1', role: 'intake-clerk' },
      nextAction: { role: 'intake-clerk', team: 'front-desk' },
    });
    expect(byTicket(responded, inquiry.id)).toMatchObject({ kind: 'INQUIRY', withinLimit: false });

    const rated = ofCase('intake.ticket.rated.v1');
    expect(rated.map((e) => e.data.ticketId).sort()).toEqual([complaint.id, inquiry.id, urge.id].sort());
    expect(byTicket(rated, complaint.id)).toMatchObject({
      kind: 'COMPLAINT',
      satisfaction: 2,
      closedAt: new Date(complaintOverdue + HOUR).toISOString(),
      actor: { id: c.customerId, role: 'customer' },
    });
    // The response and the comment carry what the customer and the team wrote: they stay in intake.
    for (const event of [...responded, ...rated]) expect(JSON.stringify(event.data)).not.toContain('13912345678');

    const escalated = ofCase('intake.ticket.escalated.v1');
    // Once per ticket: the urge was resolved in time, and no response was late at a sweep.
    expect(escalated.map((e) => e.data.ticketId).sort()).toEqual([complaint.id, inquiry.id].sort());
    expect(byTicket(escalated, inquiry.id)).toMatchObject({
      limit: 'RESOLUTION',
      dueAt: '2026-02-24T16:00:00.000Z',
      actor: { id: 'service-channel-monitor', role: 'supervisor' },
      nextAction: { role: 'supervisor' },
    });
    expect(byTicket(escalated, complaint.id)).toMatchObject({ limit: 'RESOLUTION', dueAt: '2026-03-02T16:00:00.000Z' });
  });

  it('keeps customers to their own tickets and validates every field of a new ticket at once', async () => {
    const mine = await submit();
    const theirs = await submit();
    const owner = await run.token({ sub: mine.customerId, roles: ['customer'] });
    const other = await run.token({ sub: theirs.customerId, roles: ['customer'] });
    const agent = await run.token({ sub: 'agent-3', roles: ['agent'], actsFor: [mine.customerId] });
    const own = await open(mine, owner, 'INQUIRY');
    const byAgent = await open(mine, agent, 'URGE');
    expect(byAgent.openedByRole).toBe('AGENT');
    await open(theirs, other, 'INQUIRY');

    const intoOther = await graphql(a.url, OPEN, { input: { caseId: theirs.caseId, kind: 'INQUIRY', subject: 's', message: 'm' } }, owner);
    expect(codeOf(intoOther)).toBe(ErrorCode.NOT_FOUND);
    expect(
      codeOf(await graphql(a.url, OPEN, { input: { caseId: mine.caseId, kind: 'INQUIRY', subject: 's', message: 'm' } }, tokens.surveyor)),
    ).toBe(ErrorCode.FORBIDDEN);

    const listed = expectData(await graphql(a.url, LIST, { first: 50 }, owner)).tickets.edges.map(
      (e: { node: { id: string } }) => e.node.id,
    );
    expect(listed.sort()).toEqual([own.id, byAgent.id].sort());
    const viaCase = expectData(await graphql(a.url, CASE_TICKETS, { id: mine.caseId }, agent)).case.tickets.edges;
    expect(viaCase.map((e: { node: { id: string } }) => e.node.id)).toEqual([own.id, byAgent.id]);
    expect(codeOf(await graphql(a.url, CASE_TICKETS, { id: mine.caseId }, other))).toBe(ErrorCode.NOT_FOUND);
    expect(
      codeOf(
        await graphql(
          a.url,
          `
            query ($id: ID!) {
              ticket(id: $id) {
                id
              }
            }
          `,
          { id: own.id },
          other,
        ),
      ),
    ).toBe(ErrorCode.NOT_FOUND);

    // Pages follow the cursor.
    const first = expectData(await graphql(a.url, LIST, { first: 1 }, owner)).tickets;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectData(await graphql(a.url, LIST, { first: 1, after: first.pageInfo.endCursor }, owner)).tickets;
    expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([byAgent.id]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    // A kind outside the TicketKind enum is refused by GraphQL before the input is validated.
    const unknownKind = await graphql(a.url, OPEN, { input: { caseId: mine.caseId, kind: 'PRAISE', subject: 's', message: 'm' } }, owner);
    expect(codeOf(unknownKind)).toBe('BAD_USER_INPUT');
    expect(unknownKind.errors?.[0].message).toContain('"PRAISE" does not exist in "TicketKind" enum');
    const invalid = await graphql(a.url, OPEN, { input: { caseId: 'nope', kind: 'URGE', subject: '', message: 'm'.repeat(4001) } }, owner);
    expect(codeOf(invalid)).toBe(ErrorCode.VALIDATION_FAILED);
    expect([...new Set(invalid.errors?.[0].extensions?.fields?.map((f) => f.field))].sort()).toEqual([
      'input.caseId',
      'input.message',
      'input.subject',
    ]);
    const badPage = await graphql(a.url, LIST, { first: 0, after: '!!' }, owner);
    expect(badPage.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual(['after', 'first']);
  });
});
