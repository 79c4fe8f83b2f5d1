import { Controller } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { MeteringCaseService } from './metering-case.service';

/** Opens metering's copy of a case when the customer confirms the supply scheme; meter work may start from then on. */
@Controller()
export class SchemeConfirmedConsumer {
  constructor(private readonly cases: MeteringCaseService) {}

  @ConsumeEvent('planning.scheme.confirmed.v1')
  async onSchemeConfirmed(work: Work, event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<EventOutcome> {
    const outcome = await this.cases.open(work, event);
    const caseNumber = event.data.caseNumber;
    if (outcome.cancelled) return `ignored the confirmation of withdrawn ${caseNumber}`;
    const lines = [
      ...(outcome.opened ? [`opened metering case ${caseNumber} (${event.data.caseId})`] : []),
      ...(outcome.gateOpened ? [`energization gate of ${caseNumber} opened`] : []),
    ];
    return lines.length ? lines.join('; ') : undefined;
  }
}
