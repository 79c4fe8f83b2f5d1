import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { METERING_CONSUMER } from '../metering-case/metering-case.service';
import { WithdrawalOutcome, WithdrawalService } from './withdrawal.service';

/** Cancels metering's work on a case when the customer withdraws the application before energization. */
@Controller()
export class WithdrawalConsumer {
  private readonly logger = new Logger(WithdrawalConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly withdrawals: WithdrawalService,
  ) {}

  @EventPattern('intake.application.withdrawn.v1')
  async onWithdrawn(@Payload() event: CloudEvent<'intake.application.withdrawn.v1'>): Promise<void> {
    let outcome: WithdrawalOutcome | undefined;
    const applied = await this.unitOfWork.runOnce(METERING_CONSUMER, event, async (work) => {
      outcome = await this.withdrawals.cancel(work, event);
    });
    if (!applied || !outcome) return this.logger.debug(`skipped ${event.type} ${event.id}: event already applied`);
    const caseNumber = event.data.caseNumber;
    switch (outcome.result) {
      case 'CANCELLED':
        this.logger.log(`cancelled ${caseNumber}: ${outcome.cancelledWork.join(', ') || 'no open work'}`);
        if (outcome.removalRequired)
          this.logger.warn(`meter ${outcome.removalRequired} of withdrawn ${caseNumber} is to be removed from site`);
        return;
      case 'ALREADY_CANCELLED':
        return this.logger.debug(`${caseNumber} was cancelled already (${event.id})`);
      case 'ALREADY_ENERGIZED':
        return this.logger.warn(`withdrawal of ${caseNumber} arrived after energization (${outcome.status}); nothing cancelled`);
    }
  }
}
