import { Controller } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { AcceptanceService } from './acceptance.service';

/** Keeps the application facts contracts needs and, under 三零, drafts the contract at acceptance. */
@Controller()
export class ApplicationAcceptedConsumer {
  constructor(private readonly acceptances: AcceptanceService) {}

  @ConsumeEvent('intake.application.accepted.v1')
  async onAccepted(work: Work, event: CloudEvent<'intake.application.accepted.v1'>): Promise<EventOutcome> {
    const outcome = await this.acceptances.apply(work, event);
    const what = `${event.type} ${event.id} for case ${event.data.caseNumber}`;
    switch (outcome.kind) {
      case 'recorded':
        return { debug: `recorded the application facts of ${what}` };
      case 'drafted':
        return `drafted contract ${outcome.contractId} from the application's terms of ${what} (三零)`;
      case 'already-open':
        return { debug: `recorded the application facts of ${what}; its contract was drafted already or is not wanted` };
    }
  }
}
