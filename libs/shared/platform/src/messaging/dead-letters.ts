import { connectToAny } from './amqp-connection';
import { HEADER, queueNames } from './amqp-topology';
import { confirmed } from './confirms';

/**
 * Moves every message of a service's dead-letter queue back to its main queue with
 * a fresh attempt count. Each message is acked on the dead-letter queue only after
 * the broker confirmed the copy, so nothing is lost if this stops half way.
 */
export async function resendDeadLetters(options: { url: string; service: string; queuePrefix?: string }): Promise<number> {
  const queues = queueNames(options.service, options.queuePrefix);
  const connection = await connectToAny(options.url);
  connection.on('error', () => undefined); // a refused channel operation rejects below; not a crash
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    // Only what is there now: a message that fails again at once must not loop here.
    const { messageCount } = await channel.checkQueue(queues.deadLetter).catch(() => {
      throw new Error(`there is no queue ${queues.deadLetter}: is "${options.service}" a service that has started once?`);
    });
    let moved = 0;
    while (moved < messageCount) {
      const message = await channel.get(queues.deadLetter, { noAck: false });
      if (!message) break;
      const headers = { ...message.properties.headers };
      delete headers[HEADER.attempt];
      headers['x-yekuo-resent-at'] = new Date().toISOString();
      channel.sendToQueue(queues.main, message.content, { ...message.properties, headers });
      await confirmed(channel);
      channel.ack(message);
      moved += 1;
    }
    await channel.close();
    return moved;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
