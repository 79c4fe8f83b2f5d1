import { Controller } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { PlanningCaseService } from './planning-case.service';

/** Opens planning's copy of a case when intake accepts the application. */
@Controller()
export class ApplicationAcceptedConsumer {
  constructor(private readonly cases: PlanningCaseService) {}

  @ConsumeEvent('intake.application.accepted.v1')
  async onApplicationAccepted(work: Work, event: CloudEvent<'intake.application.accepted.v1'>): Promise<EventOutcome> {
    if (await this.cases.open(work, event)) return `opened planning case ${event.data.caseNumber} (${event.data.caseId})`;
    return { debug: `skipped ${event.type} ${event.id}: case already open` };
  }
}
