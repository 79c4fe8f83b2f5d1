import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CloudEvent, createEvent, CustomerCategory, EventPayload, EventType, Role } from '@yekuo/events';
import { ManualTimeSource, ServiceDefinition } from '@yekuo/platform';
import {
  ensureNotificationsServiceKeys,
  NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE,
  ServiceHarness,
  SmtpSink,
  startSmtpSink,
} from '@yekuo/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { DeliverySender } from '../delivery/delivery-sender';
import { notificationsService } from '../notifications.service-definition';
import { ReminderSweeper } from '../reminders/reminder.sweeper';

/** A case as the events name it. */
export interface TestCase {
  caseId: string;
  caseNumber: string;
  customerId: string;
  category: CustomerCategory;
  regionCode: string;
}

export function newCase(category: CustomerCategory = 'LV_RESIDENTIAL'): TestCase {
  return {
    caseId: randomUUID(),
    caseNumber: `YK-2026-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`,
    customerId: randomUUID(),
    category,
    regionCode: '310115',
  };
}

/**
 * An event about `c` as its producer would publish it, by `actor` (the platform names the
 * work it opens and closes when the producer publishes it; here the service falls back on the
 * same table), at `time`.
 */
export function caseEvent<T extends EventType>(
  c: TestCase,
  type: T,
  extra: Omit<EventPayload<T>, 'caseId' | 'caseNumber' | 'customerId' | 'category' | 'policyVersion' | 'actor' | 'regionCode'>,
  options: { time: Date; actor?: { id: string; role: Role } },
): CloudEvent<T> {
  const data = {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    customerId: c.customerId,
    category: c.category,
    policyVersion: '2020-01',
    regionCode: c.regionCode,
    actor: options.actor ?? { id: 'staff-1', role: 'intake-clerk' },
    ...extra,
  } as unknown as EventPayload<T>;
  return createEvent(type, data, { source: `/yekuo/${type.split('.')[0]}`, time: options.time });
}

/** A stand-in for intake's internal contact read: answers the contacts it holds, counts the reads. */
export interface FakeContacts {
  url: string;
  set(customerId: string, contact: { email?: string | null; phone?: string | null }): void;
  reads: number;
  close(): Promise<void>;
}

export async function startFakeContacts(): Promise<FakeContacts> {
  const contacts = new Map<string, { email: string | null; phone: string | null }>();
  const state = { reads: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      state.reads += 1;
      const { customerIds } = JSON.parse(body || '{}') as { customerIds?: string[] };
      const found = (customerIds ?? []).filter((id) => contacts.has(id)).map((id) => ({ customerId: id, ...contacts.get(id)! }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ contacts: found }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (id, contact) => contacts.set(id, { email: contact.email ?? null, phone: contact.phone ?? null }),
    get reads() {
      return state.reads;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A stand-in for the SMS provider's API: takes every SendSms, keeps its form, answers OK. */
export interface FakeSmsProvider {
  url: string;
  /** The SendSms requests taken, oldest first, as their form fields. */
  sent: Record<string, string>[];
  close(): Promise<void>;
}

export async function startFakeSmsProvider(): Promise<FakeSmsProvider> {
  const sent: Record<string, string>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      sent.push(Object.fromEntries(new URLSearchParams(body)));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ Code: 'OK', Message: 'OK', BizId: `biz-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface NotificationsKit {
  h: ServiceHarness;
  time: ManualTimeSource;
  smtp: SmtpSink;
  sms: FakeSmsProvider;
  contacts: FakeContacts;
  dataSource: DataSource;
  /** Sends what is due, through every instance at once (as two instances of the service would). */
  sendDue(): Promise<number>;
  /** Sweeps reminders through every instance at once. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Two instances of the service on one database and queue, a hand-set clock, a real SMTP server,
 * stand-ins for the SMS provider and intake's contact read; senders and sweeps run when the test says.
 */
export async function startNotifications(options: { env?: Record<string, string>; start?: Date } = {}): Promise<NotificationsKit> {
  const time = new ManualTimeSource(options.start ?? new Date());
  const smtp = await startSmtpSink();
  const contacts = await startFakeContacts();
  const sms = await startFakeSmsProvider();
  const keyDir = mkdtempSync(join(tmpdir(), 'yekuo-notifications-'));
  await ensureNotificationsServiceKeys(keyDir);
  const env: Record<string, string> = {
    SMTP_URL: smtp.url,
    SMS_PROVIDER: 'aliyun',
    SMS_ENDPOINT: sms.url,
    SMS_ACCESS_KEY_ID: 'test-access-key',
    SMS_ACCESS_KEY_SECRET: 'test-secret',
    SMS_SIGN_NAME: '业扩报装',
    SERVICE_SIGNING_KEY_FILE: join(keyDir, NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE),
    INTAKE_URL: contacts.url,
    DELIVERY_POLL_MS: '0',
    DELIVERY_SETTLE_MS: '0',
    REMINDER_SWEEP_MS: '0',
    DELIVERY_RETRY_DELAYS_MS: '1000,2000',
    DELIVERY_MAX_ATTEMPTS: '3',
    SMTP_TIMEOUT_MS: '3000',
    ...options.env,
  };
  const definition: ServiceDefinition = { ...notificationsService, timeSource: time };
  let h: ServiceHarness | undefined;
  try {
    h = await ServiceHarness.start(definition, (config) => AppModule.forRoot(config, definition, { ...process.env, ...env }), { env });
    await h.startInstance();
  } catch (error) {
    await h?.stop();
    await smtp.close();
    await contacts.close();
    await sms.close();
    rmSync(keyDir, { recursive: true, force: true });
    throw error;
  }
  const harness = h;
  const all = <T>(f: (i: (typeof harness.instances)[number]) => Promise<T>) => Promise.all(harness.instances.map(f));
  return {
    h: harness,
    time,
    smtp,
    sms,
    contacts,
    dataSource: harness.app.get(DataSource),
    sendDue: async () => (await all((i) => i.app.get(DeliverySender).sendDue())).reduce((a, b) => a + b, 0),
    sweep: async () => (await all((i) => i.app.get(ReminderSweeper).sweep())).reduce((a, b) => a + b, 0),
    stop: async () => {
      await harness.stop();
      await smtp.close();
      await contacts.close();
      await sms.close();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
