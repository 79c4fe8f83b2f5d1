import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An event a consumer has applied; its key makes redelivery a no-op. */
@Entity({ name: 'inbox_message' })
export class InboxMessage {
  @PrimaryColumn('text')
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column('text')
  type: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
