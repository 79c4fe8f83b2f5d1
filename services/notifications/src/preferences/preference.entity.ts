import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, Locale } from '../channels/channel';

/**
 * How one person (a customer, an agent or a staff member, by their token's subject) wants to be
 * told: language, channels, quiet hours (minutes after midnight in `timeZone`; SMS and email wait
 * until they end, the inbox never does), and for staff the teams whose work they follow
 * (null: the teams of their roles).
 */
@Entity({ name: 'notification_preference' })
export class NotificationPreference {
  @PrimaryColumn({ name: 'principal_id', type: 'text' })
  principalId: string;

  @Column({ type: 'text', default: 'zh-CN' })
  locale: Locale;

  @Column({ type: 'text', array: true, default: () => `'{INBOX,EMAIL,SMS}'` })
  channels: Channel[];

  @Column({ name: 'quiet_from', type: 'smallint', nullable: true })
  quietFrom: number | null;

  @Column({ name: 'quiet_until', type: 'smallint', nullable: true })
  quietUntil: number | null;

  @Column({ name: 'time_zone', type: 'text', default: 'Asia/Shanghai' })
  timeZone: string;

  @Column({ type: 'text', array: true, nullable: true })
  teams: string[] | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
