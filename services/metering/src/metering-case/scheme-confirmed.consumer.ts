import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { METERING_CONSUMER, MeteringCaseService } from './metering-case.service';

/** Opens metering's copy of a case when the customer confirms the supply scheme; meter work may start from then on. */
@Controller()
export class SchemeConfirmedConsumer {
  private readonly logger = new Logger(SchemeConfirmedConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: MeteringCaseService,
  ) {}

  @EventPattern('planning.scheme.confirmed.v1')
  async onSchemeConfirmed(@Payload() event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<void> {
    let outcome = { opened: false, gateOpened: false, cancelled: false };
    const applied = await this.unitOfWork.runOnce(METERING_CONSUMER, event, async (work) => {
      outcome = await this.cases.open(work, event);
    });
    if (!applied) return this.logger.debug(`skipped ${event.type} ${event.id}: event already applied`);
    if (outcome.cancelled) this.logger.log(`ignored the confirmation of withdrawn ${event.data.caseNumber}`);
    if (outcome.opened) this.logger.log(`opened metering case ${event.data.caseNumber} (${event.data.caseId})`);
    if (outcome.gateOpened) this.logger.log(`energization gate of ${event.data.caseNumber} opened`);
  }
}
