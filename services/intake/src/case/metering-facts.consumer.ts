import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { CaseService } from './case.service';

export const INTAKE_CONSUMER = 'intake-case-facts';

/** Records energization and archive as facts on the case: from then on the application cannot be withdrawn. */
@Controller()
export class MeteringFactsConsumer {
  private readonly logger = new Logger(MeteringFactsConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: CaseService,
  ) {}

  @EventPattern('metering.case.energized.v1')
  async onEnergized(@Payload() event: CloudEvent<'metering.case.energized.v1'>): Promise<void> {
    await this.record(event, 'energized', event.data.energizedAt);
  }

  @EventPattern('metering.case.archived.v1')
  async onArchived(@Payload() event: CloudEvent<'metering.case.archived.v1'>): Promise<void> {
    await this.record(event, 'archived', event.data.archivedAt);
  }

  private async record(event: CloudEvent, fact: 'energized' | 'archived', at: string): Promise<void> {
    let known = false;
    const applied = await this.unitOfWork.runOnce(INTAKE_CONSUMER, event, async (work) => {
      known = await this.cases.recordMeteringFact(work, event.subject, fact, new Date(at), event.data.actor);
    });
    if (applied && !known) this.logger.warn(`${event.type} ${event.id} names case ${event.subject}, which intake does not know`);
    else if (applied) this.logger.log(`recorded ${fact} on case ${event.subject}`);
  }
}
