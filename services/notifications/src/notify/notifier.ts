import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CaseActionCode } from '@yekuo/events';
import { teamFor } from '@yekuo/policy';
import { TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { EntityManager } from 'typeorm';
import type { Channel } from '../channels/channel';
import { CaseItem } from '../case/case-item.entity';
import { NotificationCase } from '../case/notification-case.entity';
import { Delivery } from '../delivery/delivery.entity';
import { Notification } from '../inbox/notification.entity';
import { NotificationRules, Urgency } from '../rules/rules';
import { NOTIFY_OPTIONS, NotifyOptions } from './notify.options';
import { deliveryKey, notificationKey, Recipient } from './keys';

/** One notification to make: from an event's rule, a team's new work, or a reminder's due point. */
export interface NotificationSpec {
  sourceId: string;
  case: NotificationCase;
  recipient: Recipient;
  template: string;
  params: Record<string, string>;
  urgency: Urgency;
  channels: readonly Channel[];
  action?: string;
  occurredAt: Date;
}

/** Whether `item` of the case was closed at or after `since` (its opening by this source): then there is nothing to ask for. */
export async function closedSince(manager: EntityManager, caseId: string, item: string, since: Date): Promise<boolean> {
  const row = await manager.findOne(CaseItem, { where: { caseId, item } });
  return !!row?.closedAt && row.closedAt >= since && (!row.openedAt || row.openedAt <= row.closedAt);
}

/**
 * Makes notifications: the inbox entry (once per source and recipient, whatever redelivers it)
 * and, for customers, one delivery per outside channel the rule names and a sender is configured
 * for. Agents and staff get the inbox only. Everything is written in the caller's transaction.
 */
@Injectable()
export class Notifier {
  private readonly logger = new Logger(Notifier.name);

  constructor(
    readonly rules: NotificationRules,
    @Inject(NOTIFY_OPTIONS) private readonly options: NotifyOptions,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** The recipients of `audience` on this case: the customer, their agent (if one applied), the team of `role` in the case's region. */
  recipientsOf(audience: readonly string[], copy: NotificationCase, role?: string, team?: string | null): Recipient[] {
    const recipients: Recipient[] = [];
    for (const who of audience) {
      if (who === 'CUSTOMER') recipients.push({ kind: 'CUSTOMER', id: copy.customerId });
      else if (who === 'AGENT' && copy.agentId) recipients.push({ kind: 'AGENT', id: copy.agentId });
      else if (who === 'TEAM') {
        const teamId = team ?? (role && copy.regionCode ? teamFor(role as never, copy.regionCode)?.id : undefined);
        if (teamId) recipients.push({ kind: 'TEAM', id: teamId });
      }
    }
    return recipients;
  }

  /** The team of the staff role that takes `action` in the case's region, if any. */
  teamRecipientOf(action: CaseActionCode, copy: NotificationCase): Recipient | undefined {
    const role = this.rules.staffRoleOf(action);
    if (!role || !copy.regionCode) return undefined;
    const team = teamFor(role, copy.regionCode);
    return team ? { kind: 'TEAM', id: team.id } : undefined;
  }

  /** Writes the notification and its deliveries; false when it existed already (the same source and recipient). */
  async notify(manager: EntityManager, spec: NotificationSpec): Promise<boolean> {
    const id = randomUUID();
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values({
        id,
        sourceKey: notificationKey(spec.sourceId, spec.recipient),
        sourceId: spec.sourceId,
        caseId: spec.case.caseId,
        caseNumber: spec.case.caseNumber,
        recipientKind: spec.recipient.kind,
        recipientId: spec.recipient.id,
        template: spec.template,
        params: spec.params,
        urgency: spec.urgency,
        action: spec.action ?? null,
        occurredAt: spec.occurredAt,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return false;
    if (spec.recipient.kind !== 'CUSTOMER') return true;
    const outside = spec.channels.filter((c): c is Exclude<Channel, 'INBOX'> => c !== 'INBOX' && this.options.enabledChannels.includes(c));
    if (outside.length === 0) return true;
    // Sent in the order of the events (the sender takes the earliest first), once they have settled.
    const now = this.time.now();
    const notBefore = new Date(Math.max(now.getTime(), Math.min(spec.occurredAt.getTime(), now.getTime()) + this.options.settleMs));
    await manager
      .createQueryBuilder()
      .insert()
      .into(Delivery)
      .values(
        outside.map((channel) => ({
          key: deliveryKey(spec.sourceId, spec.recipient, channel),
          notificationId: id,
          channel,
          status: 'PENDING' as const,
          notBefore,
        })),
      )
      .orIgnore()
      .execute();
    return true;
  }

  /** Logs a notification left out because the work it asks for had closed already. */
  dropped(spec: Pick<NotificationSpec, 'sourceId' | 'template' | 'action' | 'case'>): void {
    this.logger.log(`dropped ${spec.template} of ${spec.case.caseNumber} (${spec.sourceId}): ${spec.action} had closed already`);
  }
}
