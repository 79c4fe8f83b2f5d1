import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CloudEvent } from '@yekuo/events';

/** An event waiting to be published; written in the transaction of the change it announces. */
@Entity({ name: 'outbox_message' })
@Index('outbox_message_unpublished', ['createdAt'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  /** The event id. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('jsonb')
  event: CloudEvent;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
