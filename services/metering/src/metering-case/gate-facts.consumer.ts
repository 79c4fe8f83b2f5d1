import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent } from '@yekuo/events';
import { UnitOfWork } from '@yekuo/platform';
import { factOf, FactEventType } from './gate.policy';
import { METERING_CONSUMER, MeteringCaseService } from './metering-case.service';

/**
 * Records the gate facts other services announce — contract signed by both sides,
 * fees settled, completion accepted — in any order and however often they arrive,
 * also before the scheme confirmation, and opens the gate when the last one holds.
 */
@Controller()
export class GateFactsConsumer {
  private readonly logger = new Logger(GateFactsConsumer.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: MeteringCaseService,
  ) {}

  @EventPattern('contracts.contract.signed.v1')
  onContractSigned(@Payload() event: CloudEvent<'contracts.contract.signed.v1'>): Promise<void> {
    return this.apply(event);
  }

  @EventPattern('contracts.fees.settled.v1')
  onFeesSettled(@Payload() event: CloudEvent<'contracts.fees.settled.v1'>): Promise<void> {
    return this.apply(event);
  }

  @EventPattern('inspection.acceptance.passed.v1')
  onAcceptancePassed(@Payload() event: CloudEvent<'inspection.acceptance.passed.v1'>): Promise<void> {
    return this.apply(event);
  }

  private async apply<T extends FactEventType>(event: CloudEvent<T>): Promise<void> {
    const condition = factOf(event);
    let outcome = { recorded: false, gateOpened: false };
    const applied = await this.unitOfWork.runOnce(METERING_CONSUMER, event, async (work) => {
      if (!condition) return;
      outcome = await this.cases.recordFact(work, event.data.caseId, condition, {
        source: event.type,
        eventId: event.id,
        actor: event.data.actor,
      });
    });
    if (!applied) return this.logger.debug(`skipped ${event.type} ${event.id}: event already applied`);
    if (!condition) return this.logger.debug(`${event.type} ${event.id} establishes no gate fact`);
    if (outcome.recorded) this.logger.log(`${condition} holds for ${event.data.caseNumber}`);
    if (outcome.gateOpened) this.logger.log(`energization gate of ${event.data.caseNumber} opened`);
  }
}
