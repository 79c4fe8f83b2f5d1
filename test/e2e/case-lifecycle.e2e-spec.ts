import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CloudEvent as SdkCloudEvent } from 'cloudevents';
import { ROLES, Role } from '@yekuo/events';
import { expectData, waitFor } from '@yekuo/testing';
import { composeFromRunningSubgraphs, schemaFileContent, subgraphFile, SUPERGRAPH_FILE } from '../../scripts/lib/supergraph';
import {
  ACCEPT,
  application,
  APPLY_WORKS_PERMIT,
  COMPLETE_EXTERNAL_WORKS,
  GRANT_WORKS_PERMIT,
  POSTPONE_METER_INSTALLATION,
  RECORD_WORKS_PROGRESS,
  REFUSE_WORKS_PERMIT,
  RESUME_METER_INSTALLATION,
  CHOOSE_UNIT,
  COMPLETENESS,
  CUSTOMER_DELAY,
  END_CUSTOMER_DELAY,
  POSTPONE_ENERGIZATION,
  RESUME_ENERGIZATION,
  FAST_PATH,
  OPEN_TICKET,
  OVERRIDE_CATEGORY,
  RATE_TICKET,
  REGISTER_METER,
  REGISTER_UNIT,
  REJECT_DOCUMENT,
  REMOVE_METER,
  REQUEST_CHANGE,
  RESCHEDULE,
  RESCHEDULE_INSTALLATION,
  RESOLVE_TICKET,
  RESPOND_TICKET,
  RETIRE_METER,
  SCHEDULE_INSTALLATION,
  UPDATE_PARTIES,
  UPDATE_UNIT,
  upload,
  WITHDRAW,
  APPROVE,
  ARCHIVE,
  ASSIGN_METER,
  CONFIRM,
  COUNTERSIGN,
  DRAFT,
  ENERGIZE,
  INSTALL_METER,
  PAY,
  RECORD,
  RECORD_INTERMEDIATE,
  REJECT,
  REPLY,
  REQUEST_ACCEPTANCE,
  REQUEST_INTERMEDIATE,
  RESUBMIT,
  RETURN,
  REVIEW_DESIGN,
  SCHEDULE,
  SIGN,
  START_CONSTRUCTION,
  SUBMIT,
  SUBMIT_DESIGN,
} from './operations';
import { expectOpenActions } from './open-actions';
import { startSystemFixture, SystemFixture } from './system-fixture';

describe('a case through the gateway, as front ends and subscribers see it', () => {
  let f: SystemFixture;
  const customerId = randomUUID();
  const tokens = {} as Record<'customer' | 'clerk' | 'surveyor' | 'planner' | 'approver' | 'otherCustomer', string>;

  beforeAll(async () => {
    f = await startSystemFixture();
    Object.assign(tokens, {
      customer: await f.token({ sub: customerId, roles: ['customer'], name: '陈一' }),
      otherCustomer: await f.token({ sub: randomUUID(), roles: ['customer'] }),
      clerk: await f.token({ sub: 'clerk-1', roles: ['intake-clerk'], team: 'front-desk' }),
      surveyor: await f.token({ sub: 'surveyor-1', roles: ['surveyor'], regions: ['310104'] }),
      planner: await f.token({ sub: 'planner-1', roles: ['planner'] }),
      approver: await f.token({ sub: 'approver-1', roles: ['approver'] }),
    });
  }, 180_000);

  afterAll(async () => {
    await f?.stop();
  }, 60_000);

  it('walks from application to a confirmed scheme, and each step is announced once as a valid CloudEvent', async () => {
    const step = async (query: string, variables: Record<string, unknown>, token: string) =>
      expectData(await f.gql(query, variables, token));
    // The journey's open actions after every step.
    const expectOpen = (expected: string[]) => expectOpenActions(f, tokens.planner, caseId, expected);

    const { submitApplication: submitted } = await step(
      SUBMIT,
      // 200 kVA is above Shanghai's low-voltage ceiling: the case walks the pre-reform process, scheme confirmation and all.
      { input: application({ idNumber: '31010419880505666X', name: '陈一' }, { capacityKva: 200 }) },
      tokens.customer,
    );
    const caseId = submitted.id as string;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', category: 'LV_NON_RESIDENTIAL', planningStatus: null });
    expect(submitted.number).toMatch(/^YK-\d{4}-\d{6}$/);
    await expectOpen(['REVIEW_APPLICATION']);

    const { returnApplication } = await step(
      RETURN,
      {
        input: {
          caseId,
          items: [
            { item: 'Business licence', reason: 'Not attached' },
            { item: 'Proof of property', reason: 'The lease has expired' },
          ],
          comment: 'Please bring both at once',
        },
      },
      tokens.clerk,
    );
    expect(returnApplication.status).toBe('RETURNED');
    await expectOpen(['RESUBMIT_APPLICATION']);
    // The customer sees the one notice with every item and the comment.
    const seenByCustomer = expectData(
      await f.gql(`query($id: ID!) { case(id: $id) { returnNotice { items { item } comment } } }`, { id: caseId }, tokens.customer),
    );
    // One notice: every document still missing from the checklist, then the reviewer's own items.
    const noticed = seenByCustomer.case.returnNotice.items.map((i: { item: string }) => i.item);
    expect(noticed.slice(-2)).toEqual(['Business licence', 'Proof of property']);
    expect(noticed.length).toBeGreaterThan(2);
    expect(seenByCustomer.case.returnNotice.comment).toBe('Please bring both at once');

    expect((await step(RESUBMIT, { caseId }, tokens.customer)).resubmitApplication).toMatchObject({
      status: 'SUBMITTED',
      submissionRound: 2,
    });
    await expectOpen(['REVIEW_APPLICATION']);
    const refused = await f.gql(ACCEPT, { caseId }, tokens.clerk);
    expect(refused.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    const missing = (await step(COMPLETENESS, { caseId }, tokens.clerk)).completenessCheck.items as Array<{ slot: string }>;
    for (const { slot } of missing) await upload(f.system.gatewayUrl, tokens.customer, caseId, slot);
    expect((await step(ACCEPT, { caseId }, tokens.clerk)).acceptApplication.status).toBe('ACCEPTED');
    await expectOpen(['SCHEDULE_SURVEY']);

    // Planning opens its side of the case from intake's acceptance event.
    await waitFor('planning to receive the accepted application', async () => {
      const data = expectData(await f.gql(`query($id: ID!) { case(id: $id) { planningStatus } }`, { id: caseId }, tokens.surveyor));
      return data.case.planningStatus === 'AWAITING_SURVEY';
    });

    await step(SCHEDULE, { caseId, at: new Date(Date.now() + 2 * 86_400_000).toISOString() }, tokens.surveyor);
    await expectOpen(['RECORD_SURVEY']);
    await step(RECORD, { caseId }, tokens.surveyor);
    await expectOpen(['DRAFT_SCHEME']);
    await step(DRAFT, { caseId, capacity: 80 }, tokens.planner);
    await expectOpen(['APPROVE_SCHEME']);
    await step(REJECT, { caseId }, tokens.approver);
    await expectOpen(['DRAFT_SCHEME']);
    await step(DRAFT, { caseId, capacity: 60 }, tokens.planner);
    await expectOpen(['APPROVE_SCHEME']);
    await step(APPROVE, { caseId }, tokens.approver);
    await expectOpen(['REPLY_SCHEME']);
    await step(REPLY, { caseId }, tokens.planner);
    await expectOpen(['CONFIRM_SCHEME']);
    const { confirmScheme } = await step(CONFIRM, { caseId }, tokens.customer);
    // After the confirmation, at once: the contract for both parties, the construction (no design review at low
    // voltage) and the meter, and the fees unless they come to nothing.
    const fees = await waitFor('contracts to invoice the fees', async () => {
      const data = expectData(await f.gql(`query($id: ID!) { case(id: $id) { fees { settled } } }`, { id: caseId }, tokens.planner));
      return data.case.fees ?? undefined;
    });
    await expectOpen([
      'SIGN_CONTRACT',
      'SIGN_CONTRACT_FOR_UTILITY',
      'START_CONSTRUCTION',
      'INSTALL_METER',
      ...(fees.settled ? [] : ['PAY_FEES']),
    ]);
    // A planning mutation returns the Case, so the front end reads intake's fields in the same answer.
    expect(confirmScheme).toMatchObject({ id: caseId, planningStatus: 'SCHEME_CONFIRMED', status: 'ACCEPTED', number: submitted.number });

    // One query, fields owned by intake and by planning.
    const { case: read } = expectData(
      await f.gql(
        `query($id: ID!) { case(id: $id) { number status category customer { name } survey { surveyorId } scheme { version status capacityKva } schemeVersions { version status rejectionReason } } }`,
        { id: caseId },
        tokens.planner,
      ),
    );
    expect(read).toMatchObject({
      number: submitted.number,
      status: 'ACCEPTED',
      // A planner's work does not need the customer's name: it is masked.
      customer: { name: '陈*' },
      survey: { surveyorId: 'surveyor-1' },
    });
    expect(read.scheme).toEqual({ version: 2, status: 'CONFIRMED', capacityKva: 60 });
    expect(read.schemeVersions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'REJECTED'],
      [2, 'CONFIRMED'],
    ]);

    const expected = [
      'intake.application.submitted.v1',
      'intake.application.returned.v1',
      'intake.application.resubmitted.v1',
      'intake.application.accepted.v1',
      'planning.survey.scheduled.v1',
      'planning.survey.completed.v1',
      'planning.scheme.drafted.v1',
      'planning.scheme.rejected.v1',
      'planning.scheme.drafted.v1',
      'planning.scheme.approved.v1',
      'planning.scheme.replied.v1',
      'planning.scheme.confirmed.v1',
    ];
    const ofCase = () => {
      const byId = new Map<string, SdkCloudEvent<unknown>>();
      for (const message of f.tap.messages) {
        const body = message.body as { subject?: string; id?: string };
        if (body?.subject !== caseId || !body.id) continue;
        // The later stages react to the confirmation; this walk is about intake and planning.
        // Time-limit and recommendation events are checked elsewhere; this is the walk of the steps.
        const type = (body as { type?: string }).type ?? '';
        if (!/^(intake|planning)\./.test(type) || type.includes('.timelimit.') || type === 'planning.recommendation.issued.v1') continue;
        // The SDK validates the envelope against CloudEvents 1.0 (strict) or throws.
        byId.set(body.id, new SdkCloudEvent(body, true));
      }
      return [...byId.values()].sort((a, b) => Date.parse(a.time!) - Date.parse(b.time!));
    };
    await waitFor('every step to be announced', () => ofCase().length >= expected.length);
    await new Promise((r) => setTimeout(r, 1000)); // anything published twice under another id would show up now
    const events = ofCase();
    expect(events.map((e) => e.type)).toEqual(expected);
    for (const event of events) {
      expect(event.specversion).toBe('1.0');
      expect(event.source).toBe(`/yekuo/${event.type.split('.')[0]}`);
      expect((event.data as { caseNumber: string }).caseNumber).toBe(submitted.number);
    }
    // Routing key = type, on the one exchange the subscriber bound with `#`.
    const caseMessages = f.tap.messages.filter((m) => (m.body as { subject?: string })?.subject === caseId);
    expect(caseMessages.every((m) => m.routingKey === (m.body as { type: string }).type)).toBe(true);
  }, 120_000);

  it('refuses an invalid transition with the current state and what it requires', async () => {
    const { submitApplication } = expectData(await f.gql(SUBMIT, { input: application() }, tokens.customer));
    const response = await f.gql(RESUBMIT, { caseId: submitApplication.id }, tokens.customer);
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentState: 'SUBMITTED',
      requires: ['RETURNED'],
    });
    const scheme = await f.gql(CONFIRM, { caseId: submitApplication.id }, tokens.customer);
    // Planning has not opened the case (not accepted): NOT_FOUND, not a leak of planning state.
    expect(scheme.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('answers a customer asking for another customer’s case with NOT_FOUND', async () => {
    const { submitApplication } = expectData(await f.gql(SUBMIT, { input: application() }, tokens.customer));
    for (const query of [`query($id: ID!) { case(id: $id) { number } }`, `query($id: ID!) { case(id: $id) { scheme { version } } }`]) {
      const response = await f.gql(query, { id: submitApplication.id }, tokens.otherCustomer);
      expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(response)).not.toContain(submitApplication.number);
    }
    const byNumber = await f.gql(
      `query($n: String!) { caseByNumber(number: $n) { id } }`,
      { n: submitApplication.number },
      tokens.otherCustomer,
    );
    expect(byNumber.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const mine = expectData(await f.gql(`{ myCases(first: 50) { edges { node { id } } } }`, {}, tokens.otherCustomer));
    expect(mine.myCases.edges).toEqual([]);
  });

  it('lets only the intended roles run each mutation; every other role gets FORBIDDEN', async () => {
    const someCase = randomUUID();
    const someCustomer = randomUUID();
    const someDocument = randomUUID();
    const someTicket = randomUUID();
    const later = new Date(Date.now() + 86_400_000).toISOString();
    // Staff who may answer a ticket of their team (the team check comes after the role check).
    const HANDLERS: Role[] = [
      'supervisor',
      'intake-clerk',
      'surveyor',
      'planner',
      'approver',
      'inspector',
      'department-signer',
      'contract-officer',
      'metering-technician',
    ];
    const matrix: Record<string, { roles: Role[]; query: string; variables: Record<string, unknown> }> = {
      submitApplication: {
        roles: ['customer', 'agent', 'intake-clerk'],
        query: SUBMIT,
        variables: { input: { ...application(), customerId: someCustomer } },
      },
      returnApplication: {
        roles: ['intake-clerk'],
        query: RETURN,
        variables: { input: { caseId: someCase, items: [{ item: 'ID', reason: 'missing' }] } },
      },
      resubmitApplication: { roles: ['customer', 'agent', 'intake-clerk'], query: RESUBMIT, variables: { caseId: someCase } },
      acceptApplication: { roles: ['intake-clerk'], query: ACCEPT, variables: { caseId: someCase } },
      scheduleSurvey: {
        roles: ['surveyor', 'planner'],
        query: SCHEDULE,
        variables: { caseId: someCase, at: new Date(Date.now() + 86_400_000).toISOString() },
      },
      recordSurvey: { roles: ['surveyor'], query: RECORD, variables: { caseId: someCase } },
      draftScheme: { roles: ['planner'], query: DRAFT, variables: { caseId: someCase, capacity: 60 } },
      approveScheme: { roles: ['approver'], query: APPROVE, variables: { caseId: someCase } },
      rejectScheme: { roles: ['approver'], query: REJECT, variables: { caseId: someCase } },
      replyScheme: { roles: ['planner'], query: REPLY, variables: { caseId: someCase } },
      confirmScheme: { roles: ['customer', 'agent'], query: CONFIRM, variables: { caseId: someCase } },
      submitDesign: { roles: ['customer', 'agent'], query: SUBMIT_DESIGN, variables: { caseId: someCase } },
      reviewDesign: { roles: ['inspector'], query: REVIEW_DESIGN, variables: { caseId: someCase } },
      recordConstructionStart: {
        roles: ['customer', 'agent', 'inspector'],
        query: START_CONSTRUCTION,
        variables: { caseId: someCase, on: '2026-11-02' },
      },
      requestIntermediateInspection: { roles: ['customer', 'agent'], query: REQUEST_INTERMEDIATE, variables: { caseId: someCase } },
      recordIntermediateInspection: { roles: ['inspector'], query: RECORD_INTERMEDIATE, variables: { caseId: someCase } },
      requestCompletionAcceptance: { roles: ['customer', 'agent'], query: REQUEST_ACCEPTANCE, variables: { caseId: someCase } },
      countersign: { roles: ['department-signer'], query: COUNTERSIGN, variables: { caseId: someCase } },
      signContract: { roles: ['customer', 'agent', 'contract-officer'], query: SIGN, variables: { caseId: someCase } },
      recordPayment: { roles: ['contract-officer'], query: PAY, variables: { caseId: someCase } },
      assignMeter: {
        roles: ['metering-technician'],
        query: ASSIGN_METER,
        variables: { caseId: someCase, number: 'M-1' },
      },
      recordMeterInstallation: {
        roles: ['metering-technician'],
        query: INSTALL_METER,
        variables: { caseId: someCase, at: new Date().toISOString(), seals: ['S-1'] },
      },
      energize: { roles: ['metering-technician'], query: ENERGIZE, variables: { caseId: someCase } },
      archiveCase: { roles: ['metering-technician', 'supervisor'], query: ARCHIVE, variables: { caseId: someCase } },
      withdrawApplication: { roles: ['customer', 'agent'], query: WITHDRAW, variables: { caseId: someCase } },
      overrideCategory: { roles: ['intake-clerk'], query: OVERRIDE_CATEGORY, variables: { caseId: someCase } },
      rejectDocument: { roles: ['intake-clerk'], query: REJECT_DOCUMENT, variables: { id: someDocument } },
      openTicket: { roles: ['customer', 'agent', 'intake-clerk'], query: OPEN_TICKET, variables: { caseId: someCase } },
      respondToTicket: { roles: [...HANDLERS], query: RESPOND_TICKET, variables: { id: someTicket } },
      resolveTicket: { roles: [...HANDLERS], query: RESOLVE_TICKET, variables: { id: someTicket } },
      rateTicket: { roles: ['customer', 'agent'], query: RATE_TICKET, variables: { id: someTicket } },
      rescheduleSurvey: { roles: ['surveyor', 'planner'], query: RESCHEDULE, variables: { caseId: someCase, at: later } },
      completeFastPath: { roles: ['surveyor'], query: FAST_PATH, variables: { caseId: someCase } },
      requestSchemeChange: { roles: ['customer', 'agent'], query: REQUEST_CHANGE, variables: { caseId: someCase } },
      registerConstructionUnit: {
        roles: ['planner', 'admin'],
        query: REGISTER_UNIT,
        variables: { name: '', licence: 'CU-X', regions: ['310104'] },
      },
      updateConstructionUnit: { roles: ['planner', 'admin'], query: UPDATE_UNIT, variables: { id: randomUUID() } },
      chooseConstructionUnit: { roles: ['customer', 'agent'], query: CHOOSE_UNIT, variables: { caseId: someCase, unitId: randomUUID() } },
      updateContractParties: { roles: ['contract-officer'], query: UPDATE_PARTIES, variables: { caseId: someCase } },
      registerMeter: {
        roles: ['metering-technician', 'admin'],
        query: REGISTER_METER,
        variables: { number: '', type: 'SINGLE_PHASE', class: 'CLASS_2' },
      },
      retireMeter: { roles: ['metering-technician', 'admin'], query: RETIRE_METER, variables: { id: randomUUID() } },
      scheduleInstallation: {
        roles: ['metering-technician', 'supervisor'],
        query: SCHEDULE_INSTALLATION,
        variables: { caseId: someCase, at: later },
      },
      rescheduleInstallation: {
        roles: ['metering-technician', 'supervisor'],
        query: RESCHEDULE_INSTALLATION,
        variables: { caseId: someCase, at: later },
      },
      recordMeterRemoval: {
        roles: ['metering-technician'],
        query: REMOVE_METER,
        variables: { caseId: someCase, at: new Date().toISOString() },
      },
      recordCustomerDelay: { roles: ['customer', 'agent', 'inspector'], query: CUSTOMER_DELAY, variables: { caseId: someCase } },
      endCustomerDelay: { roles: ['customer', 'agent', 'inspector'], query: END_CUSTOMER_DELAY, variables: { caseId: someCase } },
      postponeEnergization: { roles: ['metering-technician', 'supervisor'], query: POSTPONE_ENERGIZATION, variables: { caseId: someCase } },
      resumeEnergization: { roles: ['metering-technician', 'supervisor'], query: RESUME_ENERGIZATION, variables: { caseId: someCase } },
      postponeMeterInstallation: {
        roles: ['metering-technician', 'supervisor'],
        query: POSTPONE_METER_INSTALLATION,
        variables: { caseId: someCase },
      },
      resumeMeterInstallation: {
        roles: ['metering-technician', 'supervisor'],
        query: RESUME_METER_INSTALLATION,
        variables: { caseId: someCase },
      },
      // The utility's external works: the planners of the case's region (the region check comes after the role check).
      applyWorksPermit: { roles: ['planner'], query: APPLY_WORKS_PERMIT, variables: { caseId: someCase } },
      grantWorksPermit: { roles: ['planner'], query: GRANT_WORKS_PERMIT, variables: { caseId: someCase, permitId: randomUUID() } },
      refuseWorksPermit: { roles: ['planner'], query: REFUSE_WORKS_PERMIT, variables: { caseId: someCase, permitId: randomUUID() } },
      recordWorksProgress: { roles: ['planner'], query: RECORD_WORKS_PROGRESS, variables: { caseId: someCase } },
      completeExternalWorks: { roles: ['planner'], query: COMPLETE_EXTERNAL_WORKS, variables: { caseId: someCase } },
      // Everyone signed in has an inbox and preferences of their own.
      markNotificationRead: {
        roles: [...ROLES],
        query: `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`,
        variables: { id: randomUUID() },
      },
      setNotificationPreferences: {
        roles: [...ROLES],
        query: `mutation { setNotificationPreferences(input: { locale: EN }) { locale } }`,
        variables: {},
      },
    };
    // Every mutation of the graph is in the matrix.
    const composed = readFileSync(resolve(__dirname, '../..', SUPERGRAPH_FILE), 'utf8');
    const mutations = [.../type Mutation[^{]*\{([^}]*)\}/.exec(composed)![1].matchAll(/^\s+(\w+)\(/gm)].map((m) => m[1]);
    expect(mutations.filter((m) => !(m in matrix))).toEqual([]);
    const tokenOf = new Map<Role, string>();
    for (const role of ROLES) {
      tokenOf.set(
        role,
        await f.token({
          sub: role === 'customer' ? randomUUID() : `${role}-m`,
          roles: [role],
          actsFor: role === 'agent' ? [someCustomer] : [],
          ...(role === 'department-signer' ? { department: 'safety' } : {}),
        }),
      );
    }
    const outcomes: string[] = [];
    for (const [mutation, { roles, query, variables }] of Object.entries(matrix)) {
      for (const role of ROLES) {
        const response = await f.gql(query, variables, tokenOf.get(role));
        const code = response.errors?.[0]?.extensions?.code ?? 'OK';
        const allowed = roles.includes(role);
        if (allowed ? code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' : code !== 'FORBIDDEN') {
          outcomes.push(
            `${mutation} as ${role}: ${code} (${allowed ? 'should pass the role check' : 'should be FORBIDDEN'}) ${response.errors?.[0]?.message ?? ''}`,
          );
        }
      }
    }
    expect(outcomes).toEqual([]);
  }, 120_000);

  it('serves the supergraph the subgraphs compose to, and each subgraph its committed SDL (no drift from the files)', async () => {
    const { subgraphs, supergraph } = await composeFromRunningSubgraphs(f.system.services);
    const committed = (file: string) => readFileSync(resolve(__dirname, '../..', file), 'utf8');
    // By name, not by diff: `npm run compose` rewrites the files that drifted.
    const drifted = subgraphs.filter(({ name, sdl }) => schemaFileContent(sdl) !== committed(subgraphFile(name))).map((s) => s.name);
    expect(drifted).toEqual([]);
    expect(schemaFileContent(supergraph) === committed(SUPERGRAPH_FILE)).toBe(true);
  });
});
