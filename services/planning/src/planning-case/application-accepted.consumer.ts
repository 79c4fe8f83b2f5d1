import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { PLANNING_CONSUMER, PlanningCaseService } from './planning-case.service';

/** Opens planning's copy of a case when intake accepts the application. */
@Controller()
export class ApplicationAcceptedConsumer {
  private readonly logger = new Logger(ApplicationAcceptedConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: PlanningCaseService,
  ) {}

  @EventPattern('intake.application.accepted.v1')
  async onApplicationAccepted(@Payload() event: CloudEvent<'intake.application.accepted.v1'>): Promise<void> {
    let opened = false;
    const applied = await this.unitOfWork.runOnce(PLANNING_CONSUMER, event, async (work) => {
      opened = await this.cases.open(work, event);
    });
    if (applied && opened) this.logger.log(`opened planning case ${event.data.caseNumber} (${event.data.caseId})`);
    else this.logger.debug(`skipped ${event.type} ${event.id}: ${applied ? 'case already open' : 'event already applied'}`);
  }
}
