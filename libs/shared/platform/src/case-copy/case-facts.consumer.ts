import { Controller, Inject } from '@nestjs/common';
import type { CloudEvent } from '@yekuo/events';
import type { Work } from '../messaging/unit-of-work';
import type { CaseCopyRow, CaseCopyStore } from './case-copy.store';
import { ConsumeEvent, EventOutcome } from './consume-event';

/** The service's case copy store (a provider of the module that registers `CaseFactsConsumer`). */
export const CASE_COPY_STORE = Symbol('CASE_COPY_STORE');

/**
 * Fills the region and business type of a copy opened before events carried them, from
 * intake's republished case facts (`intake.case.facts.v1`). Only what is still null is
 * written, so a second republish changes nothing; a case the service does not know yet is
 * left alone (its copy will be opened from an event that carries them).
 */
@Controller()
export class CaseFactsConsumer {
  constructor(@Inject(CASE_COPY_STORE) private readonly cases: CaseCopyStore<CaseCopyRow>) {}

  @ConsumeEvent('intake.case.facts.v1')
  async onCaseFacts(work: Work, event: CloudEvent<'intake.case.facts.v1'>): Promise<EventOutcome> {
    const { caseId, caseNumber, regionCode, businessType } = event.data;
    await this.cases.serialise(work.manager, caseId);
    const changed = await this.cases.fillFacts(work.manager, caseId, { regionCode, businessType });
    return changed ? `filled the region and business type of ${caseNumber}` : { debug: `${caseNumber}: facts known already` };
  }
}
