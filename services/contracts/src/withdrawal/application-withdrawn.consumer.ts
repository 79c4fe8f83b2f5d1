import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { CONTRACTS_CONSUMER } from '../contracts-case/contracts-case.service';
import { formatYuan } from '../fees/money';
import { WithdrawalOutcome, WithdrawalService } from './withdrawal.service';

/** Closes contracts' open work on a case when the customer withdraws the application. */
@Controller()
export class ApplicationWithdrawnConsumer {
  private readonly logger = new Logger(ApplicationWithdrawnConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly withdrawals: WithdrawalService,
  ) {}

  @EventPattern('intake.application.withdrawn.v1')
  async onWithdrawn(@Payload() event: CloudEvent<'intake.application.withdrawn.v1'>): Promise<void> {
    let outcome: WithdrawalOutcome | undefined;
    const applied = await this.unitOfWork.runOnce(CONTRACTS_CONSUMER, event, async (work) => {
      outcome = await this.withdrawals.apply(work, event);
    });
    const what = `${event.type} ${event.id} for case ${event.data.caseNumber}`;
    if (!applied || !outcome) this.logger.debug(`skipped ${what}: event already applied`);
    else if (outcome.kind === 'already-cancelled') this.logger.debug(`skipped ${what}: the case was cancelled already`);
    else {
      this.logger.log(
        `cancelled case ${event.data.caseNumber} (closed: ${outcome.cancelledWork.join(', ') || 'nothing open'}; refund due ${formatYuan(outcome.refundDue)} CNY)`,
      );
    }
  }
}
