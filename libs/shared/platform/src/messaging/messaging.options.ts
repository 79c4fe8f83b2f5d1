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
}
