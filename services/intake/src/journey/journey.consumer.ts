import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, EVENT_TYPES } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { JOURNEY_CONSUMER, JourneyService } from './journey.service';

/**
 * Records every event type of the catalog — intake's own included — into the case journey.
 * Binding to each type (not `#`) keeps intake's queue bound to exactly what it handles.
 */
@Controller()
export class JourneyConsumer {
  private readonly logger = new Logger(JourneyConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly journeys: JourneyService,
  ) {}

  @EventPattern(EVENT_TYPES)
  async onEvent(@Payload() event: CloudEvent): Promise<void> {
    let stage: string | undefined;
    const applied = await this.unitOfWork.runOnce(JOURNEY_CONSUMER, event, async ({ manager }) => {
      stage = await this.journeys.record(manager, event);
    });
    if (!applied) return this.logger.debug(`skipped ${event.type} ${event.id}: already in the journey`);
    this.logger.debug(`${event.data.caseNumber}: ${event.type} recorded, stage ${stage}`);
  }
}
