import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, EVENT_TYPES } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { parseClockEventType } from './clock-projection';
import { SUPERVISION_CONSUMER, SupervisionService } from './supervision.service';

/** Every service's `<service>.timelimit.started|warned|breached|stopped.v1`. */
export const TIME_LIMIT_EVENT_TYPES = EVENT_TYPES.filter((type) => parseClockEventType(type) !== undefined);

/** Keeps the clock projection supervisors read, from every service's time-limit events, once each. */
@Controller()
export class TimeLimitConsumer {
  private readonly logger = new Logger(TimeLimitConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly supervision: SupervisionService,
  ) {}

  @EventPattern(TIME_LIMIT_EVENT_TYPES)
  async onTimeLimit(@Payload() event: CloudEvent): Promise<void> {
    const parsed = parseClockEventType(event.type);
    if (!parsed) return;
    const applied = await this.unitOfWork.runOnce(SUPERVISION_CONSUMER, event, ({ manager }) =>
      this.supervision.record(manager, parsed.service, parsed.kind, event),
    );
    if (!applied) this.logger.debug(`skipped ${event.type} ${event.id}: clock already has it`);
  }
}
