import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { TIME_SOURCE, TimeSource, UnitOfWork } from '@yekuo/platform';
import { ContractsApplication } from '../contracts-case/contracts-case.entity';
import { CONTRACTS_CONSUMER } from '../contracts-case/contracts-case.service';

/**
 * Keeps what contracts needs from intake's acceptance of the application: the
 * business type (temporary supply is charged its own fee). Recorded once per case;
 * the first acceptance wins.
 */
@Controller()
export class ApplicationAcceptedConsumer {
  private readonly logger = new Logger(ApplicationAcceptedConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  @EventPattern('intake.application.accepted.v1')
  async onAccepted(@Payload() event: CloudEvent<'intake.application.accepted.v1'>): Promise<void> {
    const data = event.data;
    const applied = await this.unitOfWork.runOnce(CONTRACTS_CONSUMER, event, async (work) => {
      await work.manager
        .createQueryBuilder()
        .insert()
        .into(ContractsApplication)
        .values({
          caseId: data.caseId,
          businessType: data.businessType,
          regionCode: data.regionCode,
          eventId: event.id,
          recordedAt: this.time.now(),
        })
        .orIgnore()
        .execute();
    });
    if (applied) this.logger.debug(`recorded the application facts of case ${data.caseNumber} from ${event.id}`);
  }
}
