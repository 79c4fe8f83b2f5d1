import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditLog } from '../audit/audit-log';
import { CaseEventType, CloudEvent, createEvent, EventPayload } from '@yekuo/events';
import { storeInOutbox } from './outbox-relay';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { idempotencyContext, IdempotencyState } from '../idempotency/idempotent-request';
import { traceContextOf } from '../telemetry/trace-context';

/** What a change may do inside its transaction. */
export interface Work {
  readonly manager: EntityManager;
  /** Stores the event in the outbox and its audit record in the case's chain. */
  publish: <T extends CaseEventType>(type: T, data: EventPayload<T>) => Promise<CloudEvent<T>>;
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
    private readonly idempotency: IdempotencyStore,
  ) {}

  /**
   * Runs `fn` in one transaction. Inside a request with an `Idempotency-Key`, the first run
   * claims the key as its first statement, so the key commits with the change or not at all
   * (a domain error rolls both back and leaves the key free); a request repeating one that
   * holds the key waits here until that one ends, then stops without acting.
   */
  async run<R>(fn: (work: Work) => Promise<R>): Promise<R> {
    const keyed = idempotencyContext.getStore();
    if (!keyed || keyed.committed || keyed.claiming) return this.dataSource.transaction((manager) => this.within(manager, fn));
    return this.claimingRun(keyed, fn);
  }

  private async claimingRun<R>(keyed: IdempotencyState, fn: (work: Work) => Promise<R>): Promise<R> {
    keyed.claiming = true;
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        await this.idempotency.claim(manager, keyed.request);
        return this.within(manager, fn);
      });
      keyed.committed = true;
      return result;
    } finally {
      keyed.claiming = false;
    }
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
    const work: Work = {
      manager,
      publish: async (type, data) => {
        const actions = data.actions ?? this.options.eventActions?.(type, data);
        // The active span's trace context rides in the envelope: the consumers continue this trace.
        const event = createEvent(type, actions ? { ...data, actions } : data, {
          source: `/yekuo/${this.options.service}`,
          trace: traceContextOf(),
        });
        await storeInOutbox(manager, event);
        await this.auditLog.append(manager, {
          caseId: event.subject,
          actor: event.data.actor,
          action: event.type,
          data: { ...event.data, eventId: event.id },
        });
        return event;
      },
      audit: async (entry) => {
        await this.auditLog.append(manager, entry);
      },
    };
    return fn(work);
  }
}
