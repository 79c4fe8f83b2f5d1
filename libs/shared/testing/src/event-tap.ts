import { ChannelModel, connect } from 'amqplib';

export interface TappedMessage {
  routingKey: string;
  body: unknown;
  raw: string;
  headers: Record<string, unknown>;
}

/**
 * A plain amqplib subscriber, as another system would be: its own exclusive queue
 * bound to a pattern (`#` = everything) on the exchange, recording what arrives.
 */
export class EventTap {
  readonly messages: TappedMessage[] = [];
  private connection?: ChannelModel;

  static async open(url: string, exchange: string, pattern = '#'): Promise<EventTap> {
    const tap = new EventTap();
    tap.connection = await connect(url);
    const channel = await tap.connection.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, pattern);
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const raw = message.content.toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        tap.messages.push({ routingKey: message.fields.routingKey, body, raw, headers: message.properties.headers ?? {} });
      },
      { noAck: true },
    );
    return tap;
  }

  ofType(type: string): TappedMessage[] {
    return this.messages.filter((m) => m.routingKey === type);
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }
}

/** Reads a queue's messages without consuming them for good (they are requeued). */
export async function peekQueue(url: string, queue: string): Promise<TappedMessage[]> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    const found: TappedMessage[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      const raw = message.content.toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      found.push({ routingKey: message.fields.routingKey, body, raw, headers: message.properties.headers ?? {} });
    }
    await channel.close(); // unacked messages go back to the queue
    return found;
  } finally {
    await connection.close();
  }
}
