import { Controller } from '@nestjs/common';
import { CASE_EVENT_TYPES, CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { JOURNEY_CONSUMER, JourneyService } from './journey.service';

/**
 * Records every event type of the catalog about a case — intake's own included — into the case journey.
 * Binding to each type (not `#`) keeps intake's queue bound to exactly what it handles.
 */
@Controller()
export class JourneyConsumer {
  constructor(private readonly journeys: JourneyService) {}

  @ConsumeEvent(CASE_EVENT_TYPES, { consumer: JOURNEY_CONSUMER })
  async onEvent({ manager }: Work, event: CloudEvent): Promise<EventOutcome> {
    const stage = await this.journeys.record(manager, event);
    return { debug: `${event.data.caseNumber}: ${event.type} recorded, stage ${stage}` };
  }
}
