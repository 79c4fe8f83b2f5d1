import { Controller } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { CaseService } from './case.service';

export const INTAKE_CONSUMER = 'intake-case-facts';

/** Records energization and archive as facts on the case: from then on the application cannot be withdrawn. */
@Controller()
export class MeteringFactsConsumer {
  constructor(private readonly cases: CaseService) {}

  @ConsumeEvent('metering.case.energized.v1', { consumer: INTAKE_CONSUMER })
  onEnergized(work: Work, event: CloudEvent<'metering.case.energized.v1'>): Promise<EventOutcome> {
    return this.record(work, event, 'energized', event.data.energizedAt);
  }

  @ConsumeEvent('metering.case.archived.v1', { consumer: INTAKE_CONSUMER })
  onArchived(work: Work, event: CloudEvent<'metering.case.archived.v1'>): Promise<EventOutcome> {
    return this.record(work, event, 'archived', event.data.archivedAt);
  }

  private async record(work: Work, event: CloudEvent, fact: 'energized' | 'archived', at: string): Promise<EventOutcome> {
    const known = await this.cases.recordMeteringFact(work, event.subject, fact, new Date(at), event.data.actor);
    if (!known) return { warn: `${event.type} ${event.id} names case ${event.subject}, which intake does not know` };
    return `recorded ${fact} on case ${event.subject}`;
  }
}
