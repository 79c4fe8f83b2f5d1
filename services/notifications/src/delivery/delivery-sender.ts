import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicJob, TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { DataSource } from 'typeorm';
import { DeliveryError, EMAIL_SENDER, EmailSender, SMS_SENDER, SmsSender } from '../channels/channel';
import { Notification } from '../inbox/notification.entity';
import { NotificationPreference } from '../preferences/preference.entity';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { closedSince } from '../notify/notifier';
import { NotificationRules } from '../rules/rules';
import { Contact, CONTACT_DIRECTORY, ContactDirectory } from './contact-directory';
import { Delivery } from './delivery.entity';
import { quietHoursEnd } from './quiet-hours';

/** What a sender holds of a delivery it took. */
type Claimed = Pick<Delivery, 'key' | 'notificationId' | 'channel' | 'attempts'>;

type Outcome =
  | { status: 'SENT'; providerId?: string }
  | { status: 'DROPPED'; reason: string }
  | { status: 'HELD'; until: Date }
  | { status: 'FAILED'; error: DeliveryError };

/**
 * Sends due deliveries by email and SMS. Each run takes a batch with a lease (`FOR UPDATE SKIP
 * LOCKED`, so two instances never take the same row), and for each: waits out the customer's
 * quiet hours, drops it when the customer turned the channel off or the work it asks for has
 * closed, reads the contact from intake, renders it in the customer's language and sends it.
 * A failure the provider may get over is tried again after the configured delays; the last
 * failure, or one it never will get over, dead-letters the delivery with its reason.
 *
 * A send is at most once per key except in one window: an instance that crashes after the provider
 * took a message and before it marked it sent leaves the lease to run out, and the next instance
 * sends it again (the email carries the same Message-ID, which mail systems deduplicate by).
 */
@Injectable()
export class DeliverySender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliverySender.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: NotificationRules,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(CONTACT_DIRECTORY) private readonly contacts: ContactDirectory,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender | null,
    @Inject(SMS_SENDER) private readonly sms: SmsSender | null,
  ) {
    this.job = new PeriodicJob({ name: 'delivery sender', everyMs: config.DELIVERY_POLL_MS }, () => this.sendDue().then(() => undefined));
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await this.email?.close?.();
    await this.sms?.close?.();
  }

  /** Sends what is due now (one batch); resolves to the number of deliveries taken. */
  async sendDue(): Promise<number> {
    const now = this.time.now();
    // An UPDATE … RETURNING answers its rows and the count.
    const [claimed] = await this.dataSource.query<[Claimed[], number]>(
      `UPDATE delivery SET claimed_until = $2, updated_at = $1
       WHERE key IN (
         SELECT key FROM delivery
         WHERE status = 'PENDING' AND not_before <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
         ORDER BY not_before, key LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING key, notification_id AS "notificationId", channel, attempts`,
      [now, new Date(now.getTime() + this.config.DELIVERY_LEASE_MS), this.config.DELIVERY_BATCH],
    );
    if (claimed.length === 0) return 0;
    const notifications = await this.dataSource.getRepository(Notification).find({ where: claimed.map((d) => ({ id: d.notificationId })) });
    const byId = new Map(notifications.map((n) => [n.id, n]));
    const customerIds = [...new Set(notifications.map((n) => n.recipientId))];
    const preferences = new Map(
      (await this.dataSource.getRepository(NotificationPreference).find({ where: customerIds.map((id) => ({ principalId: id })) })).map(
        (p) => [p.principalId, p],
      ),
    );
    let contacts: Map<string, Contact> | DeliveryError;
    try {
      contacts = await this.contacts.contactsOf(customerIds);
    } catch (error) {
      contacts = error instanceof DeliveryError ? error : new DeliveryError(`contacts unavailable: ${(error as Error).message}`, true);
    }
    // Earliest first: UPDATE … RETURNING keeps no order.
    claimed.sort(
      (a, b) => (byId.get(a.notificationId)?.occurredAt.getTime() ?? 0) - (byId.get(b.notificationId)?.occurredAt.getTime() ?? 0),
    );
    for (const delivery of claimed) {
      const notification = byId.get(delivery.notificationId);
      if (!notification) continue;
      const outcome = await this.attempt(delivery, notification, preferences.get(notification.recipientId), contacts, now).catch(
        (error: unknown): Outcome => ({
          status: 'FAILED',
          error: error instanceof DeliveryError ? error : new DeliveryError(`unexpected: ${(error as Error).message}`, true),
        }),
      );
      await this.record(delivery, outcome, now);
    }
    return claimed.length;
  }

  private async attempt(
    delivery: Claimed,
    notification: Notification,
    preference: NotificationPreference | undefined,
    contacts: Map<string, Contact> | DeliveryError,
    now: Date,
  ): Promise<Outcome> {
    if (preference && !preference.channels.includes(delivery.channel))
      return { status: 'DROPPED', reason: `${delivery.channel} turned off by the customer` };
    const quietUntil =
      preference && quietHoursEnd(now, { from: preference.quietFrom, until: preference.quietUntil, timeZone: preference.timeZone });
    if (quietUntil) return { status: 'HELD', until: quietUntil };
    if (
      notification.action &&
      (await closedSince(this.dataSource.manager, notification.caseId, notification.action, notification.occurredAt))
    ) {
      return { status: 'DROPPED', reason: `${notification.action} had closed before it was sent` };
    }
    if (contacts instanceof DeliveryError) return { status: 'FAILED', error: contacts };
    const contact = contacts.get(notification.recipientId);
    const locale = preference?.locale ?? 'zh-CN';
    const text = this.rules.render(notification.template, locale, notification.params);
    if (delivery.channel === 'EMAIL') {
      if (!this.email) return { status: 'DROPPED', reason: 'no email sender is configured' };
      if (!contact?.email) return { status: 'DROPPED', reason: 'no email address on file' };
      const receipt = await this.email.send({ key: delivery.key, to: contact.email, subject: text.title, text: text.body, locale });
      return { status: 'SENT', providerId: receipt.providerId };
    }
    if (!this.sms) return { status: 'DROPPED', reason: 'no SMS provider is configured' };
    const template = this.rules.smsTemplateOf(notification.template);
    if (!template) return { status: 'DROPPED', reason: `${notification.template} has no SMS template` };
    if (!contact?.phone) return { status: 'DROPPED', reason: 'no phone number on file' };
    const receipt = await this.sms.send({
      key: delivery.key,
      phone: contact.phone,
      template,
      params: smsParams(notification.params),
      text: text.body,
    });
    return { status: 'SENT', providerId: receipt.providerId };
  }

  private async record(delivery: Claimed, outcome: Outcome, now: Date): Promise<void> {
    const attempts = delivery.attempts + 1;
    switch (outcome.status) {
      case 'SENT':
        await this.update(delivery.key, { status: 'SENT', attempts, sentAt: now, providerId: outcome.providerId ?? null, lastError: null });
        return;
      case 'DROPPED':
        this.logger.log(`dropped delivery ${delivery.key.slice(0, 12)} (${delivery.channel}): ${outcome.reason}`);
        await this.update(delivery.key, { status: 'DROPPED', lastError: outcome.reason });
        return;
      case 'HELD':
        await this.update(delivery.key, { notBefore: outcome.until });
        return;
      case 'FAILED': {
        const last = !outcome.error.retryable || attempts >= this.config.DELIVERY_MAX_ATTEMPTS;
        const delays = this.config.DELIVERY_RETRY_DELAYS_MS;
        const wait = delays[Math.min(attempts - 1, delays.length - 1)];
        if (last)
          this.logger.warn(
            `dead-lettered delivery ${delivery.key.slice(0, 12)} (${delivery.channel}) after ${attempts} attempt(s): ${outcome.error.message}`,
          );
        await this.update(delivery.key, {
          attempts,
          lastError: outcome.error.message,
          ...(last ? { status: 'DEAD_LETTERED' as const } : { notBefore: new Date(now.getTime() + wait) }),
        });
      }
    }
  }

  /** Writes the outcome and lets go of the lease; only while the row is still pending (a late duplicate changes nothing). */
  private async update(key: string, changes: Partial<Delivery>): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(Delivery)
      .set({ ...changes, claimedUntil: null, updatedAt: this.time.now() })
      .where(`key = :key AND status = 'PENDING'`, { key })
      .execute();
  }
}

/** An SMS template's variables: the case number and what to do next, as the provider's template names them. */
function smsParams(params: Record<string, string>): Record<string, string> {
  const { caseNumber, appointmentAt, validUntil, total } = params;
  return Object.fromEntries(Object.entries({ caseNumber, appointmentAt, validUntil, total }).filter(([, v]) => v !== undefined));
}
