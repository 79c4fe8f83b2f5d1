import { Controller, Inject } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, TIME_SOURCE, TimeSource, Work } from '@yekuo/platform';
import { ContractsApplication } from '../contracts-case/contracts-case.entity';

/**
 * Keeps what contracts needs from intake's acceptance of the application: the
 * business type (temporary supply is charged its own fee). Recorded once per case;
 * the first acceptance wins.
 */
@Controller()
export class ApplicationAcceptedConsumer {
  constructor(@Inject(TIME_SOURCE) private readonly time: TimeSource) {}

  @ConsumeEvent('intake.application.accepted.v1')
  async onAccepted(work: Work, event: CloudEvent<'intake.application.accepted.v1'>): Promise<EventOutcome> {
    const data = event.data;
    await work.manager
      .createQueryBuilder()
      .insert()
      .into(ContractsApplication)
      .values({ caseId: data.caseId, businessType: data.businessType, eventId: event.id, recordedAt: this.time.now() })
      .orIgnore()
      .execute();
    return { debug: `recorded the application facts of case ${data.caseNumber} from ${event.id}` };
  }
}
