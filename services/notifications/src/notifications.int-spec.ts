import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@yekuo/events';
import { caseEvent, newCase, NotificationsKit, startNotifications, TestCase } from './testing/notifications.fixtures';

jest.setTimeout(120_000);

const START = new Date('2026-12-07T02:00:00Z'); // Monday 10:00 in Shanghai
const minutes = (n: number) => n * 60_000;

const INBOX = `query Inbox($unreadOnly: Boolean, $locale: NotificationLocale) {
  myNotifications(first: 50, unreadOnly: $unreadOnly, locale: $locale) {
    unreadCount
    edges { node { id caseNumber kind title body urgency action recipient occurredAt readAt } }
  }
}`;

const DELIVERIES = `query Log($caseId: ID) {
  notificationDeliveries(caseId: $caseId, first: 50) { edges { node { key kind channel status attempts lastError } } }
}`;

interface InboxNode {
  id: string;
  kind: string;
  title: string;
  body: string;
  caseNumber: string;
  action: string | null;
  recipient: string;
  occurredAt: string;
  readAt: string | null;
}

describe('notifications (two instances, real PostgreSQL, RabbitMQ and SMTP)', () => {
  let k: NotificationsKit;
  beforeAll(async () => {
    k = await startNotifications({ start: START });
  });
  afterAll(async () => {
    await k?.stop();
  });
  beforeEach(() => k.time.set(START));

  /** The events of a 三零 LV case up to power on and archive, one minute apart, the application returned once on the way. */
  const lvCase = (c: TestCase, agentId?: string): CloudEvent[] => {
    const at = (n: number) => ({ time: new Date(START.getTime() + minutes(n)) });
    const contract = { contractId: randomUUID(), version: 1 };
    return [
      caseEvent(
        c,
        'intake.application.submitted.v1',
        { businessType: 'NEW_CONNECTION', capacityKva: 8, voltageLevel: 'AC220V' },
        {
          ...at(0),
          actor: agentId ? { id: agentId, role: 'agent' } : { id: c.customerId, role: 'customer' },
        },
      ),
      caseEvent(c, 'intake.application.returned.v1', { items: [{ item: 'ID_DOCUMENT', reason: 'unreadable' }] }, at(1)),
      caseEvent(c, 'intake.application.resubmitted.v1', {}, { ...at(2), actor: { id: c.customerId, role: 'customer' } }),
      caseEvent(
        c,
        'intake.application.accepted.v1',
        {
          businessType: 'NEW_CONNECTION',
          capacityKva: 8,
          voltageLevel: 'AC220V',
          supplySources: 1,
          acceptedAt: at(3).time.toISOString(),
          processVariant: 'THREE_ZERO',
        },
        at(3),
      ),
      caseEvent(c, 'contracts.contract.drafted.v1', { ...contract, template: 'LV_RESIDENTIAL' } as never, at(4)),
      caseEvent(c, 'contracts.contract.signed.v1', { ...contract, party: 'CUSTOMER', fullySigned: false } as never, {
        ...at(5),
        actor: { id: c.customerId, role: 'customer' },
      }),
      caseEvent(c, 'metering.case.energized.v1', { energizedAt: at(6).time.toISOString() }, at(6)),
      caseEvent(c, 'metering.case.archived.v1', { archivedAt: at(7).time.toISOString() }, at(7)),
    ];
  };

  it('tells the customer and their agent every step that waits on them or brings news, in order, once, and the team each new work', async () => {
    const c = newCase();
    const agentId = `agent-${randomUUID()}`;
    k.contacts.set(c.customerId, { email: 'kehu@example.cn', phone: '13800000001' });
    const events = lvCase(c, agentId);
    // Every event twice: once per event, whichever instance takes which. The mail of each step goes out
    // before the next step (a step's mail is dropped when its work closed before it was sent: another test).
    for (const event of events) {
      await k.h.publishAndWait(event, event);
      await k.sendDue();
    }

    const customer = k.h.as('customer', { sub: c.customerId });
    const inbox = await customer.query<{ myNotifications: { unreadCount: number; edges: { node: InboxNode }[] } }>(INBOX);
    const kinds = inbox.myNotifications.edges.map((e) => e.node.kind).reverse();
    const expected = [
      'application-received',
      'application-returned',
      'application-accepted',
      'contract-to-sign',
      'power-on',
      'case-archived',
    ];
    expect(kinds).toEqual(expected);
    expect(inbox.myNotifications.unreadCount).toBe(6);
    const returned = inbox.myNotifications.edges.find((e) => e.node.kind === 'application-returned')!.node;
    expect(returned).toMatchObject({
      title: `用电申请 ${c.caseNumber} 需要补正`,
      body: `您的用电申请 ${c.caseNumber} 被退回，需补正 1 项材料。下一步：补正材料后重新提交申请。`,
      action: 'RESUBMIT_APPLICATION',
      recipient: 'CUSTOMER',
    });

    const agent = await k.h
      .as('agent', { sub: agentId, actsFor: [c.customerId] })
      .query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX, {
        locale: 'EN',
      });
    expect(agent.myNotifications.edges.map((e) => e.node.kind).reverse()).toEqual(kinds);
    expect(agent.myNotifications.edges.at(-1)!.node.title).toBe(`Application ${c.caseNumber} received`);

    // The front desk of the case's region was told of the review twice (submitted, resubmitted); metering of energization and archive.
    const clerk = await k.h
      .as('intake-clerk', { sub: `clerk-${randomUUID()}`, team: 'front-desk' })
      .query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX);
    const review = clerk.myNotifications.edges.filter((e) => e.node.body.startsWith(c.caseNumber)).map((e) => e.node.action);
    expect(review).toEqual(['REVIEW_APPLICATION', 'REVIEW_APPLICATION']);

    // Email: every customer notification that names EMAIL, once, in zh-CN, the Message-ID made from its key.
    const mails = k.smtp.messages().filter((m) => m.subject.includes(c.caseNumber));
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        `已收到用电申请 ${c.caseNumber}`,
        `用电申请 ${c.caseNumber} 需要补正`,
        `用电申请 ${c.caseNumber} 已受理`,
        `${c.caseNumber} 供用电合同待签署`,
        `${c.caseNumber} 已送电`,
        `${c.caseNumber} 已办结归档`,
      ].sort(),
    );
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(6);
    expect(mails.every((m) => m.to.includes('kehu@example.cn'))).toBe(true);
    await k.sendDue();
    expect(k.smtp.messages().filter((m) => m.subject.includes(c.caseNumber))).toHaveLength(6);

    const log = await k.h.as('supervisor').query<{
      notificationDeliveries: { edges: { node: { kind: string; status: string; attempts: number; channel: string } }[] };
    }>(DELIVERIES, { caseId: c.caseId });
    const sent = log.notificationDeliveries.edges.map((e) => `${e.node.kind} ${e.node.channel} ${e.node.status} ${e.node.attempts}`);
    expect(sent.sort()).toEqual(
      [
        ...expected.map((kind) => `${kind} EMAIL SENT 1`),
        'application-returned SMS SENT 1',
        'contract-to-sign SMS SENT 1',
        'power-on SMS SENT 1',
      ].sort(),
    );
    expect(k.sms.sent.filter((r) => r.PhoneNumbers === '13800000001').map((r) => r.TemplateCode)).toEqual([
      'SMS_YK_RETURNED',
      'SMS_YK_CONTRACT',
      'SMS_YK_POWER_ON',
    ]);
  });

  it('marks one read for its reader alone and counts what stays unread', async () => {
    const c = newCase();
    await k.h.publishAndWait(...lvCase(c).slice(0, 2));
    const customer = k.h.as('customer', { sub: c.customerId });
    const before = await customer.query<{ myNotifications: { unreadCount: number; edges: { node: InboxNode }[] } }>(INBOX);
    const first = before.myNotifications.edges[0].node;
    const read = await customer.mutate<{ markNotificationRead: InboxNode }>(
      `mutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }`,
      {
        id: first.id,
      },
    );
    expect(read.markNotificationRead.readAt).toBe(START.toISOString());
    const after = await customer.query<{ myUnreadNotificationCount: number }>(`{ myUnreadNotificationCount }`);
    expect(after.myUnreadNotificationCount).toBe(before.myNotifications.unreadCount - 1);
    await expect(
      k.h.as('customer', { sub: randomUUID() }).mutate(`mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: first.id }),
    ).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('retries a mail server that defers, dead-letters after the last try with the reason, and sends nothing twice', async () => {
    await k.sendDue(); // whatever earlier tests left due
    k.smtp.failNext(3, 451, 'try again later');
    const c2 = newCase();
    k.contacts.set(c2.customerId, { email: 'retry@example.cn' });
    await k.h.publishAndWait(lvCase(c2)[0]);
    const logOf = async () =>
      (
        await k.h
          .as('supervisor')
          .query<{ notificationDeliveries: { edges: { node: { status: string; attempts: number; lastError: string } }[] } }>(DELIVERIES, {
            caseId: c2.caseId,
          })
      ).notificationDeliveries.edges.map((e) => [e.node.status, e.node.attempts]);
    await k.sendDue();
    expect(await logOf()).toEqual([['PENDING', 1]]);
    await k.sendDue(); // not before the first delay
    expect(await logOf()).toEqual([['PENDING', 1]]);
    k.time.advance(1_000);
    await k.sendDue();
    expect(await logOf()).toEqual([['PENDING', 2]]);
    k.time.advance(2_000);
    await k.sendDue();
    k.time.advance(60_000);
    await k.sendDue();
    const log = await k.h
      .as('supervisor')
      .query<{ notificationDeliveries: { edges: { node: { status: string; attempts: number; lastError: string } }[] } }>(DELIVERIES, {
        caseId: c2.caseId,
      });
    expect(log.notificationDeliveries.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ status: 'DEAD_LETTERED', attempts: 3, lastError: expect.stringContaining('451') }),
    ]);
    expect(log.notificationDeliveries.edges[0].node.lastError).not.toContain('retry@example.cn');
    expect(k.smtp.messages().filter((m) => m.to.includes('retry@example.cn'))).toHaveLength(0);
  });

  it('holds SMS and email in the customer’s quiet hours and sends them when they end; the inbox never waits', async () => {
    const c = newCase();
    const phone = '13900000077';
    k.contacts.set(c.customerId, { email: 'quiet@example.cn', phone });
    const customer = k.h.as('customer', { sub: c.customerId });
    // 10:00 in Shanghai now: quiet from 09:00 to 11:00.
    const set = await customer.mutate(
      `mutation { setNotificationPreferences(input: { quietFrom: "09:00", quietUntil: "11:00", locale: EN }) { locale channels quietHours { from until } timeZone } }`,
    );
    expect(set.setNotificationPreferences).toEqual({
      locale: 'EN',
      channels: ['INBOX', 'EMAIL', 'SMS'],
      quietHours: { from: '09:00', until: '11:00' },
      timeZone: 'Asia/Shanghai',
    });
    const returned = lvCase(c)[1]; // returned: inbox, email and SMS
    await k.h.publishAndWait(returned);
    const sent = () => ({
      mails: k.smtp
        .messages()
        .filter((m) => m.to.includes('quiet@example.cn'))
        .map((m) => m.subject),
      sms: k.sms.sent.filter((r) => r.PhoneNumbers === phone).map((r) => r.TemplateCode),
    });
    await k.sendDue();
    expect(sent()).toEqual({ mails: [], sms: [] });
    expect((await customer.query<{ myUnreadNotificationCount: number }>(`{ myUnreadNotificationCount }`)).myUnreadNotificationCount).toBe(
      1,
    );
    k.time.advance(minutes(59));
    await k.sendDue();
    expect(sent()).toEqual({ mails: [], sms: [] });
    k.time.advance(minutes(2));
    await k.sendDue();
    await k.sendDue();
    expect(sent()).toEqual({ mails: [`Application ${c.caseNumber} returned`], sms: ['SMS_YK_RETURNED'] });
    const request = k.sms.sent.find((r) => r.PhoneNumbers === phone)!;
    expect(JSON.parse(request.TemplateParam)).toEqual({ caseNumber: c.caseNumber });
    expect(request.SignName).toBe('业扩报装');
  });

  it('refuses preferences it cannot keep, naming the field, and lets staff choose the teams they follow', async () => {
    const customer = k.h.as('customer', { sub: randomUUID() });
    await expect(
      customer.mutate(`mutation { setNotificationPreferences(input: { quietFrom: "22:00" }) { locale } }`),
    ).rejects.toMatchObject({
      extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'input.quietUntil' }] },
    });
    await expect(
      customer.mutate(`mutation { setNotificationPreferences(input: { timeZone: "Mars/Olympus" }) { locale } }`),
    ).rejects.toMatchObject({
      extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'input.timeZone' }] },
    });
    await expect(
      customer.mutate(`mutation { setNotificationPreferences(input: { teams: ["metering"] }) { locale } }`),
    ).rejects.toMatchObject({
      extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'input.teams' }] },
    });
    const c = newCase();
    await k.h.publishAndWait(lvCase(c)[0]); // opens REVIEW_APPLICATION for the front desk
    const surveyor = k.h.as('surveyor', { sub: `surveyor-${randomUUID()}`, regions: ['310115'] });
    const reviewsSeen = async () =>
      (await surveyor.query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX)).myNotifications.edges.filter(
        (e) => e.node.caseNumber === c.caseNumber,
      ).length;
    expect(await reviewsSeen()).toBe(0);
    expect((await surveyor.query(`{ myNotificationPreferences { teams } }`)).myNotificationPreferences.teams).toEqual(['survey-east']);
    await surveyor.mutate(`mutation { setNotificationPreferences(input: { teams: ["survey-east", "front-desk"] }) { teams } }`);
    expect(await reviewsSeen()).toBe(1);
    // null: back to the teams of the surveyor's role and region.
    const reset = await surveyor.mutate(`mutation { setNotificationPreferences(input: { teams: null }) { teams } }`);
    expect(reset.setNotificationPreferences.teams).toEqual(['survey-east']);
    expect(await reviewsSeen()).toBe(0);
    // A customer has no teams to go back to: null changes nothing for them.
    expect(
      (await customer.mutate(`mutation { setNotificationPreferences(input: { teams: null }) { teams } }`)).setNotificationPreferences.teams,
    ).toEqual([]);
  });

  it('drops the notification of work that closed before its event was processed (events in any order), and logs it', async () => {
    const c = newCase();
    k.contacts.set(c.customerId, { email: 'late@example.cn' });
    const [, , , accepted, drafted, signed] = lvCase(c);
    await k.h.publishAndWait(accepted);
    await k.h.publishAndWait(signed);
    await k.h.publishAndWait(drafted);
    const inbox = await k.h.as('customer', { sub: c.customerId }).query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX);
    expect(inbox.myNotifications.edges.map((e) => e.node.kind)).toEqual(['application-accepted']);
    // The utility's signature is still open: the contracts team hears of it.
    const officer = await k.h
      .as('contract-officer', { sub: `officer-${randomUUID()}` })
      .query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX);
    expect(officer.myNotifications.edges.filter((e) => e.node.caseNumber === c.caseNumber).map((e) => e.node.action)).toEqual([
      'SIGN_CONTRACT_FOR_UTILITY',
    ]);
  });

  it('reminds of a contract left unsigned three working days on, once however many instances sweep, and not once it is signed', async () => {
    const c = newCase();
    const other = newCase();
    const [, , , accepted, drafted] = lvCase(c);
    const [, , , acceptedOther, draftedOther, signedOther] = lvCase(other);
    await k.h.publishAndWait(accepted, drafted, acceptedOther, draftedOther, signedOther);
    expect(await k.sweep()).toBe(0);
    k.time.set(new Date('2026-12-11T02:00:00Z')); // Friday: the third working day after Monday ends at Friday 00:00 local
    const made = await k.sweep();
    expect(await k.sweep()).toBe(0);
    const customer = k.h.as('customer', { sub: c.customerId });
    const inbox = await customer.query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX);
    expect(inbox.myNotifications.edges.filter((e) => e.node.kind === 'contract-reminder')).toHaveLength(1);
    expect(made).toBeGreaterThanOrEqual(1);
    const otherInbox = await k.h
      .as('customer', { sub: other.customerId })
      .query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX);
    expect(otherInbox.myNotifications.edges.filter((e) => e.node.kind === 'contract-reminder')).toHaveLength(0);
  });

  it('learns the cases in flight from intake’s republished facts: no past notification, no flood, reminders from then on', async () => {
    const recent = newCase();
    const old = newCase();
    const facts = (c: TestCase, since: string) =>
      caseEvent(
        c,
        'intake.case.facts.v1',
        { businessType: 'NEW_CONNECTION', openActions: [{ code: 'SIGN_CONTRACT', since }] },
        { time: START, actor: { id: 'admin-1', role: 'admin' } },
      );
    await k.h.publishAndWait(facts(recent, '2026-12-07T01:00:00.000Z'), facts(old, '2026-11-02T02:00:00.000Z'));
    const remindersOf = async (c: TestCase) =>
      (
        await k.h.as('customer', { sub: c.customerId }).query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX)
      ).myNotifications.edges.map((e) => e.node.kind);
    await k.sweep();
    await k.sweep();
    expect(await remindersOf(recent)).toEqual([]);
    // Five weeks unsigned: a dozen due points have passed, at most the latest is sent.
    expect((await remindersOf(old)).length).toBeLessThanOrEqual(1);
    k.time.set('2026-12-11T02:00:00Z'); // Friday 10:00: three working days (Tue to Thu) after Monday
    await k.sweep();
    expect(await remindersOf(recent)).toEqual(['contract-reminder']);
    k.time.set('2026-12-16T02:00:00Z'); // Wednesday: three more (Fri, Mon, Tue)
    await k.sweep();
    await k.sweep();
    expect(await remindersOf(recent)).toEqual(['contract-reminder', 'contract-reminder']);
  });

  it('warns the team holding a clock a working day before it breaches, and not once the clock stopped', async () => {
    const running = newCase();
    const stopped = newCase();
    const clock = (c: TestCase, type: 'planning.timelimit.started.v1' | 'planning.timelimit.stopped.v1', clockId: string) =>
      caseEvent(
        c,
        type,
        {
          clockId,
          stage: 'SUPPLY_SCHEME',
          limitDays: 4,
          targetDays: 3,
          deadline: '2026-12-10T16:00:00.000Z', // Friday 00:00 in Shanghai
          targetDeadline: '2026-12-09T16:00:00.000Z',
          provisional: false,
          at: START.toISOString(),
          team: 'planning',
        },
        { time: START, actor: { id: 'planner-1', role: 'planner' } },
      );
    const stoppedClock = randomUUID();
    await k.h.publishAndWait(
      clock(running, 'planning.timelimit.started.v1', randomUUID()),
      clock(stopped, 'planning.timelimit.started.v1', stoppedClock),
      clock(stopped, 'planning.timelimit.stopped.v1', stoppedClock),
    );
    const planner = k.h.as('planner', { sub: `planner-${randomUUID()}` });
    const warnings = async () =>
      (await planner.query<{ myNotifications: { edges: { node: InboxNode }[] } }>(INBOX)).myNotifications.edges
        .filter((e) => e.node.kind === 'clock-breaching' && [running.caseNumber, stopped.caseNumber].includes(e.node.caseNumber))
        .map((e) => e.node.body);
    k.time.set('2026-12-09T15:59:00Z');
    await k.sweep();
    expect(await warnings()).toEqual([]);
    k.time.set('2026-12-09T16:01:00Z'); // Thursday 00:01: one working day before
    await k.sweep();
    await k.sweep();
    expect(await warnings()).toEqual([`${running.caseNumber} 的供电方案答复环节将于 2026/12/11 00:00 超出时限。`]);
  });
});
