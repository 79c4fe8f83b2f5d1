import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { INSPECTION_CONSUMER, InspectionCaseService, OpenOutcome } from './inspection-case.service';

/** What inspection takes from planning: the confirmed scheme opens its case; the chosen construction unit is kept as a fact. */
@Controller()
export class PlanningEventsConsumer {
  private readonly logger = new Logger(PlanningEventsConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
  ) {}

  @EventPattern('planning.scheme.confirmed.v1')
  async onSchemeConfirmed(@Payload() event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<void> {
    const result: { outcome: OpenOutcome } = { outcome: 'unchanged' };
    const applied = await this.unitOfWork.runOnce(INSPECTION_CONSUMER, event, async (work) => {
      result.outcome = await this.cases.open(work, event);
    });
    const { outcome } = result;
    if (applied && outcome === 'opened') this.logger.log(`opened inspection case ${event.data.caseNumber} (${event.data.caseId})`);
    else this.logger.debug(`${event.type} ${event.id}: ${applied ? outcome : 'event already applied'}`);
  }

  @EventPattern('planning.constructionunit.chosen.v1')
  async onConstructionUnitChosen(@Payload() event: CloudEvent<'planning.constructionunit.chosen.v1'>): Promise<void> {
    const result = { changed: false };
    const applied = await this.unitOfWork.runOnce(INSPECTION_CONSUMER, event, async (work) => {
      result.changed = await this.cases.recordChoice(work, event);
    });
    const { changed } = result;
    this.logger.debug(
      `${event.type} ${event.id}: ${!applied ? 'event already applied' : changed ? 'choice recorded' : 'a later choice is already recorded'}`,
    );
  }
}
