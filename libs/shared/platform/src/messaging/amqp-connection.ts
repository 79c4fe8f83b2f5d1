import { Logger } from '@nestjs/common';
import { ChannelModel, connect, RecoveringChannelModel } from 'amqplib';

/**
 * One broker connection that reconnects by itself (amqplib's recovery) and runs
 * `setup` on every new connection, so channels, topology and consumers come back
 * after an outage without the caller noticing more than a failed publish.
 */
export class AmqpConnection {
  private readonly logger: Logger;
  private connection?: RecoveringChannelModel;
  private connected = false;

  constructor(
    private readonly url: string,
    private readonly name: string,
    private readonly setup: (model: ChannelModel) => Promise<void>,
  ) {
    this.logger = new Logger(`amqp:${name}`);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * A channel the broker closed (a refused operation) would leave the connection up
   * and the work stopped: closing the connection makes amqplib's recovery open a new
   * one and run `setup` again. Harmless when the connection is going down anyway.
   */
  static reconnectWhenClosed(model: ChannelModel, channel: { on(event: 'close', listener: () => void): unknown }): void {
    channel.on('close', () => void model.close().catch(() => undefined));
  }

  /** Idempotent: a second call while open does nothing. */
  async open(): Promise<void> {
    if (this.connection) return;
    this.connection = await connect(this.url, {
      clientProperties: { connection_name: this.name },
      recovery: {
        initialDelay: 200,
        maxDelay: 5000,
        waitForConnect: false,
        setup: async (model: ChannelModel) => {
          await this.setup(model);
        },
      },
    });
    this.connection.on('connect', () => {
      this.connected = true;
      this.logger.log('connected to the broker');
    });
    this.connection.on('disconnect', (err: Error) => {
      this.connected = false;
      this.logger.warn(`lost the broker: ${err?.message ?? 'closed'}; reconnecting`);
    });
    this.connection.on('connect-failed', (err: Error) => {
      this.connected = false;
      this.logger.warn(`cannot reach the broker: ${err.message}; retrying`);
    });
    this.connection.on('error', (err: Error) => this.logger.warn(`broker connection error: ${err.message}`));
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.connected = false;
    await connection?.close().catch(() => undefined);
  }
}
