import { Controller } from '@nestjs/common';
import { CASE_EVENT_TYPES, CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { JOURNEY_CONSUMER, JourneyService } from './journey.service';
import { EndToEndClockService } from './end-to-end-clock.service';

/**
 * Records every event type of the catalog about a case — intake's own included — into the case journey.
 * Binding to each type (not `#`) keeps intake's queue bound to exactly what it handles.
 */
@Controller()
export class JourneyConsumer {
  constructor(
    private readonly journeys: JourneyService,
    private readonly endToEnd: EndToEndClockService,
  ) {}

  @ConsumeEvent(CASE_EVENT_TYPES, { consumer: JOURNEY_CONSUMER })
  async onEvent(work: Work, event: CloudEvent): Promise<EventOutcome> {
    const applied = await this.journeys.record(work.manager, event);
    // The END_TO_END clock follows the journey's open actions, in the same transaction.
    await this.endToEnd.afterJourney(work, event, applied);
    return { debug: `${event.data.caseNumber}: ${event.type} recorded, stage ${applied.stage}` };
  }
}
