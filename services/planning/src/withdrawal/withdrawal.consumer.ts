import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { PLANNING_CONSUMER } from '../planning-case/planning-case.service';
import { WithdrawalService } from './withdrawal.service';

/** Cancels planning's work when the customer withdraws the application. */
@Controller()
export class ApplicationWithdrawnConsumer {
  private readonly logger = new Logger(ApplicationWithdrawnConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly withdrawals: WithdrawalService,
  ) {}

  @EventPattern('intake.application.withdrawn.v1')
  async onApplicationWithdrawn(@Payload() event: CloudEvent<'intake.application.withdrawn.v1'>): Promise<void> {
    let closed: string[] | null = null;
    const applied = await this.unitOfWork.runOnce(PLANNING_CONSUMER, event, async (work) => {
      closed = await this.withdrawals.cancel(work, event);
    });
    if (applied && closed)
      this.logger.log(`cancelled planning case ${event.data.caseNumber}: ${(closed as string[]).join(', ') || 'nothing open'}`);
    else this.logger.debug(`skipped ${event.type} ${event.id}: ${applied ? 'case already cancelled' : 'event already applied'}`);
  }
}
