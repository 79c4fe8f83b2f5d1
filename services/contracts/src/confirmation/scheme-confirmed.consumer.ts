import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, UnitOfWork } from '@yekuo/shared';
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
    const what = `${event.type} ${event.id} for case ${event.data.caseNumber}`;
    if (!applied || !outcome) this.logger.debug(`skipped ${what}: event already applied`);
    else if (outcome.kind === 'drafted')
      this.logger.log(`drafted contract ${outcome.contractId} and invoice ${outcome.invoiceId} from ${what}`);
    else if (outcome.kind === 'duplicate') this.logger.debug(`skipped ${what}: contract already drafted from this scheme version`);
    else {
      this.logger.warn(
        `did not apply ${what} (scheme version ${event.data.version}): the contract was drafted from scheme version ${outcome.contractedScheme.version}; amendments are not supported`,
      );
    }
  }
}
