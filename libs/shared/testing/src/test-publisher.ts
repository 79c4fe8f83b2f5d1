import { ChannelModel, ConfirmChannel, connect } from 'amqplib';
import type { CloudEvent } from '@yekuo/events';

/** Publishes events to the exchange as a producing service would: persistent, routing key = type, confirmed. */
export class TestPublisher {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly exchange: string,
  ) {}

  static async open(url: string, exchange: string): Promise<TestPublisher> {
    const connection = await connect(url);
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    return new TestPublisher(connection, channel, exchange);
  }

  async publish(...events: CloudEvent[]): Promise<void> {
    for (const event of events) {
      this.channel.publish(this.exchange, event.type, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id });
    }
    await this.channel.waitForConfirms();
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
