import { Controller, Get, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { AmqpEventsServer } from '../messaging/amqp-events.server';
import { EventPublisher } from '../messaging/event-publisher';

/**
 * Liveness and readiness (database and broker), unsigned: probes call them. Metrics are served on
 * the management port (ServiceMetrics, startManagementServer).
 */
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly consumer: AmqpEventsServer,
  ) {}

  @Public()
  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Public()
  @Get('health/ready')
  async ready() {
    const checks = {
      database: await this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      publisher: this.publisher.isReady,
      consumer: this.consumer.isConnected,
    };
    if (Object.values(checks).every(Boolean)) return { status: 'ready', checks };
    throw new HttpException({ status: 'not ready', checks }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
