import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { INSPECTION_CONSUMER } from '../inspection-case/inspection-case.service';
import { WithdrawalOutcome, WithdrawalService } from './withdrawal.service';

/** The customer's withdrawal of the application cancels inspection's work on the case. */
@Controller()
export class WithdrawalConsumer {
  private readonly logger = new Logger(WithdrawalConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly withdrawals: WithdrawalService,
  ) {}

  @EventPattern('intake.application.withdrawn.v1')
  async onWithdrawn(@Payload() event: CloudEvent<'intake.application.withdrawn.v1'>): Promise<void> {
    const result: { outcome: WithdrawalOutcome } = { outcome: { cancelled: false } };
    const applied = await this.unitOfWork.runOnce(INSPECTION_CONSUMER, event, async (work) => {
      result.outcome = await this.withdrawals.withdraw(work, event);
    });
    const { outcome } = result;
    if (applied && outcome.cancelled) {
      this.logger.log(
        `cancelled inspection case ${event.data.caseNumber} (${event.data.caseId}): ${outcome.work.join(', ') || 'nothing open'}`,
      );
    } else {
      this.logger.debug(`${event.type} ${event.id}: ${applied ? 'case already cancelled' : 'event already applied'}`);
    }
  }
}
