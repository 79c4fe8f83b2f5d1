import { Controller } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { ConfirmationService } from './confirmation.service';

/** Drafts the contract and invoices the fees when the supply scheme is confirmed (under 三零, re-drafts the contract when the scheme changes its terms). */
@Controller()
export class SchemeConfirmedConsumer {
  constructor(private readonly confirmations: ConfirmationService) {}

  @ConsumeEvent('planning.scheme.confirmed.v1')
  async onSchemeConfirmed(work: Work, event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<EventOutcome> {
    const outcome = await this.confirmations.apply(work, event);
    const what = `${event.type} ${event.id} for case ${event.data.caseNumber} (scheme version ${event.data.version})`;
    switch (outcome.kind) {
      case 'drafted':
        return outcome.invoiceId
          ? `drafted contract ${outcome.contractId} and invoice ${outcome.invoiceId} from ${what}`
          : `drafted contract ${outcome.contractId} from ${what}; its process charges no fees`;
      case 'superseded':
        return `drafted contract version ${outcome.version} (${outcome.contractId}) from ${what}; the previous version is superseded`;
      case 'scheme-recorded':
        return `recorded ${what}: the contract carries the terms it needs (terms version ${outcome.termsVersion})`;
      case 'left-three-zero':
        return `drafted contract version ${outcome.version} (${outcome.contractId}) and invoice ${outcome.invoiceId} from ${what}: the case left 三零`;
      case 'conflict-recorded':
        return { warn: `recorded ${what} for staff: contract ${outcome.contractId} is fully signed and stays as signed` };
      case 'duplicate':
        return { debug: `skipped ${what}: contract already drafted from this scheme version` };
      case 'stale':
        return `skipped ${what}: the contract follows the later scheme version ${outcome.contractedVersion}`;
      case 'cancelled':
        return `skipped ${what}: the customer withdrew the application`;
    }
  }
}
