import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Urgency } from '../rules/rules';

export const RECIPIENT_KINDS = ['CUSTOMER', 'AGENT', 'TEAM'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * One notification to one recipient (a customer, an agent, or a team whose staff follow it):
 * its inbox entry. `sourceKey` is unique per source (an event, or a reminder's due point) and
 * recipient, so a redelivered event or a second instance of the service never makes a second one.
 * Only the template and its parameters are kept, never personal data; it is rendered in the
 * reader's language when read.
 */
@Entity({ name: 'notification' })
@Index('notification_recipient', ['recipientKind', 'recipientId', 'occurredAt', 'id'])
@Index('notification_by_case', ['caseId'])
export class Notification {
  @PrimaryColumn('uuid')
  id: string;

  @Index('notification_source_key', { unique: true })
  @Column({ name: 'source_key', type: 'text' })
  sourceKey: string;

  /** The event's id, or `reminder:<rule>:<case>:<item>:<due point>`. */
  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind: RecipientKind;

  /** The customer's id, the agent's id, or the team's id. */
  @Column({ name: 'recipient_id', type: 'text' })
  recipientId: string;

  @Column('text')
  template: string;

  /** The template's values: the case number, the step, dates and amounts; never a name, phone or address. */
  @Column('jsonb')
  params: Record<string, string>;

  @Column('text')
  urgency: Urgency;

  /** The open action this notification asks for, if any: it is not sent once that action closed. */
  @Column({ type: 'text', nullable: true })
  action: string | null;

  /** When the event happened (or the reminder fell due): inboxes are in this order. */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** That `readerId` read the notification (per reader: a team's entry is read by each of its staff alone). */
@Entity({ name: 'notification_read' })
export class NotificationRead {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' })
  notificationId: string;

  @PrimaryColumn({ name: 'reader_id', type: 'text' })
  readerId: string;

  @Column({ name: 'read_at', type: 'timestamptz' })
  readAt: Date;
}
