import type { CaseActions, CaseEventType, EventPayload } from '@yekuo/events';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** The producing service; becomes the CloudEvents `source` (`/yekuo/<service>`). */
  service: string;
  databaseUrl: string;
  amqpUrl: string;
  exchange: string;
  queuePrefix: string;
  outboxPollMs: number;
  outboxBatchSize: number;
  maxAttempts: number;
  retryDelaysMs: number[];
  prefetch: number;
  /** The work an event opens and closes, set on its payload as `actions` when the publisher named none (the service's policy). */
  eventActions?: <T extends CaseEventType>(type: T, data: EventPayload<T>) => CaseActions | undefined;
}
