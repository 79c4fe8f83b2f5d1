import { Logger } from '@nestjs/common';
import { ChannelModel, connect } from 'amqplib';
import { brokerAddress, BrokerRotation, brokerUrls } from './broker-list';

/**
 * One broker connection that reconnects by itself and runs `setup` on every new connection, so
 * channels, topology and consumers come back after an outage without the caller noticing more
 * than a failed publish. `url` is one node or a comma-separated list of a cluster's nodes: when
 * the node goes away (or cannot be reached) the next one is tried (BrokerRotation). amqplib's own
 * recovery reconnects to one URL only, so the loop is here.
 */
export class AmqpConnection {
  private readonly logger: Logger;
  private readonly brokers: BrokerRotation;
  private model?: ChannelModel;
  private stopped = true;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly name: string,
    private readonly setup: (model: ChannelModel) => Promise<void>,
  ) {
    this.logger = new Logger(`amqp:${name}`);
    this.brokers = new BrokerRotation(brokerUrls(url));
  }

  get isConnected(): boolean {
    return this.model !== undefined;
  }

  /**
   * A channel the broker closed (a refused operation, a queue whose leader went away) would leave
   * the connection up and the work stopped: closing the connection makes this connection open a
   * new one and run `setup` again. Harmless when the connection is going down anyway.
   */
  static reconnectWhenClosed(model: ChannelModel, channel: { on(event: 'close', listener: () => void): unknown }): void {
    channel.on('close', () => void model.close().catch(() => undefined));
  }

  /** Idempotent: a second call while open does nothing. Resolves at once; the first attempt follows. */
  open(): Promise<void> {
    if (!this.stopped) return Promise.resolve();
    this.stopped = false;
    setImmediate(() => void this.attempt());
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const model = this.model;
    this.model = undefined;
    await model?.close().catch(() => undefined);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const url = this.brokers.current;
    let model: ChannelModel | undefined;
    let lost = false;
    try {
      model = await connect(url, { clientProperties: { connection_name: this.name } });
      const opened = model;
      opened.on('error', (error: Error) => this.logger.warn(`broker connection error: ${error.message}`));
      opened.once('close', (error?: Error) => {
        lost = true;
        if (this.model !== opened) return;
        this.model = undefined;
        this.logger.warn(`lost the broker at ${brokerAddress(url)}: ${error?.message ?? 'closed'}; reconnecting`);
        this.retry();
      });
      await this.setup(opened);
      if (lost) throw new Error('the connection closed during setup');
      if (this.stopped) {
        await opened.close().catch(() => undefined);
        return;
      }
      this.model = opened;
      this.brokers.connected();
      this.logger.log(`connected to the broker at ${brokerAddress(url)}`);
    } catch (error) {
      await model?.close().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`cannot use the broker at ${brokerAddress(url)}: ${(error as Error).message}; trying again`);
      this.retry();
    }
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.attempt(), this.brokers.failed());
  }
}

/** One plain connection (no reconnecting) to the first node of `url` (one URL or a comma-separated list) that answers. */
export async function connectToAny(url: string): Promise<ChannelModel> {
  let last: unknown;
  for (const candidate of brokerUrls(url)) {
    try {
      return await connect(candidate);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}
