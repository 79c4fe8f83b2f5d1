import { Controller } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { factOf, FactEventType, termsVersionOf } from './gate.policy';
import { MeteringCaseService } from './metering-case.service';

/**
 * Records the gate facts other services announce — contract signed by both sides (with the terms it
 * carries), fees settled, completion accepted, external works completed — in any order and however often
 * they arrive, also before the scheme confirmation, and opens the gate when the last one holds.
 */
@Controller()
export class GateFactsConsumer {
  constructor(private readonly cases: MeteringCaseService) {}

  @ConsumeEvent([
    'contracts.contract.signed.v1',
    'contracts.fees.settled.v1',
    'inspection.acceptance.passed.v1',
    'planning.externalworks.completed.v1',
  ])
  async onGateFact(work: Work, event: CloudEvent<FactEventType>): Promise<EventOutcome> {
    const condition = factOf(event);
    if (!condition) return { debug: `${event.type} ${event.id} establishes no gate fact` };
    const termsVersion = termsVersionOf(event);
    const outcome = await this.cases.recordFact(work, event.data.caseId, condition, {
      source: event.type,
      eventId: event.id,
      actor: event.data.actor,
      termsVersion,
    });
    const terms = termsVersion === null ? '' : ` (terms of scheme version ${termsVersion})`;
    const lines = [
      ...(outcome.recorded ? [`${condition}${terms} recorded for ${event.data.caseNumber}`] : []),
      ...(outcome.gateOpened ? [`energization gate of ${event.data.caseNumber} opened`] : []),
    ];
    return lines.length ? lines.join('; ') : undefined;
  }
}
