import { ChannelModel } from 'amqplib';
import { connectToAny } from '@yekuo/platform';
import { sleep } from './processes';

/** One CloudEvent as delivered, with how often its id arrived. */
export interface SeenEvent {
  id: string;
  type: string;
  subject?: string;
  deliveries: number;
}

/**
 * An independent subscriber, as another system would be: its own durable quorum queue bound to `#`
 * on the events exchange (replicated, so it keeps receiving while one node of a cluster is down),
 * acknowledging each message after recording it, reconnecting when the broker goes away (to the
 * first node of `url`, one URL or a cluster's comma-separated list, that answers). Declared before
 * the first case, so it holds every event ever published; a message delivered again (after a
 * broker restart, or published twice) is counted, not lost.
 */
export class EventRecorder {
  readonly events = new Map<string, SeenEvent>();
  /** Deliveries of an id already recorded (redeliveries and duplicate publishes). */
  redeliveries = 0;
  reconnects = 0;
  private connection?: ChannelModel;
  private closing = false;
  private loop?: Promise<void>;
  /** Settles when the current connection closes. */
  private closedOnce?: Promise<void>;

  private constructor(
    private readonly url: string,
    private readonly exchange: string,
    private readonly queue: string,
  ) {}

  static async open(url: string, exchange: string, queue: string): Promise<EventRecorder> {
    const recorder = new EventRecorder(url, exchange, queue);
    await recorder.subscribe();
    recorder.loop = recorder.stayConnected();
    return recorder;
  }

  /** Distinct event ids of one case (its `subject`), by type. */
  idsOf(caseId: string): Map<string, Set<string>> {
    const byType = new Map<string, Set<string>>();
    for (const event of this.events.values()) {
      if (event.subject !== caseId) continue;
      if (!byType.has(event.type)) byType.set(event.type, new Set());
      byType.get(event.type)!.add(event.id);
    }
    return byType;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.connection?.close().catch(() => undefined);
    await this.loop;
  }

  private async subscribe(): Promise<void> {
    const connection = await connectToAny(this.url);
    const closed = new Promise<void>((resolve) => connection.once('close', () => resolve()));
    connection.on('error', () => undefined);
    const channel = await connection.createChannel();
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    await channel.assertQueue(this.queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(this.queue, this.exchange, '#');
    await channel.prefetch(200);
    await channel.consume(this.queue, (message) => {
      // Cancelled by the broker: subscribe again on a new connection.
      if (!message) return void connection.close().catch(() => undefined);
      let body: { id?: string; type?: string; subject?: string } = {};
      try {
        body = JSON.parse(message.content.toString('utf8')) as typeof body;
      } catch {
        // not a CloudEvent: recorded under its routing key with no id, so the checks see it
      }
      const id = body.id ?? `(no id) ${message.fields.routingKey}`;
      const seen = this.events.get(id);
      if (seen) {
        seen.deliveries++;
        this.redeliveries++;
      } else {
        this.events.set(id, { id, type: body.type ?? message.fields.routingKey, subject: body.subject, deliveries: 1 });
      }
      channel.ack(message);
    });
    this.connection = connection;
    this.closedOnce = closed;
  }

  /** Resubscribes after the broker closed the connection, until close(). */
  private async stayConnected(): Promise<void> {
    while (!this.closing) {
      await this.closedOnce;
      while (!this.closing) {
        try {
          await this.subscribe();
          this.reconnects++;
          break;
        } catch {
          await sleep(500);
        }
      }
    }
  }
}
