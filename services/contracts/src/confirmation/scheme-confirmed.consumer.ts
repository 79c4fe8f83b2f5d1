import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { CONTRACTS_CONSUMER } from '../contracts-case/contracts-case.service';
import { ConfirmationOutcome, ConfirmationService } from './confirmation.service';

/** Drafts the contract and invoices the fees when the customer confirms the supply scheme. */
@Controller()
export class SchemeConfirmedConsumer {
  private readonly logger = new Logger(SchemeConfirmedConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly confirmations: ConfirmationService,
  ) {}

  @EventPattern('planning.scheme.confirmed.v1')
  async onSchemeConfirmed(@Payload() event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<void> {
    let outcome: ConfirmationOutcome | undefined;
    const applied = await this.unitOfWork.runOnce(CONTRACTS_CONSUMER, event, async (work) => {
      outcome = await this.confirmations.apply(work, event);
    });
    const what = `${event.type} ${event.id} for case ${event.data.caseNumber} (scheme version ${event.data.version})`;
    if (!applied || !outcome) {
      this.logger.debug(`skipped ${what}: event already applied`);
      return;
    }
    switch (outcome.kind) {
      case 'drafted':
        this.logger.log(`drafted contract ${outcome.contractId} and invoice ${outcome.invoiceId} from ${what}`);
        break;
      case 'superseded':
        this.logger.log(
          `drafted contract version ${outcome.version} (${outcome.contractId}) from ${what}; the previous version is superseded`,
        );
        break;
      case 'conflict-recorded':
        this.logger.warn(`recorded ${what} for staff: contract ${outcome.contractId} is fully signed and stays as signed`);
        break;
      case 'duplicate':
        this.logger.debug(`skipped ${what}: contract already drafted from this scheme version`);
        break;
      case 'stale':
        this.logger.log(`skipped ${what}: the contract follows the later scheme version ${outcome.contractedVersion}`);
        break;
      case 'cancelled':
        this.logger.log(`skipped ${what}: the customer withdrew the application`);
        break;
    }
  }
}
