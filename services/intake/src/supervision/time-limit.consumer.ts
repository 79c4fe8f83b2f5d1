import { Controller } from '@nestjs/common';
import { CloudEvent, EVENT_TYPES } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { parseClockEventType } from './clock-projection';
import { SUPERVISION_CONSUMER, SupervisionService } from './supervision.service';

/**
 * Every service's `<service>.timelimit.started|warned|breached|stopped.v1` and `.v2` (stages added after v1),
 * and the `.paused|resumed|relimited.v2` that carry an END_TO_END clock's new terms.
 */
export const TIME_LIMIT_EVENT_TYPES = EVENT_TYPES.filter((type) => parseClockEventType(type) !== undefined);

/** Keeps the clock projection supervisors read, from every service's time-limit events, once each. */
@Controller()
export class TimeLimitConsumer {
  constructor(private readonly supervision: SupervisionService) {}

  @ConsumeEvent(TIME_LIMIT_EVENT_TYPES, { consumer: SUPERVISION_CONSUMER })
  async onTimeLimit({ manager }: Work, event: CloudEvent): Promise<EventOutcome> {
    const parsed = parseClockEventType(event.type);
    if (!parsed) return;
    // A clock without a limit (an END_TO_END clock of a pre-reform case) has no deadline to supervise.
    if (typeof (event.data as { deadline?: unknown }).deadline !== 'string') return;
    await this.supervision.record(manager, parsed.service, parsed.kind, event);
  }
}
