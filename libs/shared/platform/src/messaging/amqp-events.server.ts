import { CustomTransportStrategy, BaseRpcContext, Server } from '@nestjs/microservices';
import { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import { CloudEvent, InvalidEventError, parseEvent } from '@yekuo/events';
import { AmqpConnection } from './amqp-connection';
import { confirmed } from './confirms';
import { HEADER, queueNames } from './amqp-topology';
import { addToLogContext, eventLogContext, runWithLogContext } from '../logging/log-context';
import { declareQuorumQueue, retryQueueArguments } from './quorum-queues';
import { inConsumerSpan } from '../telemetry/spans';

export interface AmqpEventsServerOptions {
  url: string;
  exchange: string;
  service: string;
  queuePrefix: string;
  /** Attempts before a message goes to the dead-letter queue. */
  maxAttempts: number;
  /** Delay before attempt n+1 is retryDelaysMs[n-1] (the last one repeats). */
  retryDelaysMs: number[];
  prefetch: number;
}

/** The message and its attempt number, for handlers that want them. */
export class AmqpEventContext extends BaseRpcContext<[ConsumeMessage, number]> {
  get message(): ConsumeMessage {
    return this.args[0];
  }
  get attempt(): number {
    return this.args[1];
  }
}

/** What the consumer tells of each message it settles (ServiceMetrics counts them). */
export interface ConsumerObserver {
  /** Applied and acked; `lagSeconds` from the event's `time` until then. */
  handled(type: string, lagSeconds: number): void;
  retried(type: string): void;
  deadLettered(type: string): void;
}

/** Ready messages in the service's queue and in its dead-letter queue. */
export interface QueueDepths {
  main: number;
  deadLetter: number;
}

/**
 * Receives catalog events for `@EventPattern(type)` handlers. One durable topic
 * exchange; one quorum queue per service bound to exactly the types it handles.
 * A message is acked only after its handler (and so its transaction) finished. A
 * failure is retried through delay queues; after `maxAttempts`, or at once when the
 * message is not a valid event, it is published to the service's dead-letter queue
 * with the error in its headers. The queue is never blocked and the process never
 * crashes on a bad message.
 */
export class AmqpEventsServer extends Server implements CustomTransportStrategy {
  private connection?: AmqpConnection;
  private readonly queues: ReturnType<typeof queueNames>;
  private readonly inFlight = new Set<Promise<void>>();
  /** The broker connection of the latest setup, for reading queue depths. */
  private model?: ChannelModel;
  /** Counts of this process's outcomes. */
  readonly stats = { handled: 0, retried: 0, deadLettered: 0 };
  /** Told of each outcome as it happens (set by ServiceMetrics). */
  observer?: ConsumerObserver;

  constructor(private readonly options: AmqpEventsServerOptions) {
    super();
    this.queues = queueNames(options.service, options.queuePrefix);
  }

  get isConnected(): boolean {
    return this.connection?.isConnected ?? false;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.connection = new AmqpConnection(this.options.url, `${this.options.service}:consumer`, (model) => this.setup(model));
      await this.connection.open();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Idempotent: the application and the microservice host may both call it. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
    await Promise.allSettled([...this.inFlight]);
  }

  on(): void {
    throw new Error('AmqpEventsServer does not emit transport events');
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  /**
   * The ready messages of the service's queue and dead-letter queue, read on a channel of its
   * own (a refused check closes that channel only), or undefined while the broker is away.
   */
  async queueDepths(): Promise<QueueDepths | undefined> {
    if (!this.isConnected || !this.model) return undefined;
    const channel = await this.model.createChannel();
    channel.on('error', () => undefined);
    try {
      const main = await channel.checkQueue(this.queues.main);
      const deadLetter = await channel.checkQueue(this.queues.deadLetter);
      return { main: main.messageCount, deadLetter: deadLetter.messageCount };
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Declares the topology and starts consuming; runs again after every reconnect. */
  private async setup(model: ChannelModel): Promise<void> {
    const { exchange, maxAttempts, retryDelaysMs, prefetch } = this.options;
    this.model = model;
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined);
    AmqpConnection.reconnectWhenClosed(model, channel);
    await channel.prefetch(prefetch);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    // Quorum queues, replicated across a cluster's nodes; the classic one of an earlier version is replaced, its messages kept.
    const declare = async (queue: string, args: Record<string, unknown>, earlierArgs: Record<string, unknown>) => {
      const moved = await declareQuorumQueue(model, queue, args, earlierArgs);
      if (moved !== undefined) this.logger.log(`${queue} replaced by a quorum queue; ${moved} message(s) moved into it`);
    };
    await declare(this.queues.deadLetter, {}, {});
    for (const delay of new Set(retryDelaysMs)) {
      const earlier = { 'x-message-ttl': delay, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': this.queues.main };
      await declare(this.queues.retry(delay), retryQueueArguments(delay, this.queues.main), earlier);
    }
    await channel.assertQueue(this.queues.main, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        // Backstop only: a handler that kills the process mid-message cannot loop forever.
        'x-delivery-limit': maxAttempts * 2,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': this.queues.deadLetter,
      },
    });
    for (const pattern of this.messageHandlers.keys()) {
      await channel.bindQueue(this.queues.main, exchange, pattern);
    }
    await channel.consume(this.queues.main, (message) => {
      if (!message) {
        // The broker cancelled the consumer (its queue was deleted): start over, which re-declares it.
        this.logger.warn(`the broker cancelled consuming ${this.queues.main}; reconnecting`);
        void model.close().catch(() => undefined);
        return;
      }
      // Every line logged while the message is handled carries the event's id and type (and its case, once read).
      const context = { eventId: message.properties.messageId as string | undefined, eventType: typeOf(message) };
      const task = runWithLogContext(context, () => this.handle(channel, message)).catch((error: Error) => {
        this.logger.error(`could not settle message ${message.properties.messageId}: ${error.message}`);
      });
      this.inFlight.add(task);
      void task.finally(() => this.inFlight.delete(task));
    });
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const attempt = Number(message.properties.headers?.[HEADER.attempt] ?? 1);
    let event: CloudEvent;
    try {
      event = parseEvent(JSON.parse(message.content.toString('utf8')));
      addToLogContext(eventLogContext(event));
    } catch (error) {
      const reason = error instanceof InvalidEventError ? error.message : `not JSON: ${(error as Error).message}`;
      return this.deadLetter(channel, message, attempt, reason);
    }
    // The handlers are registered under the event types themselves (Nest's lookup would first try the type as JSON).
    const handler = this.messageHandlers.get(event.type);
    if (!handler) return this.deadLetter(channel, message, attempt, `no handler for ${event.type} in ${this.options.service}`);
    try {
      // The handler and its transaction run in a CONSUMER span continuing the trace the event carries.
      await inConsumerSpan(event, this.options.exchange, attempt, async () => {
        const result: unknown = await handler(event, new AmqpEventContext([message, attempt]));
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      });
    } catch (error) {
      const reason = describe(error);
      if (attempt >= this.options.maxAttempts) return this.deadLetter(channel, message, attempt, reason);
      return this.retry(channel, message, attempt, reason);
    }
    // Outside the handler's failures: an ack on a channel lost meanwhile throws, and the message, applied, comes back to
    // another consumer, whose inbox skips it; it is not a failure to retry.
    channel.ack(message);
    this.stats.handled += 1;
    this.observer?.handled(event.type, (Date.now() - Date.parse(event.time)) / 1000);
  }

  private async retry(channel: ConfirmChannel, message: ConsumeMessage, attempt: number, reason: string): Promise<void> {
    const delays = this.options.retryDelaysMs;
    const delay = delays[Math.min(attempt - 1, delays.length - 1)];
    this.logger.warn(`${typeOf(message)} ${message.properties.messageId} failed (attempt ${attempt}): ${reason}; retry in ${delay} ms`);
    channel.sendToQueue(this.queues.retry(delay), message.content, {
      ...message.properties,
      headers: { ...message.properties.headers, [HEADER.attempt]: attempt + 1, [HEADER.error]: reason },
    });
    await confirmed(channel);
    channel.ack(message);
    this.stats.retried += 1;
    this.observer?.retried(typeOf(message));
  }

  private async deadLetter(channel: ConfirmChannel, message: ConsumeMessage, attempt: number, reason: string): Promise<void> {
    this.logger.error(`${typeOf(message)} ${message.properties.messageId ?? ''} dead-lettered after ${attempt} attempt(s): ${reason}`);
    channel.sendToQueue(this.queues.deadLetter, message.content, {
      ...message.properties,
      persistent: true,
      headers: {
        ...message.properties.headers,
        [HEADER.attempt]: attempt,
        [HEADER.error]: reason,
        [HEADER.errorAt]: new Date().toISOString(),
        [HEADER.routingKey]: typeOf(message),
        [HEADER.service]: this.options.service,
      },
    });
    await confirmed(channel);
    channel.ack(message);
    this.stats.deadLettered += 1;
    this.observer?.deadLettered(typeOf(message));
  }
}

/** The event type: retries arrive through the default exchange, so the routing key may be a queue name. */
function typeOf(message: ConsumeMessage): string {
  return typeof message.properties.type === 'string' ? message.properties.type : message.fields.routingKey;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null) return JSON.stringify(error);
  return String(error);
}
