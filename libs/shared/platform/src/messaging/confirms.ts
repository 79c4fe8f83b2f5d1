import type { ConfirmChannel } from 'amqplib';

/** How long a confirm channel waits for the broker's confirms before it gives the channel up. */
export const CONFIRM_TIMEOUT_MS = 15_000;

/** The broker's confirms did not come in time; the channel has been closed. */
export class ConfirmsOverdueError extends Error {
  constructor(timeoutMs: number) {
    super(`the broker did not confirm within ${timeoutMs / 1000} s; the channel is closed and opened again`);
    this.name = 'ConfirmsOverdueError';
  }
}

/**
 * Resolves once the broker confirmed every message published on `channel`; rejects on a nack, or
 * when the confirms have not come within `timeoutMs`. A channel waits for every earlier confirm
 * too, so one the broker holds back (a quorum queue that lost its leader may keep it until it has a
 * new one, or lose it) would stop every later publish and every ack that follows one: a channel
 * whose confirms are overdue is closed. Its connection then reconnects (AmqpConnection), the
 * deliveries it had not acked go back to their queue, and what was published is sent again.
 */
export async function confirmed(channel: ConfirmChannel, timeoutMs = CONFIRM_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<'overdue'>((resolve) => {
    timer = setTimeout(() => resolve('overdue'), timeoutMs);
  });
  try {
    if ((await Promise.race([channel.waitForConfirms(), overdue])) === 'overdue') {
      // Not awaited: a broker that holds back confirms may hold back the close's answer too.
      channel.close().catch(() => undefined);
      throw new ConfirmsOverdueError(timeoutMs);
    }
  } finally {
    clearTimeout(timer);
  }
}
