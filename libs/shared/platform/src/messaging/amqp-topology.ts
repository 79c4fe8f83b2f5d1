/** Names of one service's queues; the prefix keeps test runs apart on a shared broker. */
export function queueNames(service: string, prefix = '') {
  const main = `${prefix}${service}`;
  return {
    main,
    deadLetter: `${main}.dlq`,
    retry: (delayMs: number) => `${main}.retry.${delayMs}`,
  };
}

/** Headers this service sets on retried and dead-lettered messages. */
export const HEADER = {
  attempt: 'x-yekuo-attempt',
  error: 'x-yekuo-error',
  errorAt: 'x-yekuo-error-at',
  routingKey: 'x-yekuo-routing-key',
  service: 'x-yekuo-service',
} as const;
