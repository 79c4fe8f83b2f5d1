import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditLog } from '../audit/audit-log';
import { CloudEvent, createEvent, EventPayload, EventType } from '@yekuo/events';
import { OUTBOX_CHANNEL } from './outbox-relay';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/** What a change may do inside its transaction. */
export interface Work {
  readonly manager: EntityManager;
  /** Stores the event in the outbox and its audit record in the case's chain. */
  publish: <T extends EventType>(type: T, data: EventPayload<T>) => Promise<CloudEvent<T>>;
  /** Records a change that announces no event. */
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * The one way a service changes state: rows, audit records and outbox events
 * commit together or not at all.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  run<R>(fn: (work: Work) => Promise<R>): Promise<R> {
    return this.dataSource.transaction((manager) => this.within(manager, fn));
  }

  /**
   * Applies an incoming event at most once for `consumer`: the inbox row and the
   * handler's effects commit together; a redelivered event is skipped.
   * Resolves to false when the event had been applied already.
   */
  async runOnce(consumer: string, event: CloudEvent, fn: (work: Work) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO inbox_message (consumer, event_id, type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, event.id, event.type],
      );
      if (inserted.length === 0) return false;
      await this.within(manager, fn);
      return true;
    });
  }

  private async within<R>(manager: EntityManager, fn: (work: Work) => Promise<R>): Promise<R> {
    let notified = false;
    const work: Work = {
      manager,
      publish: async (type, data) => {
        const event = createEvent(type, data, { source: `/yekuo/${this.options.service}` });
        await manager.query('INSERT INTO outbox_message (id, type, event) VALUES ($1, $2, $3)', [event.id, event.type, event]);
        await this.auditLog.append(manager, {
          caseId: event.subject,
          actor: event.data.actor,
          action: event.type,
          data: { ...event.data, eventId: event.id },
        });
        if (!notified) {
          // Delivered at commit, so the relay wakes exactly when the row becomes visible.
          await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
          notified = true;
        }
        return event;
      },
      audit: async (entry) => {
        await this.auditLog.append(manager, entry);
      },
    };
    return fn(work);
  }
}
