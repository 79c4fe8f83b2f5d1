import { Controller } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { InspectionCaseService } from './inspection-case.service';

/** What inspection takes from planning: the confirmed scheme opens its case; the chosen construction unit is kept as a fact. */
@Controller()
export class PlanningEventsConsumer {
  constructor(private readonly cases: InspectionCaseService) {}

  @ConsumeEvent('planning.scheme.confirmed.v1')
  async onSchemeConfirmed(work: Work, event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<EventOutcome> {
    const outcome = await this.cases.open(work, event);
    if (outcome === 'opened') return `opened inspection case ${event.data.caseNumber} (${event.data.caseId})`;
    return { debug: `${event.type} ${event.id}: ${outcome}` };
  }

  @ConsumeEvent('planning.constructionunit.chosen.v1')
  async onConstructionUnitChosen(work: Work, event: CloudEvent<'planning.constructionunit.chosen.v1'>): Promise<EventOutcome> {
    const changed = await this.cases.recordChoice(work, event);
    return { debug: `${event.type} ${event.id}: ${changed ? 'choice recorded' : 'a later choice is already recorded'}` };
  }
}
