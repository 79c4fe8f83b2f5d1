import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseActionCode, Role } from '@yekuo/events';
import { expectData, waitFor } from '@yekuo/testing';
import {
  ACCEPT,
  application,
  ARCHIVE,
  ASSIGN_METER,
  COMPLETENESS,
  ENERGIZE,
  FAST_PATH,
  INSTALL_METER,
  REGISTER_METER,
  RESUBMIT,
  RETURN,
  residentId,
  SCHEDULE_INSTALLATION,
  SIGN,
  SUBMIT,
  UPDATE_PARTIES,
  upload,
} from './operations';
import type { SystemFixture } from './system-fixture';

const INBOX = `query($first: Int!) { myNotifications(first: $first) {
  unreadCount
  edges { node { id caseNumber kind title body action recipient occurredAt } }
} }`;

interface InboxEntry {
  id: string;
  caseNumber: string;
  kind: string;
  title: string;
  body: string;
  action: string | null;
  recipient: string;
  occurredAt: string;
}

interface BusEvent {
  id: string;
  type: string;
  time: string;
  subject: string;
  data: { actions?: { opens?: CaseActionCode[] } };
}

/** Which staff role takes each action: the rule data the service reads. */
const ROLE_OF: Record<string, Role> = (
  JSON.parse(readFileSync(join(__dirname, '../../services/notifications/data/rules.json'), 'utf8')) as {
    teamWork: { roles: Record<string, Role> };
  }
).teamWork.roles;

const REGION = '310104';
const EMAIL = 'zhou.gong@example.cn';

/**
 * An LV residential case walked through 三零 from application (returned once) to archive, each actor in
 * turn through the gateway of `f`, and what notifications told of it: the customer's inbox and mail (every
 * step that waits on them or brings news, in the order of the events, once, zh-CN) and each team's inbox
 * (every action the events opened for staff, once). The customer reads each mail before the next step.
 */
export async function walkCheckingNotifications(f: SystemFixture): Promise<void> {
  const customerId = randomUUID();
  const mint = (sub: string, role: Role) => f.token({ sub, roles: [role] });
  const t = {
    customer: await mint(customerId, 'customer'),
    clerk: await mint('clerk-1', 'intake-clerk'),
    surveyor: await mint('surveyor-1', 'surveyor'),
    officer: await mint('officer-1', 'contract-officer'),
    technician: await mint('technician-1', 'metering-technician'),
  };
  const step = async (query: string, variables: Record<string, unknown>, token: string) => expectData(await f.gql(query, variables, token));
  /** The customer reads the mail of a step before taking the next (what a step asks for is not sent once it is done). */
  const mailed = (subject: string, count = 1) =>
    waitFor(`${count} mail(s) "${subject}"`, () => f.mail.messages().filter((m) => m.subject === subject).length >= count, 30_000);
  const inboxOf = async (token: string): Promise<InboxEntry[]> =>
    (expectData(await f.gql(INBOX, { first: 100 }, token)).myNotifications.edges as { node: InboxEntry }[]).map((e) => e.node);
  const memberOf = (team: string, role: Role) => f.token({ sub: `${team}-member`, roles: [role], team });
  /** A member of `team` sees `action` of case `n` in the inbox (staff act on what they are told). */
  const toldTeam = async (team: string, role: Role, n: string, action: string) => {
    const token = await memberOf(team, role);
    await waitFor(`${team} to be told of ${action}`, async () =>
      (await inboxOf(token)).some((e) => e.caseNumber === n && e.action === action),
    );
  };

  // A first application: the customer gives their identity, phone and email.
  const identity = { idNumber: residentId(5_140_001), name: '周工', email: EMAIL };
  const terms = { usage: 'RESIDENTIAL', voltageLevel: 'AC220V', capacityKva: 8, supplySources: 1, regionCode: REGION };
  const { submitApplication } = await step(SUBMIT, { input: application(identity, terms) }, t.customer);
  const caseId = submitApplication.id as string;
  const n = submitApplication.number as string;
  await mailed(`已收到用电申请 ${n}`);

  await step(RETURN, { input: { caseId, items: [{ item: 'Proof of property', reason: 'Not attached' }] } }, t.clerk);
  await mailed(`用电申请 ${n} 需要补正`);
  await step(RESUBMIT, { caseId }, t.customer);
  const missing = (await step(COMPLETENESS, { caseId }, t.clerk)).completenessCheck.items as { slot: string }[];
  for (const { slot } of missing) await upload(f.system.gatewayUrl, t.customer, caseId, slot);
  await step(ACCEPT, { caseId }, t.clerk);
  await mailed(`用电申请 ${n} 已受理`);
  // 三零: the contract is drafted with the acceptance, and again once the officer enters the party.
  await mailed(`${n} 供用电合同待签署`);
  await step(UPDATE_PARTIES, { caseId, name: '周工' }, t.officer);
  await mailed(`${n} 供用电合同待签署`, 2);
  await step(SIGN, { caseId }, t.customer);
  await step(SIGN, { caseId }, t.officer);
  await step(FAST_PATH, { caseId }, t.surveyor);
  const meter = `NT-${randomUUID().slice(0, 8)}`;
  // The metering team hears of the meter to install, as it would before going out.
  await toldTeam('metering', 'metering-technician', n, 'INSTALL_METER');
  await waitFor('metering to open the case', async () => {
    const c = expectData(await f.gql(`query($id: ID!) { case(id: $id) { metering { blockedBy } } }`, { id: caseId }, t.technician));
    return c.case.metering !== null;
  });
  await step(REGISTER_METER, { number: meter, type: 'SINGLE_PHASE', class: 'CLASS_2' }, t.technician);
  await step(ASSIGN_METER, { caseId, number: meter }, t.technician);
  await step(SCHEDULE_INSTALLATION, { caseId, at: new Date(Date.now() + 3_600_000).toISOString() }, t.technician);
  await step(INSTALL_METER, { caseId, at: new Date(Date.now() - 60_000).toISOString(), seals: [`${meter}-S1`] }, t.technician);
  await waitFor('the gate to open', async () => {
    const c = expectData(await f.gql(`query($id: ID!) { case(id: $id) { metering { gateOpenedAt } } }`, { id: caseId }, t.technician));
    return c.case.metering.gateOpenedAt !== null;
  });
  await toldTeam('metering', 'metering-technician', n, 'ENERGIZE');
  await step(ENERGIZE, { caseId }, t.technician);
  await mailed(`${n} 已送电`);
  await step(ARCHIVE, { caseId }, t.technician);
  await mailed(`${n} 已办结归档`);

  // The customer's inbox: every step of 三零 that waits on them or brings news, oldest first.
  const expected = [
    'application-received',
    'application-returned',
    'application-accepted',
    'contract-to-sign',
    'contract-to-sign',
    'power-on',
    'case-archived',
  ];
  const inbox = (await inboxOf(t.customer)).filter((e) => e.caseNumber === n).reverse();
  expect(inbox.map((e) => e.kind)).toEqual(expected);
  expect(inbox.every((e) => e.recipient === 'CUSTOMER')).toBe(true);
  expect(inbox[1]).toMatchObject({ title: `用电申请 ${n} 需要补正`, action: 'RESUBMIT_APPLICATION' });

  // Each entry stands for one event of the case, in the order of their times, each event once.
  const events = new Map<string, BusEvent>();
  for (const m of f.tap.messages) {
    const e = m.body as BusEvent;
    if (e?.subject === caseId) events.set(e.id, e);
  }
  const byTime = [...events.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const sources = inbox.map((entry) => byTime.filter((e) => Date.parse(e.time) === Date.parse(entry.occurredAt)).map((e) => e.type));
  expect(sources.map((types) => types.find((type) => !type.includes('.timelimit.')))).toEqual([
    'intake.application.submitted.v1',
    'intake.application.returned.v1',
    'intake.application.accepted.v1',
    'contracts.contract.drafted.v1',
    'contracts.contract.drafted.v1',
    'metering.case.energized.v1',
    'metering.case.archived.v1',
  ]);
  expect(new Set(inbox.map((e) => e.occurredAt)).size).toBe(inbox.length);

  // Email: one per inbox entry, the same words, each with its own Message-ID, all to the customer's address.
  const mails = f.mail.messages().filter((m) => m.subject.includes(n));
  expect(mails.map((m) => m.subject)).toEqual(inbox.map((e) => e.title));
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
  expect(mails.every((m) => m.to.length === 1 && m.to[0] === EMAIL)).toBe(true);
  expect(mails.every((m) => m.headers['content-language'] === 'zh-CN')).toBe(true);

  // Every action an event opened for staff reached its team's inbox once, from that event; but the work the
  // fast path opens and closes in one step (survey, scheme, approval, reply): whether that is told depends on
  // which of its events is processed first, and there is nothing left to do by then.
  const oneStep = ['RECORD_SURVEY', 'DRAFT_SCHEME', 'APPROVE_SCHEME', 'REPLY_SCHEME'];
  const opened = byTime.flatMap((e) =>
    (e.data.actions?.opens ?? []).flatMap((action) => {
      const role = ROLE_OF[action];
      return role && role !== 'customer' ? [{ action, role, at: Date.parse(e.time) }] : [];
    }),
  );
  expect(opened.map((o) => o.action).sort()).toEqual(
    [
      'REVIEW_APPLICATION',
      'REVIEW_APPLICATION',
      'SURVEY_AND_DRAFT_SCHEME',
      'SIGN_CONTRACT_FOR_UTILITY',
      'SIGN_CONTRACT_FOR_UTILITY',
      ...oneStep,
      'INSTALL_METER',
      'ENERGIZE',
      'ARCHIVE',
    ].sort(),
  );
  for (const { action, role, at } of opened) {
    // A member of the case's region follows the teams of their role there (the preferences' default).
    const staff = await f.token({ sub: `${role}-${REGION}`, roles: [role], regions: [REGION] });
    const entries = (await inboxOf(staff)).filter(
      (e) => e.caseNumber === n && e.action === action && e.recipient === 'TEAM' && Date.parse(e.occurredAt) === at,
    );
    if (oneStep.includes(action)) expect(entries.length).toBeLessThanOrEqual(1);
    else expect({ action, role, entries: entries.length }).toEqual({ action, role, entries: 1 });
  }
}
