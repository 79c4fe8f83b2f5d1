import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Channel } from '../channels/channel';

export const DELIVERY_STATUSES = ['PENDING', 'SENT', 'DEAD_LETTERED', 'DROPPED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One notification on one outside channel (email or SMS). `key` is a digest of the source,
 * recipient and channel: at most one row, and one send, per key (the email's Message-ID is made
 * from it). A sender claims a row until `claimedUntil`; the log keeps its attempts and last error.
 */
@Entity({ name: 'delivery' })
@Index('delivery_due', ['notBefore'], { where: `status = 'PENDING'` })
@Index('delivery_notification', ['notificationId'])
export class Delivery {
  @PrimaryColumn('text')
  key: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId: string;

  @Column('text')
  channel: Exclude<Channel, 'INBOX'>;

  @Column('text')
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Not sent before: the next try after a failure, or the end of the recipient's quiet hours. */
  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore: Date;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'provider_id', type: 'text', nullable: true })
  providerId: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
