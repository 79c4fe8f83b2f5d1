import { ChannelModel, ConfirmChannel } from 'amqplib';
import { CloudEvent } from '@yekuo/events';
import { inProducerSpans } from '../telemetry/spans';
import { AmqpConnection } from './amqp-connection';
import { confirmed } from './confirms';

/** Publishes events to the topic exchange on a confirm channel; `publish` resolves only once the broker confirmed all. */
export class EventPublisher {
  private channel?: ConfirmChannel;
  private readonly connection: AmqpConnection;

  constructor(
    url: string,
    private readonly exchange: string,
    name: string,
  ) {
    this.connection = new AmqpConnection(url, `${name}:publisher`, (model) => this.setup(model));
  }

  private async setup(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    channel.on('error', () => undefined);
    AmqpConnection.reconnectWhenClosed(model, channel);
    this.channel = channel;
  }

  get isReady(): boolean {
    return this.connection.isConnected && this.channel !== undefined;
  }

  open(): Promise<void> {
    return this.connection.open();
  }

  close(): Promise<void> {
    this.channel = undefined;
    return this.connection.close();
  }

  /**
   * Throws when the broker is unreachable or did not confirm every message. Each event is sent as
   * it was stored (its trace context in the envelope), under a PRODUCER span in its trace.
   */
  async publish(events: CloudEvent[]): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new Error('not connected to the broker');
    await inProducerSpans(events, this.exchange, async () => {
      for (const event of events) {
        channel.publish(this.exchange, event.type, Buffer.from(JSON.stringify(event)), {
          persistent: true,
          messageId: event.id,
          type: event.type,
          contentType: 'application/cloudevents+json',
          timestamp: Math.floor(Date.parse(event.time) / 1000),
          appId: event.source,
        });
      }
      await confirmed(channel);
    });
  }
}
